"""Charts in the handout: the shared chart plan as inline, accessible, deterministic SVG.

Each chart is a ``<figure>``: a caption (title and units), two drawings of the
same plan (one planned for the page's width, one for a phone's, chosen by the
layout's CSS; the hidden one is out of the accessibility tree), each an
``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``
(the alt text), then the numbers as a real ``<table>`` in a ``<details>``, and
the source line. WeasyPrint draws the same SVG in the handout PDF, as vector.

Text is measured with the chart face's own metrics (fontTools), so labels sit
where the browser draws them. Coordinates are rounded to two decimals; the
markup depends only on the model and the layout (byte-identical builds).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any, Callable, List

from markupsafe import Markup

from ... import model as m
from ..common.chartdata import data_rows
from ..common.chartplan import ChartPlan, ChartStyle, Dot, Label, Line, Poly, Rect, plan_chart
from ..common.chartstyle import chart_palette, font_role

log = logging.getLogger(__name__)

WIDE = (640.0, 13.0, 0.40)
"""The page drawing: plan width, label size and plot height as a share of the width."""
NARROW = (340.0, 12.5, 0.62)
"""The phone drawing (shown under the layout's phone breakpoint)."""


def _esc(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@lru_cache(maxsize=8)
def _advances(path: str) -> tuple:
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    cmap = font.getBestCmap() or {}
    hmtx = font["hmtx"].metrics
    upem = float(font["head"].unitsPerEm)
    widths = {code: hmtx[name][0] / upem for code, name in cmap.items() if name in hmtx}
    default = hmtx.get(".notdef", (upem * 0.5, 0))[0] / upem
    return widths, default


def font_measure(face) -> Callable[[str, float, bool], float]:
    """``measure(text, size, bold)`` from a theme face's regular and bold files."""

    def measure(text: str, size: float, bold: bool) -> float:
        widths, default = _advances(str(face.bold if bold else face.regular))
        return sum(widths.get(ord(ch), default) for ch in text) * size

    return measure


def svg(plan: ChartPlan, ident: str, title: str, desc: str, family: str, css_class: str) -> str:
    """One plan as an ``<svg role="img">`` with ``<title>`` and ``<desc>`` (ids ``ident-title``/``ident-desc``)."""
    out: List[str] = [
        f'<svg class="{css_class}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(plan.width)} {_n(plan.height)}" '
        f'width="{_n(plan.width)}" height="{_n(plan.height)}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="{_esc(family)}">',
        f'<title id="{ident}-title">{_esc(title)}</title>',
        f'<desc id="{ident}-desc">{_esc(desc)}</desc>',
    ]
    for item in plan.items:
        out.append(_item(item))
    out.append("</svg>")
    return "\n".join(x for x in out if x)


def _dash(dash) -> str:
    return f' stroke-dasharray="{" ".join(_n(d) for d in dash)}"' if dash else ""


def _item(item: object) -> str:
    if isinstance(item, Rect):
        if item.w <= 0 or item.h <= 0:
            return ""
        return f'<rect x="{_n(item.x)}" y="{_n(item.y)}" width="{_n(item.w)}" height="{_n(item.h)}" fill="{item.fill}"/>'
    if isinstance(item, Line):
        return (f'<line x1="{_n(item.x1)}" y1="{_n(item.y1)}" x2="{_n(item.x2)}" y2="{_n(item.y2)}" '
                f'stroke="{item.stroke}" stroke-width="{_n(item.width)}"{_dash(item.dash)}/>')
    if isinstance(item, Poly):
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in item.points)
        return (f'<polyline points="{points}" fill="none" stroke="{item.stroke}" stroke-width="{_n(item.width)}" '
                f'stroke-linejoin="round"{_dash(item.dash)}/>')
    if isinstance(item, Dot):
        stroke = f' stroke="{item.stroke}" stroke-width="{_n(item.r * 0.45)}"' if item.stroke else ""
        r, cx, cy = item.r, item.cx, item.cy
        if item.shape == "square":
            r *= 0.9
            return f'<rect x="{_n(cx - r)}" y="{_n(cy - r)}" width="{_n(2 * r)}" height="{_n(2 * r)}" fill="{item.fill}"{stroke}/>'
        if item.shape == "triangle":
            r *= 1.15
            pts = [(cx, cy - r), (cx + r, cy + r * 0.8), (cx - r, cy + r * 0.8)]
        elif item.shape == "diamond":
            r *= 1.2
            pts = [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)]
        else:
            return f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" fill="{item.fill}"{stroke}/>'
        return f'<polygon points="{" ".join(f"{_n(x)},{_n(y)}" for x, y in pts)}" fill="{item.fill}"{stroke}/>'
    if isinstance(item, Label):
        weight = ' font-weight="700"' if item.bold else ""
        anchor = f' text-anchor="{item.anchor}"' if item.anchor != "start" else ""
        head = f'<text x="{_n(item.x)}" y="{_n(item.y)}" font-size="{_n(item.size)}" fill="{item.color}"{anchor}{weight}>'
        if len(item.lines) == 1:
            return head + _esc(item.lines[0]) + "</text>"
        lead = item.leading or item.size * 1.25
        spans = "".join(f'<tspan x="{_n(item.x)}" dy="{_n(0 if i == 0 else lead)}">{_esc(t)}</tspan>'
                        for i, t in enumerate(item.lines))
        return head + spans + "</text>"
    return ""


class ChartWriter:
    """Makes each chart's ``<figure>`` for one handout (ids numbered in order)."""

    def __init__(self, ctx: Any) -> None:
        theme = ctx.layout.theme
        self.ctx = ctx
        self.role = font_role(theme)
        self.measure = font_measure(theme.fonts[self.role])
        self.family = f"'{theme.fonts[self.role].family}', sans-serif"  # the @font-face name (WeasyPrint: no var() in SVG)
        self.colors = theme.colors
        self.labels = theme.labels
        self.lang = ctx.doc.lang or "en"
        self.count = 0
        self._palette = None
        #: a listed chart's id when it has none (set with the contents; see HtmlWriter.item_ids)
        self.item_ids: dict = {}

    def style(self, size: float) -> ChartStyle:
        """The chart style at label ``size`` (palette checked once, with its warnings)."""
        if self._palette is None:
            self._palette = chart_palette(self.ctx)
        c = self.colors
        return ChartStyle(self._palette, c["text"], c["muted"], c["rule"], c["background"], size, self.measure, self.lang)

    def __call__(self, chart: m.Chart) -> Markup:
        self.count += 1
        ident = f"chart-{self.count}"
        drawings = []
        for name, (width, size, share) in (("wide", WIDE), ("narrow", NARROW)):
            plan = plan_chart(chart, width, self.style(size), height=width * share)
            drawings.append(svg(plan, f"{ident}-{name}", chart.title, chart.alt, self.family, f"chart-svg chart-{name}"))
        header, rows = data_rows(chart, self.labels, self.lang)
        numeric = chart.kind != "timeline"
        num = ' class="num align-right"' if numeric else ""
        head = "".join(f'<th scope="col"{num if i else ""}>{_esc(h)}</th>' for i, h in enumerate(header))
        # a chart's categories are row headers; a timeline's two columns (date, event) need only column headers
        body = "\n".join(
            "<tr>" + "".join(
                (f'<th scope="row">{_esc(v)}</th>' if i == 0 and numeric else f'<td{num}>{_esc(v)}</td>')
                for i, v in enumerate(row)) + "</tr>"
            for row in rows)
        summary = self.labels.get("chart_data", "The numbers in this chart") if numeric else self.labels.get(
            "timeline_data", "The events in this timeline")
        units = f'<span class="chart-units">{_esc(chart.units)}</span>' if chart.units else ""
        source = f'\n<p class="chart-source">{_esc(chart.source)}</p>' if chart.source else ""
        caption_units = f" ({_esc(chart.units)})" if chart.units else ""
        html = (
            f'<figure class="chart chart-{chart.kind}" id="{_esc(chart.ident or self.item_ids.get(id(chart)) or ident)}">\n'
            f'<figcaption><span class="chart-title">{_esc(chart.title)}</span>{units}</figcaption>\n'
            + "\n".join(drawings) + source
            + f'\n<details class="chart-data">\n<summary>{_esc(summary)}</summary>\n'
            f'<div class="table-wrap" role="region" aria-labelledby="{ident}-caption" tabindex="0">\n'
            f'<table>\n<caption id="{ident}-caption">{_esc(chart.title)}{caption_units}</caption>\n'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n</div>\n</details>"
            + "\n</figure>"
        )
        return Markup(html)

