"""The shared part of planning a deck: titles, speaker notes, text slides split onto "(cont.)" slides.

:class:`SlideMaker` holds what every kind of slide needs while the deck is
planned: the document, the settings, the measurer, the slides so far and the
text waiting for a slide to ride on (the lede). :mod:`.visuals` adds the
tables, figures, charts and pull quotes, :mod:`.plan` the deck's order.

Pure: no python-pptx.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import List, Optional, Sequence, Set, Tuple

from ...language import quotes_for
from ...model import Block, Document, Section, blocks_text
from .fit import Measurer
from .model import BODY_KINDS, DeckSettings, KindSpec, Para, SlidePlan, Warn
from .paginate import TITLE_FLOOR, fit_title, paginate_pages
from .bullets import split_long
from .ranking import normalize_name
from .speaker import blocks_notes
from .text import clean

log = logging.getLogger(__name__)

#: No slide paragraph longer than this many words (#29, #26 item 7): split at sentence ends.
LONG_WORDS = 40


def grown_boxes(spec: KindSpec) -> dict:
    """The explicit title and body boxes of a grown layout's slides (none: the layout's own)."""
    return {"title_box": spec.title, "body_box": spec.body} if spec.grown else {}


def join_notes(*parts: str) -> str:
    """Speaker-notes paragraphs: each part cleaned, empty ones left out, a blank line between."""
    return "\n\n".join(p for p in (clean(x, keep_newlines=True) for x in parts) if p)


class SlideMaker:
    """Planning state and the steps every slide kind shares; see :func:`.plan.plan_deck`."""

    def __init__(self, doc: Document, settings: DeckSettings, m: Measurer, warn: Optional[Warn] = None) -> None:
        self.doc, self.s, self.m = doc, settings, m
        self.warn: Warn = warn or (lambda line, msg: log.warning("%s:%s: %s", doc.source, line, msg))
        self.slides: List[SlidePlan] = []
        self.seen: Set[str] = set()  # every paragraph set so far (normalized): no bullet twice in a deck
        self.pending = join_notes(blocks_text(doc.lede))  # the lede rides on the first content slide
        #: the outer quotation marks of the brief's language, for quotes the deck sets (“...” in English)
        self.marks: Tuple[str, str] = tuple(quotes_for(doc.lang or "en")[:2])  # type: ignore[assignment]

    def quoted(self, text: str) -> str:
        """``text`` in the language's quotation marks."""
        return f"{self.marks[0]}{text}{self.marks[1]}"

    def notes_of(self, blocks: Sequence[Block]) -> str:
        """Blocks as speaker-notes text (quotes in the language's marks)."""
        return blocks_notes(blocks, self.marks)

    def body_range(self, kind: str, spec: KindSpec) -> Tuple[float, float]:
        """The largest and least body size for ``kind``: the deck's one body size once it is known."""
        if self.s.deck_body and kind in BODY_KINDS:
            return self.s.deck_body, self.s.deck_body
        return spec.size("body_size", 22), spec.size("min_size", 18)

    def presentable(self, paras: Sequence[Para]) -> List[Para]:
        """``paras`` with no paragraph over :data:`LONG_WORDS` words (split at sentence ends, else semicolons)
        and none already set on an earlier slide of the deck."""
        out: List[Para] = []
        for para in paras:
            text = "".join(r.text for r in para.runs)
            key = re.sub(r"[\W_]+", " ", text.lower()).strip()
            if len(key.split()) >= 3 and key in self.seen:
                continue
            self.seen.add(key)
            if len(text.split()) <= LONG_WORDS or len(para.runs) > 2:
                out.append(para)
                continue
            lead = para.runs[:1] if len(para.runs) == 2 and para.runs[0].bold else ()
            body = para.runs[-1]
            pieces = split_long(body.text, LONG_WORDS - sum(len(r.text.split()) for r in lead), self.doc.lang)
            for i, piece in enumerate(pieces):
                run = replace(body, text=piece)
                out.append(replace(para, runs=(tuple(lead) if i == 0 else ()) + (run,)))
        return out or list(paras[:1])

    def label(self, key: str, default: str) -> str:
        """The theme's label ``key`` in the brief's language (``default``: for a theme built by hand)."""
        return clean(self.s.labels.get(key, default))

    def part_of(self, part: int, parts: int) -> str:
        """``(2 of 3)``: the title suffix of a table or chart split over slides."""
        return self.label("part_of", "({i} of {n})").replace("{i}", str(part)).replace("{n}", str(parts))

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
        text, self.pending = join_notes(self.pending, notes), ""
        return text

    def layout_for(self, section: Section) -> Optional[KindSpec]:
        """The layout a section asks for with ``::: {.slide layout="NAME"}`` (None: the deck's choice)."""
        if not section.slide_layout:
            return None
        spec = self.s.layouts.get(normalize_name(section.slide_layout))
        if spec is None:
            known = ", ".join(sorted(s.layout for s in self.s.layouts.values()))
            self.warn(section.line, f"deck: the template has no layout '{section.slide_layout}' with a body "
                                    f"placeholder (it has: {known}); using '{self.s.kinds['content'].layout}'")
        return spec

    def add_text_slides(self, kind: str, title: str, paras: Sequence[Para], notes: Sequence[str], line: Optional[int],
                        spec: Optional[KindSpec] = None, caption: bool = False, derived: bool = False) -> None:
        """Slides of ``kind`` for ``paras``, split onto "(cont.)" slides; ``notes`` per page (last repeats).

        ``derived`` bullets (not the author's) make no "(cont.)" slide of one paragraph: that paragraph stays
        in the speaker notes of the slide before (a lone continuation reads as a point of its own)."""
        spec = spec or self.s.kinds[kind]
        frame = spec.body or spec.area
        paras = self.presentable(paras) if kind != "sources" else list(paras)
        pages = paginate_pages(self.m, paras, frame, *self.body_range(kind, spec),
                               int(spec.size("max_bullets", 6)), self.s.para)
        if derived and len(pages) > 1 and len(pages[-1].paras) == 1 and pages[-1].paras[0].level == 0:
            dropped = len(pages) - 1
            pages = pages[:-1]
            if notes and len(notes) > dropped:  # the lone paragraph's notes join the slide before
                notes = [*notes[:dropped - 1], join_notes(notes[dropped - 1], *notes[dropped:])]
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
                                         **grown_boxes(spec)))
