"""The last passes over a planned deck: speaker notes for presenting, statement slides.

:func:`spoken` gives every slide its notes (:mod:`.speaker`: talking points,
then the text, within the word limit); :func:`statements` sets a content slide
of one short paragraph as a statement in large type. Pure: no python-pptx.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import List

from .fit import Measurer
from .model import DeckSettings, SlidePlan
from .paginate import paginate_pages
from .speaker import compose
from .text import runs_text

log = logging.getLogger(__name__)


def spoken(planner) -> List[SlidePlan]:
    """The slides with speaker notes for presenting (see :mod:`.speaker`): talking points first, then the text."""
    s = planner.s
    out = []
    for plan in planner.slides:
        if plan.kind == "title":
            out.append(plan)
            continue
        base = plan.title.replace(planner.label("continued", "(cont.)"), "").strip()
        where = planner.label("notes_rest", "The full text is in the handout, under \u201c{title}\u201d.").replace(
            "{title}", base or planner.doc.meta.title_text)
        notes = compose(plan.title, plan.body, plan.notes, s.notes_words, s.notes == "full", where) or plan.notes
        out.append(replace(plan, notes=notes))
    return out


#: A statement slide's type: this much larger than the deck's body size, at most.
STATEMENT_SCALE = 1.4


def statements(slides: List[SlidePlan], settings: DeckSettings, measurer: Measurer) -> List[SlidePlan]:
    """A content slide of one short paragraph is a statement: that sentence in large type (#29), not a lone bullet.

    Never a "(cont.)" slide: a continuation in large type reads as a new point, which it is not (a definition
    opening a section may stand as its statement).
    """
    out = []
    seen = set()  # sections whose first content slide is planned: a "(cont.)" slide is never a statement
    for plan in slides:
        spec = settings.kinds.get(plan.kind)
        alone = plan.kind != "content" or plan.line is None or plan.line not in seen
        if plan.kind == "content" and plan.line is not None:
            seen.add(plan.line)
        if (plan.kind == "content" and alone and len(plan.body) == 1 and plan.body_size and spec is not None
                and len(runs_text(plan.body[0].runs).split()) <= 40 and plan.table is None and plan.chart is None):
            frame = plan.body_box or spec.body or spec.area
            para = replace(plan.body[0], bullet=False)
            pages = paginate_pages(measurer, [para], frame, round(plan.body_size * STATEMENT_SCALE), plan.body_size, 1,
                                   settings.para)
            if len(pages) == 1 and not pages[0].overfull and pages[0].size > plan.body_size:
                plan = replace(plan, body=(para,), body_size=pages[0].size)
        out.append(plan)
    return out
