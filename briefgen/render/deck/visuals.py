"""Slides for what a section (or the lede) shows besides its text: pull quotes, tables, figures, charts, boxes.

A table is set on one slide at its minimum size, else in parts by rows
("(1 of N)", header repeated), else replaced by a pointer to the handout with
its cells in the speaker notes. A figure is scaled into the area with its
credit under it; a chart is planned by :mod:`.chartslides`.

Pure: no python-pptx.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import List, Sequence

from ...model import Bibliography, Box, Blocks, Chart, Figure, Paragraph, PullQuote, Table, blocks_text, plain_text
from ..common.boxlabels import box_heading
from ..common.chartdata import notes_text
from .bullets import sentences
from .chartslides import chart_notes, plan_chart_slides
from .fit import Measurer
from ..common.tablecontent import column_aligns, numeric_columns, table_header_rows
from .geometry import Frame, caption_below, fit_picture
from .model import FigurePlan, Para, ParaStyle, Run, SlidePlan, TableLayout, TablePlan
from .paginate import paginate_pages, split_rows, table_layout
from .planbase import SlideMaker, grown_boxes, join_notes
from .tableline import place_line
from .text import clean, runs_from_inlines

log = logging.getLogger(__name__)


LEDE_VISUALS = (PullQuote, Table, Figure, Chart, Box)
"""The lede's blocks that get slides of their own (:meth:`VisualSlides.lede_visuals`); its text is in the notes."""


class VisualSlides(SlideMaker):
    """The slides of pull quotes, tables, figures and charts."""

    def lede_visuals(self) -> None:
        """What the lede (the text before the first heading) shows besides its text: each box, table, figure,
        chart or pull quote on its slide(s), after the bottom line and before the first section, where the
        brief puts it (else a box in the lede would be in no slide). The lede's own text rides on the first
        of them, in its notes, without the text those slides carry in theirs."""
        shown = [b for b in self.doc.lede if isinstance(b, LEDE_VISUALS)]
        if not shown:
            return
        self.pending = join_notes(blocks_text([b for b in self.doc.lede if not isinstance(b, LEDE_VISUALS)]))
        title = clean(self.doc.meta.short_title) or self.doc.meta.title_text
        for block in shown:
            self.visual(block, title, self.doc.lede)

    def visual(self, block: object, title: str, blocks: Blocks = ()) -> None:
        if isinstance(block, PullQuote):
            self.quote(block, title)
        elif isinstance(block, Table):
            self.table(block, title, table_caption(block, blocks), table_source(block, blocks))
        elif isinstance(block, Figure):
            self.figure(block, title)
        elif isinstance(block, Chart):
            self.chart(block)
        elif isinstance(block, Box):
            self.box(block)
        elif isinstance(block, Bibliography):
            self.works_cited(block)

    def box(self, block: Box) -> None:
        """A box or callout on a slide of its own, titled "Box 1. …" (never a block quote): bullets from its
        text, its whole text in the speaker notes, then a slide for each table, figure or chart it holds."""
        heading = box_heading(self.s.labels, block)
        paras = self.fit_derived(self.derive(block.blocks))  # type: ignore[attr-defined]  # (the Planner's)
        inner = [b for b in block.blocks if isinstance(b, (Table, Figure, Chart, Box))]
        notes = join_notes(heading, self.notes_of(block.blocks))
        if not paras and not inner:
            said = clean(blocks_text(block.blocks))
            paras = [Para((Run(said),))] if said else []
        if paras:
            self.add_text_slides("content", heading, paras, [notes], block.line)
        else:
            self.pending = join_notes(self.pending, notes)
        for visual in inner:
            self.visual(visual, heading, block.blocks)

    def works_cited(self, block: Bibliography) -> None:
        """The works cited on "Sources" slides (the theme's ``labels.sources``), "(cont.)" when long;
        each entry in full, links kept, and every entry in the speaker notes."""
        paras = [p for p in (Para(runs_from_inlines(e), bullet=False, line=block.line) for e in block.entries) if p.runs]
        if not paras:
            return
        notes = self.take_pending("\n".join(clean(plain_text(e)) for e in block.entries))
        self.add_text_slides("sources", self.label("sources", "Sources"), paras, [notes], block.line)

    def chart(self, block: Chart) -> None:
        """A chart's slide(s), planned in deck/chartslides.py: the title, the chart, units and source, numbers in the notes."""
        spec = self.s.kinds["figure"]
        parts = plan_chart_slides(block, spec.area, spec.size("caption_size", 14),
                                  lambda t, size, bold: self.m.width(t, size, "body", bold=bold),
                                  lambda t, w, size: self.m.count_lines(t, w, size), self.m.line_height,
                                  self.s.labels, self.doc.lang or "en")
        notes = self.take_pending(chart_notes(block, self.s.labels, self.doc.lang or "en"))
        for i, part in enumerate(parts):
            label = f"{block.title} {self.part_of(i + 1, len(parts))}" if len(parts) > 1 else block.title
            ttext, tsize = self.title("figure", label)
            # a later part's notes: its own events or numbers, one per line (the presenter's notes never go blank)
            said = notes if i == 0 else notes_text(part.chart, self.s.labels, self.doc.lang or "en")
            self.slides.append(SlidePlan("figure", spec.layout, ttext, tsize, (), 0.0, said,
                                         block.line, chart=part, footer=self.s.footer, **grown_boxes(spec)))

    def quote(self, block: PullQuote, title: str) -> None:
        spec = self.s.kinds["quote"]
        text = clean(blocks_text(block.blocks))
        if not text:
            return
        runs = (Run(self.quoted(text), italic=True),)
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

    def table(self, block: Table, title: str, caption: str = "", source: str = "") -> None:
        """A table fitted by measured height: one slide, else balanced parts with the header repeated.

        Numbers are right-aligned; the caption is the title and the source line
        sits under the table. A table too wide for the slide keeps its first
        column and its numeric ones, and says which columns are in the handout;
        one too long for ``max_parts`` slides shows its first rows and says
        which rows are in the handout. Never a slide without data.
        """
        spec = self.s.kinds["table"]
        name = caption or title
        notes = self.take_pending(join_notes(caption, self.notes_of([block]), source))
        cols = list(range(len(block.header)))
        numeric = numeric_columns(block)
        aligns = tuple("right" if numeric[c] else a for c, a in enumerate(column_aligns(block)))  # numbers: always right
        # a header of two or more rows (column groups over heads) is a header: repeated whole on every part
        nhead = table_header_rows(block)
        head_cells = [block.header, *block.rows[:nhead]]
        body_cells = block.rows[nhead:]
        heads = [[clean(plain_text(c.inlines)) for c in row] for row in head_cells]
        rows = [[clean(plain_text(c.inlines)) for c in row] for row in body_cells]
        size, least = spec.size("body_size", 16), spec.size("min_size", 14)
        area = spec.area

        def pick(row: Sequence[str], keep: Sequence[int]) -> List[str]:
            return [row[c] if c < len(row) else "" for c in keep]

        layout = table_layout(self.m, heads[0], rows, area.w, size, least, heads[1:])
        left_out: List[str] = []
        max_parts, max_rows = int(spec.size("max_parts", 3)), int(spec.size("max_rows", 40))
        tallest = max([layout.header_height + h for h in layout.row_heights], default=0.0)
        crowded = (not table_readable(self.m, heads[0], rows, layout, heads[1:]) or tallest > area.h
                   or len(split_rows(layout, area.h, max_rows)) > max_parts)
        if crowded and len(cols) > 2:
            keep = [0] + [c for c in cols[1:] if numeric[c]]
            if len(keep) < 2:
                keep = cols[:2]
            while len(keep) > 2:
                trial_heads = [pick(h, keep) for h in heads]
                trial_rows = [pick(r, keep) for r in rows]
                trial = table_layout(self.m, trial_heads[0], trial_rows, area.w, size, least, trial_heads[1:])
                tallest = max([trial.header_height + h for h in trial.row_heights], default=0.0)
                if table_readable(self.m, trial_heads[0], trial_rows, trial, trial_heads[1:]) and tallest <= area.h:
                    break  # every word whole and every row on a slide with its header
                keep = keep[:-1]
            left_out = [" ".join(t for t in (h[c] if c < len(h) else "" for h in heads) if t) or f"column {c + 1}"
                        for c in cols if c not in keep]
            cols = keep
            heads = [pick(h, cols) for h in heads]
            rows = [pick(r, cols) for r in rows]
            layout = table_layout(self.m, heads[0], rows, area.w, size, least, heads[1:])
        # a row taller than the slide even so: its long cells show their first sentence (whole in the handout)
        shortened = {}
        for r, h in enumerate(layout.row_heights):
            if layout.header_height + h > area.h:
                for c, text in enumerate(rows[r]):
                    lead = sentences(text, self.doc.lang)
                    if len(lead) > 1:
                        shortened[(r, c)] = rows[r][c] = lead[0]
        if shortened:
            layout = table_layout(self.m, heads[0], rows, area.w, size, least, heads[1:])
        line_size = spec.size("caption_size", 14)

        def note_for(parts: int, shown: int) -> str:
            said = [source] if source else []
            if shortened:
                said.append(self.label("cells_shortened", "Long cells show their first sentence; each is whole "
                                                          "in the handout."))
            if left_out:
                said.append(self.label("columns_in_handout", "Also in the handout: {columns}.").replace(
                    "{columns}", ", ".join(left_out)))
            if shown < len(rows):
                said.append(self.label("rows_in_handout", "Rows {first}\u2013{last} are in the handout.").replace(
                    "{first}", str(shown + 1)).replace("{last}", str(len(rows))))
            return " ".join(said)

        # parts filled by height over the whole area; the source line goes under the last part only
        parts = split_rows(layout, area.h, max_rows)[:max_parts]
        text = note_for(len(parts), parts[-1][1] if parts else 0)
        text = self.fit_note(text, area, line_size)
        placed = place_line(layout, parts, area, text, max_parts, lambda t: self.m.count_lines(
            t, area.w - 14.4, line_size) * self.m.line_height(line_size) + 8,
            only_source=not shortened and not left_out and bool(parts) and parts[-1][1] >= len(rows), max_rows=max_rows)
        parts, note_frame, text = placed.parts, placed.note_frame, placed.text
        if placed.refit:
            text = self.fit_note(note_for(len(parts), parts[-1][1]), area, line_size)
        if parts and parts[-1][1] < len(body_cells):  # rows left to the handout: align by the rows the slides show
            shown = numeric_columns(replace(block, rows=tuple(block.rows[: nhead + parts[-1][1]])))
            aligns = tuple("right" if shown[c] else a for c, a in enumerate(aligns))
        head_runs = [tuple(runs_from_inlines(row[c].inlines) if c < len(row) else () for c in cols) for row in head_cells]
        for i, (start, end) in enumerate(parts):
            page = TableLayout(layout.size, layout.widths, layout.header_height, layout.row_heights[start:end],
                               layout.head_heights)
            body = tuple(tuple((Run(shortened[(r, k)]),) if (r, k) in shortened else
                               runs_from_inlines(row[c].inlines) if c < len(row) else () for k, c in enumerate(cols))
                         for r, row in enumerate(body_cells[start:end], start))
            top = area.y
            height = layout.header_height + sum(page.row_heights)
            frame, said = None, ""
            if note_frame is not None and i == len(parts) - 1:  # the source line just under the last part
                frame = Frame(note_frame.x, min(top + height + 4.0, note_frame.y), note_frame.w, note_frame.h)
                said = text
            plan = TablePlan(head_runs[0], body, tuple(aligns[c] for c in cols), page, area.x, top,
                             said, frame, line_size, tuple(head_runs[1:]))
            ttext, tsize = self.title("table", name, suffix=self.part_of(i + 1, len(parts)) if len(parts) > 1 else "")
            rows_of = self.label("rows_of", "Rows {first}\u2013{last} of {total}.").replace("{first}", str(start + 1)).replace(
                "{last}", str(end)).replace("{total}", str(len(body_cells)))
            self.slides.append(SlidePlan("table", spec.layout, ttext, tsize, (), 0.0, notes if i == 0 else join_notes(
                rows_of), block.line, table=plan, footer=self.s.footer, **grown_boxes(spec)))

    def fit_note(self, text: str, area: Frame, size: float) -> str:
        """The line under a table, at most :data:`NOTE_SHARE` of the area high: whole sentences from its end
        (what is left to the handout) back, then from its start; the whole source is in the speaker notes."""
        most = max(int(NOTE_SHARE * area.h // self.m.line_height(size)), 1)
        if not text or self.m.count_lines(text, area.w - 14.4, size) <= most:
            return text
        pieces = re.split(r"(?<=[.;])\s+", text)
        tail = [p for p in pieces if "in the handout" in p]
        kept = list(tail)
        for piece in [p for p in pieces if p not in tail]:
            trial = " ".join([*kept[: len(kept) - len(tail)], piece, *tail])
            if self.m.count_lines(trial, area.w - 14.4, size) > most:
                break
            kept.insert(len(kept) - len(tail), piece)
        out = " ".join(kept)
        return out if self.m.count_lines(out, area.w - 14.4, size) <= most else ""

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
        self.slides.append(SlidePlan("figure", spec.layout, ttext, tsize, (), 0.0, notes, block.line, figure=plan, footer=self.s.footer,
                                     **grown_boxes(spec)))


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


#: The line under a table takes at most this share of the area's height.
NOTE_SHARE = 0.3
_SOURCE_LINE = re.compile(r"^\W*(sources?|notes?)\s*:", re.I)


def table_source(block: Table, blocks: Blocks) -> str:
    """The table's source line: its own note, else a "Source: ..." paragraph right after it."""
    own = clean(blocks_text(block.note)) if getattr(block, "note", ()) else ""
    if own:
        return own
    index = next((i for i, b in enumerate(blocks) if b is block), -1)
    if 0 <= index < len(blocks) - 1 and isinstance(blocks[index + 1], Paragraph):
        text = clean(plain_text(blocks[index + 1].inlines))
        if _SOURCE_LINE.match(text) and len(text.split()) <= 60:
            return text
    return ""


def table_readable(m: Measurer, header: Sequence[str], rows: Sequence[Sequence[str]], layout: TableLayout,
                   head_more: Sequence[Sequence[str]] = ()) -> bool:
    """True when every word of every cell fits its column at the table's size (no word broken mid-way)."""
    heads = [header, *head_more]
    for r, row in enumerate([*heads, *rows]):
        for text, width in zip(row, layout.widths):
            inner = width - 2 * 7.2
            if any(m.width(w, layout.size, bold=r < len(heads)) > inner * 0.97 for w in text.split()):
                return False
    return True
