"""Real Word footnotes: the ``footnotes.xml`` part, written with lxml (python-docx has no API for it).

As pandoc's DOCX writer does, each note is a ``w:footnote`` whose first
paragraph opens with a ``w:footnoteRef`` run, and the text carries a
``w:footnoteReference`` run where the source cites it. Word numbers the notes
itself, in the order of their references. A reference document's separator
notes (and their ids) are kept; briefgen's notes are numbered after them.
A note cited a second time is cited by its number (Word has one reference
per footnote).
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Dict, Optional

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from ... import model as m
from .inlines import text_run


log = logging.getLogger(__name__)

FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
EMPTY = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    "</w:footnotes>"
)


class Footnotes:
    """The footnotes part of one document, filled as the text cites each note."""

    def __init__(self, writer: Any, notes: Dict[int, m.Footnote]) -> None:
        self.writer = writer
        self.notes = notes
        self.ids: Dict[int, int] = {}
        self.part: Optional[XmlPart] = None
        self.root: Any = None
        self.next_id = 1
        self.write_blocks: Optional[Callable[[Any, Any, m.Blocks, str], None]] = None

    def _ensure(self) -> None:
        if self.part is not None:
            return
        doc_part = self.writer.document.part
        root = None
        for rid, rel in list(doc_part.rels.items()):
            if rel.reltype == RT.FOOTNOTES and not rel.is_external:
                try:
                    old = parse_xml(rel.target_part.blob)
                except Exception:  # a reference's unreadable footnotes: start afresh
                    old = None
                if old is not None:
                    root = parse_xml(EMPTY)
                    for child in list(root):
                        root.remove(child)
                    for note in old.findall(qn("w:footnote")):
                        if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                            root.append(note)
                del doc_part.rels[rid]
        if root is None:
            root = parse_xml(EMPTY)
        taken = [int(n.get(qn("w:id"))) for n in root.findall(qn("w:footnote")) if n.get(qn("w:id"), "").lstrip("-").isdigit()]
        self.next_id = max(taken + [0]) + 1
        self.part = XmlPart(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, root, doc_part.package)
        self.root = root
        doc_part.relate_to(self.part, RT.FOOTNOTES)

    def reference(self, number: int) -> Any:
        """The run citing note ``number``: a footnote reference the first time, its number after."""
        style = self.writer.styles.char("Footnote Reference")
        if number in self.ids:
            run = text_run(str(self._ordinal(number)), style=style)
            return run
        note = self.notes.get(number)
        if note is None:
            return text_run(str(number), style=style)
        self._ensure()
        fid = self.next_id
        self.next_id += 1
        self.ids[number] = fid
        run = OxmlElement("w:r")
        r_pr = OxmlElement("w:rPr")
        el = OxmlElement("w:rStyle")
        el.set(qn("w:val"), style)
        r_pr.append(el)
        run.append(r_pr)
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(fid))
        run.append(ref)
        self._write_note(fid, note)
        return run

    def _ordinal(self, number: int) -> int:
        """Word's number for a cited note: its place among the notes cited so far."""
        return sorted(self.ids, key=lambda k: self.ids[k]).index(number) + 1

    def _write_note(self, fid: int, note: m.Footnote) -> None:
        footnote = OxmlElement("w:footnote")
        footnote.set(qn("w:id"), str(fid))
        self.root.append(footnote)
        para_style = self.writer.styles.para("footnote text")
        blocks = note.blocks or (m.Paragraph((), note.line),)
        assert self.write_blocks is not None
        self.write_blocks(footnote, self.part, blocks, para_style)
        first = footnote.find(qn("w:p"))
        if first is None:
            first = OxmlElement("w:p")
            footnote.append(first)
        mark = OxmlElement("w:r")
        r_pr = OxmlElement("w:rPr")
        el = OxmlElement("w:rStyle")
        el.set(qn("w:val"), self.writer.styles.char("Footnote Reference"))
        r_pr.append(el)
        mark.append(r_pr)
        mark.append(OxmlElement("w:footnoteRef"))
        p_pr = first.find(qn("w:pPr"))
        position = 1 if p_pr is not None else 0
        first.insert(position, mark)
        first.insert(position + 1, text_run(" "))
