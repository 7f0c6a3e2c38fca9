"""Tables as Word tables: caption above and notes below in *Caption*, a header row that repeats on every page,
column widths from the content, figures right-aligned.

Widths: each column gets a share of the text width proportional to the
length of its longest word run (clamped, so a column of long text does not
starve the figures); the grid and every cell carry the width, so Word and
LibreOffice lay the table out alike. The timeline of a chart is written here too, as a
two-column table (:func:`timeline_table`).
"""

from __future__ import annotations

import logging
from typing import Any, List, Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ... import model as m
from ..common.tablecontent import cell_text, column_aligns
from .inlines import Look, add_inlines


log = logging.getLogger(__name__)

TWIPS_PER_EMU = 1 / 635
JC = {"left": "left", "center": "center", "right": "right"}


def column_widths(texts: Sequence[Sequence[str]], total: int) -> List[int]:
    """Widths (twips, summing to ``total``) from the rows' ``texts``: proportional to each column's content."""
    cols = max((len(r) for r in texts), default=0)
    if not cols:
        return []
    weights = []
    for c in range(cols):
        longest = max((len(r[c]) for r in texts if c < len(r)), default=1)
        weights.append(min(max(longest, 4), 40))
    scale = total / sum(weights)
    widths = [int(w * scale) for w in weights]
    widths[-1] += total - sum(widths)
    return widths


def _el(tag: str, **attrs: str) -> Any:
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn("w:" + key), value)
    return el


def new_table(writer: Any, widths: Sequence[int], caption: str = "") -> Any:
    """An empty ``w:tbl`` in the *Brief Table* style with ``widths`` (twips) as its grid."""
    tbl = OxmlElement("w:tbl")
    tbl_pr = OxmlElement("w:tblPr")
    tbl_pr.append(_el("w:tblStyle", val=writer.styles.table("Brief Table")))
    tbl_pr.append(_el("w:tblW", w=str(sum(widths)), type="dxa"))
    tbl_pr.append(_el("w:tblLayout", type="fixed"))
    tbl_pr.append(_el("w:tblLook", val="0420", firstRow="1", lastRow="0", firstColumn="0", lastColumn="0",
                      noHBand="1", noVBand="1"))
    if caption:
        tbl_pr.append(_el("w:tblCaption", val=caption[:255]))
    tbl.append(tbl_pr)
    grid = OxmlElement("w:tblGrid")
    for w in widths:
        grid.append(_el("w:gridCol", w=str(w)))
    tbl.append(grid)
    return tbl


def add_row(writer: Any, tbl: Any, part: Any, cells: Sequence[m.Inlines], widths: Sequence[int],
            aligns: Sequence[str], header: bool = False) -> None:
    """One row of ``cells``; a header row is bold, in *Table Heading*, and repeats on each page."""
    tr = OxmlElement("w:tr")
    tr_pr = OxmlElement("w:trPr")
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))
    tr.append(tr_pr)
    style = writer.styles.para("Table Heading" if header else "Table Contents")
    shade = writer.styles.color("shade")
    for index, inlines in enumerate(cells):
        tc = OxmlElement("w:tc")
        tc_pr = OxmlElement("w:tcPr")
        tc_pr.append(_el("w:tcW", w=str(widths[index]), type="dxa"))
        if header:
            tc_pr.append(_el("w:shd", val="clear", color="auto", fill=shade))
        tc.append(tc_pr)
        p = writer.paragraph(tc, style, (), part)
        align = aligns[index] if index < len(aligns) else "left"
        if align != "left":
            p.find(qn("w:pPr")).append(_el("w:jc", val=JC.get(align, "left")))
        add_inlines(writer, p, part, inlines, Look(bold=header))
        tr.append(tc)
    tbl.append(tr)


def write_table(writer: Any, parent: Any, part: Any, table: m.Table) -> None:
    """A source table: ``Table N.`` caption above, the table, its source notes below."""
    caption = m.plain_text(table.caption)
    if table.caption:
        label = writer.label("table", "Table {n}", n=table.number) + "." if table.number else ""
        writer.bookmark(writer.caption(parent, label, table.caption, keep_next=True), table.ident)
    texts = [[cell_text(c) for c in table.header]] + [[cell_text(c) for c in row] for row in table.rows]
    widths = column_widths(texts, int(writer.text_width * TWIPS_PER_EMU))
    aligns = column_aligns(table)
    tbl = new_table(writer, widths, caption)
    add_row(writer, tbl, part, [c.inlines for c in table.header], widths, aligns, header=True)
    for row in table.rows:
        add_row(writer, tbl, part, [c.inlines for c in row], widths, aligns)
    parent.append(tbl)
    note_style = writer.styles.para("Caption")
    if table.note:
        writer.write_blocks(parent, part, table.note, note_style)
    else:
        writer.paragraph(parent, writer.styles.para("Body Text"))  # Word joins adjacent tables: keep them apart


def timeline_table(writer: Any, parent: Any, chart: m.Chart) -> None:
    """A timeline as a table of dates and events (header: the chart's x label or "Date", "Event")."""
    header = [(m.Text(chart.x_label or writer.label("timeline_date", "Date")),), (m.Text(writer.label("timeline_event", "Event")),)]
    rows = [[(m.Text(m.when_text(e.when, writer.ctx.doc.lang or "en")),), (m.Text(e.text),)] for e in chart.events]
    texts = [[m.plain_text(c) for c in r] for r in [header] + rows]
    widths = column_widths(texts, int(writer.text_width * TWIPS_PER_EMU))
    tbl = new_table(writer, widths, chart.title or chart.alt)
    tbl_pr = tbl.find(qn("w:tblPr"))
    tbl_pr.append(_el("w:tblDescription", val=chart.alt[:255]))
    part = writer.document.part
    add_row(writer, tbl, part, header, widths, ("left", "left"), header=True)
    for row in rows:
        add_row(writer, tbl, part, row, widths, ("left", "left"))
    parent.append(tbl)
