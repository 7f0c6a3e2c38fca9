"""Page ends a typesetter would make (#28), through the real command, read back by the print checker.

Small generated briefs put a block near a page's foot at many heights (a filler
paragraph one sentence longer each time), so the case a page end must handle
is met on some page whatever the fonts:

* ``listitem``: a long list item (about fourteen lines) that does not quite fit
  splits like any paragraph, two lines at least on each side (ReportLab's own
  list item moved whole when fewer than three lines were left over: holes of a
  fifth to a third of a page);
* ``tallfloat``: a table taller than a page whose caption, header and first row
  do not fit in the room left waits for the next page's top while the text
  after it fills this page (it moved on alone and left up to a quarter of the
  page empty);
* ``notes``: an endnote that fits but for the space under it stays on the page (the
  space was padding inside its row: the row was too tall, and could not split
  either, its text fitting; it moved whole and left a fifth of a page empty);
* ``tablenote``: a table whose last row fits but whose note does not splits that row
  inside, its last lines going over with the note (the whole row went, leaving up to
  half a page empty);
* ``longnote``: a table whose last row is short and whose notes block (sources and notes,
  several lines) does not fit splits the notes block as a paragraph splits, two lines at
  least with the last row and two going over (the block went over whole with the row's
  last two lines: 15 % of a page empty, R46991, R48906);
* ``headings``: a two-line section heading, a two-line subheading and the two lines of
  text they keep with, at a page's foot, are measured as the frame sets them (the space
  after one block and the space before the next overlap; their sum was counted, asking
  some 15 pt too much) and the space above the stack may give a quarter of itself
  (17 % of a page empty before the stack went over, R48906 example-org);
* ``address``: a bare web address with ``%20`` in it is printed as written and
  breaks only where addresses break (the parser showed the ``%20`` as a space,
  and the line broke there, inside the address, with no mark).

The ``page_fill``, ``word_break`` and ``widow_orphan`` findings must be none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List

import pytest

from tests.support import make_project, no_traceback, run_briefgen, tool_missing
from tests.support.checkers.print_check import measure_pdf

pytestmark = pytest.mark.skipif(tool_missing("pdftotext"), reason="poppler missing")

SENTENCE = ("The committee heard that the program's costs rose each year while the number of people it served "
            "stayed flat, and members asked the agency to explain the difference. ")
FRONT = "---\ntitle: {title}\ndate: 2024-05-01\nauthors:\n  - name: Ana Example\n    bio: An analyst.\n---\n\n"
ADDRESS = "https://www.example.mil/Portals/1/Publications/MCTP%2011-10B.pdf?ver=9Qihccgl32_Cwik1rnU0oQ%3D%3D"
CHECKS = ("page_fill", "word_break", "widow_orphan")


def _list_item_brief() -> str:
    parts = [FRONT.format(title="Long list items at page ends")]
    for i in range(36):
        parts.append(SENTENCE * (1 + i % 7) + "\n\n")
        parts.append("- " + SENTENCE * 7 + "\n- " + SENTENCE * 2 + "\n\n")
    return "".join(parts)


def _tall_table() -> str:
    head = ("| Program name and catalog number | Number of facilities reporting emissions under the rule "
            "| Number of facilities subject to the charge after thresholds | Notes on the estimate |\n"
            "|---|---:|---:|---|\n")
    rows = "".join(f"| Onshore petroleum and natural gas production, segment {r} | {400 + r} | {200 + r} "
                   f"| Estimated from the reporting year's data for facilities in the segment |\n"
                   for r in range(24))
    return ("Table: Facilities reporting under the rule and facilities subject to the charge after applying "
            "thresholds and netting, by segment\n\n" + head + rows + "\n")


def _tall_float_brief() -> str:
    parts = [FRONT.format(title="Tall tables at page ends")]
    for i in range(8):
        parts.append(SENTENCE * (6 + 3 * i) + "\n\n")
        parts.append(_tall_table())
        parts.append(SENTENCE * 10 + "\n\n" + SENTENCE * 8 + "\n\n")
    return "".join(parts)


def _address_brief() -> str:
    parts = [FRONT.format(title="Addresses as written")]
    for i in range(12):
        parts.append("Words " * i + f"The handbook is at {ADDRESS}; see pp. 2-8 to 2-9 of it.\n\n")
    return "".join(parts)


def _notes_brief() -> str:
    parts = [FRONT.format(title="Long endnotes at page ends")]
    notes = []
    words = (SENTENCE * 12).split()
    for i in range(1, 301):  # notes of 9 to 16 lines in no regular order: some page ends within a note's padding
        parts.append(SENTENCE + f"[^{i}]\n\n")
        notes.append(f"[^{i}]: " + " ".join(words[: 120 + (i * 37) % 110]) + ".\n")
    return "".join(parts) + "\n" + "\n".join(notes)


def _table_note_brief() -> str:
    parts = [FRONT.format(title="Tables whose notes do not fit")]
    cell = SENTENCE * 2
    for i in range(12):  # tables taller than a page (they break, not float), their last rows at many heights
        parts.append(SENTENCE * (2 + 2 * i) + "\n\n")
        parts.append("Table: Programs and what they fund\n\n| Program | Description | Examples |\n|---|---|---|\n")
        parts.extend(f"| Program {r} (11.30{r}) | {cell * (1 + (r + i) % 3)} | {SENTENCE} |\n" for r in range(6))
        parts.append(f"| Sum{i + 1:02d} | All programs | {i + 1} |\n")  # a short last row
        parts.append("\nSources: " + SENTENCE * 2 + "\n\nNotes: " + SENTENCE * 3 + "\n\n")
        parts.append(SENTENCE * 9 + "\n\n")
    return "".join(parts)


def _long_note_brief() -> str:
    parts = [FRONT.format(title="Tables with long notes")]
    words = (SENTENCE * 8).split()
    for i in range(16):  # tables taller than a page, their notes block at many heights
        parts.append(" ".join(words[: 30 + 9 * i]) + ".\n\n")
        parts.append("Table: Programs and what they fund\n\n| Program | Description | Examples |\n|---|---|---|\n")
        parts.extend(f"| Program {r} (11.30{r}) | {SENTENCE * 2} | {SENTENCE} |\n" for r in range(11))
        parts.append(f"| Sum{i + 1:02d} | All programs | {i + 1} |\n")  # a short last row: it cannot give lines
        parts.append(f"\nSources: Note{i + 1:02d}a " + SENTENCE * 5 + f"\n\nNotes: Note{i + 1:02d}b "
                     + SENTENCE * 6 + "\n\n")
        parts.append(SENTENCE * 9 + "\n\n")
    return "".join(parts)


def _headings_brief() -> str:
    parts = [FRONT.format(title="Heading stacks at page ends")]
    words = (SENTENCE * 8).split()
    for i in range(40):  # the stack at many heights: a filler some words longer each time
        parts.append(" ".join(words[: 40 + 7 * i]) + ".\n\n" + SENTENCE * 3 + "\n\n")
        parts.append(f"## Section {i + 1}: what the program's costs and the agency's counts of people served show\n\n")
        parts.append("### How the committee read the agency's figures on costs and on people served\n\n")
        parts.append(SENTENCE * 5 + "\n\n")
    return "".join(parts)


BRIEFS = {"listitem": _list_item_brief, "tablenote": _table_note_brief, "longnote": _long_note_brief, "headings": _headings_brief, "tallfloat": _tall_float_brief, "address": _address_brief,
          "notes": _notes_brief}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Dict[str, Path]:
    """The briefs' memos on the default layout, letter and A4."""
    project = make_project(tmp_path_factory.mktemp("page-ends"), [])
    for name, write in BRIEFS.items():
        (project / "sources" / f"{name}.md").write_text(write(), encoding="utf-8")
    out: Dict[str, Path] = {}
    for paper in ("letter", "a4"):
        result = run_briefgen(["build", "--only", "memo", "--paper", paper, "--out", f"build-{paper}",
                               *(f"sources/{n}.md" for n in BRIEFS)], project, timeout=600)
        no_traceback(result.stderr)
        assert result.returncode == 0, result.stderr
        out.update({f"{n}/{paper}": project / f"build-{paper}" / n / "memo.pdf" for n in BRIEFS})
    out["project"] = project
    return out


def _findings(pdf: Path, source: Path) -> List[str]:
    report = measure_pdf(pdf, source_text=source.read_text(encoding="utf-8"))
    return [str(f) for f in report.findings if f.check in CHECKS]


@pytest.mark.parametrize("paper", ("letter", "a4"))
@pytest.mark.parametrize("name", list(BRIEFS))
def test_page_ends_leave_no_holes(built: Dict[str, Path], name: str, paper: str) -> None:
    found = _findings(built[f"{name}/{paper}"], built["project"] / "sources" / f"{name}.md")
    assert found == [], "\n".join(found)


def test_an_address_is_printed_as_written(built: Dict[str, Path]) -> None:
    import pdfplumber

    with pdfplumber.open(built["address/letter"]) as pdf:
        text = "".join((page.extract_text() or "").replace("\n", "") for page in pdf.pages)
    assert text.count("MCTP%2011-10B.pdf") == 12
    assert "MCTP 11-10B" not in text


def test_a_long_memo_with_figures_leaves_no_holes(tmp_path: Path) -> None:
    """A long memo with a contents page, charts, an image, tables and boxes (tests/support/long_lists.py):
    a captioned chart that does not fit waits for the next page's top while the text fills the page (its
    ``KeepTogether`` read as taller than any page, so it never floated: a 16% hole before Figure 1)."""
    from tests.support.long_lists import write_long_brief

    project = make_project(tmp_path, [])
    source = write_long_brief(project / "sources", "long", "en", True)
    result = run_briefgen(["build", "--only", "memo", "sources/long.md"], project, timeout=600)
    no_traceback(result.stderr)
    assert result.returncode == 0, result.stderr
    assert _findings(project / "build" / "long" / "memo.pdf", source) == []


def test_a_split_table_loses_and_repeats_no_row(built: Dict[str, Path]) -> None:
    """Each row of the tables that break across pages is printed once: its label once, its last row once (a
    row split in the wrong place repeated the row above the last one)."""
    import pdfplumber

    for paper in ("letter", "a4"):
        with pdfplumber.open(built[f"tablenote/{paper}"]) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        for r in range(6):
            assert text.count(f"(11.30{r})") == 12, (paper, r)
        for i in range(12):
            assert text.count(f"Sum{i + 1:02d}") == 1, (paper, i)


def test_a_split_notes_block_loses_no_line(built: Dict[str, Path]) -> None:
    """A table's notes block split across a page is printed whole, once, after its table's last row."""
    import pdfplumber

    for paper in ("letter", "a4"):
        with pdfplumber.open(built[f"longnote/{paper}"]) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        for i in range(16):
            label = f"{i + 1:02d}"
            assert text.count(f"Sum{label}") == 1, (paper, i)
            assert text.count(f"Note{label}a") == 1 and text.count(f"Note{label}b") == 1, (paper, i)
            assert text.index(f"Sum{label}") < text.index(f"Note{label}a") < text.index(f"Note{label}b")
