"""Charts in the deck, drawn: a native, editable PowerPoint chart per chart; a timeline as editable shapes.

:func:`add_chart` carries out a :class:`~.model.ChartSlide` (planned by
:mod:`.chartslides`) with python-pptx's chart API (``CategoryChartData``:
the data is embedded, so "Edit Data" works in PowerPoint and LibreOffice),
colored from the theme's ``charts.series``, with the alt text on the graphic
frame. A timeline's plan is drawn as a connector rule, oval dots and text
boxes. The embedded workbook is written by XlsxWriter with its creation date
fixed to the build's epoch (its zip entries are already dated 1980), so the
same build gives the same bytes.
"""

from __future__ import annotations

import logging
from typing import Sequence

from ..common.chartplan import Dot, Label, Line, value_ticks
from ..ooxml.chartdata import chart_data
from ..ooxml.color import rgb
from ..ooxml.text import add_line_box, add_runs, no_autofit, set_spacing
from .geometry import Frame
from .model import ChartSlide, Run

log = logging.getLogger(__name__)


# ------------------------------------------------------------------ writing (python-pptx)


def add_chart(slide, cs: ChartSlide, colors, palette: Sequence[str], face: str, epoch: int) -> None:
    """Put ``cs`` on ``slide``: a native chart, or a timeline's shapes, and the caption line."""
    if cs.timeline is not None:
        _timeline_shapes(slide, cs, colors, palette, face)
    else:
        _native(slide, cs, colors, palette, face, epoch)
    if cs.caption and cs.caption_frame is not None:
        add_line_box(slide, cs.caption_frame, "Credit", [Run(cs.caption)], cs.caption_size, face, colors["muted"])


def _native(slide, cs: ChartSlide, colors, palette: Sequence[str], face: str, epoch: int) -> None:
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
    from pptx.util import Pt

    chart = cs.chart
    kinds = {("bar", False): XL_CHART_TYPE.COLUMN_CLUSTERED, ("bar", True): XL_CHART_TYPE.COLUMN_STACKED,
             ("hbar", False): XL_CHART_TYPE.BAR_CLUSTERED, ("hbar", True): XL_CHART_TYPE.BAR_STACKED,
             ("line", False): XL_CHART_TYPE.LINE_MARKERS}
    x, y, w, h = cs.box
    frame = slide.shapes.add_chart(kinds[(chart.kind, chart.stacked)], Pt(x), Pt(y), Pt(w), Pt(h), chart_data(chart, epoch))
    c_nv_pr = frame._element.nvGraphicFramePr.cNvPr
    c_nv_pr.set("name", "Chart")
    c_nv_pr.set("descr", chart.alt)
    c_nv_pr.set("title", chart.title)
    native = frame.chart
    native.has_title = False
    native.font.name = face
    native.font.size = Pt(14)
    native.font.color.rgb = rgb(colors["text"])
    native.has_legend = len(chart.series) > 1
    if native.has_legend:
        native.legend.position = XL_LEGEND_POSITION.TOP
        native.legend.include_in_layout = False
        native.legend.font.size = Pt(14)
    plot = native.plots[0]
    if chart.kind != "line":
        plot.gap_width = 60
        plot.overlap = 100 if chart.stacked else -10
    markers = (XL_MARKER_STYLE.CIRCLE, XL_MARKER_STYLE.SQUARE, XL_MARKER_STYLE.TRIANGLE, XL_MARKER_STYLE.DIAMOND)
    for index, series in enumerate(plot.series):
        color = rgb(palette[index % len(palette)])
        if chart.kind == "line":
            series.format.line.color.rgb = color
            series.format.line.width = Pt(2.5)
            series.smooth = False
            series.marker.style = markers[index % len(markers)]
            series.marker.size = 7
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = color
            series.marker.format.line.color.rgb = color
            if index:
                from pptx.enum.dml import MSO_LINE_DASH_STYLE

                series.format.line.dash_style = (MSO_LINE_DASH_STYLE.DASH, MSO_LINE_DASH_STYLE.ROUND_DOT,
                                                 MSO_LINE_DASH_STYLE.DASH_DOT)[(index - 1) % 3]
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = color
            series.invert_if_negative = False
    value_axis, category_axis = native.value_axis, native.category_axis
    ticks = value_ticks(chart)  # the memo's and the handout's scale
    value_axis.minimum_scale, value_axis.maximum_scale = ticks[0], ticks[-1]
    if len(ticks) > 1:
        value_axis.major_unit = ticks[1] - ticks[0]
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = rgb(colors["rule"])
    value_axis.format.line.fill.background()
    value_axis.tick_labels.font.color.rgb = rgb(colors["muted"])
    value_axis.tick_labels.font.size = Pt(14)
    category_axis.tick_labels.font.size = Pt(14)
    category_axis.format.line.color.rgb = rgb(colors["text"])
    if chart.units:
        value_axis.has_title = False  # the units are on the caption line, in words
    if chart.kind == "hbar":
        from pptx.oxml.ns import qn

        category_axis.reverse_order = True  # first category on top, as in the memo and the handout
        # ... and the value axis at the bottom: it crosses at the last category ("at maximum category")
        crosses = value_axis._element.find(qn("c:crosses"))
        if crosses is not None:
            crosses.set("val", "max")


def _resolve(name: str, colors, palette: Sequence[str]) -> str:
    if name.startswith("series"):
        return palette[int(name[6:]) % len(palette)]
    return colors.get(name, colors.get("text", "#000000"))


def _timeline_shapes(slide, cs: ChartSlide, colors, palette: Sequence[str], face: str) -> None:
    """The timeline plan as native shapes: a connector rule, oval dots and text boxes (all editable)."""
    from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    x0, y0, _w, _h = cs.box
    plan = cs.timeline
    group = slide.shapes.add_group_shape()
    group.name = "Timeline"
    shapes = group.shapes
    # python-pptx re-measures a group over all its children after every shape added to it (quadratic:
    # 60 % of a timeline slide's time); the children never move once added, so measuring once at the
    # end gives the same extents. The override lives on this one group's shape collection only.
    shapes._recalculate_extents = lambda: None
    for item in plan.items:
        if isinstance(item, Line):
            line = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Pt(x0 + item.x1), Pt(y0 + item.y1),
                                              Pt(x0 + item.x2), Pt(y0 + item.y2))
            line.line.color.rgb = rgb(_resolve(item.stroke, colors, palette))
            line.line.width = Pt(item.width * 1.5)
        elif isinstance(item, Dot):
            dot = shapes.add_shape(MSO_SHAPE.OVAL, Pt(x0 + item.cx - item.r), Pt(y0 + item.cy - item.r),
                                         Pt(2 * item.r), Pt(2 * item.r))
            dot.fill.solid()
            dot.fill.fore_color.rgb = rgb(_resolve(item.fill, colors, palette))
            dot.line.color.rgb = rgb(_resolve(item.stroke or "background", colors, palette))
            dot.shadow.inherit = False
        elif isinstance(item, Label):
            lead = item.leading or item.size * 1.25
            # the lines are already broken: a date's box ends at its anchor, an event's runs to the plan's edge
            left, text_w = (0.0, item.x) if item.anchor == "end" else (item.x, max(plan.width - item.x, item.size * 2))
            top = item.y - item.size * 1.0
            height = lead * len(item.lines) + item.size * 0.4
            box = shapes.add_textbox(Pt(x0 + left), Pt(y0 + top), Pt(text_w), Pt(height))
            box.name = "Date" if item.role == "date" else "Event"
            no_autofit(box.text_frame, Frame(0, 0, 0, 0, 0, 0, 0, 0))
            box.text_frame.word_wrap = False
            for index, text in enumerate(item.lines):
                para = box.text_frame.paragraphs[0] if index == 0 else box.text_frame.add_paragraph()
                set_spacing(para, 0, lead / (item.size * 1.2))
                if item.anchor == "end":
                    para.alignment = PP_ALIGN.RIGHT
                add_runs(para, [Run(text)], item.size, face, _resolve(item.color, colors, palette), bold=item.bold or None)
    group._element.recalculate_extents()  # once, over every child (see the override above)
