"""A chart's generated alt text, in the words of the layout's labels and the brief's language.

A chart written without an ``Alt:`` line gets a plain description from its data
("Bar chart of Tonnes by Year, 1995 to 1996. Tonnes: 150 in 1995, ..."). The
source layer writes it in English (:func:`chart_alt` with no labels) and marks
the chart ``alt_generated``; :func:`localize_alts` (called once for every
renderer by :class:`~briefgen.render.RenderContext`) writes it again from the
layout's ``alt_*`` labels in the brief's language, with numbers and dates as
that language writes them. A brief in English with the default labels keeps the
source layer's text, so its outputs do not change.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Mapping, Optional

from ..language import number_text, primary
from .blocks import Block, Chart
from .document import Document
from .text import format_number, when_text

log = logging.getLogger(__name__)

DEFAULT_ALT_LABELS = {
    "alt_bar": "Bar chart",
    "alt_hbar": "Horizontal bar chart",
    "alt_line": "Line chart",
    "alt_stacked_bar": "Stacked bar chart",
    "alt_stacked_hbar": "Stacked horizontal bar chart",
    "alt_chart": "{kind} of {series} by {axis}, {span}{units}.",
    "alt_category": "category",
    "alt_span": "{first} to {last}",
    "alt_series": "{name}: {first} in {first_at}, {last} in {last_at}; highest {high} ({high_at}), lowest {low} ({low_at}).",
    "alt_timeline": "Timeline, {span}: {events}",
    "alt_separator": "; ",
}
"""The English words of a generated alt text (the default layout's ``labels:`` holds the same)."""


def _fill(template: str, **values: str) -> str:
    """``template`` with each ``{name}`` replaced (no other brace is read: a label is not a format string)."""
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


def alt_number(value: float, lang: str = "en") -> str:
    """A number as :func:`~briefgen.model.text.format_number` writes it (at most two decimals, a real
    minus), grouped and pointed as ``lang`` writes numbers."""
    if primary(lang) == "en":
        return format_number(value)
    places = 0 if float(value).is_integer() else len(f"{value:.2f}".rstrip("0").split(".")[1])
    return number_text(value, places, lang).replace("-", "\u2212")


def chart_alt(chart: Chart, labels: Optional[Mapping[str, str]] = None, lang: str = "en") -> str:
    """A plain description of ``chart`` from its data in ``labels`` (the ``alt_*`` keys; English when
    missing), numbers and dates in ``lang``."""
    words = dict(DEFAULT_ALT_LABELS)
    words.update({k: v for k, v in (labels or {}).items() if k in DEFAULT_ALT_LABELS and v})
    if chart.kind == "timeline":
        events = chart.events
        span = _fill(words["alt_span"], first=when_text(events[0].when, lang), last=when_text(events[-1].when, lang))
        said = words["alt_separator"].join(f"{when_text(e.when, lang)}, {e.text}" for e in events)
        return _fill(words["alt_timeline"], span=span, events=said)
    kind = words[f"alt_stacked_{chart.kind}" if chart.stacked else f"alt_{chart.kind}"]
    cats = chart.categories
    span = _fill(words["alt_span"], first=cats[0], last=cats[-1]) if len(cats) > 1 else cats[0]
    units = f" ({chart.units})" if chart.units else ""
    parts = [_fill(words["alt_chart"], kind=kind, series=", ".join(s.name for s in chart.series),
                   axis=chart.x_label or words["alt_category"], span=span, units=units)]
    for s in chart.series:
        hi = max(range(len(s.values)), key=lambda i: s.values[i])
        lo = min(range(len(s.values)), key=lambda i: s.values[i])
        parts.append(_fill(words["alt_series"], name=s.name,
                           first=alt_number(s.values[0], lang), first_at=cats[0],
                           last=alt_number(s.values[-1], lang), last_at=cats[-1],
                           high=alt_number(s.values[hi], lang), high_at=cats[hi],
                           low=alt_number(s.values[lo], lang), low_at=cats[lo]))
    return " ".join(parts)


def localize_alts(doc: Document, labels: Mapping[str, str]) -> Document:
    """``doc`` with each generated alt text written again in ``labels`` and the brief's language; ``doc``
    itself when nothing changes (an English brief with the default words keeps the source layer's text)."""
    lang = doc.lang or "en"

    def redo(block: Block) -> Block:
        if not isinstance(block, Chart) or not block.alt_generated:
            return block
        said = chart_alt(block, labels, lang)
        if said == chart_alt(block):  # the English default: the source's (typographer's) text stays
            return block
        return dataclasses.replace(block, alt=said)

    lede = tuple(redo(b) for b in doc.lede)
    sections = tuple(s if all(redo(b) is b for b in s.blocks) else dataclasses.replace(s, blocks=tuple(redo(b) for b in s.blocks))
                     for s in doc.sections)
    if all(a is b for a, b in zip(lede, doc.lede)) and all(a is b for a, b in zip(sections, doc.sections)):
        return doc
    log.debug("chart alt texts written in %s", lang)
    return dataclasses.replace(doc, lede=lede, sections=sections)
