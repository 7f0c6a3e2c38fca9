"""Every real CRS report in ``../shared/real/`` (pasted in, unannotated) builds every output.

Nobody here wrote these files; they hold what real briefs hold (block quotes
at page ends, five-column tables, dollar figures, lettered table notes). The
test runs the real ``briefgen build`` on all of them in a scratch project and
reads the memos back with poppler.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SHARED, make_project, no_traceback, pdftotext, run_briefgen, tool_missing

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
    last = " ".join(paragraphs[-1].split()[:4])
    text = " ".join(pdftotext(real_build / report.stem / "memo.pdf").split())
    assert last in text, f"{report.name}: {last!r} not in the memo"
