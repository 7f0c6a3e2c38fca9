"""The presenter's notes handout (``deck-notes.pdf``) carries the deck's notes and prints like the memo (#22 item 4).

The notes are the deck's own (:mod:`briefgen.render.deck.speaker`): talking points, then the text the slide
stands for, a table one row a line, a timeline one event a line, the cited notes one numbered note a line;
the handout keeps those lines (read back with ``pdftotext``). The print rules are the memo's, checked by the
same print checker (tests/support/checkers/print_check.py): no page but the last more than 15 % empty, no widow or
orphan, hyphenation at dictionary points, nothing outside the text block. The essay and the five reports of
``../shared/real/``, on both shipped layouts, letter paper.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict

import pytest

from tests.support.checkers.print_check import measure_pdf
from tests.support import ESSAY, SHARED, make_project, no_traceback, pdftotext, run_briefgen, tool_missing

REAL = sorted(p for p in (SHARED / "real").glob("*.md") if p.name != "README.md") if (SHARED / "real").is_dir() else []
SOURCES = [ESSAY, *REAL]
LAYOUTS = ("default", "example-org")

pytestmark = pytest.mark.skipif(tool_missing("pdftotext"), reason="poppler missing")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Dict[str, Path]:
    project = make_project(tmp_path_factory.mktemp("notes-print"), SOURCES)
    out: Dict[str, Path] = {}
    for layout in LAYOUTS:
        result = run_briefgen(["build", "--only", "deck-notes", "--layout", layout, "--paper", "letter", "-j", "2",
                               "--out", f"build-{layout}", *[f"sources/{s.name}" for s in SOURCES]], project, timeout=900)
        no_traceback(result.stderr)
        assert result.returncode == 0, result.stderr
        for source in SOURCES:
            out[f"{source.stem}/{layout}"] = project / f"build-{layout}" / source.stem / "deck-notes.pdf"
    return out


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_the_notes_handout_passes_the_print_checker(built: Dict[str, Path], source: Path, layout: str) -> None:
    report = measure_pdf(built[f"{source.stem}/{layout}"], source_text=source.read_text(encoding="utf-8"))
    found = [str(f) for f in report.findings if not str(f).startswith("measure ")]  # the memo's measure is the memo's
    assert found == [], "\n".join(found)
    assert report.pages >= 2


def _lines(pdf: Path) -> list:
    return [" ".join(line.split()) for line in pdftotext(pdf).splitlines() if line.strip()]


def test_a_table_is_one_row_a_line_and_a_timeline_one_event_a_line(built: Dict[str, Path]) -> None:
    judiciary = next((p for p in REAL if "judiciary" in p.stem), None)
    if judiciary is not None:
        lines = _lines(built[f"{judiciary.stem}/default"])
        start = lines.index("Account, FY2026 Enacted, FY2027 Request")  # the columns named once, then each row
        assert lines[start + 1] == "Supreme Court (total): FY2026 Enacted $174.5, FY2027 Request", lines[start:start + 4]
        assert lines[start + 2] == "$225.1" and lines[start + 3].startswith("Salaries and Expenses: FY2026 Enacted $163.1")
    lines = _lines(built["essay/default"])
    events = [ln for ln in lines if re.match(r"^(?:[A-Z][a-z]{2} )?\d{4}: ", ln)]
    assert any(ln.startswith("1953: The Korean ceasefire is signed") for ln in events), events
    assert any(ln.startswith("Mar 2001: Talks freeze") for ln in events), events


def test_talking_points_come_before_the_section_text(built: Dict[str, Path]) -> None:
    """On a section's slide the notes open with the talking points (the bullets spoken as sentences), then the
    section's own paragraphs: the section's first sentence comes after the first talking point."""
    text = " ".join(_lines(built["essay/default"]))
    section = "Fear of Western intervention has been the root cause"
    notes = [chunk for chunk in text.split("SPEAKER NOTES") if section in chunk]
    assert len(notes) == 1, notes
    assert 20 < notes[0].index(section), notes[0][:300]  # something (the talking points) comes first


def test_the_checker_reads_the_notes_pages(built: Dict[str, Path]) -> None:
    """Negative: held to a page with no empty foot at all, the same checker marks the notes handout's pages,
    so a pass above is a measured pass, not a blind one."""
    from tests.support.checkers.print_check import Limits

    strict = measure_pdf(built["essay/default"], limits=Limits(max_empty=0.0))
    assert [f for f in strict.findings if f.check == "page_fill"], strict.findings
