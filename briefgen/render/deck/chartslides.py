"""A chart's slides, planned: where the chart goes, its caption line, a timeline split over slides.

:func:`plan_chart_slides` gives each chart a slide of the ``figure`` kind: the
title as the slide title, the chart in the figure area, the units and source
on a caption line under it, and the numbers in the speaker notes. A timeline
is planned with the shared :mod:`~briefgen.render.common.chartplan` in slide
points (its colors as theme role names, resolved by the writer), split over
"(cont.)" slides when its events do not fit at :data:`TIMELINE_MIN` points.
The plan is a :class:`~.model.ChartSlide`; :mod:`.charts` draws it.

Pure: no python-pptx.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Callable, List, Mapping, Optional

from ...model import Chart
from ..common.chartdata import notes_text, source_line
from ..common.chartplan import ChartStyle, plan_chart
from .geometry import Frame, caption_below
from .model import ChartSlide

log = logging.getLogger(__name__)

TIMELINE_SIZE = 18.0
"""A timeline's text size on a slide (points), set smaller down to :data:`TIMELINE_MIN`."""
TIMELINE_MIN = 14.0
ROLE_PALETTE = tuple(f"series{i}" for i in range(8))


def caption_text(chart: Chart, labels: Optional[Mapping[str, str]] = None) -> str:
    """The line under a chart on its slide: units and source (``labels``: the theme's, for "Source: ...")."""
    parts = [chart.units] if chart.units else []
    if chart.source:
        parts.append(source_line(chart.source, labels or {}))
    return " \u00b7 ".join(parts)


def plan_chart_slides(chart: Chart, area: Frame, caption_size: float, width: Callable[[str, float, bool], float],
                      count_lines: Callable[[str, float, float], int], line_height: Callable[[float], float],
                      labels: Optional[Mapping[str, str]] = None, lang: str = "en") -> List[ChartSlide]:
    """One :class:`ChartSlide` (a timeline: as many as its events need) in ``area``, caption under the chart
    (``labels``: the theme's; ``lang``: the brief's, for a timeline's dates)."""
    caption = caption_text(chart, labels)
    frame = None
    if caption:
        lines = count_lines(caption, area.w - 14.4, caption_size)
        area, frame = caption_below(area, lines * line_height(caption_size) + 8)
    box = (area.x, area.y, area.w, area.h)
    if chart.kind != "timeline":
        return [ChartSlide(chart, box, caption, frame, caption_size)]
    slides: List[ChartSlide] = []
    events = list(chart.events)
    while events:
        take, plan = len(events), None
        while take >= 1:
            part = _part(chart, events[:take])
            for size in (TIMELINE_SIZE, 16.0, TIMELINE_MIN):
                plan = plan_chart(part, area.w, _role_style(size, width, lang))
                if plan.height <= area.h:
                    break
            if plan.height <= area.h or take == 1:
                break
            take -= 1
        slides.append(ChartSlide(_part(chart, events[:take]), box, caption, frame, caption_size, plan))
        events = events[take:]
    return slides


def _part(chart: Chart, events) -> Chart:
    return replace(chart, events=tuple(events))


def _role_style(size: float, width: Callable[[str, float, bool], float], lang: str = "en") -> ChartStyle:
    return ChartStyle(ROLE_PALETTE, "text", "muted", "rule", "background", size, width, lang)


def chart_notes(chart: Chart, labels: Optional[Mapping[str, str]] = None, lang: str = "en") -> str:
    """Speaker notes for a chart slide: the alt text, then the numbers (``labels``: the theme's; ``lang``: the brief's)."""
    return "\n\n".join(t for t in (chart.alt, notes_text(chart, labels, lang)) if t)
