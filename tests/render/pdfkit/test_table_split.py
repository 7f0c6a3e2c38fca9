"""A memo table split across pages (:class:`briefgen.render.pdfkit.tables.DeskTable`), without the memo.

A notes block too long for the room left splits as a paragraph, two lines at least each side.

When the last row fits but the table's note does not, and moving the row whole would leave more than
``max_hole`` empty, the last row is split and its end goes over with the note. A short last row cannot
split; the split must then not land in the row above it (that printed the row above twice: R48906's
"Liquefied natural gas storage").
"""

from __future__ import annotations

from typing import Any, List

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from briefgen.render.pdfkit.tables import TableParts, desk_table_class

STYLE = ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=11, allowWidows=0, allowOrphans=0)
WIDTHS = [100.0, 300.0]
WORDS = "the committee heard that the costs rose each year while the number served stayed flat " * 4


def _cell(text: str) -> List[Any]:
    return [Paragraph(text, STYLE)]


def _table(rows: List[List[str]], note_lines: int) -> Any:
    commands = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4), ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]
    parts = TableParts(widths=WIDTHS, header=[Paragraph("Name", STYLE), Paragraph("Text", STYLE)],
                       commands=commands, caption=None, continued=None,
                       row_mark=Paragraph("(continued)", STYLE), full=600.0, cell_pad=4.0, max_hole=0.15)
    note = Paragraph("<br/>".join(["Note line"] * note_lines), STYLE)
    return desk_table_class()(parts, [[_cell(a), _cell(b)] for a, b in rows], None, [note])


def _names(piece: Any) -> List[str]:
    return [row[0][0].text for row in piece.rows if row[0] and hasattr(row[0][0], "text")]


def test_the_last_row_splits_for_its_note_and_no_row_repeats() -> None:
    rows = [["Alpha", WORDS * 2], ["Beta", WORDS], ["Gamma", "one line"]]
    table = _table(rows, note_lines=3)
    _, height = table.wrap(400, 1e9)
    # every row fits, the note (3 lines: it cannot give two and keep two) does not, and moving the last row
    # with it would leave more than 90pt
    pieces = table.split(400, height - 3 * 11 + 8)
    assert len(pieces) == 2
    names = [n for piece in pieces for n in _names(piece)]
    assert names.count("Alpha") == 1 and names.count("Beta") == 1 and names.count("Gamma") == 1, names


def test_a_long_note_splits_as_a_paragraph() -> None:
    """A notes block of twelve lines with room for seven splits there: every row and its first lines
    stay, the rest goes over as the note's paragraph (it went over whole with the last row, leaving a
    hole: R46991, R48906)."""
    rows = [["Alpha", WORDS * 2], ["Beta", WORDS], ["Gamma", "one line"]]
    table = _table(rows, note_lines=12)
    _, height = table.wrap(400, 1e9)
    pieces = table.split(400, height - 12 * 11 + 80)
    assert len(pieces) == 2
    assert _names(pieces[0]) == ["Alpha", "Beta", "Gamma"]
    assert isinstance(pieces[1], Paragraph)

    def lines(para: Any) -> int:  # the note's lines of text each piece prints
        para.wrap(400, 1e9)
        return sum(1 for line in para.blPara.lines for frag in line.words if frag.text == "Note line")

    kept, over = lines(pieces[0].bottom[0]), lines(pieces[1])
    assert kept >= 2 and over >= 2 and kept + over == 12, (kept, over)
    assert pieces[0].wrap(400, 1e9)[1] <= height - 12 * 11 + 80


def test_a_long_last_row_gives_its_last_lines_to_the_note() -> None:
    rows = [["Alpha", "short"], ["Beta", WORDS * 3]]
    table = _table(rows, note_lines=12)
    _, height = table.wrap(400, 1e9)
    pieces = table.split(400, height - 12 * 11 + 20)
    assert len(pieces) == 2
    assert _names(pieces[0]) == ["Alpha", "Beta"]  # Beta split: its start here, its end over with the note
    assert _names(pieces[1])[0] == "(continued)"
