"""The works cited (:class:`~briefgen.model.Bibliography`) as ReportLab flowables.

One paragraph per work with a hanging indent, left-aligned (long URLs break at the
markup writer's usual break points), tagged ``L`` > ``LI`` > ``LBody`` > ``P`` with
``ListNumbering`` ``None``: a list in the structure tree, without bullets or numbers.
Text goes through the markup writer, which escapes it (a title holding ``<b>`` stays text).
"""

from __future__ import annotations

import logging
from typing import Any, List

from ... import model as m
from .markup import flatten

log = logging.getLogger(__name__)

HANG = 18.0
"""The hanging indent of each entry, in points."""


def build_bibliography(builder: Any, block: m.Bibliography, width: float) -> List[Any]:
    """The entries of ``block`` set in ``width`` points, each a tagged list item (``builder``: the
    :class:`~.builder.BlockBuilder`, untyped here so the import goes one way)."""
    out: List[Any] = []
    style = "note_text"
    space = builder.sheet[style].spaceAfter + 2
    with builder.tags.group("L", attrs={"ListNumbering": "None"}):
        for entry in block.entries:
            with builder.tags.group("LI"):
                with builder.tags.group("LBody"):
                    out.extend(builder.paragraph(flatten(entry), style, block.line, width=width, leftIndent=HANG,
                                                 firstLineIndent=-HANG, alignment=0, spaceAfter=space))
    log.debug("bibliography: %d entries", len(block.entries))
    return out
