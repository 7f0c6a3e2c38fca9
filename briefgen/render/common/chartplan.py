"""The one chart plan every output draws: pure geometry from a :class:`~briefgen.model.Chart`.

:func:`plan_chart` turns a chart into a :class:`ChartPlan`: nice axis ticks,
bars, lines with markers, legend, labels and timeline rows, in abstract units
with the origin at the top left and ``y`` growing downwards (as in SVG). Text
is measured with the caller's ``measure`` function (the real font metrics of
the output), so labels are placed and wrapped for the face that draws them.

The memo (ReportLab graphics), the handout (SVG) and the deck (timeline
shapes) each translate the same primitives; nothing here imports a drawing
library. Series are told apart by color (the theme's ``charts.series``, checked
for color-vision deficiencies by :mod:`.palette`) and, on line charts, also by
dash pattern and marker shape.

What a plan is made of (the primitives, :class:`ChartStyle`) is :mod:`.chartshapes`; the chart's
numbers as a table and as words (the handout's data table, the deck's notes) are :mod:`.chartdata`.
"""

from __future__ import annotations

import math
from typing import List, Optional, Tuple

from ...language import number_text
from ...model import Chart, when_text
from .chartshapes import DASHES, MARKERS, ChartPlan, ChartStyle, Dot, Item, Label, Line, Measure, Poly, Rect

# ------------------------------------------------------------------ numbers


def nice_ticks(lo: float, hi: float, target: int = 5) -> Tuple[float, ...]:
    """Round tick values covering ``lo``..``hi`` (steps of 1, 2, 2.5 or 5 times a power of ten)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return (0.0, 1.0)
    if hi < lo:
        lo, hi = hi, lo
    if hi - lo < 1e-9 * max(abs(hi), abs(lo), 1.0):  # one value (or a span below display precision)
        hi = lo + (abs(lo) if abs(lo) > 1e-9 else 1.0)
    span = hi - lo
    mag = 10 ** math.floor(math.log10(span / target))
    step = mag
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        step = m * mag
        if span / step <= target + 0.5:
            break
    start = math.floor(lo / step + 1e-9) * step
    end = math.ceil(hi / step - 1e-9) * step
    count = int(round((end - start) / step))
    return tuple(round(start + i * step, 10) for i in range(count + 1))


def tick_text(value: float, step: float, lang: str = "en") -> str:
    """A tick's label: decimals only as fine as the step, thousands separated (as ``lang`` does), a real minus."""
    decimals = 0
    while decimals < 6 and abs(round(step * 10**decimals) - step * 10**decimals) > 1e-6:
        decimals += 1
    text = number_text(value, decimals, lang)
    if text.lstrip("-").strip("0.,") == "":
        text = "0"
    return text.replace("-", "\u2212")


def wrap(text: str, width: float, size: float, measure: Measure, bold: bool = False) -> Tuple[str, ...]:
    """``text`` broken at spaces into lines no wider than ``width`` (a longer word gets a line of its own)."""
    words = text.split()
    lines: List[str] = []
    current = ""
    for word in words:
        trial = f"{current} {word}" if current else word
        if current and measure(trial, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return tuple(lines) or ("",)


# ------------------------------------------------------------------ the plan


def plan_chart(chart: Chart, width: float, style: ChartStyle, height: Optional[float] = None) -> ChartPlan:
    """The drawing of ``chart`` in a box ``width`` wide (``height``: the plot's height, default by kind)."""
    if chart.kind == "timeline":
        return _timeline(chart, width, style)
    if chart.kind == "hbar":
        return _hbar(chart, width, style)
    return _vertical(chart, width, style, height)


def _color(style: ChartStyle, index: int) -> str:
    return style.palette[index % len(style.palette)] if style.palette else style.text


def _legend(chart: Chart, width: float, style: ChartStyle, top: float, items: List[Item], line: bool) -> float:
    """Swatches and series names flowing in rows from ``top``; returns the legend's height (0: one series)."""
    if len(chart.series) < 2:
        return 0.0
    s = style.size
    lead = s * 1.35
    x, y = 0.0, top
    for index, series in enumerate(chart.series):
        name_w = style.measure(series.name, s, False)
        key_w = s * 1.9 if line else s * 1.3
        need = key_w + name_w
        if x > 0 and x + need > width:
            x, y = 0.0, y + lead
        mid = y + lead / 2
        if line:
            items.append(Line(x, mid, x + s * 1.4, mid, _color(style, index), 2.0, _dash(index, 2.0)))
            items.append(Dot(x + s * 0.7, mid, s * 0.28, _color(style, index), MARKERS[index % len(MARKERS)]))
        else:
            items.append(Rect(x, mid - s * 0.42, s * 0.84, s * 0.84, _color(style, index), index))
        items.append(Label(x + key_w, mid + s * 0.35, (series.name,), s,
                           style.text, role="legend"))
        x += need + s * 1.2
    return (y - top) + lead + s * 0.4


def _dash(index: int, width: float) -> Tuple[float, ...]:
    return tuple(d * width for d in DASHES[index % len(DASHES)])


def _value_range(chart: Chart) -> Tuple[float, float]:
    if chart.stacked:
        n = len(chart.categories)
        pos = [sum(max(s.values[i], 0.0) for s in chart.series) for i in range(n)]
        neg = [sum(min(s.values[i], 0.0) for s in chart.series) for i in range(n)]
        return min(neg + [0.0]), max(pos + [0.0])
    values = [v for s in chart.series for v in s.values]
    lo, hi = min(values), max(values)
    if chart.kind == "line":
        if lo >= 0 and lo <= hi * 0.6:
            lo = 0.0
        return lo, hi
    return min(lo, 0.0), max(hi, 0.0)


def value_ticks(chart: Chart) -> Tuple[float, ...]:
    """The value axis' ticks of a bar or line chart (every output uses the same scale)."""
    lo, hi = _value_range(chart)
    return nice_ticks(lo, hi)


def _vertical(chart: Chart, width: float, style: ChartStyle, height: Optional[float]) -> ChartPlan:
    s = style.size
    items: List[Item] = []
    legend_h = _legend(chart, width, style, 0.0, items, chart.kind == "line")
    ticks = value_ticks(chart)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    texts = [tick_text(t, step, style.lang) for t in ticks]
    left = max(style.measure(t, s, False) for t in texts) + s * 0.6
    right = width - s * 0.3
    n = len(chart.categories)
    band = (right - left) / max(n, 1)
    cat_w = max(style.measure(c, s, False) for c in chart.categories)
    stride = 1
    while stride < n and cat_w > band * stride - s * 0.5:
        stride += 1
    top = legend_h + s * 0.7
    plot_h = height if height is not None else max(width * 0.42, s * 10)
    bottom = top + plot_h
    total = top + plot_h + s * 1.9

    def y_of(v: float) -> float:
        return bottom - (v - ticks[0]) / (ticks[-1] - ticks[0]) * plot_h

    for t, text in zip(ticks, texts):
        y = y_of(t)
        items.append(Line(left, y, right, y, style.rule, 0.5))
        items.append(Label(left - s * 0.4, y + s * 0.35, (text,), s, style.muted, "end", role="tick"))
    zero = y_of(0.0) if ticks[0] <= 0 <= ticks[-1] else bottom
    if chart.kind == "line":
        for j, series in enumerate(chart.series):
            pts = tuple((left + band * (i + 0.5), y_of(v)) for i, v in enumerate(series.values))
            items.append(Poly(pts, _color(style, j), 2.0, _dash(j, 2.0), j))
            for x, y in pts:
                items.append(Dot(x, y, s * 0.3, _color(style, j), MARKERS[j % len(MARKERS)], style.background))
    elif chart.stacked:
        bar = band * 0.62
        for i in range(n):
            x = left + band * i + (band - bar) / 2
            up, down = 0.0, 0.0
            for j, series in enumerate(chart.series):
                v = series.values[i]
                base = up if v >= 0 else down
                y1, y2 = y_of(base), y_of(base + v)
                items.append(Rect(x, min(y1, y2), bar, abs(y2 - y1), _color(style, j), j, i))
                if v >= 0:
                    up += v
                else:
                    down += v
    else:
        group = band * 0.74
        each = group / len(chart.series)
        for i in range(n):
            x0 = left + band * i + (band - group) / 2
            for j, series in enumerate(chart.series):
                y1, y2 = zero, y_of(series.values[i])
                gap = each * 0.06 if len(chart.series) > 1 else 0.0
                items.append(Rect(x0 + each * j + gap / 2, min(y1, y2), each - gap, abs(y2 - y1), _color(style, j), j, i))
    # the baseline: dark at zero; a value axis that does not reach zero ends in a plain grid line
    has_zero = ticks[0] <= 0 <= ticks[-1]
    items.append(Line(left, zero, right, zero, style.text if has_zero else style.rule, 0.9 if has_zero else 0.5))
    for i, cat in enumerate(chart.categories):
        if i % stride == 0:
            half = style.measure(cat, s, False) / 2  # a label wider than its band stays inside the box
            x = min(max(left + band * (i + 0.5), half), width - half)
            items.append(Label(x, bottom + s * 1.35, (cat,), s, style.text, "middle", role="category"))
    return ChartPlan(chart.kind, width, total, tuple(items))


def _hbar(chart: Chart, width: float, style: ChartStyle) -> ChartPlan:
    s = style.size
    lead = s * 1.25
    items: List[Item] = []
    legend_h = _legend(chart, width, style, 0.0, items, False)
    label_w = min(max(style.measure(c, s, False) for c in chart.categories), width * 0.34)
    wrapped = [wrap(c, label_w, s, style.measure) for c in chart.categories]
    label_w = max(style.measure(line, s, False) for lines in wrapped for line in lines)
    ticks = value_ticks(chart)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    texts = [tick_text(t, step, style.lang) for t in ticks]
    left = label_w + s * 0.8
    right = width - style.measure(texts[-1], s, False) / 2 - s * 0.2
    per = len(chart.series) if not chart.stacked else 1
    rows = [max(len(lines) * lead, per * s * 0.95 + s * 0.2) + s * 0.55 for lines in wrapped]
    top = legend_h + s * 0.3
    plot_h = sum(rows)
    bottom = top + plot_h

    def x_of(v: float) -> float:
        return left + (v - ticks[0]) / (ticks[-1] - ticks[0]) * (right - left)

    for t, text in zip(ticks, texts):
        x = x_of(t)
        items.append(Line(x, top, x, bottom, style.rule, 0.5))
        items.append(Label(x, bottom + s * 1.35, (text,), s, style.muted, "middle", role="tick"))
    zero = x_of(0.0) if ticks[0] <= 0 <= ticks[-1] else left
    y = top
    for i, (lines, row) in enumerate(zip(wrapped, rows)):
        inner = row - s * 0.55
        y0 = y + s * 0.275
        text_h = len(lines) * lead
        items.append(Label(left - s * 0.5, y0 + (inner - text_h) / 2 + s * 0.95, lines, s, style.text, "end",
                           leading=lead, role="category"))
        if chart.stacked:
            bar_h = min(inner, s * 1.3)
            by = y0 + (inner - bar_h) / 2
            up, down = 0.0, 0.0
            for j, series in enumerate(chart.series):
                v = series.values[i]
                base = up if v >= 0 else down
                x1, x2 = x_of(base), x_of(base + v)
                items.append(Rect(min(x1, x2), by, abs(x2 - x1), bar_h, _color(style, j), j, i))
                if v >= 0:
                    up += v
                else:
                    down += v
        else:
            each = min(inner / len(chart.series), s * 1.3)
            by = y0 + (inner - each * len(chart.series)) / 2
            for j, series in enumerate(chart.series):
                x2 = x_of(series.values[i])
                gap = each * 0.08 if len(chart.series) > 1 else 0.0
                items.append(Rect(min(zero, x2), by + each * j + gap / 2, abs(x2 - zero), each - gap, _color(style, j), j, i))
        y += row
    has_zero = ticks[0] <= 0 <= ticks[-1]
    items.append(Line(zero, top, zero, bottom, style.text if has_zero else style.rule, 0.9 if has_zero else 0.5))
    return ChartPlan("hbar", width, bottom + s * 1.9, tuple(items))


def _timeline(chart: Chart, width: float, style: ChartStyle) -> ChartPlan:
    s = style.size
    lead = s * 1.3
    items: List[Item] = []
    date_w = max(style.measure(when_text(e.when, style.lang), s, True) for e in chart.events)
    rule_x = date_w + s * 1.0
    text_x = rule_x + s * 1.0
    text_w = max(width - text_x, s * 6)
    rows = []
    for event in chart.events:
        lines = wrap(event.text, text_w, s, style.measure)
        rows.append((event, lines, len(lines) * lead + s * 0.7))
    total = sum(r[2] for r in rows) + s * 0.2
    first_mid = s * 0.55
    last_mid = total - rows[-1][2] + s * 0.55 if rows else first_mid
    items.append(Line(rule_x, first_mid, rule_x, max(last_mid, first_mid), style.rule, 1.5))
    y = 0.0
    for event, lines, row in rows:
        base = y + s * 0.95
        items.append(Dot(rule_x, base - s * 0.35, s * 0.36, _color(style, 0), "circle", style.background))
        items.append(Label(date_w, base, (when_text(event.when, style.lang),), s, style.text, "end", bold=True, role="date"))
        items.append(Label(text_x, base, lines, s, style.text, "start", leading=lead, role="event"))
        y += row
    return ChartPlan("timeline", width, total, tuple(items))
