"""Charts in the memo: the shared :mod:`~briefgen.render.common.chartplan` drawn as vector graphics.

:class:`ChartFlowable` draws a plan with the canvas' own paths and text (no
image XObject: the labels are real text in the theme's embedded faces, found
by ``pdftotext``), scaled to the column. It behaves like an image figure: it
carries ``alt``, ``caption`` and ``credit`` for the tagging, and
:func:`build_chart` sets it between its title (with the units) and its source
line, kept together like a figure.
"""

from __future__ import annotations

import logging
from typing import Any, List

from ... import model as m
from ..common.itemlists import item_anchor
from ..common.chartplan import ChartPlan, ChartStyle, Dot, Label, Line, Poly, Rect, plan_chart
from ..common.chartstyle import chart_palette, font_role
from .markup import Run, text_runs

log = logging.getLogger(__name__)


def chart_flowable_class() -> type:
    """The chart flowable class (made on first use: ReportLab loads only when a chart is drawn)."""
    from reportlab.platypus import Flowable

    class ChartFlowable(Flowable):
        """A chart plan drawn in vector, ``scale`` times its plan size (``alt``, ``caption``, ``credit`` for tagging)."""

        def __init__(self, plan: ChartPlan, fonts: dict, alt: str, caption: str, credit: str, line: int,
                     max_height: float) -> None:
            super().__init__()
            self.plan = plan
            self.fonts = fonts
            self.alt = alt
            self.caption = caption
            self.credit = credit
            self.line = line
            self.scale = min(1.0, max_height / plan.height) if plan.height > 0 else 1.0
            self.hAlign = "LEFT"

        def wrap(self, availWidth: float, availHeight: float):  # ReportLab's name
            self.width = self.plan.width * self.scale
            self.height = self.plan.height * self.scale
            return self.width, self.height

        def draw(self) -> None:
            canvas = self.canv
            canvas.saveState()
            canvas.translate(0, self.height)
            canvas.scale(self.scale, -self.scale)  # the plan's y grows downwards
            for item in self.plan.items:
                _draw(canvas, item, self.fonts)
            canvas.restoreState()

    return ChartFlowable


def _hex(canvas_color: str):
    from reportlab.lib.colors import HexColor

    return HexColor(canvas_color)


def _draw(canvas, item: object, fonts: dict) -> None:
    if isinstance(item, Rect):
        if item.w <= 0 or item.h <= 0:
            return
        canvas.setFillColor(_hex(item.fill))
        canvas.rect(item.x, item.y, item.w, item.h, stroke=0, fill=1)
    elif isinstance(item, Line):
        canvas.setStrokeColor(_hex(item.stroke))
        canvas.setLineWidth(item.width)
        canvas.setDash(list(item.dash) if item.dash else [])
        canvas.line(item.x1, item.y1, item.x2, item.y2)
        canvas.setDash([])
    elif isinstance(item, Poly):
        canvas.setStrokeColor(_hex(item.stroke))
        canvas.setLineWidth(item.width)
        canvas.setLineJoin(1)
        canvas.setDash(list(item.dash) if item.dash else [])
        path = canvas.beginPath()
        path.moveTo(*item.points[0])
        for x, y in item.points[1:]:
            path.lineTo(x, y)
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.setDash([])
    elif isinstance(item, Dot):
        canvas.setFillColor(_hex(item.fill))
        stroke = 0
        if item.stroke:
            canvas.setStrokeColor(_hex(item.stroke))
            canvas.setLineWidth(item.r * 0.45)
            stroke = 1
        points = _marker_points(item)
        if item.shape == "circle" or not points:
            canvas.circle(item.cx, item.cy, item.r, stroke=stroke, fill=1)
        else:
            path = canvas.beginPath()
            path.moveTo(*points[0])
            for x, y in points[1:]:
                path.lineTo(x, y)
            path.close()
            canvas.drawPath(path, stroke=stroke, fill=1)
    elif isinstance(item, Label):
        _text(canvas, item, fonts)


def _marker_points(dot: Dot):
    r = dot.r
    if dot.shape == "square":
        r *= 0.9
        return [(dot.cx - r, dot.cy - r), (dot.cx + r, dot.cy - r), (dot.cx + r, dot.cy + r), (dot.cx - r, dot.cy + r)]
    if dot.shape == "triangle":
        r *= 1.15
        return [(dot.cx, dot.cy - r), (dot.cx + r, dot.cy + r * 0.8), (dot.cx - r, dot.cy + r * 0.8)]
    if dot.shape == "diamond":
        r *= 1.2
        return [(dot.cx, dot.cy - r), (dot.cx + r, dot.cy), (dot.cx, dot.cy + r), (dot.cx - r, dot.cy)]
    return []


def _text(canvas, label: Label, fonts: dict) -> None:
    font = fonts["bold" if label.bold else "regular"]
    canvas.setFillColor(_hex(label.color))
    lead = label.leading or label.size * 1.25
    for index, text in enumerate(label.lines):
        y = label.y + index * lead
        canvas.saveState()
        canvas.translate(label.x, y)
        canvas.scale(1, -1)  # upright text inside the flipped plan
        canvas.setFont(font, label.size)
        if label.anchor == "end":
            canvas.drawRightString(0, 0, text)
        elif label.anchor == "middle":
            canvas.drawCentredString(0, 0, text)
        else:
            canvas.drawString(0, 0, text)
        canvas.restoreState()


def build_chart(builder: Any, block: m.Chart, width: float) -> List[Any]:
    """A chart: its title and units, the vector drawing scaled to the column, its source; kept together."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import KeepTogether, Spacer

    theme = builder.ctx.layout.theme
    role = font_role(theme)
    fonts = {"regular": builder.fonts.name(role, "regular"), "bold": builder.fonts.name(role, "bold")}
    size = float(theme.sizes.get("small", 8.5))

    def measure(text: str, points: float, bold: bool) -> float:
        return stringWidth(text, fonts["bold" if bold else "regular"], points)

    colors = theme.colors
    style = ChartStyle(chart_palette(builder.ctx), colors["text"], colors["muted"], colors["rule"],
                       colors["background"], size, measure, builder.ctx.doc.lang or "en")
    plan = plan_chart(block, width, style, height=width * 0.38)
    cfg = builder.cfg
    max_h = builder.geo.frame_height * cfg.settings.boxes.figure.max_height
    flowable = chart_flowable_class()(plan, fonts, block.alt, block.title, block.source, block.line, max_h)
    from ..pdftags import tag

    # Tagged as a Figure with the chart's alt text (its labels are not read one by one); the title is its Caption.
    # The caption is drawn above the chart, so its node is made first: the tree's order is the paint order
    # (outloud ORD-001 counts a Caption painted before a Figure that precedes it in the tree).
    alt = " ".join((block.alt or "").split())
    tags = builder.tags
    flows: List[Any] = []
    title = [Run(builder.figure_label() + ".", bold=True), Run(" ")] + text_runs(block.title) if block.title else []
    anchor = item_anchor("figures", block.ident, builder.figure_count) if block.title else block.ident
    flows.extend(builder.paragraph(title, "caption", block.line, tag_as="Caption", anchor=anchor))
    flowable = tag(flowable, tags.leaf("Figure", alt=alt) if alt else tags.leaf("Figure", alt=block.title or "Chart"))
    if block.units:
        flows.extend(builder.paragraph(text_runs(block.units), "credit", block.line))
    flows.append(Spacer(1, size * 0.6))
    flows.append(flowable)
    if block.source:
        flows.append(Spacer(1, size * 0.4))
        flows.extend(builder.paragraph(text_runs(block.source), "credit", block.line))
    space = cfg.settings.boxes.figure.space
    flows[0].spaceBefore = space
    return [KeepTogether(flows), Spacer(1, space)]
