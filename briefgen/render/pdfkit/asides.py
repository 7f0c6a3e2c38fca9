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
from typing import TYPE_CHECKING, Any, List, Mapping

from ... import model as m
from ..common.boxlabels import box_heading, box_label, continued_suffix, label_separator
from ..pdftags import PAGINATION
from .guard import safe_table_class
from .markup import Run, flatten

if TYPE_CHECKING:  # pragma: no cover
    from .builder import BlockBuilder

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

        def split(self, availWidth: float, availHeight: float) -> List[Any]:  # (ReportLab's names)
            parts = super().split(availWidth, availHeight)
            if len(parts) == 2 and self.continued is not None:
                tail = parts[1]
                tail.continued = self.continued
                tail._cellvalues[0][0] = self.continued()
            return parts

    return BoxTable


def build_box(builder: "BlockBuilder", block: m.Box, width: float, depth: int = 0) -> List[Any]:
    """The flowables of one box or callout set ``width`` points wide (one table)."""
    from reportlab.platypus import TableStyle

    cfg, sheet = builder.cfg, builder.sheet
    labels = cfg.theme.labels
    key = "callout" if block.is_callout else "box"
    own = cfg.settings.boxes.shaded(key)
    pad = own.padding
    inner = width - 2 * pad
    heading = box_heading(labels, block)
    with builder.tags.group(ASIDE_ROLE, title=heading):
        title = builder.paragraph(_heading_runs(labels, block), "box_label", block.line,
                                  tag_as=builder.tags.heading(3), anchor=block.ident)
        builder.enter_box()
        try:
            content = builder.blocks(block.blocks, inner, "summary", depth + 1)
        finally:
            builder.leave_box()
    rows: List[Any] = [title] + [[f] for f in content]

    def continued() -> List[Any]:
        return builder.paragraph(_heading_runs(labels, block, continued=True), "box_label", None, tag_as=PAGINATION)

    table = box_table_class()(rows, colWidths=[width], splitByRow=1, splitInRow=1, repeatRows=1)
    table.continued = continued
    color = sheet.color(f"boxes.{key}.background", "shade")
    commands = sheet.table_font() + [
        ("BACKGROUND", (0, 0), (-1, -1), color),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
    ]
    if own.rule_width > 0:
        rule = sheet.color(f"boxes.{key}.rule", "primary" if key == "box" else "accent")
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
