"""Table checks of :mod:`checkers.deck_check`: numbers right-aligned, split tables that fill their slide."""

from __future__ import annotations

import logging
import math
import re
from typing import TYPE_CHECKING, List, Tuple

from pptx.enum.text import PP_ALIGN

from . import deck_shapes as S

if TYPE_CHECKING:  # deck_check imports this module: the name is for annotations only
    from .deck_check import Finding

log = logging.getLogger(__name__)

#: A numeric cell: a number with optional sign, currency, thousands separators, decimals, %, units in words.
NUMERIC = re.compile(r"^[~\u2248<>]?[(\-\u2212+]?\s*[$\u20ac\u00a3]?\s*\d[\d,]*(\.\d+)?\s*(%|[a-zA-Z]{0,8}\.?)?\)?\s*[*\u2020a-z]?$")
#: A year (or fiscal year) as a row label.
YEAR = re.compile(r"^(FY\s?)?(1[89]|20)\d\d[a-z*]?$", re.I)
#: Cells that do not decide a column: dashes, N/A, blanks.
NEUTRAL = re.compile(r"^(\s*|[-\u2013\u2014\u2212]+|n/?a|na|\u2026|\*+)$", re.I)
#: "(1 of 2)" in a split table's title.
PART = re.compile(r"\((\d+) of (\d+)\)")
#: A split part left with more than this share of the body's height empty.
SPLIT_EMPTY = 0.30
RIGHT = {PP_ALIGN.RIGHT, getattr(PP_ALIGN, "DECIMAL", None)} - {None}


def _cell_text(cell) -> str:
    return cell.text_frame.text.strip()


def _alignment(cell):
    paragraphs = [p for p in cell.text_frame.paragraphs if "".join(r.text for r in p.runs).strip()]
    return paragraphs[0].alignment if paragraphs else None


def _fill(cell):
    try:
        return cell.fill.fore_color.rgb if cell.fill.type is not None else None
    except (AttributeError, TypeError, ValueError):
        return None


def _all_bold(row) -> bool:
    runs = [r for c in row.cells for p in c.text_frame.paragraphs for r in p.runs if r.text.strip()]
    return all(r.font.bold for r in runs)


def header_count(table) -> int:
    """How many leading rows are the header: the first row, and each next one set like it (its fill, bold)."""
    rows = list(table.rows)
    if len(rows) < 2:
        return len(rows)
    fill = _fill(rows[0].cells[0])
    count = 1
    while count < len(rows) - 1 and fill is not None and _fill(rows[count].cells[0]) == fill and _all_bold(rows[count]):
        count += 1
    return count


def _numeric_columns(body: List[List[str]], ncols: int) -> List[int]:
    """The columns whose body cells (over the whole table, all its parts) are all figures or blanks."""
    columns = []
    for c in range(ncols):
        texts = [r[c] for r in body if c < len(r)]
        deciding = [t for t in texts if not NEUTRAL.match(t)]
        if c == 0 and deciding and all(YEAR.match(t) for t in deciding):
            continue  # a stub column of years labels its rows
        if deciding and all(NUMERIC.match(t) for t in deciding):
            columns.append(c)
    return columns


def _header(table) -> Tuple[str, ...]:
    return tuple(_cell_text(c) for r in list(table.rows)[:header_count(table)] for c in r.cells)


def _base_title(slide) -> str:
    title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
    return PART.sub("", title).strip()


def _whole_tables(tables) -> List[list]:
    """The tables grouped into whole tables: a split table's parts are on consecutive slides under one title
    with the same header."""
    groups: List[list] = []
    for item in tables:
        number, slide, frame = item
        if groups:
            last_number, last_slide, last_frame = groups[-1][-1]
            if (last_number == number - 1 and PART.search(slide.shapes.title.text_frame.text if slide.shapes.title
                                                          is not None else "")
                    and _base_title(slide) == _base_title(last_slide) and _header(frame.table) == _header(last_frame.table)):
                groups[-1].append(item)
                continue
        groups.append([item])
    return groups


def _estimated_height(table, frame_width: int) -> int:
    """The table's drawn height: each row at least its stated height, or its wrapped text's height."""
    widths = [int(c.width) for c in table.columns] or [frame_width]
    total = 0
    for row in table.rows:
        need = 0
        for cell, width in zip(row.cells, widths):
            size = 14.0
            for p in cell.text_frame.paragraphs:
                for r in p.runs:
                    if r.font.size is not None:
                        size = r.font.size.pt
            text = _cell_text(cell)
            usable = max(width - int(cell.margin_left or 91440) - int(cell.margin_right or 91440), 1) / 12700  # pt
            lines = sum(max(1, math.ceil(len(part) * 0.5 * size / usable)) for part in (text.splitlines() or [""]))
            need = max(need, int((lines * size * 1.2 + 7.2) * 12700))
        total += max(int(row.height or 0), need)
    return total


def _free_bottom(slide, top: int, slide_h: int, left: int = 0, right: int = 0) -> int:
    """Where the room under ``top`` ends: the highest footer-like placeholder of the layout below it, or the
    template's art across the table's columns (a keep-out zone: no table goes there), else 95 %."""
    tops = [S.box_of(p)[1] for p in slide.slide_layout.placeholders
            if p.placeholder_format.type in S.FOOTER_TYPES and S.box_of(p) is not None and S.box_of(p)[1] > top]
    if right > left:
        width = int(slide.part.package.presentation_part.presentation.slide_width)
        tops += [z.box[1] for z in S.keep_out_zones(slide, width, slide_h)
                 if z.where != "slide" and z.box[1] > top and z.box[0] < right and z.box[2] > left]
    return min(tops) if tops else int(slide_h * 0.95)


def check_tables(prs) -> List[Finding]:
    """``table-align`` per numeric column not right-aligned; ``table-split`` per first part too empty."""
    from .deck_check import Finding

    found: List[Finding] = []
    tables = []
    for number, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            if getattr(shape, "has_table", False) and shape.has_table:
                tables.append((number, slide, shape))
    for group in _whole_tables(tables):  # numeric columns judged over the whole table, header rows aside
        body_of = {n: list(f.table.rows)[header_count(f.table):] or list(f.table.rows) for n, _s, f in group}
        ncols = len(group[0][2].table.columns)
        texts = [[_cell_text(c) for c in r.cells] for n, _s, _f in group for r in body_of[n]]
        numeric = _numeric_columns(texts, ncols)
        for number, _slide, frame in group:
            table = frame.table
            for c in numeric:
                wrong = [_cell_text(r.cells[c]) for r in body_of[number]
                         if not NEUTRAL.match(_cell_text(r.cells[c])) and _alignment(r.cells[c]) not in RIGHT]
                if wrong:
                    head = " / ".join(t for t in (_cell_text(r.cells[c]) for r in list(table.rows)[:header_count(table)]) if t)
                    found.append(Finding("table-align", number, f"column {c + 1} ({head[:30]!r}): "
                                                                f"{len(wrong)} numbers not right-aligned, e.g. {wrong[0]!r}"))
    for (number, slide, frame), (next_number, _s, next_frame) in zip(tables, tables[1:] + [(0, None, None)]):
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        part = PART.search(title)
        continued = next_frame is not None and next_number == number + 1 and _header(frame.table) == _header(next_frame.table)
        if not continued and not (part and int(part.group(1)) < int(part.group(2))):
            continue
        if part and int(part.group(1)) == int(part.group(2)):
            continue  # a table's last part, followed by another table with the same column heads
        top = int(frame.top)
        bottom = _free_bottom(slide, top, int(prs.slide_height), int(frame.left), int(frame.left) + int(frame.width))
        drawn = top + _estimated_height(frame.table, int(frame.width))
        empty = (bottom - min(drawn, bottom)) / max(bottom - top, 1)
        if empty > SPLIT_EMPTY:
            found.append(Finding("table-split", number, f"split table continues on slide {next_number} but leaves "
                                                        f"{empty:.0%} of the body empty"))
    return found
