"""Tables for the memo (images: :mod:`.figures`).

A table is a :class:`DeskTable` flowable: its caption ("Table N." and the
source's caption) above, the table, its source note below. Column widths come
from measured content (:mod:`.tablelayout`); figures are right-aligned, and a
figure, its unit and its note marker never break. Across pages it breaks
between rows (a row is split inside, marked "(continued)", when it is taller
than a page or when moving it whole would leave a hole, ``boxes.table.max_hole``),
repeats its header under a "Table N (continued)" line, keeps its caption with
the first row and its note with the last. A table too wide even in the
smallest type is set in parts (:func:`.tablelayout.column_part`).
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Protocol, Sequence

from ... import model as m
from ...errors import RenderError, error
from ..common.itemlists import item_anchor
from ..pdftags import PAGINATION, tag
from ..common.tablecontent import column_aligns, glue_inlines, numeric_columns, table_header_rows
from .config import MemoConfig, PageGeometry
from .guard import LINE_ATTR, safe_table_class
from .markup import MarkupWriter, Run, flatten, text_runs
from .styles import Stylesheet
from .tablelayout import (column_part, fits_across, measure_columns, plan_break, plan_column_groups, plan_widths, split_notes,
                          why_unset)

log = logging.getLogger(__name__)


class Builder(Protocol):
    """What tables and figures need from the memo's block builder."""

    ctx: Any
    cfg: MemoConfig
    sheet: Stylesheet
    writer: MarkupWriter
    geo: PageGeometry
    image_cache: Dict[tuple, bytes]

    def report(self, line: Optional[int]) -> None:
        """Turn recorded markup problems into warnings for ``line``."""

    def paragraph(self, runs: List[Run], style_name: str, line: Optional[int], **changes: Any) -> List[Any]:
        """One model paragraph as Paragraph flowables."""

    def figure_label(self) -> str:
        """The next figure's label ("Figure 3")."""


_ALIGN = {"left": 0, "center": 1, "right": 2}
#: The least text a column holds inside its padding, even when empty (one figure space wide).
ROOM_TEXT = "0"


def _measure_text(inlines: m.Inlines) -> str:
    """A cell's text for measuring: line breaks kept, note markers as their digits."""
    parts: List[str] = []

    def walk(nodes: Sequence[m.Inline]) -> None:
        for node in nodes:
            if isinstance(node, (m.Text, m.Code)):
                parts.append(node.text)
            elif isinstance(node, (m.Emph, m.Strong, m.Link)):
                walk(node.children)
            elif isinstance(node, m.FootnoteRef):
                parts.append(str(node.number))
            elif isinstance(node, m.LineBreak):
                parts.append("\n")

    walk(inlines)
    return " ".join("".join(parts).split(" "))


@dataclass
class TableParts:
    """Everything a :class:`DeskTable` piece needs to draw and to split."""

    widths: List[float]
    header: List[Any]
    commands: List[Any]
    caption: Optional[Any]
    continued: Optional[Any]
    row_mark: Any
    full: float
    cell_pad: float
    #: the most of a page left empty below a piece before a row that fits a page is split (a fraction)
    max_hole: float = 0.0
    #: the source file (for an error when the table cannot be set at all)
    source: str = ""
    #: the header row as drawn again on later pages: copies tagged as pagination artifacts
    header_repeat: List[Any] = field(default_factory=list)
    #: more header rows (a multi-row header: column groups over column heads), and their repeats
    more_heads: List[List[Any]] = field(default_factory=list)
    more_repeat: List[List[Any]] = field(default_factory=list)


def _table_commands(builder: Builder, pad: float, heads: int = 1) -> List[Any]:
    sheet = builder.sheet
    own = builder.cfg.settings.boxes.table
    rule = sheet.rgb(own.rule)
    rule_w = own.rule_width
    head_rule = sheet.rgb(own.header_rule)
    return sheet.table_font() + [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 1),
        ("BACKGROUND", (0, 0), (-1, heads - 1), sheet.rgb(own.header_background)),
        ("LINEABOVE", (0, 0), (-1, 0), rule_w * 2, head_rule),
        ("LINEBELOW", (0, heads - 1), (-1, heads - 1), rule_w * 2, head_rule),
        ("LINEBELOW", (0, heads), (-1, -1), rule_w, rule),
    ]


def build_table(builder: Builder, block: m.Table, width: float, part: int = 0,
                size_at: Optional[float] = None) -> List[Any]:
    """A captioned, measured table that breaks across pages as a typesetter would.

    ``part`` > 0 is a later part of a table set in parts (its columns too many for the page even
    in the smallest type): it starts under the "continued" line, in ``size_at`` points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from .flowables import limited_paragraph_class

    Paragraph = limited_paragraph_class()  # a cell split across pages keeps no hyphen on its last line
    cfg = builder.cfg
    sheet = builder.sheet
    n = len(block.header)
    if n == 0:
        return []
    settings = cfg.settings.boxes.table
    pad = settings.padding
    aligns = column_aligns(block)
    heads = table_header_rows(block)  # body rows that are the rest of a multi-row header
    head_texts = [_measure_text(c.inlines) for c in block.header]
    row_texts = [[_measure_text(c.inlines) for c in row] for row in block.rows]
    # spare width goes to text columns; a figure column or an empty spacer column stays narrow
    grow = [not numeric and any(r[c].strip() for r in [head_texts, *row_texts])
            for c, numeric in enumerate(numeric_columns(block))]
    mark_text = settings.row_continued
    # the first column can hold the "(continued)" mark of a row taller than a page
    row_texts.append([mark_text] + [""] * (n - 1))

    # The largest table font (down to min_font_size) at which every minimum fits.
    base_cell, base_head = sheet["table_cell"], sheet["table_head"]
    min_size = min(settings.min_font_size, base_cell.fontSize)
    step = settings.font_step
    size = size_at or base_cell.fontSize
    while True:
        scale = size / base_cell.fontSize

        def width_of(text: str, bold: bool, scale: float = scale) -> float:
            st = base_head if bold else base_cell
            return stringWidth(text, st.fontName, st.fontSize * scale)

        room = width_of(ROOM_TEXT, False)  # the least room for text inside a column's padding
        widths, fits = plan_widths(measure_columns(head_texts, row_texts, width_of, pad, room), width, grow,
                                   room + 2 * pad)
        if fits or size_at or size - step < min_size - 1e-6:
            break
        size -= step
    if not fits and size_at is None:
        groups = plan_column_groups(measure_columns(head_texts, row_texts, width_of, pad, room), width,
                                    settings.max_parts)
        if len(groups) > 1:
            log.debug("table at line %s set in %d parts of its columns", block.line, len(groups))
            return [flow for i, cols in enumerate(groups)
                    for flow in build_table(builder, column_part(block, cols, i, len(groups)), width, i, size)]
    if not fits_across(n, room + 2 * pad, width):
        raise RenderError([error(builder.ctx.doc.source, block.line,
                                 f"this table has {n} columns, more than fit across the page even in "
                                 f"{size:g}pt type (at most {int(width // (room + 2 * pad))}); "
                                 "split it into narrower tables")])
    if not fits:
        builder.ctx.warn(block.line, f"this table is wider than the page even in {size:g}pt type; "
                                     "its longest words and figures break inside")
    elif size < base_cell.fontSize:
        log.debug("table at line %s set in %.1fpt to fit", block.line, size)
    hyph_min = settings.hyphenate_min_length

    def style(name: str, align: str) -> Any:
        st = sheet[name]
        changes: Dict[str, Any] = dict(alignment=_ALIGN.get(align, 0), hyphenationMinWordLength=hyph_min)
        if size != base_cell.fontSize:
            factor = size / base_cell.fontSize
            changes.update(fontSize=st.fontSize * factor, leading=st.leading * factor)
        return sheet.derive(name, **changes)

    writer = builder.writer

    tags = builder.tags  # type: ignore[attr-defined]

    def cells(row: Sequence[m.TableCell], style_name: str) -> List[Any]:
        info = sheet.info(style_name)
        role, attrs = ("TH", {"Scope": "Column"}) if style_name == "table_head" else ("TD", {})
        with tags.group("TR"):
            return [tag(Paragraph(writer.runs(flatten(glue_inlines(cell.inlines)), info.role, info.upper),
                                  style(style_name, aligns[col])), tags.leaf(role, attrs=dict(attrs)))
                    for col, cell in enumerate(row)]

    caption = continued = None
    label = builder.ctx.layout.theme.labels.get("table", "Table {n}").replace("{n}", str(block.number))
    with tags.group("Table"):
        if block.caption or (part and block.number):
            if not part:  # a later part has only the "continued" line
                runs = [Run(label + ".", bold=True), Run(" ")] + flatten(block.caption)
                anchor = item_anchor("tables", block.ident, block.number)
                caption = builder.paragraph(runs, "table_caption", block.line, tag_as="Caption", anchor=anchor)[0]
            wording = settings.continued.replace("{label}", label)
            if wording.strip():  # an empty wording: no line over the repeated header
                continued = builder.paragraph(text_runs(wording, bold=True), "table_caption", block.line,
                                              tag_as=PAGINATION)[0]
        header = cells(block.header, "table_head")
        more_heads = [cells(row, "table_head") for row in block.rows[:heads]]
        body = [cells(row, "table_cell") for row in block.rows[heads:]]
    mark = builder.paragraph(text_runs(mark_text, italic=True), "table_cell", block.line,
                             tag_as=PAGINATION, hyphenationLang="", alignment=0)[0]
    notes: List[Any] = []
    for inner in block.note:
        if isinstance(inner, m.Paragraph):
            notes.extend(builder.paragraph(flatten(inner.inlines), "table_note", inner.line))
    builder.report(block.line)
    parts = TableParts(widths=widths, header=header, commands=_table_commands(builder, pad, 1 + heads), caption=caption,
                       continued=continued, row_mark=mark, full=builder.geo.frame_height, cell_pad=pad,
                       max_hole=settings.max_hole,
                       source=builder.ctx.doc.source,
                       header_repeat=[tag(copy.copy(p), PAGINATION) for p in header],
                       more_heads=more_heads,
                       more_repeat=[[tag(copy.copy(p), PAGINATION) for p in row] for row in more_heads])
    if settings.caption == "below" and parts.caption is not None:
        notes.insert(0, parts.caption)
        parts.caption = parts.continued = None
    table = desk_table_class()(parts, body, parts.continued if part else parts.caption, notes)
    space = settings.space
    table.spaceBefore = space
    table.spaceAfter = space + 2
    return [table]


_DESK: List[type] = []


def desk_table_class() -> type:
    """The :class:`DeskTable` flowable class (made on first use: ReportLab loads lazily)."""
    if _DESK:
        return _DESK[0]
    from reportlab.platypus.flowables import Flowable

    class DeskTable(Flowable):
        """A table piece: optional caption line, header and rows, optional note below."""

        def __init__(self, parts: TableParts, rows: List[List[Any]], top: Optional[Any], bottom: List[Any]) -> None:
            super().__init__()
            self.parts = parts
            self.rows = rows
            self.top = top
            self.bottom = bottom
            self._inner: Optional[Any] = None
            self.first = True  # False for the pieces after a break (their header is a repeat)

        # ---------------------------------------------------------- measuring
        def _table(self, rows: List[List[Any]]) -> Any:
            from reportlab.platypus import TableStyle

            parts = self.parts
            repeat = not self.first and parts.header_repeat
            heads = [parts.header_repeat, *parts.more_repeat] if repeat else [parts.header, *parts.more_heads]
            table = safe_table_class()(heads + rows, colWidths=self.parts.widths,
                                       splitByRow=0, splitInRow=1, hAlign="LEFT")
            table.setStyle(TableStyle(self.parts.commands))
            return table

        def _extra(self, width: float) -> tuple:
            top = self.top.wrap(width, 1e9)[1] + self.top.getSpaceAfter() if self.top is not None else 0.0
            bottom = sum(f.wrap(width, 1e9)[1] + f.getSpaceBefore() for f in self.bottom)
            return top, bottom

        def wrap(self, availWidth: float, availHeight: float) -> tuple:
            if self._inner is None:
                self._inner = self._table(self.rows)
            width = sum(self.parts.widths)
            _, table_h = self._inner.wrap(width, 1e9)
            top, bottom = self._extra(width)
            self.width, self.height = width, top + table_h + bottom
            return self.width, self.height

        # ---------------------------------------------------------- breaking
        def split(self, availWidth: float, availHeight: float) -> List[Any]:
            self.wrap(availWidth, availHeight)
            heights = list(self._inner._rowHeights)
            top, bottom = self._extra(self.width)
            k = 1 + len(self.parts.more_heads)  # header rows
            heights = [sum(heights[:k])] + heights[k:]
            full = max(self.parts.full, availHeight)
            decision = plan_break(heights[1:], heights[0], top, bottom, availHeight, full,
                                  self.parts.max_hole * full)
            k = decision.rows
            if decision.split_row and k == len(self.rows) - 1 and sum(heights) + top <= availHeight:
                # every row fits but the notes block does not: it splits as a paragraph would
                pieces = self._split_notes(availHeight - top - sum(heights))
                if pieces:
                    return pieces
            if decision.split_row:
                room = availHeight - top
                for attempt in range(6):  # re-measured pieces can come out a little taller than asked
                    pieces = self._split_inside(k, room)
                    if not pieces:
                        break
                    over = pieces[0].wrap(availWidth, availHeight)[1] - availHeight
                    if over <= 1e-6:
                        return pieces
                    # less room by a growing step: a cell's lines change only when the room loses a whole
                    # line, so a piece over by a hair (its padding re-added) stayed over at 1 pt less each time
                    room -= over + 1 + 3 * attempt
                if 0 < k < len(self.rows):  # a row that fits a page: whole rows after all
                    return self._pieces(self.rows[:k], self.rows[k:])
                return self._nothing(heights, top, availHeight)
            if k == 0 or k >= len(self.rows):
                return self._nothing(heights, top, availHeight)
            return self._pieces(self.rows[:k], self.rows[k:])

        def _nothing(self, heights: List[float], top: float, avail: float) -> List[Any]:
            """No split here: move on, or a located error when even a fresh page cannot take it."""
            if avail + 1e-6 < self.parts.full or self.height <= avail:
                return []
            raise RenderError([error(self.parts.source, getattr(self, LINE_ATTR, None),
                                     "this table cannot be set: " + why_unset(heights[1:], heights[0], top,
                                                                               self.parts.full))])

        def _pieces(self, first: List[List[Any]], rest: List[List[Any]]) -> List[Any]:
            cls = type(self)
            head = cls(self.parts, first, self.top, [])
            tail = cls(self.parts, rest, self.parts.continued, self.bottom)
            head.first, tail.first = self.first, False
            for piece in (head, tail):
                setattr(piece, LINE_ATTR, getattr(self, LINE_ATTR, None))
            head.spaceBefore, tail.spaceAfter = self.getSpaceBefore(), self.getSpaceAfter()
            return [head, tail]

        def _split_notes(self, room: float) -> List[Any]:
            """The table with the first lines of its notes block in ``room``, the rest after it (or none:
            :func:`~.tablelayout.split_notes`)."""
            split = split_notes(self.bottom, self.width, room)
            if split is None:
                return []
            kept, rest = split
            head = type(self)(self.parts, self.rows, self.top, kept)
            head.first = self.first
            setattr(head, LINE_ATTR, getattr(self, LINE_ATTR, None))
            head.spaceBefore = self.getSpaceBefore()
            rest[0].spaceBefore = 0
            rest[-1].spaceAfter = self.getSpaceAfter()
            return [head, *rest]

        def _split_inside(self, k: int, room: float) -> List[Any]:
            """Split body row ``k`` (taller than a page, or the last row whose note does not fit) inside,
            after ``k`` whole rows."""
            _, whole = self._table(self.rows[: k + 1]).wrap(self.width, 1e9)
            # a row that fits (the last, its note going on), or overflows the room by a hair, is split short of
            # its end all the same: by more than its padding, so a line or two (the cells' widow control) go over
            shaved = [whole - shave for shave in (12, 18, 26, 36, 48) if 0 < whole - shave < room]
            tries = ([room] if room < whole else []) + shaved
            for at in tries:
                probe = self._table(self.rows[: k + 1])
                probe.wrap(self.width, 1e9)
                parts = probe.split(self.width, at)
                if len(parts) != 2 or len(parts[0]._cellvalues) != len(probe._cellvalues):
                    continue  # no split, or one inside an earlier row (a shave deeper than row k): not this row
                top_cells = [list(v) if isinstance(v, (list, tuple)) else [v] for v in parts[0]._cellvalues[-1]]
                low_cells = [list(v) if isinstance(v, (list, tuple)) else [v] for v in parts[1]._cellvalues[-1]]
                if any(low_cells):
                    break
            else:
                return []
            low_cells[0] = [self.parts.row_mark] + low_cells[0]
            return self._pieces(self.rows[:k] + [top_cells], [low_cells] + self.rows[k + 1 :])

        # ---------------------------------------------------------- drawing
        def draw(self) -> None:
            canv = self.canv
            y = self.height
            if self.top is not None:
                _, h = self.top.wrap(self.width, 1e9)
                y -= h
                self.top.drawOn(canv, 0, y)
                y -= self.top.getSpaceAfter()
            _, h = self._inner.wrap(self.width, 1e9)
            y -= h
            self._inner.drawOn(canv, 0, y)
            for flow in self.bottom:
                _, h = flow.wrap(self.width, 1e9)
                y -= flow.getSpaceBefore() + h
                flow.drawOn(canv, 0, y)

    _DESK.append(DeskTable)
    return DeskTable
