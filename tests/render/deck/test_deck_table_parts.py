"""A split table's parts and its source line (#29 item 3): pure tests of deck/tableline.py.

Every part but the last mostly full, the last with at least two rows and the
source line under it; when that cannot be, the line's first sentence, or the
speaker notes alone, rather than a third part that leaves the second a third
empty (the kings-and-queens table on LibreOffice's Vivid template).
"""

from __future__ import annotations

from briefgen.render.deck.geometry import Frame
from briefgen.render.deck.model import TableLayout
from briefgen.render.deck.paginate import split_rows
from briefgen.render.deck.tableline import FULL_SHARE, balance, first_sentence, place_line

#: The kings-and-queens table on Vivid: a 27 pt header, rows of one line (27 pt) and two lines (45 pt), 180 pt of area.
KINGS = TableLayout(14.0, (200.0, 200.0), 27.0, (45.0, 27.0, 27.0, 27.0, 27.0, 27.0, 27.0, 27.0, 45.0, 27.0))
AREA = Frame(36.0, 114.0, 648.0, 180.0)


def _height(layout, part):
    return layout.header_height + sum(layout.row_heights[part[0]:part[1]])


def test_parts_but_the_last_stay_mostly_full_with_the_source_line_under_the_last():
    greedy = split_rows(KINGS, AREA.h, 40)
    placed = place_line(KINGS, greedy, AREA, "Source: Historian of the House of Representatives, \u201cJoint Meetings.\u201d",
                        3, lambda t: 40.0, only_source=True)
    assert placed.parts[-1][1] == len(KINGS.row_heights) and placed.note_frame is not None
    assert all(_height(KINGS, p) >= FULL_SHARE * AREA.h for p in placed.parts[:-1]), placed.parts
    assert placed.parts[-1][1] - placed.parts[-1][0] >= 2
    assert _height(KINGS, placed.parts[-1]) <= placed.table_area.h


def test_balance_spreads_rows_evenly_within_the_rule():
    rows = TableLayout(14.0, (100.0,), 20.0, tuple(20.0 for _ in range(12)))
    parts = balance(rows, 2, 200.0, 160.0, 40)
    assert parts is not None
    # the greedy fill would be 9 rows then 3; balanced, the first part still at least three quarters full
    assert [b - a for a, b in parts] in ([7, 5], [8, 4]) and _height(rows, parts[0]) >= FULL_SHARE * 200.0
    assert balance(rows, 2, 200.0, 30.0, 40) is None  # no room for two rows over the line: no such spread


def test_a_part_is_added_only_when_needed():
    full = TableLayout(14.0, (100.0,), 20.0, tuple(20.0 for _ in range(9)))  # 9 rows fill the 200 pt area exactly
    placed = place_line(full, [(0, 9)], Frame(0.0, 0.0, 600.0, 200.0), "Source: CRS; the agencies' budget requests.",
                        1, lambda t: 30.0, only_source=True)
    assert placed.parts == [(0, 7)] and placed.refit  # no part to add: the rows that fit, the rest in the handout
    placed = place_line(full, [(0, 9)], Frame(0.0, 0.0, 600.0, 200.0), "Source: CRS.", 3, lambda t: 30.0,
                        only_source=True)
    assert len(placed.parts) == 2 and all(_height(full, p) >= 0.5 * 200.0 for p in placed.parts[:-1])


def test_first_sentence():
    assert first_sentence("Sources: EPA communication to CRS; DOE communication to CRS. Notes: Values are rounded.") == \
        "Sources: EPA communication to CRS; DOE communication to CRS."
    assert first_sentence("Source: Historian of the House of Representatives, \u201cJoint Meetings\u201d") == \
        "Source: Historian of the House of Representatives."
    assert first_sentence("Source: CRS") == ""


