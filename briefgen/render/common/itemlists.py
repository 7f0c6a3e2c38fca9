"""Lists of figures, tables and boxes, as reports print them after their contents.

:func:`listed_items` names every numbered figure (a captioned image, a titled
chart), table (a captioned one) and box (not a callout) in reading order, each
with the label its caption prints ("Figure 2"), its title and the anchor its
caption carries: the cross-reference id when the source gives one, else
``_fig-2``, ``_tbl-1``, ``_box-3`` (no slug or id has a leading underscore).
The memo's contents page and the handout's contents list them under the
theme's ``labels.list_of_figures``, ``list_of_tables`` and ``list_of_boxes``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Dict, List, Mapping, Sequence, Tuple

from ... import model as m
from ...model.xrefs import figure_blocks

log = logging.getLogger(__name__)

KINDS = ("figures", "tables", "boxes")
"""The lists a layout may ask for, in their default order."""

PREFIX = {"figures": "fig", "tables": "tbl", "boxes": "box"}
"""The prefix of an item's own anchor when the source gives it no id."""

LABEL = {"figures": ("figure", "Figure {n}"), "tables": ("table", "Table {n}"), "boxes": ("box", "Box {n}")}
"""Each list's item label key in the theme's ``labels:`` and its English default."""

HEADING = {"figures": ("list_of_figures", "Figures"), "tables": ("list_of_tables", "Tables"),
           "boxes": ("list_of_boxes", "Boxes")}
"""Each list's heading key in the theme's ``labels:`` and its English default."""


@dataclass(frozen=True)
class ListedItem:
    """One line of a list: "Figure 2. Spending by Year" linked to ``anchor``."""

    anchor: str
    label: str
    title: str

    @property
    def text(self) -> str:
        """The line's text: the label, a full stop and the title (the caption's own wording)."""
        return f"{self.label}. {self.title}" if self.title else self.label


def item_anchor(kind: str, ident: str, number: int) -> str:
    """The anchor of a listed item's caption: its id, or ``_fig-N`` / ``_tbl-N`` / ``_box-N``."""
    return ident or f"_{PREFIX.get(kind, kind)}-{number}"


def _numbered(doc: m.Document) -> Dict[str, List[Tuple[int, m.Block, str]]]:
    """``kind -> [(number, block, title)]`` in reading order."""
    out: Dict[str, List[Tuple[int, m.Block, str]]] = {kind: [] for kind in KINDS}
    for n, block in enumerate(figure_blocks(doc), 1):
        title = block.title if isinstance(block, m.Chart) else m.plain_text(block.caption)  # type: ignore[attr-defined]
        out["figures"].append((n, block, " ".join(str(title).split())))
    for block in m.walk_blocks(m.all_body_blocks(doc)):
        if isinstance(block, m.Table) and block.number:
            out["tables"].append((block.number, block, " ".join(m.plain_text(block.caption).split())))
        elif isinstance(block, m.Box) and not block.is_callout and block.number:
            out["boxes"].append((block.number, block, " ".join(m.plain_text(block.title).split())))
    return out


def unnamed_anchors(doc: m.Document) -> Dict[int, str]:
    """``id(block) -> anchor`` for each listed block without an id of its own (``_fig-2``...):
    the handout gives these ids to the blocks when it lists them."""
    return {id(block): item_anchor(kind, "", n) for kind, found in _numbered(doc).items()
            for n, block, _title in found if not getattr(block, "ident", "")}


def listed_items(doc: m.Document, labels: Mapping[str, str],
                 kinds: Sequence[str] = KINDS) -> List[Tuple[str, List[ListedItem]]]:
    """``[(heading, items)]`` for each asked list that has an item (an empty list is left out)."""
    found = _numbered(doc)
    out: List[Tuple[str, List[ListedItem]]] = []
    for kind in kinds:
        key, default = LABEL[kind]
        wording = labels.get(key) or default
        items = [ListedItem(item_anchor(kind, getattr(block, "ident", ""), n), wording.replace("{n}", str(n)), title)
                 for n, block, title in found.get(kind, [])]
        if items:
            head_key, head_default = HEADING[kind]
            out.append((labels.get(head_key) or head_default, items))
    log.debug("lists: %s", {heading: len(items) for heading, items in out})
    return out
