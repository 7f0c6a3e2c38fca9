"""Charts as native Word charts: the DrawingML chart part PowerPoint uses, with the data embedded.

python-pptx writes the chart XML (``chart_data.xml_bytes``) and styles it
through its chart objects; the numbers go into an embedded workbook
(:func:`briefgen.render.ooxml.chartdata.chart_data`: strings stay strings,
the workbook dated from the build's epoch), so "Edit Data" works in Word and
LibreOffice. The chart part and the workbook are added to the docx package
with python-docx's OPC classes, the drawing (``wp:inline`` with its
``wp:docPr`` alt text) with lxml. Every chart gets a "Figure N." caption
above and its units and source below; a timeline is a table (:mod:`.tables`).
"""

from __future__ import annotations

import logging
from typing import Any, Tuple

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from ... import model as m
from ..common.chartplan import value_ticks
from ..ooxml.chartdata import chart_data
from .tables import timeline_table


log = logging.getLogger(__name__)

CHART_CT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
XLSX_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def write_chart(writer: Any, parent: Any, chart: m.Chart) -> None:
    """A chart: "Figure N." and its title above, the native chart (or a timeline table), units and source below."""
    number = writer.next_figure()
    caption = writer.caption(parent, writer.label("figure", "Figure {n}", n=number) + ".", (m.Text(chart.title or chart.alt),), keep_next=True)
    writer.bookmark(caption, chart.ident)
    if chart.kind == "timeline" or not chart.series:
        timeline_table(writer, parent, chart)
    else:
        _native(writer, parent, chart)
    notes = [t for t in (chart.units and writer.label("units_line", "Units: {units}", units=chart.units),
                         chart.source and writer.label("source_line", "Source: {source}", source=chart.source)) if t]
    if notes:
        writer.caption(parent, "", (m.Text(". ".join(n.rstrip(".") for n in notes) + "."),))


def _chart_xml(writer: Any, chart: m.Chart) -> Tuple[Any, Any]:
    """The styled ``c:chartSpace`` element of ``chart`` (python-pptx's writer and chart objects) and its chart data."""
    from pptx.chart.chart import Chart as PptxChart
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.oxml import parse_xml as pptx_parse
    from pptx.util import Pt

    from ..ooxml.color import rgb

    kinds = {("bar", False): XL_CHART_TYPE.COLUMN_CLUSTERED, ("bar", True): XL_CHART_TYPE.COLUMN_STACKED,
             ("hbar", False): XL_CHART_TYPE.BAR_CLUSTERED, ("hbar", True): XL_CHART_TYPE.BAR_STACKED,
             ("line", False): XL_CHART_TYPE.LINE_MARKERS, ("line", True): XL_CHART_TYPE.LINE_MARKERS}
    data = chart_data(chart, writer.ctx.doc.epoch)
    space = pptx_parse(data.xml_bytes(kinds[(chart.kind, chart.stacked)]))
    native = PptxChart(space, None)
    theme = writer.ctx.layout.theme
    palette = list((theme.data.get("charts") or {}).get("series") or []) or [theme.colors.get("primary", "#1B365D")]
    size = float(theme.sizes.get("small", 8.5))
    native.has_title = False
    native.font.name = writer.styles.font_family("heading") or writer.styles.font_family("body")
    native.font.size = Pt(size)
    native.font.color.rgb = rgb(theme.colors.get("text", "#000000"))
    native.has_legend = len(chart.series) > 1
    if native.has_legend:
        native.legend.position = XL_LEGEND_POSITION.TOP
        native.legend.include_in_layout = False
    plot = native.plots[0]
    if chart.kind != "line":
        plot.gap_width = 60
        plot.overlap = 100 if chart.stacked else -10
    for index, series in enumerate(plot.series):
        color = rgb(str(palette[index % len(palette)]))
        if chart.kind == "line":
            series.format.line.color.rgb = color
            series.format.line.width = Pt(2)
            series.smooth = False
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = color
            series.invert_if_negative = False
    ticks = value_ticks(chart)
    value_axis, category_axis = native.value_axis, native.category_axis
    value_axis.minimum_scale, value_axis.maximum_scale = ticks[0], ticks[-1]
    if len(ticks) > 1:
        value_axis.major_unit = ticks[1] - ticks[0]
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = rgb(theme.colors.get("rule", "#B8C2CF"))
    if chart.kind == "hbar":
        category_axis.reverse_order = True
        crosses = value_axis._element.find(qn("c:crosses"))
        if crosses is not None:
            crosses.set("val", "max")
    return space, data


def _native(writer: Any, parent: Any, chart: m.Chart) -> None:
    """The chart part, its embedded workbook, and the inline drawing that shows it."""
    space, data = _chart_xml(writer, chart)
    package = writer.document.part.package
    writer.drawings += 1
    writer.charts += 1
    n = writer.charts
    workbook = Part(PackURI(f"/word/embeddings/Microsoft_Excel_Sheet{n}.xlsx"), XLSX_CT, data.xlsx_blob, package)
    element = parse_xml(_serialize(space))
    part = XmlPart(PackURI(f"/word/charts/chart{n}.xml"), CHART_CT, element, package)
    rid = part.relate_to(workbook, RT.PACKAGE)
    external = OxmlElement("c:externalData")
    external.set(qn("r:id"), rid)
    auto = OxmlElement("c:autoUpdate")
    auto.set("val", "0")
    external.append(auto)
    anchor = None
    for tag in ("c:txPr", "c:spPr", "c:chart"):
        anchor = element.find(qn(tag))
        if anchor is not None:
            break
    anchor.addnext(external)
    chart_rid = writer.document.part.relate_to(part, RT.CHART)
    width = writer.text_width
    rows = len(chart.categories) * (len(chart.series) if not chart.stacked else 1)
    height = int(width * (min(0.9, 0.25 + 0.045 * rows) if chart.kind == "hbar" else 0.55))
    inline = parse_xml(
        f'<wp:inline {nsdecls("wp", "a", "r")} distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{width}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{n}" name="Chart {n}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{C_NS}">'
        f'<c:chart xmlns:c="{C_NS}" xmlns:r="{R_NS}" r:id="{chart_rid}"/></a:graphicData></a:graphic></wp:inline>'
    )
    doc_pr = inline.find(qn("wp:docPr"))
    doc_pr.set("descr", chart.alt)
    if chart.title:
        doc_pr.set("title", chart.title)
    writer.drawing_paragraph(parent, inline)


def _serialize(element: Any) -> bytes:
    from lxml import etree

    return etree.tostring(element, encoding="UTF-8", standalone=True)
