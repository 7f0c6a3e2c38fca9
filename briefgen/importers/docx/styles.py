"""Word styles and numbering: what a paragraph style means, and what kind of list a number is.

Only ``styles.xml`` and ``numbering.xml`` are read. A paragraph style is known
by its name (case and spaces ignored) or, for headings, by an outline level set
on it or on a style it is based on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

KNOWN_BODY = {
    "normal", "bodytext", "textbody", "standard", "default", "defaultparagraphstyle", "firstparagraph", "compact",
    "nospacing", "normalweb", "listparagraph", "list", "listbullet", "listnumber", "listcontinue", "tablecontents",
    "tableheading", "tablecontent", "caption", "footnotetext", "endnotetext", "footnote", "endnote", "plaintext",
    "bodytextindent", "bodytextfirstindent", "textbodyindent", "framecontents", "index", "contents",
    "tableparagraph", "commenttext", "annotationtext", "footer", "header", "tocheading", "title", "subtitle",
    "quote", "intensequote", "quotations", "blocktext", "preformattedtext", "htmlpreformatted", "sourcetext",
    "sourcecode", "verbatim", "figure", "illustration", "table", "drawing", "text", "author", "date", "abstract",
    "horizontalline", "heading", "lede",
}
QUOTE_STYLES = {"quote", "intensequote", "quotations", "blocktext"}
CODE_STYLES = {"preformattedtext", "htmlpreformatted", "sourcecode", "verbatim", "plaintext"}
BULLET_FORMATS = {"bullet", "none", ""}


def norm(name: str) -> str:
    """A style name compared loosely: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass
class Style:
    """A paragraph or character style as far as the importer cares."""

    sid: str
    name: str
    kind: str
    based_on: Optional[str] = None
    outline: Optional[int] = None
    num: Optional[Tuple[str, int]] = None
    bold: Optional[bool] = None
    italic: Optional[bool] = None


def _on(node: Optional[etree._Element]) -> Optional[bool]:
    if node is None:
        return None
    return (node.get(f"{W}val") or "true").lower() not in ("0", "false", "off", "none")


class Styles:
    """The document's styles, looked up by id with inheritance through ``basedOn``."""

    def __init__(self, root: Optional[etree._Element]) -> None:
        self.by_id: Dict[str, Style] = {}
        self.default_para = ""
        for node in root.iter(f"{W}style") if root is not None else []:
            sid = node.get(f"{W}styleId") or ""
            name_node = node.find(f"{W}name")
            based = node.find(f"{W}basedOn")
            ppr = node.find(f"{W}pPr")
            rpr = node.find(f"{W}rPr")
            style = Style(sid, name_node.get(f"{W}val", sid) if name_node is not None else sid,
                          node.get(f"{W}type") or "paragraph", based.get(f"{W}val") if based is not None else None)
            if ppr is not None:
                outline = ppr.find(f"{W}outlineLvl")
                if outline is not None and (outline.get(f"{W}val") or "").isdigit():
                    style.outline = int(outline.get(f"{W}val"))
                style.num = num_pr(ppr.find(f"{W}numPr"))
            if rpr is not None:
                style.bold = _on(rpr.find(f"{W}b"))
                style.italic = _on(rpr.find(f"{W}i"))
            self.by_id[sid] = style
            if style.kind == "paragraph" and (node.get(f"{W}default") or "") in ("1", "true"):
                self.default_para = sid

    def chain(self, sid: Optional[str]) -> List[Style]:
        """The style and the styles it is based on, nearest first (cycles cut)."""
        found: List[Style] = []
        seen = set()
        while sid and sid in self.by_id and sid not in seen and len(found) < 32:
            seen.add(sid)
            found.append(self.by_id[sid])
            sid = self.by_id[sid].based_on
        return found

    def name(self, sid: Optional[str]) -> str:
        """The style's display name (its id when it has none)."""
        style = self.by_id.get(sid or "")
        return style.name if style else (sid or "")

    def heading_level(self, sid: Optional[str]) -> Optional[int]:
        """1 for *Heading 1* (or outline level 0) and so on; ``None`` for body text."""
        for style in self.chain(sid):
            match = re.fullmatch(r"heading(\d)", norm(style.name)) or re.fullmatch(r"heading(\d)", norm(style.sid))
            if match and int(match.group(1)) > 0:
                return int(match.group(1))
            if style.outline is not None and style.outline < 9:
                return style.outline + 1
        return None

    def role(self, sid: Optional[str]) -> str:
        """``title``, ``subtitle``, ``quote``, ``code``, ``body`` or ``unknown`` (a style the importer cannot map)."""
        chain = self.chain(sid)
        if not chain:
            return "body"
        first = norm(chain[0].name)
        for style in chain:
            key = norm(style.name)
            if key in ("title",):
                return "title"
            if key == "subtitle":
                return "subtitle"
            if key in QUOTE_STYLES:
                return "quote"
            if key in CODE_STYLES:
                return "code"
        if first in KNOWN_BODY or norm(chain[0].sid) in KNOWN_BODY or re.fullmatch(r"(contents|toc)\d", first):
            return "body"
        if re.fullmatch(r"(list(bullet|number|continue)?\d?|heading\d?)", first):
            return "body"
        return "unknown"

    def numbering(self, sid: Optional[str]) -> Optional[Tuple[str, int]]:
        """The ``(numId, level)`` a style carries, if any."""
        for style in self.chain(sid):
            if style.num:
                return style.num
        return None

    def run_flags(self, sid: Optional[str]) -> Tuple[bool, bool]:
        """Bold and italic set by a character style (``Strong``, ``Emphasis`` or its own properties)."""
        bold = italic = False
        for style in reversed(self.chain(sid)):
            key = norm(style.name)
            if key in ("strong", "strongemphasis"):
                bold = True
            if key in ("emphasis", "intenseemphasis"):
                italic = True
            if style.bold is not None:
                bold = style.bold
            if style.italic is not None:
                italic = style.italic
        return bold, italic


def num_pr(node: Optional[etree._Element]) -> Optional[Tuple[str, int]]:
    """``(numId, ilvl)`` from a ``w:numPr``; ``None`` without one, or for numId 0 (numbering removed)."""
    if node is None:
        return None
    num = node.find(f"{W}numId")
    lvl = node.find(f"{W}ilvl")
    num_id = num.get(f"{W}val") if num is not None else None
    level = lvl.get(f"{W}val") if lvl is not None else "0"
    if not num_id or num_id == "0":
        return ("0", 0) if num_id == "0" else None
    return num_id, int(level) if (level or "").isdigit() and int(level) < 9 else 0


@dataclass
class Numbering:
    """Word's list definitions: whether a (numId, level) is a bullet or a number, and its counters."""

    formats: Dict[Tuple[str, int], str] = field(default_factory=dict)
    starts: Dict[Tuple[str, int], int] = field(default_factory=dict)
    abstract_of: Dict[str, str] = field(default_factory=dict)
    overrides: Dict[Tuple[str, int], int] = field(default_factory=dict)

    @classmethod
    def read(cls, root: Optional[etree._Element]) -> "Numbering":
        """Read ``numbering.xml`` (``None``: no numbering part)."""
        found = cls()
        if root is None:
            return found
        for abstract in root.iter(f"{W}abstractNum"):
            aid = abstract.get(f"{W}abstractNumId") or ""
            for lvl in abstract.iter(f"{W}lvl"):
                level = int(lvl.get(f"{W}ilvl") or 0) if (lvl.get(f"{W}ilvl") or "0").isdigit() else 0
                fmt = lvl.find(f"{W}numFmt")
                start = lvl.find(f"{W}start")
                found.formats[(aid, level)] = (fmt.get(f"{W}val") or "") if fmt is not None else "decimal"
                value = start.get(f"{W}val") if start is not None else "1"
                found.starts[(aid, level)] = int(value) if (value or "").lstrip("-").isdigit() else 1
        for num in root.iter(f"{W}num"):
            nid = num.get(f"{W}numId") or ""
            ref = num.find(f"{W}abstractNumId")
            found.abstract_of[nid] = ref.get(f"{W}val") if ref is not None else ""
            for override in num.iter(f"{W}lvlOverride"):
                start = override.find(f"{W}startOverride")
                level = override.get(f"{W}ilvl") or "0"
                if start is not None and level.isdigit() and (start.get(f"{W}val") or "").isdigit():
                    found.overrides[(nid, int(level))] = int(start.get(f"{W}val"))
        return found

    def is_bullet(self, num_id: str, level: int) -> bool:
        """Whether items of this list level are bullets (not numbered)."""
        fmt = self.formats.get((self.abstract_of.get(num_id, ""), level), "bullet")
        return fmt in BULLET_FORMATS

    def start(self, num_id: str, level: int) -> int:
        """The first number of this list level (an override of the instance first)."""
        if (num_id, level) in self.overrides:
            return self.overrides[(num_id, level)]
        return self.starts.get((self.abstract_of.get(num_id, ""), level), 1)
