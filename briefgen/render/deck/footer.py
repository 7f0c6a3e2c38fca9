"""The footer's running head: the brief's short title, fitted to the template's footer box.

A template's footer box is often small (a LibreOffice template's is 3.5 inches
wide at 14 pt), and a long short title set there either wraps out of the box
or, with wrapping off, runs past the slide's edge ("Do not be Disappointed i").
So the text is fitted at the template's own size: whole; else cut at a
clause boundary (before a colon, dash or parenthesis); else cut at a word
boundary, with trailing small words dropped and an ellipsis marking the cut
(as the source layer shortens a long title into ``short_title``); else left
out, the slide number alone. Anything but the whole text is reported once per
layout, at the front matter's ``short_title`` (or ``title``) line, with the fix.

Pure: no python-pptx.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Dict, List, Optional, Sequence

from ...model import Document
from ..common.units import INCH
from .fit import Measurer
from .geometry import Frame
from .model import DeckSettings, SlidePlan
from .paginate import title_candidates
from .text import clean

#: Share of a footer box the text may fill: footers are set in the template's own face, which may be wider.
FOOTER_SAFETY = 0.85
#: Line height margin: the template's face may set taller lines than the measuring one.
LINE_SAFETY = 1.1
#: Words a shortened running head does not end on ("Do not be Disappointed if…" reads as a slip).
WEAK_ENDINGS = frozenset(
    "a an and as at by for from if in into of on or the to with vs der die das und von für le la les et de du des "
    "el los las y del en het een en van voor".split()
)
ELLIPSIS = "\u2026"


def footer_lines(m: Measurer, frame: Optional[Frame], size: float) -> int:
    """How many lines of ``size`` points the footer box holds (0: not even one)."""
    if frame is None:
        return 0
    return int(frame.inner_h // (m.line_height(size) * LINE_SAFETY))


def word_candidates(text: str) -> List[str]:
    """``text`` cut after ever fewer words (two at least), small trailing words dropped, an ellipsis marking the cut."""
    words = text.split()
    out: List[str] = []
    for n in range(len(words) - 1, 1, -1):
        kept = list(words[:n])
        while len(kept) > 2 and kept[-1].casefold().strip(",;:") in WEAK_ENDINGS:
            kept.pop()
        head = " ".join(kept).rstrip(",;:\u2014\u2013- ")
        candidate = head + ELLIPSIS
        if head and candidate not in out:
            out.append(candidate)
    return out


def footer_text(m: Measurer, text: str, frame: Optional[Frame], size: float) -> str:
    """The longest form of ``text`` that fits ``frame`` at ``size`` (whole, at a clause, at a word); else ""."""
    if frame is None or not text:
        return ""
    lines = footer_lines(m, frame, size)
    if lines < 1:
        return ""
    width = frame.inner_w * FOOTER_SAFETY
    for candidate in title_candidates(text) + word_candidates(text):
        if m.count_lines(candidate, width, size) <= lines:
            return candidate
    return ""


def _problem(text: str, fitted: str, layout: str, frame: Frame, size: float, lines: int, noun: str = "short title") -> str:
    box = f"{frame.w / INCH:.1f} x {frame.h / INCH:.1f} in at {size:g} pt"
    if not lines:
        what = f"the footer box of layout '{layout}' ({box}) cannot hold a line of text: its slides show the slide number only"
    elif not fitted:
        what = f"the {noun} '{text}' does not fit the footer box of layout '{layout}' ({box}): left out"
    else:
        what = f"the {noun} '{text}' does not fit the footer box of layout '{layout}' ({box}): shortened to '{fitted}'"
    fix = "a larger footer box in the template" if not lines else \
        "a shorter 'short_title:' in the front matter, or a larger footer box in the template"
    if lines and fitted and noun == "title":  # cut by the source layer: the box may well hold more
        what = f"the title is too long for the footer of layout '{layout}' ({box}): shortened to '{fitted}'"
        fix = "a 'short_title:' in the front matter (the footer's and running heads' title)"
    return f"deck: {what}. Fix: {fix}"


def _cut_title(short: str, title: str) -> bool:
    """Whether ``short`` is ``title`` cut at a word by the source layer (no ``short_title:`` given), as
    ``Do not be Disappointed if…``: a cut the footer shows, to report as a cut made here is."""
    return short != title and short.endswith(ELLIPSIS) and title.startswith(short[:-1].rstrip())


def with_footers(slides: Sequence[SlidePlan], settings: DeckSettings, m: Measurer, doc: Document,
                 warn: Optional[Callable[[Optional[int], str], None]] = None) -> List[SlidePlan]:
    """Each slide's footer text, fitted to its layout's footer box at the template's size; ``warn`` hears of cuts."""
    shown = clean(doc.meta.short_title or doc.meta.title_text)
    full = clean(doc.meta.title_text)
    text, noun = (full, "title") if _cut_title(shown, full) else (shown, "short title")  # what the reader should see
    specs = {spec.layout: spec for spec in list(settings.kinds.values()) + list(settings.layouts.values())}
    line = doc.meta.line_of("short_title") or doc.meta.line_of("title")
    reported: Dict[tuple, str] = {}  # one report per footer box (a template's layouts usually share the master's)
    out = []
    for slide in slides:
        spec = specs.get(slide.layout)
        if spec is None or not slide.footer:
            out.append(slide)
            continue
        fitted = footer_text(m, shown, spec.footer, spec.footer_size)
        key = (round(spec.footer.w), round(spec.footer.h), spec.footer_size) if spec.footer is not None else None
        if text and key is not None and fitted != text and key not in reported:
            reported[key] = fitted
            if warn is not None:
                warn(line, _problem(text, fitted, spec.layout, spec.footer, spec.footer_size,
                                    footer_lines(m, spec.footer, spec.footer_size), noun))
        out.append(replace(slide, footer_text=fitted, footer_size=spec.footer_size))
    return out
