"""A chart's numbers in words: the data table the handout shows beside a chart, the deck's speaker notes.

Values keep the decimals their series uses (42.1 and 3.0 stay "42.1" and "3.0"), thousands are
separated and a minus is a real minus, as on the chart's own ticks.
"""

from __future__ import annotations

import logging
from typing import Mapping, Optional, Tuple

from ...language import number_text
from ...model import Chart, when_text

log = logging.getLogger(__name__)


def data_rows(chart: Chart, labels: Optional[Mapping[str, str]] = None, lang: str = "en"
              ) -> Tuple[Tuple[str, ...], Tuple[Tuple[str, ...], ...]]:
    """The chart's numbers as a table: header and rows of text (for the handout and the notes).

    ``labels`` (the theme's) name a timeline's two columns (``timeline_date``, ``timeline_event``);
    numbers and dates are written as ``lang`` writes them."""
    if chart.kind == "timeline":
        words = labels or {}
        header = (words.get("timeline_date", "Date"), words.get("timeline_event", "Event"))
        return header, tuple((when_text(e.when, lang), e.text) for e in chart.events)
    header = (chart.x_label or "",) + tuple(s.name for s in chart.series)
    places = [max(_decimals(v) for v in s.values) for s in chart.series]  # 42.1 and 3.0 stay "42.1" and "3.0"
    rows = tuple((cat,) + tuple(_fixed(s.values[i], d, lang) for s, d in zip(chart.series, places))
                 for i, cat in enumerate(chart.categories))
    return header, rows


def _decimals(value: float) -> int:
    """How many decimals ``value`` needs (at most 6)."""
    for places in range(7):
        if abs(round(value, places) - value) < 1e-9:
            return places
    return 6


def _fixed(value: float, places: int, lang: str = "en") -> str:
    return number_text(value, places, lang).replace("-", "\u2212")


def source_line(source: str, labels: Mapping[str, str]) -> str:
    """``Source: ...`` in the labels' language (``source_line``), unless ``source`` starts with that word already."""
    template = labels.get("source_line") or "Source: {source}"
    word = template.split("{source}")[0].strip(" :\u00a0").lower()
    if word and source.lower().startswith(word):
        return source
    return template.replace("{source}", source)


def notes_text(chart: Chart, labels: Optional[Mapping[str, str]] = None, lang: str = "en") -> str:
    """The chart as plain text for speaker notes: title, units, the numbers row by row, source."""
    header, rows = data_rows(chart, labels, lang)
    lines = [chart.title + (f" ({chart.units})" if chart.units else "")]
    if chart.kind == "timeline":
        lines += [f"{when}: {what}" for when, what in rows]
    else:
        lines += [f"{row[0]}: " + "; ".join(f"{h} {v}" for h, v in zip(header[1:], row[1:])) for row in rows]
    if chart.source:
        lines.append(source_line(chart.source, labels or {}))
    return "\n".join(lines)
