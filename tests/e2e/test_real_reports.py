"""Every real CRS report in ``../shared/real/`` (pasted in, unannotated) builds every output.

Nobody here wrote these files; they hold what real briefs hold (block quotes
at page ends, five-column tables, dollar figures, lettered table notes). The
test runs the real ``briefgen build`` on all of them in a scratch project and
reads the memos back with poppler.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support import SHARED, make_project, no_traceback, pdftotext, run_briefgen, tool_missing

REAL = SHARED / "real"
REPORTS = sorted(REAL.glob("*.md")) if REAL.is_dir() else []
REPORTS = [p for p in REPORTS if p.name != "README.md"]
OUTPUTS = ("memo.pdf", "handout.html", "handout.pdf", "deck.pptx")

pytestmark = pytest.mark.skipif(not REPORTS, reason="../shared/real is not present")


@pytest.fixture(scope="module")
def real_build(tmp_path_factory) -> Path:
    """All real reports built at once, with every output."""
    project = make_project(tmp_path_factory.mktemp("real"), REPORTS)
    result = run_briefgen(["build"], project, timeout=600)
    no_traceback(result.stderr)
    assert result.returncode == 0, result.stderr
    assert " error: " not in result.stderr, result.stderr
    return project / "build"


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.stem)
def test_every_real_report_builds_every_output(real_build: Path, report: Path):
    folder = real_build / report.stem
    for name in OUTPUTS:
        path = folder / name
        assert path.is_file() and path.stat().st_size > 1000, f"{report.name}: {name} missing"


@pytest.mark.skipif(tool_missing("pdftotext"), reason="poppler-utils not installed")
@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.stem)
def test_real_memo_ends_with_the_report_text(real_build: Path, report: Path):
    """The memo holds the last body paragraph's opening words (nothing was dropped at the end)."""
    body = report.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip() and p.strip()[0].isalpha()]
    last = _straight(" ".join(paragraphs[-1].split()[:4]))
    text = _straight(" ".join(pdftotext(real_build / report.stem / "memo.pdf").split()))
    assert last in text, f"{report.name}: {last!r} not in the memo"


def _straight(text: str) -> str:
    """``text`` with typographer's quotes, dashes and ellipses folded back to what was typed
    (the memo sets them, see test_typography.py), so source and memo words compare."""
    for curly, typed in (("\u2018\u2019", "'"), ("\u201c\u201d", '"'), ("\u2013", "--"), ("\u2014", "---"), ("\u2026", "...")):
        text = re.sub(f"[{curly}]", lambda _m, t=typed: t, text)
    return text


def _clean(markdown: str) -> str:
    """Markdown inline text as the memo shows it (links, notes and emphasis marks dropped)."""
    text = re.sub(r"\[\^[^\]]*\]", "", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(text.replace("*", "").replace("_", " ").split())


@pytest.mark.skipif(tool_missing("pdftotext"), reason="poppler-utils not installed")
@pytest.mark.parametrize("report", [p for p in REPORTS if "\nTable 1. " in p.read_text(encoding="utf-8")],
                         ids=lambda p: p.stem)
def test_real_table_captions_and_sources_stay_with_their_tables(real_build: Path, report: Path):
    """Each 'Table N.' caption is on the page of its table's first row; its Source line on the last row's page."""
    lines = report.read_text(encoding="utf-8").splitlines()
    pages = [" ".join(p.split()) for p in pdftotext(real_build / report.stem / "memo.pdf").split("\f")]
    checked = 0
    for i, line in enumerate(lines):
        match = re.match(r"^Table (\d+)\. (.+)$", line)
        if not match:
            continue
        start = next(j for j in range(i, len(lines)) if lines[j].startswith("|"))
        end = next((j for j in range(start, len(lines)) if not lines[j].startswith("|")), len(lines))
        def on_page(row: str, page: str) -> bool:  # the row's first cell and its last cell's first word
            cells = [_clean(c) for c in row.split("|")[1:-1]]
            return cells[0] in page and cells[-1].split()[0] in page

        first, last = lines[start + 2], lines[end - 1]
        note = next(lines[j] for j in range(end, len(lines)) if lines[j].strip())
        note_words = " ".join(_clean(note).split()[:3])
        caption = f"Table {match.group(1)}. " + " ".join(_clean(match.group(2)).split()[:4])
        at = next(k for k, p in enumerate(pages) if caption in p)
        assert on_page(first, pages[at]), f"{report.name}: {caption!r} is not on the page of its first row"
        assert note_words.startswith("Source")
        note_page = next(k for k in range(at, len(pages)) if note_words in pages[k])
        assert on_page(last, pages[note_page]), f"{report.name}: {note_words!r} is not on the page of the last row"
        checked += 1
    assert checked
