"""Plan the deck: which slides, in what order, with what text at what size.

:func:`plan_deck` is a pure function of the document model, the deck settings
(from ``layouts.yaml``, the theme's labels and the template's placeholder
geometry) and a :class:`~.fit.Measurer`. It never imports python-pptx: the
writer only carries the plan out, so every fitting decision is testable here.

Slides follow the memo: title, bottom line, then per section an optional
section header, the content slide(s) and the section's pull quotes, tables and
figures, then recommendations, the authors and the endnotes. Every content
slide's speaker notes carry the full text of the part of the brief it stands for.

The planner is built in layers: :class:`~.planbase.SlideMaker` (titles, notes,
text slides), :class:`~.visuals.VisualSlides` (quotes, tables, figures,
charts), :class:`Planner` (the deck's order); the plan is made of the values
of :mod:`.model`.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import List, Optional, Sequence, Tuple

from ...model import (
    Bibliography, BlockQuote, Blocks, Box, Chart, CodeBlock, Document, Figure, ListBlock, Paragraph, PullQuote, Section,
    SubHeading, Table,
    ThematicBreak, block_text, blocks_text, iter_blocks, plain_text, unhandled,
)
from .budget import APPENDIX, REFERENCE_SECTION, Group, kept_pattern, part_pattern, trim
from .bullets import POINTS_ON, derive_bullet, derive_item, sentences
from .fit import Measurer
from .footer import with_footers
from .model import BODY_KINDS, DeckSettings, Para, Run, SlidePlan, Warn
from .paginate import drop_dangling_lead_ins, paginate, paginate_pages, whole_lists
from .planbase import grown_boxes, join_notes
from .finish import spoken, statements
from .speaker import footnote_refs
from .text import clean, runs_from_inlines, runs_text
from .visuals import VisualSlides

log = logging.getLogger(__name__)


class Planner(VisualSlides):
    """The deck's slides in the memo's order: front matter, sections, back matter."""

    divide: bool = False  # divider slides before titled sections (decided once per deck, see plan_deck)
    headers: bool = False  # the deck has a few titled sections (settings.header_min..header_max)
    made: List[int] = []  # slides made per section, in order (set per plan)
    groups: List[Group] = []  # the slides of each section, for the budget (set per plan)

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
        notes = join_notes(meta.title_text, meta.subtitle_text, names, when)
        self.slides.append(SlidePlan("title", spec.layout, title, tsize, tuple(sub), 0.0, notes, None, tuple(sizes), footer=False,
                                     **grown_boxes(spec)))

    def bottom_line(self) -> None:
        meta = self.doc.meta
        summary = [p for p in (Para(runs_from_inlines(b.inlines), bullet=False, line=b.line) for b in meta.summary if isinstance(b, Paragraph)) if p.runs]
        points = [p for p in (Para(runs_from_inlines(k)) for k in meta.key_points) if p.runs]
        summary_notes = blocks_text(meta.summary)
        points_notes = "\n".join(plain_text(k) for k in meta.key_points)
        label = self.label("summary", "Bottom Line")
        if summary and points:
            spec = self.s.kinds["bottom_line"]
            size = self.body_range("bottom_line", spec)[0]
            fitted, pages = paginate(self.m, summary + points, spec.body or spec.area, size, size,
                                     int(spec.size("max_bullets", 6)), self.s.para)
            if len(pages) > 1:  # too much for one uncrowded slide: the summary, then the key points
                self.add_text_slides("bottom_line", label, summary, [join_notes(summary_notes)], None)
                self.add_text_slides("bottom_line", self.label("key_points", "Key Points"), points, [join_notes(points_notes)], None)
                return
        if summary or points:
            self.add_text_slides("bottom_line", label, summary + points, [join_notes(summary_notes, points_notes)], None)

    # ------------------------------------------------------------------ body
    def bullet_text(self, text: str, words: int) -> str:
        """The bullet for ``text``: a whole sentence, or one shortened at clause boundaries (see :mod:`.bullets`)."""
        return derive_bullet(text, words, self.doc.lang) or ""

    def derive(self, blocks: Blocks) -> List[Para]:
        """Bullets from a section's text: one per paragraph, list item or quote; captions, sources and citations
        skipped. A sub-section's first bullet names it ("Supreme Court: ..."); lists are taken whole, after
        their lead-in; a sentence pointing at what follows is kept only as the lead-in of a list."""
        words = self.s.derived_words
        out: List[Para] = []
        subject = ""
        for i, block in enumerate(blocks):
            if isinstance(block, SubHeading):
                subject = clean(plain_text(block.inlines)).rstrip(":.")
                continue
            if isinstance(block, Paragraph):
                text = self.bullet_text(plain_text(block.inlines), words)
                follows_list = i + 1 < len(blocks) and isinstance(blocks[i + 1], ListBlock)
                if text and POINTS_ON.search(text) and not follows_list:
                    continue  # "the following ..." with nothing following on the slide
                if text:
                    lead = (Run(f"{subject}: ", bold=True),) if subject else ()
                    subject = ""
                    out.append(Para(lead + (Run(text),), 0, source=i, line=block.line))
            elif isinstance(block, ListBlock):
                level = 1 if out and out[-1].source == i - 1 else 0
                for item in block.items:
                    text = derive_item(blocks_text(item.blocks), words, self.doc.lang) or ""
                    if text:
                        out.append(Para((Run(text),), level, source=i, line=item.line))
            elif isinstance(block, BlockQuote):
                text = self.bullet_text(blocks_text(block.blocks), words)
                if text:
                    out.append(Para((Run(self.quoted(text), italic=True),), 0, source=i, line=block.line))
        if not out:
            for i, block in enumerate(blocks):
                if isinstance(block, (SubHeading, CodeBlock)):
                    first = clean(block_text(block).strip().split("\n")[0])
                    if first:
                        out.append(Para((Run(first, mono=isinstance(block, CodeBlock)),), source=i, line=block.line))
        if len([p for p in out if p.level == 0]) == 1 and len(out) == 1:
            out = self.sentence_bullets(blocks, out)
        return drop_dangling_lead_ins(whole_lists(out, self.s.derived_max))

    def sentence_bullets(self, blocks: Blocks, out: List[Para]) -> List[Para]:
        """A section of one paragraph: a bullet per sentence (two or three), rather than a one-bullet slide."""
        para = out[0]
        block = blocks[para.source] if 0 <= para.source < len(blocks) else None
        if not isinstance(block, Paragraph):
            return out
        found = [derive_bullet(s, self.s.derived_words, self.doc.lang) for s in sentences(plain_text(block.inlines), self.doc.lang)]
        found = [f for f in found if f and not POINTS_ON.search(f)]
        if len(found) < 2:
            return out
        return [Para(((para.runs[0],) if i == 0 and para.runs[0].bold else ()) + (Run(t),), 0, source=para.source,
                     line=para.line) for i, t in enumerate(found[:3])]

    def fit_derived(self, paras: List[Para]) -> List[Para]:
        """Derived bullets cut back (whole bullets, whole lists) to what ``derived.max_slides_per_section`` slides hold."""
        spec = self.s.kinds["content"]
        pages = paginate_pages(self.m, paras, spec.body or spec.area, *self.body_range("content", spec),
                               int(spec.size("max_bullets", 6)), self.s.para)
        kept = pages[: max(self.s.derived_slides, 1)]
        keep = sum(len(p.paras) for p in kept)
        if len(kept) > 1 and len(kept[-1].paras) == 1 and kept[-1].paras[0].level == 0:
            keep -= 1  # a lone derived bullet would make a "(cont.)" slide of one paragraph: it stays in the notes
        return drop_dangling_lead_ins(whole_lists(paras, max(keep, 1))) or paras[:1]

    def section_title(self, section: Section) -> str:
        return clean(plain_text(section.title)) or clean(self.doc.meta.short_title) or self.doc.meta.title_text

    def section(self, section: Section, number: int, headers: bool) -> None:
        title = self.section_title(section)
        cited = [b for b in section.blocks if isinstance(b, Bibliography)]
        if cited:  # the works cited: their "Sources" slides, no divider, never cut for time
            for block in cited:
                self.visual(block, title)
            return
        if REFERENCE_SECTION.match(title):  # a pasted "Notes" list: reference matter, in the handout, not slides
            return
        if section.deck_skip:  # ::: {.slide skip}: no slides; the text still reaches the speaker notes
            self.pending = join_notes(self.pending, title, self.notes_of(section.blocks), self.notes_of(section.notes))
            return
        explicit = [Para(r, line=section.slide_line(i)) for i, r in enumerate(runs_from_inlines(b) for b in section.slide) if r]
        paras = explicit or self.fit_derived(self.derive(section.blocks))
        visuals = [b for b in section.blocks if isinstance(b, (PullQuote, Table, Figure, Chart, Box, Bibliography))]
        if not paras and not visuals:
            text = blocks_text(section.blocks)
            if not text.strip():
                if blocks_text(section.notes):
                    self.pending = join_notes(self.pending, title, self.notes_of(section.notes))
                return
            said = self.bullet_text(text, self.s.derived_words)
            if not said:  # nothing a slide can say (captions, citations): the text rides on the next slide's notes
                self.pending = join_notes(self.pending, self.notes_of(section.blocks))
                return
            paras = [Para((Run(said),))]
        start = len(self.slides)
        extra = join_notes(self.notes_of(section.notes), self.cited_notes(section.blocks))
        if paras:
            notes = self.page_notes(section, paras, explicit=bool(explicit), extra=extra)
            self.add_text_slides("content", title, paras, notes, section.line, self.layout_for(section),
                                 derived=not explicit)
        else:
            self.pending = join_notes(self.pending, self.notes_of(section.blocks), extra)
        for block in visuals:
            self.visual(block, title, section.blocks)
        made = len(self.slides) - start
        self.made.append(made)
        if self.divide and made and plain_text(section.title).strip():
            spec = self.s.kinds["section"]
            text, tsize = self.title("section", title)
            self.slides.insert(start, SlidePlan("section", spec.layout, text, tsize, (), 0.0, title, section.line, footer=self.s.footer))
        if len(self.slides) > start:
            weight = 0 if APPENDIX.match(title) else len(blocks_text(section.blocks).split())
            self.groups.append(Group(start, len(self.slides), title, weight, bool(explicit)))

    def cited_notes(self, blocks: Blocks) -> str:
        """The endnotes ``blocks`` cite, numbered, for the speaker notes of the slides that stand for them."""
        wanted = set(footnote_refs(blocks))
        texts = [f"{n.number}. {clean(blocks_text(n.blocks))}" for n in self.doc.footnotes if n.number in wanted]
        return join_notes(self.label("notes_lead", "{notes}:").replace("{notes}", self.label("notes", "Notes")), "\n".join(texts)) if texts else ""

    def page_notes(self, section: Section, paras: Sequence[Para], explicit: bool, extra: str) -> List[str]:
        """Notes per page: derived bullets map to their blocks; explicit bullets share the full text."""
        full = join_notes(self.notes_of(section.blocks), extra)
        spec = self.s.kinds["content"]
        frame = spec.body or spec.area
        _, pages = paginate(self.m, paras, frame, *self.body_range("content", spec),
                            int(spec.size("max_bullets", 6)), self.s.para)
        if explicit or len(pages) <= 1:
            return [full]
        starts = [page[0].source for page in pages] + [len(section.blocks)]
        starts[0] = 0
        notes = []
        for i in range(len(pages)):
            text = self.notes_of(section.blocks[starts[i] : starts[i + 1]])
            notes.append(join_notes(text, extra) if i == 0 else join_notes(text))
        return notes

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
                notes.append(join_notes(name, self.notes_of(sec.blocks), self.notes_of(sec.notes)))
            title = self.section_title(group[0])
            if len(group) > 1:
                title = f"{title} \u2013 {self.section_title(group[-1])}"
            self.add_text_slides("content", title, paras, [join_notes(*notes)], group[0].line)
            for sec in group:
                for block in sec.blocks:
                    self.visual(block, self.section_title(sec))

    def within_budget(self, back_start: int) -> None:
        """A long derived deck cut to ``budget.max_slides`` (see :mod:`.budget`), what is left out named on an
        "Also in the handout" slide before the back matter and in its notes."""
        parts = part_pattern(self.label("continued", "(cont.)"), self.label("part_of", "({i} of {n})"))
        slides, sections, titles = trim(self.slides, self.groups, back_start, self.s.budget_max,
                                        self.label("section_more", "{title} (more)"), parts,
                                        self.label("part_of", "({i} of {n})"),
                                        kept_pattern(self.label("kept_sections", "")))
        if not sections:
            return
        back = [p for p in slides if p in self.slides[back_start:]]
        self.slides = [p for p in slides if p not in back]
        label = self.label("also_in_handout", "Also in the Handout")
        names = [Para((Run(t),)) for t in sections]
        spec = self.s.kinds["content"]
        most = int(spec.size("max_bullets", 6))
        if len(names) > most:  # one slide: the sections joined, several to a line
            per = -(-len(names) // most)
            names = [Para((Run("; ".join(runs_text(p.runs) for p in names[i:i + per])),))
                     for i in range(0, len(names), per)]
        notes = join_notes(self.label("left_out", "Left out of the slides for time; each is in the handout:"),
                           "\n".join(titles))
        before = len(self.slides)
        self.add_text_slides("content", label, names, [notes], None)
        del self.slides[before + 1:]  # one slide, never a "(cont.)"
        self.slides += back

    # ------------------------------------------------------------------ back
    def back_matter(self) -> None:
        meta = self.doc.meta
        recs = [Para(runs_from_inlines(r), bullet=False, number=i + 1) for i, r in enumerate(meta.recommendations)]
        recs = [p for p in recs if p.runs]
        if recs:
            notes = join_notes("\n".join(plain_text(r) for r in meta.recommendations))
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
            notes = join_notes(*(f"{a.name}. {blocks_text(a.bio)}" for a in meta.authors))
            self.add_text_slides("about", self.label(key, "About the Authors"), people, [notes], None)
        self.sources_slide()

    def sources_slide(self) -> None:
        """At most one "Sources" slide: every endnote, when they fit one slide at the minimum size; else none."""
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
        notes = join_notes(*(f"{n.number}. {blocks_text(n.blocks)}" for n in self.doc.footnotes))
        spec = self.s.kinds["sources"]
        frame = spec.body or spec.area
        pages = paginate_pages(self.m, notes_paras, frame, spec.size("body_size", 16), spec.size("min_size", 14),
                               len(notes_paras), self.s.para)
        title = self.label("notes", "Notes")
        if len(pages) == 1 and not pages[0].overfull:
            ttext, tsize = self.title("sources", title)
            self.slides.append(SlidePlan("sources", spec.layout, ttext, tsize, pages[0].paras, pages[0].size, notes,
                                         None, footer=self.s.footer, **grown_boxes(spec)))
            return
        # too many to read on one slide: no slide announcing that notes exist (#29 item 4); each note is in
        # the speaker notes of the slides that cite it, and all are in the handout
        log.info("deck: %d endnotes do not fit one sources slide; they ride on the citing slides' notes", len(notes_paras))


DRAWS = (Paragraph, ListBlock, BlockQuote, SubHeading, CodeBlock, ThematicBreak, PullQuote, Table, Figure, Chart, Box,
         Bibliography)
"""The block kinds the deck (and its notes handout) handles: text blocks become bullets (:meth:`Planner.derive`)
and speaker notes, visuals and boxes their own slides (:meth:`Planner.visual`), a rule nothing; anything else is an error."""


def plan_deck(doc: Document, settings: DeckSettings, measurer: Measurer, warn: Optional[Warn] = None) -> Tuple[SlidePlan, ...]:
    """The whole deck as a tuple of :class:`SlidePlan`, in the memo's order; ``warn(line, message)`` hears of problems.

    Planned twice when needed, so that the deck has one rule for each of two
    things a presenter notices: one body size for its text slides (the largest
    every one of them fits at: the least any slide needed on the first pass)
    and dividers before every titled section or none (``dividers: auto`` sets
    them when the deck has a few titled sections that average two slides or
    more, on a layout made for dividers).
    """
    for block in iter_blocks(doc):
        if not isinstance(block, DRAWS):
            raise unhandled(block, "deck")
    said: List[Tuple[Optional[int], str]] = []
    first = _plan(doc, settings, measurer, lambda line, msg: said.append((line, msg)), divide=settings.dividers == "always")
    sizes = sorted({p.body_size for p in first.slides if p.kind in BODY_KINDS and p.body and p.body_size})
    divide = settings.dividers == "always" or (settings.dividers == "auto" and first.headers and first.made
                                              and settings.kinds["section"].divider
                                              and sum(first.made) / len(first.made) >= 2)
    if len(sizes) <= 1 and divide == (settings.dividers == "always"):
        report = warn or first.warn
        for line, msg in said:
            report(line, msg)
        return tuple(with_footers(statements(spoken(first), settings, measurer), settings, measurer, doc, report))
    again = replace(settings, deck_body=sizes[0]) if len(sizes) > 1 else settings
    planner = _plan(doc, again, measurer, warn, divide=bool(divide))
    return tuple(with_footers(statements(spoken(planner), again, measurer), again, measurer, doc, planner.warn))


def _plan(doc: Document, settings: DeckSettings, measurer: Measurer, warn: Optional[Warn], divide: bool) -> "Planner":
    planner = Planner(doc, settings, measurer, warn)
    planner.divide, planner.made, planner.headers, planner.groups = divide, [], False, []
    planner.title_slide()
    planner.bottom_line()
    sections = list(doc.sections)
    if not sections and doc.lede:
        planner.pending = ""
        sections = [Section((), "", doc.lede, (), (), doc.lede[0].line)]
    else:
        planner.lede_visuals()
    if len(sections) > settings.group_above:
        planner.grouped(sections)
    else:
        titled = [s for s in sections if plain_text(s.title).strip()]
        headers = settings.header_min <= len(titled) <= settings.header_max
        planner.headers = headers
        for number, section in enumerate(sections, 1):
            planner.section(section, number, headers)
    if planner.pending:  # a lede with no slide to ride on
        planner.add_text_slides("content", planner.doc.meta.short_title or planner.doc.meta.title_text,
                                [Para((Run(planner.bullet_text(planner.pending, settings.derived_words)),))],
                                [planner.pending], None)
    back_start = len(planner.slides)
    planner.back_matter()
    planner.within_budget(back_start)
    return planner
