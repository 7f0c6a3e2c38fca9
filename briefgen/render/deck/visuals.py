"""Slides for what a section shows besides its text: pull quotes, tables, figures and charts.

A table is set on one slide at its minimum size, else in parts by rows
("(1 of N)", header repeated), else replaced by a pointer to the handout with
its cells in the speaker notes. A figure is scaled into the area with its
credit under it; a chart is planned by :mod:`.chartslides`.

Pure: no python-pptx.
"""

from __future__ import annotations

import logging
import re
from typing import Sequence

from ...model import Blocks, Chart, Figure, Paragraph, PullQuote, Table, block_text, blocks_text, plain_text
from .chartslides import chart_notes, plan_chart_slides
from .fit import Measurer
from .geometry import caption_below, fit_picture
from .model import FigurePlan, Para, ParaStyle, Run, SlidePlan, TableLayout, TablePlan
from .paginate import paginate_pages, split_rows, table_layout
from .planbase import SlideMaker, grown_boxes, join_notes
from .text import clean, runs_from_inlines

log = logging.getLogger(__name__)


class VisualSlides(SlideMaker):
    """The slides of pull quotes, tables, figures and charts."""

    def visual(self, block: object, title: str, blocks: Blocks = ()) -> None:
        if isinstance(block, PullQuote):
            self.quote(block, title)
        elif isinstance(block, Table):
            self.table(block, title, table_caption(block, blocks))
        elif isinstance(block, Figure):
            self.figure(block, title)
        elif isinstance(block, Chart):
            self.chart(block)

    def chart(self, block: Chart) -> None:
        """A chart's slide(s), planned in deck/chartslides.py: the title, the chart, units and source, numbers in the notes."""
        spec = self.s.kinds["figure"]
        parts = plan_chart_slides(block, spec.area, spec.size("caption_size", 14),
                                  lambda t, size, bold: self.m.width(t, size, "body", bold=bold),
                                  lambda t, w, size: self.m.count_lines(t, w, size), self.m.line_height)
        notes = self.take_pending(chart_notes(block))
        for i, part in enumerate(parts):
            label = f"{block.title} ({i + 1} of {len(parts)})" if len(parts) > 1 else block.title
            ttext, tsize = self.title("figure", label)
            self.slides.append(SlidePlan("figure", spec.layout, ttext, tsize, (), 0.0, notes if i == 0 else "",
                                         block.line, chart=part, footer=self.s.footer))

    def quote(self, block: PullQuote, title: str) -> None:
        spec = self.s.kinds["quote"]
        text = clean(blocks_text(block.blocks))
        if not text:
            return
        runs = (Run(f"\u201c{text}\u201d", italic=True),)
        frame = spec.body or spec.area
        pages = paginate_pages(self.m, [Para(runs, bullet=False, line=block.line)], frame, spec.size("body_size", 30),
                               spec.size("min_size", 22), 1, ParaStyle(1.0, 0.0, 0.0, self.s.para.indents))
        if pages[0].overfull:
            self.warn(block.line, f"deck: this pull quote is too long for one slide even at {pages[0].size:g} pt; "
                                  "it is set whole and may overflow: shorten it")
        ttext, tsize = self.title("quote", title)
        notes = self.take_pending(text)
        self.slides.append(SlidePlan("quote", spec.layout, ttext, tsize, pages[0].paras, pages[0].size, notes, block.line,
                                     footer=self.s.footer, **grown_boxes(spec)))

    def table(self, block: Table, title: str, caption: str = "") -> None:
        """One slide at the table minimum size, else parts by rows ("(1 of N)", header repeated), else a pointer."""
        spec = self.s.kinds["table"]
        header = [clean(plain_text(c.inlines)) for c in block.header]
        rows = [[clean(plain_text(c.inlines)) for c in row] for row in block.rows]
        name = caption or title
        notes = self.take_pending(join_notes(caption, block_text(block)))
        area = spec.area
        layout = table_layout(self.m, header, rows, area.w, spec.size("body_size", 16), spec.size("min_size", 14))
        parts = split_rows(layout, area.h, int(spec.size("max_rows", 10)))
        tallest = max([layout.header_height + h for h in layout.row_heights], default=0.0)
        readable = (table_readable(self.m, header, rows, layout) and tallest <= area.h
                    and len(parts) <= int(spec.size("max_parts", 3)))
        if not readable:
            self.table_pointer(block, name, notes, len(rows), len(header))
            return
        head_runs = tuple(runs_from_inlines(c.inlines) for c in block.header)
        for i, (start, end) in enumerate(parts):
            page = TableLayout(layout.size, layout.widths, layout.header_height, layout.row_heights[start:end])
            body = tuple(tuple(runs_from_inlines(c.inlines) for c in row) for row in block.rows[start:end])
            plan = TablePlan(head_runs, body, tuple(block.aligns), page, area.x, area.y)
            ttext, tsize = self.title("table", name, suffix=f"({i + 1} of {len(parts)})" if len(parts) > 1 else "")
            self.slides.append(SlidePlan("table", spec.layout, ttext, tsize, (), 0.0, notes if i == 0 else join_notes(
                f"{ttext}: rows {start + 1}\u2013{end} of {len(block.rows)}."), block.line, table=plan, footer=self.s.footer))

    def table_pointer(self, block: Table, name: str, notes: str, rows: int, cols: int) -> None:
        """A table too large to read on slides: its caption and a pointer to the handout; the cells in the notes."""
        text = self.label("table_in_handout", "The full table ({rows} rows, {cols} columns) is in the handout; "
                                              "its text is in the speaker notes.")
        text = text.replace("{rows}", str(rows)).replace("{cols}", str(cols))
        self.add_text_slides("content", name, [Para((Run(text),), bullet=False, line=block.line)], [notes], block.line,
                             caption=True)

    def figure(self, block: Figure, title: str) -> None:
        spec = self.s.kinds["figure"]
        caption = clean(plain_text(block.caption))
        credit = clean(block.credit)
        area = spec.area
        credit_frame = None
        size = spec.size("caption_size", 14)
        if credit:  # the whole credit, on as many lines as it needs, under the picture
            lines = self.m.count_lines(credit, area.w - 14.4, size)
            area, credit_frame = caption_below(area, lines * self.m.line_height(size) + 8)
        box = fit_picture(block.image.width, block.image.height, area)
        ttext, tsize = self.title("figure", caption or title)
        notes = self.take_pending(join_notes(caption, clean(block.alt), credit))
        plan = FigurePlan(block.image.path, clean(block.alt), box, credit, credit_frame, size)
        self.slides.append(SlidePlan("figure", spec.layout, ttext, tsize, (), 0.0, notes, block.line, figure=plan, footer=self.s.footer))


_TABLE_CAPTION = re.compile(r"^\W*table\s+[\dA-Z][\w.-]*\s*[.:\u2013\u2014-]", re.I)


def table_caption(block: Table, blocks: Blocks) -> str:
    """The table's caption: the model's if it has one, else a "Table N. ..." paragraph just before it."""
    own = getattr(block, "caption", None)
    if own:
        return clean(plain_text(own)) if isinstance(own, tuple) else clean(str(own))
    index = next((i for i, b in enumerate(blocks) if b is block), -1)
    for back in (1, 2):
        if index - back >= 0 and isinstance(blocks[index - back], Paragraph):
            text = clean(plain_text(blocks[index - back].inlines))
            if _TABLE_CAPTION.match(text) and len(text.split()) <= 30:
                return text
    return ""


def table_readable(m: Measurer, header: Sequence[str], rows: Sequence[Sequence[str]], layout: TableLayout) -> bool:
    """True when every word of every cell fits its column at the table's size (no word broken mid-way)."""
    for r, row in enumerate([header, *rows]):
        for text, width in zip(row, layout.widths):
            inner = width - 2 * 7.2
            if any(m.width(w, layout.size, bold=r == 0) > inner * 0.97 for w in text.split()):
                return False
    return True
