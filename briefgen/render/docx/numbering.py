"""Lists as Word numbering: one bulleted and one numbered definition, and a numbering instance per list.

Each list of the source gets its own ``w:num`` (so a numbered list starts at
its own first number, with a ``w:startOverride``); nested lists are the same
definitions at deeper levels (``w:ilvl``). The definitions are added to the
document's ``numbering.xml`` (a reference document's own lists are kept),
with ids after the ones already there.
"""

from __future__ import annotations

import logging
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

log = logging.getLogger(__name__)

BULLETS = ("\u2022", "\u2013", "\u25aa")
NUMBER_FORMATS = ("decimal", "lowerLetter", "lowerRoman")
LEVELS = 9


def _set(el: Any, **attrs: str) -> Any:
    for key, value in attrs.items():
        el.set(qn("w:" + key), value)
    return el


def _sub(parent: Any, tag: str, **attrs: str) -> Any:
    el = _set(OxmlElement("w:" + tag), **attrs)
    parent.append(el)
    return el


class Numbering:
    """The document's list definitions and the numbering instances handed out so far."""

    def __init__(self, document: Any) -> None:
        self.root = numbering_root(document)
        abstract_ids = [int(n.get(qn("w:abstractNumId"))) for n in self.root.findall(qn("w:abstractNum"))]
        num_ids = [int(n.get(qn("w:numId"))) for n in self.root.findall(qn("w:num"))]
        self.next_abstract = max(abstract_ids, default=-1) + 1
        self.next_num = max(num_ids, default=0) + 1
        self.bullet = self._abstract(ordered=False)
        self.number = self._abstract(ordered=True)

    def _abstract(self, ordered: bool) -> int:
        aid = self.next_abstract
        self.next_abstract += 1
        node = _set(OxmlElement("w:abstractNum"), abstractNumId=str(aid))
        _sub(node, "multiLevelType", val="hybridMultilevel")
        for level in range(LEVELS):
            lvl = _sub(node, "lvl", ilvl=str(level))
            _sub(lvl, "start", val="1")
            if ordered:
                _sub(lvl, "numFmt", val=NUMBER_FORMATS[level % 3])
                _sub(lvl, "lvlText", val=f"%{level + 1}.")
            else:
                _sub(lvl, "numFmt", val="bullet")
                _sub(lvl, "lvlText", val=BULLETS[level % 3])
            _sub(lvl, "lvlJc", val="left")
            p_pr = _sub(lvl, "pPr")
            _sub(p_pr, "ind", left=str(360 * (level + 1)), hanging="360")
        # abstractNum elements come before every num element
        first_num = self.root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(node)
        else:
            self.root.append(node)
        return aid

    def new_list(self, ordered: bool, level: int = 0, start: int = 1) -> int:
        """A new numbering instance for one list (numbered lists restart at ``start``); its ``numId``."""
        nid = self.next_num
        self.next_num += 1
        num = _sub(self.root, "num", numId=str(nid))
        _sub(num, "abstractNumId", val=str(self.number if ordered else self.bullet))
        if ordered:
            override = _sub(num, "lvlOverride", ilvl=str(min(level, LEVELS - 1)))
            _sub(override, "startOverride", val=str(max(start, 0)))
        return nid


def numbering_root(document: Any) -> Any:
    """The document's ``w:numbering`` element, with a numbering part made when the document has none
    (python-docx cannot make one: a template saved by LibreOffice may lack it)."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.parts.numbering import NumberingPart

    part = document.part
    if any(rel.reltype == RT.NUMBERING for rel in part.rels.values()):
        return part.numbering_part.element
    element = parse_xml(f"<w:numbering {nsdecls('w')}/>")
    numbering = NumberingPart(PackURI("/word/numbering.xml"), CT.WML_NUMBERING, element, part.package)
    part.relate_to(numbering, RT.NUMBERING)
    return element


def number_paragraph(p: Any, num_id: int, level: int) -> None:
    """Give the ``w:p`` ``p`` list numbering ``num_id`` at ``level``."""
    p_pr = p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    _sub(num_pr, "ilvl", val=str(min(level, LEVELS - 1)))
    _sub(num_pr, "numId", val=str(num_id))
    style = p_pr.find(qn("w:pStyle"))
    keep = p_pr.find(qn("w:keepNext"))
    anchor = keep if keep is not None else style
    if anchor is not None:
        anchor.addnext(num_pr)
    else:
        p_pr.insert(0, num_pr)
