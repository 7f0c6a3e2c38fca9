"""Boxes and callouts in the ReportLab PDFs (memo, one-pager, notes handout).

A :class:`~briefgen.model.Box` is set as a shaded table of one column (``boxes.box`` or
``boxes.callout`` in memo.yaml): its title row ("Box 1. What Was the Agreed Framework?",
or "Warning", "Definition: Enrichment") and one row per flowable of its content. The
table is a float in the page's flow (it moves whole to the next page's top when it does
not fit the space left), and a box taller than a page splits between rows: each piece
after the first opens with its title again and the layout's ``box_continued`` label
("Box 1. … (continued)"), drawn as a pagination artifact so it is not read twice.

Tags: the box is an ``Aside`` (PDF 2.0's element for content set apart, role-mapped to
``Sect`` for PDF/UA-1 readers) whose ``/T`` is its title; its title line is a heading
one level below the section's; its content is tagged as ordinary blocks inside it.
"""

from __future__ import annotations

import functools
import logging
from typing import Any, List, Mapping

from ... import model as m
from ..common.itemlists import item_anchor
from ..common.boxlabels import box_heading, box_label, continued_suffix, label_separator
from ..pdftags import PAGINATION
from .guard import safe_table_class
from .markup import Run, flatten

log = logging.getLogger(__name__)

ASIDE_ROLE = "Aside"
"""The structure type of a box (role-mapped to ``Sect`` by :mod:`..pdftags.writer`)."""


def _heading_runs(labels: Mapping[str, str], block: m.Box, continued: bool = False) -> List[Run]:
    runs = [Run(box_label(labels, block) + (label_separator(block) if block.title else ""), bold=True)]
    runs += flatten(block.title)
    if continued:
        runs.append(Run(" " + continued_suffix(labels)))
    return runs


@functools.lru_cache(maxsize=None)
def box_table_class() -> type:
    """A safe table whose pieces after the first open with the box's "(continued)" title row."""
    base = safe_table_class()

    class BoxTable(base):  # type: ignore[misc, valid-type]
        """A box's table: ``continued`` (set per box) makes the title row of each later piece."""

        continued: Any = None

        def _splitCell(self, value: Any, style: Any, oldHeight: float, newHeight: float,
                       width: float) -> Any:  # (ReportLab's names)
            # ReportLab measures a cell's content at the column's width when it splits a row,
            # but draws it inside the cell's padding: measured too wide, the first piece came
            # out lines taller than its row. Measured at the width it is drawn at, it fits.
            inner = width - style.leftPadding - style.rightPadding
            return super()._splitCell(value, style, oldHeight, newHeight, inner)

        def split(self, availWidth: float, availHeight: float) -> List[Any]:  # (ReportLab's names)
            parts = super().split(availWidth, availHeight)
            if len(parts) == 2 and self.continued is not None:
                tail = parts[1]
                tail.continued = self.continued
                # a new row (the row list itself is shared with the first piece)
                tail._cellvalues[0] = [self.continued()]
            return parts

    return BoxTable


@functools.lru_cache(maxsize=None)
def _exact_split_class(cls: type) -> type:
    """``cls`` (a list flowable) split in a table cell at exactly the height given.

    ReportLab splits a list in a cell with ``paraFix``, which rounds the room up to a
    whole line: the first piece came out a line taller than its row and was drawn over
    the box's title. Without it the piece fits its row.
    """

    def _findSplit(self: Any, canv: Any, availWidth: float, availHeight: float, mergeSpace: int = 1,
                   obj: Any = None, content: Any = None, paraFix: bool = True) -> Any:  # (ReportLab's names)
        return cls._findSplit(self, canv, availWidth, availHeight, mergeSpace, obj, content, False)

    return type(f"Exact{cls.__name__}", (cls,), {"_findSplit": _findSplit, "__module__": cls.__module__})


def _exact(flowable: Any) -> Any:
    """``flowable``, splitting exactly in a cell when it is a list (see :func:`_exact_split_class`)."""
    if hasattr(flowable, "_findSplit"):
        flowable.__class__ = _exact_split_class(type(flowable))
    return flowable


def build_box(builder: Any, block: m.Box, width: float, depth: int = 0) -> List[Any]:
    """The flowables of one box or callout set ``width`` points wide (one table); ``builder`` is the
    :class:`~.builder.BlockBuilder` drawing it (taken untyped: it imports this module)."""
    from reportlab.platypus import TableStyle

    cfg, sheet = builder.cfg, builder.sheet
    labels = cfg.theme.labels
    key = "callout" if block.is_callout else "box"
    own = cfg.settings.boxes.shaded(key)
    pad = own.padding
    inner = width - 2 * pad
    heading = box_heading(labels, block)
    with builder.tags.group(ASIDE_ROLE, title=heading):
        title = builder.paragraph(_heading_runs(labels, block), "box_title", block.line,
                                  tag_as=builder.tags.heading(3),
                                  anchor=block.ident if block.is_callout else item_anchor("boxes", block.ident, block.number))
        builder.enter_box()
        try:
            content = builder.blocks(block.blocks, inner, "summary", depth)
        finally:
            builder.leave_box()
    rows: List[Any] = [title] + [[_exact(f)] for f in content]

    def continued() -> List[Any]:
        return builder.paragraph(_heading_runs(labels, block, continued=True), "box_title", None, tag_as=PAGINATION)

    table = box_table_class()(rows, colWidths=[width], splitByRow=1, splitInRow=1, repeatRows=1)
    table.continued = continued
    commands = sheet.table_font() + [
        ("BACKGROUND", (0, 0), (-1, -1), sheet.rgb(cfg.resolve_color(own.background, f"boxes.{key}.background"))),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
    ]
    if own.rule_width > 0:
        rule = sheet.rgb(cfg.resolve_color(own.rule, f"boxes.{key}.rule"))
        if block.is_callout:  # a callout: a rule down its left side (as in the handout and the docx)
            commands.append(("LINEBEFORE", (0, 0), (0, -1), own.rule_width * 2, rule))
        else:  # a box: a heavy rule on top, a hairline under it
            commands.append(("LINEABOVE", (0, 0), (-1, 0), own.rule_width, rule))
            commands.append(("LINEBELOW", (0, -1), (-1, -1), own.rule_width / 3, rule))
    last = len(rows) - 1
    for i, row in enumerate(rows):
        first = row[0] if isinstance(row, list) and row else row
        commands.append(("TOPPADDING", (0, i), (-1, i), pad if i == 0 else first.getSpaceBefore()))
        commands.append(("BOTTOMPADDING", (0, i), (-1, i), pad if i == last else
                         (4 if i == 0 else first.getSpaceAfter())))
    table.setStyle(TableStyle(commands))
    table.spaceBefore = own.space_before
    table.spaceAfter = own.space_after
    return [table]
