"""Tables never stop a build: generated table shapes through the real command (issue 26 item 1).

Each example is one source holding one to three pipe tables of generated
shapes — empty columns and rows, spacer columns (CRS sets two groups of
years side by side with a blank column between), one cell, fifteen columns,
ragged rows, very long cells, long unbreakable tokens (URLs), an empty
header, figures beside "—" / "N/A", a group-heads row under the header — built
through ``briefgen build`` for the memo, the handout, its PDF and the deck.
Every build either succeeds with every output written, or fails with exit 1
and ``path:line: error:`` lines that name one of the tables (its caption or
first line), whole sentences with no absurd number (ReportLab's 2**31-point
heights, object addresses) and never a traceback.

Bounded: a few derandomized examples (each is four whole renders), no
shrinking, plus explicit examples for the shapes that used to stop the memo.
A negative case checks that the checker rejects a message of the old kind.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from tests.support import no_traceback, run_briefgen

OUTPUTS = {"memo": "memo.pdf", "handout": "handout.html", "handout-pdf": "handout.pdf", "deck": "deck.pptx"}
HEAD = '---\ntitle: "Table Shapes"\ndate: "2024"\nauthors:\n  - name: A. Analyst\n    bio: "Writes."\n---\n\n'
URL = "https://www.congress.gov/crs-product/R46991/appropriations/fiscal-year-2026/table-b-2?format=full"
CELLS = ["", "1,234", "$3.5 million", "12.5%", "—", "–", "N/A", "n.a.", "*", "2020", "FY2024",
         "Public Works", "Economic Adjustment Assistance (EAA) (11.307)", URL,
         "Supercalifragilisticexpialidocious" * 2,
         "The program provides benefits to eligible households through state agencies under federal rules. " * 3]
#: A table as the test builds it: header cells, body rows (ragged: any length).
Shape = Tuple[Tuple[str, ...], Tuple[Tuple[str, ...], ...]]

# An error line of the build: path:line[:col]: error: message
_ERROR = re.compile(r"^(?P<path>[^:\s]+\.md):(?P<line>\d+)(?::\d+)?: error: (?P<msg>.+)$")
_BIG = re.compile(r"\d{6,}|\d(?:\.\d+)?e\+?\d+", re.IGNORECASE)  # 100000 or more, or 3e10
_INTERNAL = re.compile(r"0x[0-9a-f]{6,}|<\w+ at |Flowable|frame=|Splitting error")


@st.composite
def table_shapes(draw: st.DrawFn) -> Shape:
    """One table: 1 to 15 columns, 0 to 6 rows, spacer and empty columns, ragged rows, a group-heads row."""
    ncol = draw(st.sampled_from([1, 2, 3, 5, 7, 15]))
    empty = set(draw(st.lists(st.integers(0, ncol - 1), max_size=3)))
    cell = st.sampled_from(CELLS)
    head_kind = draw(st.sampled_from(["text", "empty", "years"]))
    header = tuple("" if c in empty or head_kind == "empty" else
                   (f"FY{2012 + c}" if head_kind == "years" else draw(cell)[:40]) for c in range(ncol))
    rows: List[Tuple[str, ...]] = []
    if draw(st.booleans()):  # a group-heads row: a label over some columns, the rest empty
        rows.append(tuple("Program" if c == 0 else "" for c in range(ncol)))
    for _ in range(draw(st.integers(0, 6))):
        width = ncol if draw(st.integers(0, 4)) else draw(st.integers(1, ncol + 2))  # sometimes ragged
        rows.append(tuple("" if c in empty else draw(cell) for c in range(width)))
    return header, tuple(rows)


def pipe_row(cells: Sequence[str]) -> str:
    """A pipe-table row (a "|" inside a cell escaped)."""
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def source_text(tables: Sequence[Shape]) -> Tuple[str, List[Tuple[int, int]]]:
    """The source and, per table, its caption line and its last line (1-based)."""
    lines = HEAD.rstrip("\n").split("\n") + ["", "Some text before the tables.", ""]
    spans: List[Tuple[int, int]] = []
    for number, (header, rows) in enumerate(tables, start=1):
        first = len(lines) + 1
        lines += [f"Table: Shape {number}", "", pipe_row(header), "|" + "---|" * len(header)]
        lines += [pipe_row(row) for row in rows]
        spans.append((first, len(lines)))
        lines += ["", "Source: generated.", "", "A paragraph between tables.", ""]
    return "\n".join(lines) + "\n", spans


def message_problem(stderr: str, spans: Sequence[Tuple[int, int]]) -> Optional[str]:
    """What is wrong with a failed build's messages, or None when every error is located and whole."""
    errors = [ln for ln in stderr.splitlines() if ": error: " in ln]
    if not errors:
        return "exit 1 without an error line"
    for line in errors:
        found = _ERROR.match(line.strip())
        if not found:
            return f"unlocated error: {line!r}"
        where = int(found.group("line"))
        if not any(first <= where <= last for first, last in spans):
            return f"error does not name a table's line: {line!r}"
        msg = found.group("msg")
        if _BIG.search(msg):
            return f"absurd number in: {line!r}"
        if _INTERNAL.search(msg):
            return f"layout internals in: {line!r}"
        if msg.rstrip().endswith((" in", ",", "(")):
            return f"message cut off: {line!r}"
    return None


def build_tables(tables: Sequence[Shape]) -> None:
    """Build the source through the real command and hold it to the contract."""
    text, spans = source_text(tables)
    with tempfile.TemporaryDirectory(prefix="briefgen-table-shapes-") as folder:
        root = Path(folder)
        (root / "sources").mkdir()
        (root / "sources" / "shapes.md").write_text(text, encoding="utf-8")
        proc = run_briefgen(["build", "-q", "-j", "1", "--only", ",".join(OUTPUTS)], root)
        no_traceback(proc.stderr)
        assert proc.returncode in (0, 1), proc.stderr
        if proc.returncode == 0:
            for name in OUTPUTS.values():
                out = root / "build" / "shapes" / name
                assert out.is_file() and out.stat().st_size > 0, f"{name} missing\n{text}"
        else:
            problem = message_problem(proc.stderr, spans)
            assert problem is None, f"{problem}\n--- source ---\n{text}"


YEARS = ("", "2020", "2021", "", "2022", "2023")
SPACER: Shape = (YEARS, (("Total", "$1,000", "$2,000", "", "$3,000", "$4,000"),
                         ("Grants", "500", "N/A", "", "—", "750")))
SPACER_ONE_ROW: Shape = (YEARS, (("Total", "1", "2", "", "3", "4"),))
GROUP_HEADS: Shape = (("",) + tuple(f"FY{y}" for y in range(2012, 2026)),
                      (("Program",) + ("",) * 14,) + tuple((name,) + tuple(f"{v}.5" for v in range(14))
                                                           for name in ("Public Works", "Planning", "Research")))
ONE_CELL: Shape = (("",), ((URL,),))
RAGGED: Shape = (("A", "B", "C"), (("1",), ("1", "2", "3", "4", "5"), ()))
LONG_HEAD: Shape = (tuple(CELLS[-1] if c % 2 else URL for c in range(15)), (("1",) * 15,))


@settings(max_examples=4, deadline=None, database=None, derandomize=True,
          phases=[Phase.explicit, Phase.generate],  # no shrinking: each step is four whole renders
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(table_shapes(), min_size=1, max_size=3))
@example([SPACER, SPACER_ONE_ROW])
@example([GROUP_HEADS, ONE_CELL, RAGGED])
@example([LONG_HEAD])
def test_table_shapes_build_or_fail_located(tables: List[Shape]) -> None:
    """Every output builds, or the build fails with located, whole, sane messages naming a table."""
    build_tables(tables)


@pytest.mark.parametrize("stderr, expect", [
    ("sources/shapes.md:12: error: the memo could not be laid out: a block is taller than the page and "
     "cannot be split (Flowable <DeskTable at 0x7f2956fb14d0 frame=col0>...(460.8 x 88046829911.05)", "absurd"),
    ("sources/shapes.md:12: error: the memo could not be laid out: Splitting error(n==2) on page 1 in", "internals"),
    ("sources/shapes.md:3: error: this table cannot be set", "does not name"),
    ("briefgen: error: this table cannot be set", "unlocated"),
    ("", "without an error"),
])
def test_message_checker_rejects_the_old_messages(stderr: str, expect: str) -> None:
    """Negative cases: the checker fails the messages the memo used to give."""
    problem = message_problem(stderr, [(10, 20)])
    assert problem is not None and expect in problem


def test_message_checker_accepts_a_located_message() -> None:
    """The positive twin: a whole, located message on the table's line passes."""
    ok = ("sources/shapes.md:12: error: this table cannot be set: its header row is 534pt tall at the widths "
          "its columns get (the page holds 659pt): shorten its column heads, or split it into narrower tables")
    assert message_problem(ok, [(10, 20)]) is None


# ---------------------------------------------------------------- the pure planning underneath


def test_an_empty_column_keeps_room_for_text() -> None:
    """An empty spacer column gets its padding plus ``floor``, never zero room (ReportLab: 2**31 pt cells)."""
    from briefgen.render.pdfkit.tablelayout import measure_columns, plan_widths

    width_of = lambda text, bold: 5.0 * len(text)  # noqa: E731
    cols = measure_columns(["Item", "2020", "", "2021"], [["A", "1", "", "2"]], width_of, 4.0, floor=5.0)
    assert cols[2].minimum == 13.0 and cols[2].maximum == 13.0
    assert measure_columns([""], [[""]], width_of, 4.0)[0].minimum == 8.0  # the old floor: padding alone
    for available in (40.0, 80.0, 400.0):  # too wide, minimums fit, everything fits
        widths, _ = plan_widths(cols, available, least=13.0)
        assert min(widths) >= 13.0 - 1e-9


def test_too_many_columns_is_said_not_squeezed() -> None:
    """More columns than fit at their least width: plan_widths keeps the floor, fits_across says no."""
    from briefgen.render.pdfkit.tablelayout import ColumnMeasure, fits_across, plan_widths

    cols = [ColumnMeasure(30.0, 60.0)] * 40
    widths, fits = plan_widths(cols, 400.0, least=12.0)
    assert not fits and min(widths) >= 12.0
    assert not fits_across(40, 12.0, 400.0)
    assert fits_across(15, 12.0, 400.0)


def test_why_unset_speaks_in_whole_points() -> None:
    """The reason a table cannot be set names its header or its tall row, in whole points."""
    from briefgen.render.pdfkit.tablelayout import why_unset

    head = why_unset([20.0, 30.0], 534.04, 14.0, 658.8)
    assert "header row is 534pt" in head and "659pt" in head
    row = why_unset([20.0, 1279.05], 30.0, 14.0, 658.8)
    assert "a row is 1279pt" in row
    for text in (head, row):
        assert not _BIG.search(text) and not _INTERNAL.search(text)


def test_a_split_piece_that_comes_out_too_tall_is_asked_again() -> None:
    """fitting_split: a first piece taller than the room is retried in less room; none fitting: no split."""
    from briefgen.render.pdftags.flowables import SPLIT_RETRIES, fitting_split

    class Piece:
        def __init__(self, lines: int) -> None:
            self.lines, self.blPara = lines, object()

        def wrap(self, w: float, h: float) -> Tuple[float, float]:
            return w, (self.lines + 1) * 10.0  # re-broken one line longer, as ReportLab's did

    asked: List[float] = []

    def split(w: float, h: float) -> list:
        asked.append(h)
        return [Piece(int(h // 10)), Piece(3)]

    pieces = fitting_split(split, 100.0, 65.0)
    assert pieces and pieces[0].wrap(100, 65)[1] <= 65.0 and len(asked) == 2
    asked.clear()
    assert fitting_split(lambda w, h: [Piece(99), Piece(1)], 100.0, 65.0) == []
    assert fitting_split(lambda w, h: [], 100.0, 65.0) == []
    assert SPLIT_RETRIES >= 1
