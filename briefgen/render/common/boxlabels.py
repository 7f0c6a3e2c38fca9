"""How a box or callout is named in every output: "Box 1. What Was the Agreed Framework?",
"Warning", "Definition: Enrichment" (the layout's ``labels:``, English by default)."""

from __future__ import annotations

from typing import Mapping

from ... import model as m

DEFAULT_LABELS = {"box": "Box {n}", "note": "Note", "warning": "Warning", "definition": "Definition",
                  "box_continued": "{label} (continued)"}
"""Label wording when the layout's ``labels:`` has none."""


def box_label(labels: Mapping[str, str], block: m.Box) -> str:
    """The box's label: "Box 1" for a box, "Note", "Warning", "Definition" for a callout."""
    wording = labels.get(block.kind) or DEFAULT_LABELS.get(block.kind, "Box {n}")
    return wording.replace("{n}", str(block.number))


def label_separator(block: m.Box) -> str:
    """What stands between the label and the title: ". " after "Box 1", ": " after a callout's kind."""
    return ": " if block.is_callout else ". "


def box_heading(labels: Mapping[str, str], block: m.Box) -> str:
    """The box's title line as plain text: "Box 1. What Was the Agreed Framework?" / "Warning"."""
    label = box_label(labels, block)
    title = m.plain_text(block.title).strip()
    return label + label_separator(block) + title if title else label


def continued_suffix(labels: Mapping[str, str]) -> str:
    """The words after a box's title on its later pieces: "(continued)"."""
    wording = labels.get("box_continued") or DEFAULT_LABELS["box_continued"]
    return wording.replace("{label}", "").strip()
