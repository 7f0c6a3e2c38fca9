"""Plan the deck: which slides, in what order, with what text at what size.

:func:`plan_deck` is a pure function of the document model, the deck settings
(from ``layouts.yaml``, the theme's labels and the template's placeholder
geometry) and a :class:`~.fit.Measurer`. It never imports python-pptx: the
writer only carries the plan out, so every fitting decision is testable here.

Slides follow the memo: title, bottom line, then per section an optional
section header, the content slide(s) and the section's pull quotes, tables and
figures, then recommendations, the authors and the endnotes. Every content
slide's speaker notes carry the full text of the part of the brief it stands for.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, List, Mapping, Optional, Sequence, Tuple

from ...model import (
    BlockQuote, Blocks, Chart, CodeBlock, Document, Figure, FootnoteRef, ListBlock, Paragraph, PullQuote, Section, SubHeading, Table,
    ThematicBreak, block_text, blocks_text, iter_blocks, plain_text, unhandled,
)
from .fit import Measurer
from .paginate import (
    TITLE_FLOOR, Frame, Para, ParaStyle, TableLayout, drop_dangling_lead_ins, fit_picture, fit_title, paginate,
    paginate_pages, split_rows, table_layout,
)
from .bullets import derive_bullet, derive_item
from .footer import footer_text, with_footers  # noqa: F401 - footer_text: part of this module's interface
from .text import Run, clean, runs_from_inlines

if TYPE_CHECKING:
    from .charts import ChartSlide

log = logging.getLogger(__name__)

Warn = Callable[[Optional[int], str], None]
"""A warning about the source: ``warn(line, message)``."""

KINDS = ("title", "bottom_line", "section", "content", "quote", "table", "figure", "recommendations", "about", "sources")


@dataclass(frozen=True)
class KindSpec:
    """Where one kind of slide puts its text: the chosen layout and its frames."""

    layout: str
    title: Optional[Frame]
    body: Optional[Frame]
    area: Frame
    sizes: Mapping[str, float] = field(default_factory=dict)
    footer: Optional[Frame] = None  # the layout's footer box
    footer_size: float = 12.0  # the template's footer text size
    grown: bool = False  # title and body are not the layout's own boxes but grown into its free area (see .room)
    divider: bool = True  # a layout made to open a section (False: "Title Only", where a divider is an empty slide)

    def size(self, key: str, default: float) -> float:
        """A size from ``layouts.yaml`` (points)."""
        return float(self.sizes.get(key, default))


@dataclass(frozen=True)
class DeckSettings:
    """Everything the planner needs besides the document."""

    kinds: Mapping[str, KindSpec]
    labels: Mapping[str, str]
    para: ParaStyle = ParaStyle()
    title_size: float = 32.0
    title_min: float = 24.0
    title_lines: int = 2
    derived_words: int = 18
    derived_max: int = 10
    derived_slides: int = 1
    header_min: int = 3
    header_max: int = 8
    group_above: int = 40
    group_size: int = 5
    footer: bool = True
    layouts: Mapping[str, KindSpec] = field(default_factory=dict)  # every text layout, by normalized name
    dividers: str = "auto"  # section divider slides: auto (only before a section of several slides), always, never
    sources_slide: bool = True  # one "Notes" slide at the end (the notes also ride on the slides that cite them)


@dataclass(frozen=True)
class TablePlan:
    """One page of a table: the header repeated, some rows, sizes and position."""

    header: Tuple[Tuple[Run, ...], ...]
    rows: Tuple[Tuple[Tuple[Run, ...], ...], ...]
    aligns: Tuple[Optional[str], ...]
    layout: TableLayout
    x: float
    y: float


@dataclass(frozen=True)
class FigurePlan:
    """A picture scaled into the area (aspect kept) with its alt text and credit."""

    path: Path
    alt: str
    box: Tuple[float, float, float, float]
    credit: str = ""
    credit_frame: Optional[Frame] = None
    credit_size: float = 14.0


@dataclass(frozen=True)
class SlidePlan:
    """One slide: ``kind`` (see :data:`KINDS`), the layout name and the text to set."""

    kind: str
    layout: str
    title: str = ""
    title_size: float = 0.0
    body: Tuple[Para, ...] = ()
    body_size: float = 0.0
    notes: str = ""
    line: Optional[int] = None
    subtitle_sizes: Tuple[float, ...] = ()
    table: Optional[TablePlan] = None
    figure: Optional[FigurePlan] = None
    chart: Optional["ChartSlide"] = None  # a chart or timeline (deck/charts.py)
    footer: bool = True
    footer_text: str = ""  # what fits the layout's footer box ("" : slide number only)
    footer_size: float = 12.0
    title_box: Optional[Frame] = None  # where the title placeholder goes when not the layout's own box
    body_box: Optional[Frame] = None  # where the body placeholder goes when not the layout's own box


def _boxes(spec: KindSpec) -> dict:
    """The explicit title and body boxes of a grown layout's slides (none: the layout's own)."""
    return {"title_box": spec.title, "body_box": spec.body} if spec.grown else {}


def _join(*parts: str) -> str:
    return "\n\n".join(p for p in (clean(x, keep_newlines=True) for x in parts) if p)


class _Planner:
    def __init__(self, doc: Document, settings: DeckSettings, m: Measurer, warn: Optional[Warn] = None) -> None:
        self.doc, self.s, self.m = doc, settings, m
        self.warn: Warn = warn or (lambda line, msg: log.warning("%s:%s: %s", doc.source, line, msg))
        self.slides: List[SlidePlan] = []
        self.pending = _join(blocks_text(doc.lede))  # the lede rides on the first content slide

    def label(self, key: str, default: str) -> str:
        return clean(self.s.labels.get(key, default))

    def title(self, kind: str, text: str, cont: bool = False, spec: Optional[KindSpec] = None,
              suffix: str = "", caption: bool = False) -> Tuple[str, float]:
        spec = spec or self.s.kinds[kind]
        text = clean(text)
        if cont:
            suffix = f"{suffix} {self.label('continued', '(cont.)')}".strip()
        if spec.title is None:
            return f"{text} {suffix}".strip(), 0.0
        size = spec.size("title_size", self.s.title_size)
        floor = spec.size("title_min_size", self.s.title_min)
        lines = int(spec.size("title_max_lines", self.s.title_lines))
        # a table's or figure's title is its caption, author text: down to the caption minimum before any cut
        least = self.s.kinds["table"].size("min_size", 14) if caption or kind in ("table", "figure") else TITLE_FLOOR
        return fit_title(self.m, text, spec.title, size, min(floor, size), lines, suffix=suffix,
                         floor=min(least, TITLE_FLOOR))

    def take_pending(self, notes: str) -> str:
        text, self.pending = _join(self.pending, notes), ""
        return text

    def layout_for(self, section: Section) -> Optional[KindSpec]:
        """The layout a section asks for with ``::: {.slide layout="NAME"}`` (None: the deck's choice)."""
        if not section.slide_layout:
            return None
        from .ranking import normalize_name

        spec = self.s.layouts.get(normalize_name(section.slide_layout))
        if spec is None:
            known = ", ".join(sorted(s.layout for s in self.s.layouts.values()))
            self.warn(section.line, f"deck: the template has no layout '{section.slide_layout}' with a body "
                                    f"placeholder (it has: {known}); using '{self.s.kinds['content'].layout}'")
        return spec

    def add_text_slides(self, kind: str, title: str, paras: Sequence[Para], notes: Sequence[str], line: Optional[int],
                        spec: Optional[KindSpec] = None, caption: bool = False) -> None:
        """Slides of ``kind`` for ``paras``, split onto "(cont.)" slides; ``notes`` per page (last repeats)."""
        spec = spec or self.s.kinds[kind]
        frame = spec.body or spec.area
        pages = paginate_pages(self.m, paras, frame, spec.size("body_size", 22), spec.size("min_size", 18),
                               int(spec.size("max_bullets", 6)), self.s.para)
        for i, page in enumerate(pages):
            if page.overfull:
                where = next((p.line for p in page.paras if p.line), line)
                self.warn(where, f"deck: a paragraph is too long for one {kind} slide even at {page.size:g} pt; "
                                 f"it is set whole and may overflow: shorten it or split it")
            text, tsize = self.title(kind, title, cont=i > 0, spec=spec, caption=caption)
            note = notes[min(i, len(notes) - 1)] if notes else ""
            if kind == "content" and i == 0:
                note = self.take_pending(note)
            self.slides.append(SlidePlan(kind, spec.layout, text, tsize, page.paras, page.size, note, line, footer=self.s.footer,
                                         **_boxes(spec)))

    # ------------------------------------------------------------------ front
    def title_slide(self) -> None:
        meta = self.doc.meta
        spec = self.s.kinds["title"]
        title, tsize = self.title("title", meta.title_text or meta.short_title)
        sub: List[Para] = []
        sizes: List[float] = []
        if meta.subtitle:
            sub.append(Para(runs_from_inlines(meta.subtitle), bullet=False))
            sizes.append(spec.size("subtitle_size", 20))
        names = ", ".join(clean(a.name) for a in meta.authors if clean(a.name))
        if names:
            sub.append(Para((Run(names, bold=True),), bullet=False))
            sizes.append(spec.size("meta_size", 16))
        when = " \u00b7 ".join(x for x in (clean(meta.date_display), clean(meta.organization)) if x)
        if when:
            sub.append(Para((Run(when),), bullet=False))
            sizes.append(spec.size("meta_size", 16))
        notes = _join(meta.title_text, meta.subtitle_text, names, when)
        self.slides.append(SlidePlan("title", spec.layout, title, tsize, tuple(sub), 0.0, notes, None, tuple(sizes), footer=False))

    def bottom_line(self) -> None:
        meta = self.doc.meta
        summary = [p for p in (Para(runs_from_inlines(b.inlines), bullet=False, line=b.line) for b in meta.summary if isinstance(b, Paragraph)) if p.runs]
        points = [p for p in (Para(runs_from_inlines(k)) for k in meta.key_points) if p.runs]
        summary_notes = blocks_text(meta.summary)
        points_notes = "\n".join(plain_text(k) for k in meta.key_points)
        label = self.label("summary", "Bottom Line")
        if summary and points:
            spec = self.s.kinds["bottom_line"]
            size = spec.size("body_size", 22)
            fitted, pages = paginate(self.m, summary + points, spec.body or spec.area, size, size,
                                     int(spec.size("max_bullets", 6)), self.s.para)
            if len(pages) > 1:  # too much for one uncrowded slide: the summary, then the key points
                self.add_text_slides("bottom_line", label, summary, [_join(summary_notes)], None)
                self.add_text_slides("bottom_line", self.label("key_points", "Key Points"), points, [_join(points_notes)], None)
                return
        if summary or points:
            self.add_text_slides("bottom_line", label, summary + points, [_join(summary_notes, points_notes)], None)

    # ------------------------------------------------------------------ body
    def bullet_text(self, text: str, words: int) -> str:
        """The bullet for ``text``: a whole sentence, or one shortened at clause boundaries (see :mod:`.bullets`)."""
        return derive_bullet(text, words, self.doc.lang) or ""

    def derive(self, blocks: Blocks) -> List[Para]:
        """Bullets from a section's text: one per paragraph, list item or quote; captions and sources skipped."""
        words = self.s.derived_words
        out: List[Para] = []
        for i, block in enumerate(blocks):
            if isinstance(block, Paragraph):
                text = self.bullet_text(plain_text(block.inlines), words)
                if text:
                    out.append(Para((Run(text),), 0, source=i, line=block.line))
            elif isinstance(block, ListBlock):
                level = 1 if out else 0
                for item in block.items[:4]:
                    text = derive_item(blocks_text(item.blocks), words, self.doc.lang) or ""
                    if text:
                        out.append(Para((Run(text),), level, source=i, line=item.line))
            elif isinstance(block, BlockQuote):
                text = self.bullet_text(blocks_text(block.blocks), words)
                if text:
                    out.append(Para((Run(f"\u201c{text}\u201d", italic=True),), 0, source=i, line=block.line))
        if not out:
            for i, block in enumerate(blocks):
                if isinstance(block, (SubHeading, CodeBlock)):
                    first = clean(block_text(block).strip().split("\n")[0])
                    if first:
                        out.append(Para((Run(first, mono=isinstance(block, CodeBlock)),), source=i, line=block.line))
        return drop_dangling_lead_ins(out[: self.s.derived_max])

    def fit_derived(self, paras: List[Para]) -> List[Para]:
        """Derived bullets cut back (whole bullets only) to what ``derived.max_slides_per_section`` slides hold."""
        spec = self.s.kinds["content"]
        pages = paginate_pages(self.m, paras, spec.body or spec.area, spec.size("body_size", 22), spec.size("min_size", 18),
                               int(spec.size("max_bullets", 6)), self.s.para)
        keep = sum(len(p.paras) for p in pages[: max(self.s.derived_slides, 1)])
        return drop_dangling_lead_ins(paras[: max(keep, 1)]) or paras[:1]

    def section_title(self, section: Section) -> str:
        return clean(plain_text(section.title)) or clean(self.doc.meta.short_title) or self.doc.meta.title_text

    def section(self, section: Section, number: int, headers: bool) -> None:
        title = self.section_title(section)
        if section.deck_skip:  # ::: {.slide skip}: no slides; the text still reaches the speaker notes
            self.pending = _join(self.pending, title, blocks_text(section.blocks), blocks_text(section.notes))
            return
        explicit = [Para(r, line=section.slide_line(i)) for i, r in enumerate(runs_from_inlines(b) for b in section.slide) if r]
        paras = explicit or self.fit_derived(self.derive(section.blocks))
        visuals = [b for b in section.blocks if isinstance(b, (PullQuote, Table, Figure, Chart))]
        if not paras and not visuals:
            text = blocks_text(section.blocks)
            if not text.strip():
                if blocks_text(section.notes):
                    self.pending = _join(self.pending, title, blocks_text(section.notes))
                return
            paras = [Para((Run(self.bullet_text(text, self.s.derived_words)),))]
        start = len(self.slides)
        extra = _join(blocks_text(section.notes), self.cited_notes(section.blocks))
        if paras:
            notes = self.page_notes(section, paras, explicit=bool(explicit), extra=extra)
            self.add_text_slides("content", title, paras, notes, section.line, self.layout_for(section))
        else:
            self.pending = _join(self.pending, blocks_text(section.blocks), extra)
        for block in visuals:
            self.visual(block, title, section.blocks)
        made = len(self.slides) - start
        mode = self.s.dividers
        # auto: only before a section of several slides, and only on a layout made for dividers
        wanted = mode == "always" or (mode == "auto" and headers and made > 1 and self.s.kinds["section"].divider)
        if wanted and made and plain_text(section.title).strip():
            spec = self.s.kinds["section"]
            text, tsize = self.title("section", title)
            self.slides.insert(start, SlidePlan("section", spec.layout, text, tsize, (), 0.0, title, section.line, footer=self.s.footer))

    def cited_notes(self, blocks: Blocks) -> str:
        """The endnotes ``blocks`` cite, numbered, for the speaker notes of the slides that stand for them."""
        wanted = set(_footnote_refs(blocks))
        texts = [f"{n.number}. {clean(blocks_text(n.blocks))}" for n in self.doc.footnotes if n.number in wanted]
        return _join(self.label("notes", "Notes") + ":", "\n".join(texts)) if texts else ""

    def page_notes(self, section: Section, paras: Sequence[Para], explicit: bool, extra: str) -> List[str]:
        """Notes per page: derived bullets map to their blocks; explicit bullets share the full text."""
        full = _join(blocks_text(section.blocks), extra)
        spec = self.s.kinds["content"]
        frame = spec.body or spec.area
        _, pages = paginate(self.m, paras, frame, spec.size("body_size", 22), spec.size("min_size", 18),
                            int(spec.size("max_bullets", 6)), self.s.para)
        if explicit or len(pages) <= 1:
            return [full]
        starts = [page[0].source for page in pages] + [len(section.blocks)]
        starts[0] = 0
        notes = []
        for i in range(len(pages)):
            text = blocks_text(section.blocks[starts[i] : starts[i + 1]])
            notes.append(_join(text, extra) if i == 0 else _join(text))
        return notes

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
        """A chart's slide(s), planned in deck/charts.py: the title, the chart, units and source, numbers in the notes."""
        from .charts import chart_notes, plan_chart_slides

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
                                     footer=self.s.footer, **_boxes(spec)))

    def table(self, block: Table, title: str, caption: str = "") -> None:
        """One slide at the table minimum size, else parts by rows ("(1 of N)", header repeated), else a pointer."""
        spec = self.s.kinds["table"]
        header = [clean(plain_text(c.inlines)) for c in block.header]
        rows = [[clean(plain_text(c.inlines)) for c in row] for row in block.rows]
        name = caption or title
        notes = self.take_pending(_join(caption, block_text(block)))
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
            self.slides.append(SlidePlan("table", spec.layout, ttext, tsize, (), 0.0, notes if i == 0 else _join(
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
            h = lines * self.m.line_height(size) + 8
            credit_frame = Frame(area.x, area.y + area.h - h, area.w, h)
            area = Frame(area.x, area.y, area.w, max(area.h - h - 4, area.h * 0.4))
        box = fit_picture(block.image.width, block.image.height, area)
        ttext, tsize = self.title("figure", caption or title)
        notes = self.take_pending(_join(caption, clean(block.alt), credit))
        plan = FigurePlan(block.image.path, clean(block.alt), box, credit, credit_frame, size)
        self.slides.append(SlidePlan("figure", spec.layout, ttext, tsize, (), 0.0, notes, block.line, figure=plan, footer=self.s.footer))

    def grouped(self, sections: Sequence[Section]) -> None:
        """Many sections: several share a slide, one bullet each (bold title, then its first point)."""
        size = max(self.s.group_size, 1)
        for start in range(0, len(sections), size):
            group = sections[start : start + size]
            paras: List[Para] = []
            notes: List[str] = []
            for sec in group:
                name = self.section_title(sec)
                first = ([Para(r) for r in (runs_from_inlines(b) for b in sec.slide) if r]
                         or drop_dangling_lead_ins(self.derive(sec.blocks)[:1]))[:1]
                lead = (Run(f"{name}: ", bold=True),) + first[0].runs if first else (Run(name, bold=True),)
                paras.append(Para(lead))
                notes.append(_join(name, blocks_text(sec.blocks), blocks_text(sec.notes)))
            title = self.section_title(group[0])
            if len(group) > 1:
                title = f"{title} \u2013 {self.section_title(group[-1])}"
            self.add_text_slides("content", title, paras, [_join(*notes)], group[0].line)
            for sec in group:
                for block in sec.blocks:
                    self.visual(block, self.section_title(sec))

    # ------------------------------------------------------------------ back
    def back_matter(self) -> None:
        meta = self.doc.meta
        recs = [Para(runs_from_inlines(r), bullet=False, number=i + 1) for i, r in enumerate(meta.recommendations)]
        recs = [p for p in recs if p.runs]
        if recs:
            notes = _join("\n".join(plain_text(r) for r in meta.recommendations))
            self.add_text_slides("recommendations", self.label("recommendations", "Recommendations"), recs, [notes], None)
        people: List[Para] = []
        for author in meta.authors:
            head = clean(author.name) + (f", {clean(author.role)}" if clean(author.role) else "")
            if head:
                people.append(Para((Run(head, bold=True),), bullet=False))
            people += [Para(runs_from_inlines(b.inlines), 0, bullet=False, line=b.line) for b in author.bio if isinstance(b, Paragraph)]
        people = [p for p in people if p.runs]
        # Names and roles alone make a near-empty slide (the title slide names the authors):
        # the About slide needs at least one author's bio.
        if people and any(isinstance(b, Paragraph) and b.inlines for a in meta.authors for b in a.bio):
            key = "about_authors_plural" if len(meta.authors) > 1 else "about_authors"
            notes = _join(*(f"{a.name}. {blocks_text(a.bio)}" for a in meta.authors))
            self.add_text_slides("about", self.label(key, "About the Authors"), people, [notes], None)
        self.sources_slide()

    def sources_slide(self) -> None:
        """At most one "Sources" slide: every endnote if they fit at the minimum size, else a pointer to them."""
        if not self.doc.footnotes or not self.s.sources_slide:
            return
        notes_paras = []
        for note in self.doc.footnotes:
            runs: Tuple[Run, ...] = ()
            for b in note.blocks:
                if isinstance(b, Paragraph):
                    runs += ((Run(" "),) if runs else ()) + runs_from_inlines(b.inlines)
            if runs or blocks_text(note.blocks):
                runs = runs or (Run(clean(blocks_text(note.blocks))),)
                notes_paras.append(Para(runs, bullet=False, number=note.number, line=note.line))
        if not notes_paras:
            return
        notes = _join(*(f"{n.number}. {blocks_text(n.blocks)}" for n in self.doc.footnotes))
        spec = self.s.kinds["sources"]
        frame = spec.body or spec.area
        pages = paginate_pages(self.m, notes_paras, frame, spec.size("body_size", 16), spec.size("min_size", 14),
                               len(notes_paras), self.s.para)
        title = self.label("notes", "Notes")
        if len(pages) == 1 and not pages[0].overfull:
            ttext, tsize = self.title("sources", title)
            self.slides.append(SlidePlan("sources", spec.layout, ttext, tsize, pages[0].paras, pages[0].size, notes,
                                         None, footer=self.s.footer, **_boxes(spec)))
            return
        text = self.label("notes_in_notes", "{count} notes: each is in the speaker notes of the slide that cites it, "
                                            "and all are listed in the handout.").replace("{count}", str(len(notes_paras)))
        self.add_text_slides("sources", title, [Para((Run(text),), bullet=False)], [notes], None)


def _footnote_refs(blocks: Blocks) -> List[int]:
    """The endnote numbers cited anywhere in ``blocks``, in order."""
    out: List[int] = []

    def walk(node: object) -> None:
        if isinstance(node, FootnoteRef):
            out.append(node.number)
            return
        for attr in ("inlines", "children", "blocks", "items", "header", "caption"):
            value = getattr(node, attr, None)
            if isinstance(value, tuple):
                for child in value:
                    walk(child)
        rows = getattr(node, "rows", None)
        if isinstance(rows, tuple):
            for row in rows:
                for cell in row:
                    walk(cell)

    for block in blocks:
        walk(block)
    return out


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


DRAWS = (Paragraph, ListBlock, BlockQuote, SubHeading, CodeBlock, ThematicBreak, PullQuote, Table, Figure, Chart)
"""The block kinds the deck (and its notes handout) handles: text blocks become bullets (:meth:`_Planner.derive`)
and speaker notes, visuals their own slides (:meth:`_Planner.visual`), a rule nothing; anything else is an error."""


def plan_deck(doc: Document, settings: DeckSettings, measurer: Measurer, warn: Optional[Warn] = None) -> Tuple[SlidePlan, ...]:
    """The whole deck as a tuple of :class:`SlidePlan`, in the memo's order; ``warn(line, message)`` hears of problems."""
    for block in iter_blocks(doc):
        if not isinstance(block, DRAWS):
            raise unhandled(block, "deck")
    planner = _Planner(doc, settings, measurer, warn)
    planner.title_slide()
    planner.bottom_line()
    sections = list(doc.sections)
    if not sections and doc.lede:
        planner.pending = ""
        sections = [Section((), "", doc.lede, (), (), doc.lede[0].line)]
    if len(sections) > settings.group_above:
        planner.grouped(sections)
    else:
        titled = [s for s in sections if plain_text(s.title).strip()]
        headers = settings.header_min <= len(titled) <= settings.header_max
        for number, section in enumerate(sections, 1):
            planner.section(section, number, headers)
    if planner.pending:  # a lede with no slide to ride on
        planner.add_text_slides("content", planner.doc.meta.short_title or planner.doc.meta.title_text,
                                [Para((Run(planner.bullet_text(planner.pending, settings.derived_words)),))],
                                [planner.pending], None)
    planner.back_matter()
    return tuple(with_footers(planner.slides, settings, measurer, doc, planner.warn))
