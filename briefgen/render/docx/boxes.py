"""Boxes and callouts in the docx: a bordered one-cell table in the *Brief Aside* table style.

The cell is shaded in the theme's ``shade`` with a rule on top (a callout: on its left),
its title ("Box 1. What Was the Agreed Framework?") in *Box Title*, bookmarked for
cross-references, its paragraphs in *Brief Box* and its lists and tables as the body's.
The table's ``w:tblCaption`` names it for screen readers; its single row may split
across pages, as a long box does in the memo.
"""

from __future__ import annotations

import logging
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ... import model as m
from ..common.boxlabels import box_heading, box_label, label_separator
from .inlines import Look, add_inlines, text_run

log = logging.getLogger(__name__)

CELL_MARGIN_TWIPS = 144


def _el(tag: str, **attrs: str) -> Any:
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn("w:" + key), value)
    return el


def write_box(writer: Any, parent: Any, part: Any, block: m.Box, level: int = 0) -> None:
    """One box or callout into ``parent`` (the body, or a cell), then a paragraph apart from what follows."""
    labels = writer.ctx.layout.theme.labels
    styles = writer.styles
    width = int(writer.text_width / 635)
    tbl = OxmlElement("w:tbl")
    tbl_pr = OxmlElement("w:tblPr")
    tbl_pr.append(_el("w:tblStyle", val=styles.table("Brief Aside")))
    tbl_pr.append(_el("w:tblW", w=str(width), type="dxa"))
    borders = OxmlElement("w:tblBorders")
    rule = styles.color("accent" if block.is_callout else "primary")
    edges = ("left",) if block.is_callout else ("top",)
    for side in ("top", "left", "bottom", "right"):
        heavy = side in edges
        borders.append(_el(f"w:{side}", val="single", sz="18" if heavy else "4", space="0",
                           color=rule if heavy else styles.color("rule")))
    tbl_pr.append(borders)
    tbl_pr.append(_el("w:tblLayout", type="fixed"))
    tbl_pr.append(_el("w:tblCaption", val=box_heading(labels, block)[:255]))
    tbl.append(tbl_pr)
    grid = OxmlElement("w:tblGrid")
    grid.append(_el("w:gridCol", w=str(width)))
    tbl.append(grid)
    tr = OxmlElement("w:tr")
    tc = OxmlElement("w:tc")
    tc_pr = OxmlElement("w:tcPr")
    tc_pr.append(_el("w:tcW", w=str(width), type="dxa"))
    tc_pr.append(_el("w:shd", val="clear", color="auto", fill=styles.color("shade")))
    margins = OxmlElement("w:tcMar")
    for side in ("top", "left", "bottom", "right"):
        margins.append(_el(f"w:{side}", w=str(CELL_MARGIN_TWIPS), type="dxa"))
    tc_pr.append(margins)
    tc.append(tc_pr)
    title = writer.paragraph(tc, styles.para("Box Title"))
    title.append(text_run(box_label(labels, block) + (label_separator(block) if block.title else ""), Look(bold=True)))
    add_inlines(writer, title, part, block.title)
    if block.ident:
        writer.bookmark(title, block.ident)
    writer.write_blocks(tc, part, block.blocks, styles.para("Brief Box"), level)
    if not block.blocks:
        writer.paragraph(tc, styles.para("Brief Box"))
    tr.append(tc)
    tbl.append(tr)
    parent.append(tbl)
    writer.paragraph(parent, styles.para("Body Text"))  # Word joins adjacent tables: keep them apart
