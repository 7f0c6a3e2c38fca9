"""Quotations and code for the ReportLab outputs: block quotes, pull quotes, preformatted text.

Each function takes the :class:`~.builder.BlockBuilder` drawing the block (untyped: the builder
imports this module) and returns its flowables: a block quote indented with a rule on its left
(splitting between its blocks), a pull quote large between accent rules and kept whole (read
once: an artifact when it repeats the body's words), code in the mono face in chunks of
``boxes.code.lines_per_block`` lines.
"""

from __future__ import annotations

import logging
from typing import Any, List

from ... import model as m
from ..pdftags import tag
from .guard import safe_table_class
from .placement import RULE_BELOW_ATTR
from .tagmap import repeats_body

log = logging.getLogger(__name__)


def build_block_quote(builder: Any, block: m.BlockQuote, width: float, depth: int) -> List[Any]:
    """An indented quotation with a rule on its left (splits between blocks)."""
    from reportlab.platypus import TableStyle

    Table = safe_table_class()
    quote = builder.cfg.settings.boxes.blockquote
    indent = quote.indent
    pad = quote.padding
    inner = width - indent - pad
    with builder.tags.group("BlockQuote"):
        rows = [[f] for f in builder.blocks(block.blocks, inner, "blockquote", depth)]
    if not rows:
        return []
    table = Table(rows, colWidths=[inner + pad], hAlign="RIGHT", splitByRow=1, splitInRow=1)
    table.setStyle(TableStyle(builder.sheet.table_font() + [
        ("LINEBEFORE", (0, 0), (0, -1), quote.rule_width,
         builder.sheet.rgb(quote.rule)),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    table.spaceBefore = 6
    table.spaceAfter = builder.sheet["body"].spaceAfter + 2
    return [table]


def build_pull_quote(builder: Any, block: m.PullQuote, width: float) -> List[Any]:
    """A pull quote: set large, across the column, between accent rules."""
    from reportlab.platypus import KeepTogether, TableStyle

    Table = safe_table_class()
    quote = builder.cfg.settings.boxes.pullquote
    pad = quote.padding
    if repeats_body(block, builder.ctx.doc):  # read once, where the text is
        with builder.tags.artifact():
            flows = builder.blocks(block.blocks, width - 2 * pad, "pullquote")
    else:
        with builder.tags.group("BlockQuote"):
            flows = builder.blocks(block.blocks, width - 2 * pad, "pullquote")
    if not flows:
        return []
    rule_w = quote.rule_width
    color = builder.sheet.rgb(quote.rule)
    table = Table([[f] for f in flows], colWidths=[width], splitByRow=1, splitInRow=1)
    table.setStyle(TableStyle(builder.sheet.table_font() + [
        ("LINEABOVE", (0, 0), (-1, 0), rule_w, color),
        ("LINEBELOW", (0, -1), (-1, -1), rule_w, color),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, 0), pad),
        ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
    ]))
    space = quote.space
    table.spaceBefore = space
    table.spaceAfter = space
    holder = KeepTogether([table])
    setattr(holder, RULE_BELOW_ATTR, True)  # no heading rule right under this one
    return [holder]


def build_code_block(builder: Any, block: m.CodeBlock) -> List[Any]:
    """Preformatted text in the mono face, wrapped if wider than the column."""
    from reportlab.platypus import Paragraph

    lines = block.text.rstrip("\n").split("\n")
    per = builder.cfg.settings.boxes.code.lines_per_block
    pad = builder.cfg.settings.boxes.code.padding
    base = builder.sheet["code"]
    out: List[Any] = []
    chunks = [lines[i : i + per] for i in range(0, len(lines), per)] or [[""]]
    owner = builder.tags.leaf("P")
    for i, chunk in enumerate(chunks):
        markup = "<br/>".join(builder.writer.text(ln.expandtabs(4), "mono").replace(" ", "\u00a0") for ln in chunk)
        st = builder.sheet.derive(
            "code", backColor=builder.sheet.rgb(builder.cfg.settings.boxes.code.background), borderPadding=pad,
            leftIndent=pad, rightIndent=pad,
            spaceBefore=pad + 2 if i == 0 else 0, spaceAfter=pad + base.spaceAfter + 4 if i == len(chunks) - 1 else 0,
        )
        out.append(tag(Paragraph(markup or "\u00a0", st), owner))
    builder.report(block.line)
    return out
