"""Inline content as WordprocessingML runs: emphasis, code, links, footnote references, line breaks.

python-docx has no API for hyperlinks or footnote references, so runs are
built as plain ``w:r`` elements (with ``docx.oxml``'s ``OxmlElement``) and
appended to a paragraph's ``w:p`` (or to a ``w:hyperlink`` inside it).
External links get a relationship on the part that holds the paragraph (the
document or the footnotes part); in-document links point at a bookmark.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any, Optional

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ... import model as m
from ..common.xmlchars import strip_controls


log = logging.getLogger(__name__)

LINK_SCHEMES = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class Look:
    """How a run is set: bold, italic, monospaced (the theme's mono face)."""

    bold: bool = False
    italic: bool = False
    code: bool = False


def bookmark_name(anchor: str) -> str:
    """A Word bookmark name for an anchor: letters, digits and ``_``, starting with a letter, at most 40 characters."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", anchor)
    return ("h_" + name)[:40]


def text_run(text: str, look: Look = Look(), style: str = "", mono: str = "") -> Any:
    """A ``w:r`` holding ``text`` (tabs and newlines as Word's own elements)."""
    run = OxmlElement("w:r")
    r_pr = OxmlElement("w:rPr")
    if style:
        el = OxmlElement("w:rStyle")
        el.set(qn("w:val"), style)
        r_pr.append(el)
    if look.code and mono:
        fonts = OxmlElement("w:rFonts")
        for key in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(key), mono)
        r_pr.append(fonts)
    if look.bold:
        r_pr.append(OxmlElement("w:b"))
    if look.italic:
        r_pr.append(OxmlElement("w:i"))
    if len(r_pr):
        run.append(r_pr)
    text = strip_controls(text.replace("\r", ""))
    for i, line in enumerate(text.split("\n")):
        if i:
            run.append(OxmlElement("w:br"))
        for j, piece in enumerate(line.split("\t")):
            if j:
                run.append(OxmlElement("w:tab"))
            if piece:
                t = OxmlElement("w:t")
                t.set(qn("xml:space"), "preserve")
                t.text = piece
                run.append(t)
    return run


def add_inlines(writer: Any, target: Any, part: Any, inlines: m.Inlines, look: Look = Look()) -> None:
    """Append ``inlines`` to ``target`` (a ``w:p`` or ``w:hyperlink``); links relate from ``part``."""
    for node in inlines:
        if isinstance(node, m.Text):
            target.append(text_run(node.text, look))
        elif isinstance(node, m.Code):
            target.append(text_run(node.text, Look(look.bold, look.italic, True), mono=writer.mono))
        elif isinstance(node, m.Emph):
            add_inlines(writer, target, part, node.children, Look(look.bold, not look.italic, look.code))
        elif isinstance(node, m.Strong):
            add_inlines(writer, target, part, node.children, Look(True, look.italic, look.code))
        elif isinstance(node, m.LineBreak):
            run = OxmlElement("w:r")
            run.append(OxmlElement("w:br"))
            target.append(run)
        elif isinstance(node, m.Link):
            link = _hyperlink(writer, part, node.href)
            if link is None:
                add_inlines(writer, target, part, node.children, look)
                continue
            target.append(link)
            before = len(link)
            add_inlines(writer, link, part, node.children, look)
            for run in link[before:]:
                _style_run(run, writer.styles.char("Hyperlink"))
        elif isinstance(node, m.FootnoteRef):
            target.append(writer.notes.reference(node.number))


def _hyperlink(writer: Any, part: Any, href: str) -> Optional[Any]:
    """A ``w:hyperlink`` for ``href`` (external: a relationship; ``#anchor``: a bookmark), or None."""
    link = OxmlElement("w:hyperlink")
    if href.startswith("#"):
        name = writer.bookmarks.get(href[1:])
        if name is None:
            return None
        link.set(qn("w:anchor"), name)
    elif href.startswith(LINK_SCHEMES):
        link.set(qn("r:id"), part.relate_to(href, RT.HYPERLINK, is_external=True))
    else:
        return None
    link.set(qn("w:history"), "1")
    return link


def _style_run(run: Any, style: str) -> None:
    """Give a run a character style (first in its properties)."""
    if run.tag != qn("w:r") or not style:
        return
    r_pr = run.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPr")
        run.insert(0, r_pr)
    el = OxmlElement("w:rStyle")
    el.set(qn("w:val"), style)
    r_pr.insert(0, el)
