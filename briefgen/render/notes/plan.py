"""What the presenter's notes handout holds, from the deck's slide plan (pure: no ReportLab, no python-pptx).

:func:`note_blocks` turns the deck planner's :class:`~briefgen.render.deck.model.SlidePlan`
list into one :class:`NoteBlock` per slide: its number, title, bullets (with
their levels and formatting runs) and the full speaker notes as paragraphs.
A slide continued from the one before ("(cont.)") keeps its own block, as on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence, Tuple

from ..deck.model import Run


@dataclass(frozen=True)
class Bullet:
    """One bullet of a slide: its runs, its level (0, 1...), and its number for a numbered item."""

    runs: Tuple[Run, ...]
    level: int = 0
    bullet: bool = True
    number: Optional[int] = None
    line: Optional[int] = None


@dataclass(frozen=True)
class NoteBlock:
    """One slide in the handout."""

    number: int
    kind: str
    title: str
    bullets: Tuple[Bullet, ...]
    notes: Tuple[str, ...]
    line: Optional[int] = None
    extra: str = ""
    """What else the slide shows, in words: a table's or a figure's caption."""


def note_blocks(slides: Sequence[object]) -> Tuple[NoteBlock, ...]:
    """One block per planned slide, in order (``slides``: the deck's ``SlidePlan`` objects)."""
    out = []
    for number, plan in enumerate(slides, 1):
        bullets = tuple(
            Bullet(tuple(p.runs), p.level, p.bullet, p.number, p.line) for p in getattr(plan, "body", ()) if p.runs
        )
        notes = tuple(part.strip() for part in (getattr(plan, "notes", "") or "").split("\n\n") if part.strip())
        extra = ""
        figure = getattr(plan, "figure", None)
        if figure is not None:
            extra = (getattr(figure, "alt", "") or "").strip()
        out.append(NoteBlock(number, plan.kind, (plan.title or "").strip(), bullets, notes, plan.line, extra))
    return tuple(out)


#: Characters a sentence or a clause ends with: a notes paragraph ending otherwise is not complete.
ENDS = (".", "!", "?", "\u201d", "\"", "\u2019", ")", "]", "\u2026")
#: A paragraph this short (characters) and not ending as a sentence reads as a heading or a lead-in.
LEAD_IN_CHARS = 120


def introduces(text: str) -> bool:
    """True for a notes paragraph that introduces what follows and must stay with it on the page: a short
    line that does not end a sentence (a section's sub-heading carried into the notes, "Options include:")."""
    text = text.strip()
    if not text or "\n" in text or len(text) > LEAD_IN_CHARS:
        return False
    return text.endswith(":") or not text.endswith(ENDS + (";", ","))

