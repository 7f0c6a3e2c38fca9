"""The state shared while one Word document is read: its package, styles, counters and findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from ..issues import Issues
from .package import DocxPackage
from .styles import Numbering, Styles

R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MAX_IMAGES = 200


@dataclass
class FieldFrame:
    """One open Word field (``fldChar begin`` ... ``end``): its instruction, and whether its result has started."""

    instr: str = ""
    in_result: bool = False


@dataclass
class Context:
    """Everything the readers of one document share."""

    pkg: DocxPackage
    styles: Styles
    numbering: Numbering
    issues: Issues
    image_folder: str
    part: str = "word/document.xml"
    paragraph: int = 0
    changes: Dict[str, int] = field(default_factory=lambda: {"insertion": 0, "deletion": 0, "move": 0})
    change_places: List[int] = field(default_factory=list)
    fields: List[FieldFrame] = field(default_factory=list)
    comments_open: Dict[str, List[str]] = field(default_factory=dict)
    comment_anchor: Dict[str, str] = field(default_factory=dict)
    comment_place: Dict[str, int] = field(default_factory=dict)
    note_labels: Dict[Tuple[str, str], str] = field(default_factory=dict)
    images: List[Tuple[str, bytes]] = field(default_factory=list)
    image_hashes: Dict[bytes, str] = field(default_factory=dict)

    def count_change(self, kind: str) -> None:
        """Count one tracked change (accepted by the import) at the current paragraph."""
        self.changes[kind] += 1
        if self.paragraph and (not self.change_places or self.change_places[-1] != self.paragraph):
            self.change_places.append(self.paragraph)  # paragraphs only grow: no duplicates, no search

    def note_label(self, kind: str, nid: str) -> str:
        """The label of footnote or endnote ``nid``, numbered in order of first reference."""
        key = (kind, nid)
        if key not in self.note_labels:
            self.note_labels[key] = str(len(self.note_labels) + 1)
        return self.note_labels[key]

    def rel_target(self, rid: Optional[str]) -> Optional[Tuple[str, bool, str]]:
        """``(target, external, type)`` of relationship ``rid`` of the current part."""
        if not rid:
            return None
        rel = self.pkg.rels(self.part).get(rid)
        if rel is None:
            return None
        return rel.target, rel.external, rel.type
