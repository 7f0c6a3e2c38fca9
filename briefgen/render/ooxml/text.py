"""DrawingML text: runs with their fonts, paragraph spacing, and text frames that never autofit.

A renderer that measures its own text (the deck does, with real font metrics)
must keep PowerPoint and LibreOffice from resizing it: :func:`no_autofit`
turns autofit off and sets the insets measured with, :func:`set_spacing` the
exact line and paragraph spacing, :func:`add_runs` the exact size and face of
every run; :func:`add_line_box` sets one such line in a box of its own (a
credit or source line under a visual). These work on python-pptx text frames and paragraphs.
"""

from __future__ import annotations

import logging
from typing import Any, Iterable, Optional, Protocol

from lxml import etree
from pptx.oxml.ns import qn
from pptx.util import Pt

from ..common.xmlchars import strip_controls
from .color import rgb

log = logging.getLogger(__name__)

#: The link schemes a run may carry (others are set as plain text).
LINK_SCHEMES = ("http://", "https://", "mailto:")


class StyledText(Protocol):
    """A run of text to write: its words, bold and italic, and an optional link."""

    text: str
    bold: bool
    italic: bool
    href: Optional[str]


class Insets(Protocol):
    """A text frame's insets in points."""

    left: float
    top: float
    right: float
    bottom: float


class Placed(Insets, Protocol):
    """A box on the slide and its insets, in points."""

    x: float
    y: float
    w: float
    h: float


def no_autofit(text_frame: Any, insets: Optional[Insets] = None) -> None:
    """Word wrap on, autofit off, explicit insets (what the plan measured with)."""
    body_pr = text_frame._txBody.bodyPr
    for tag in ("a:spAutoFit", "a:normAutofit", "a:noAutofit"):
        for node in body_pr.findall(qn(tag)):
            body_pr.remove(node)
    etree.SubElement(body_pr, qn("a:noAutofit"))
    body_pr.set("wrap", "square")
    if insets is not None:
        for key, value in (("lIns", insets.left), ("tIns", insets.top), ("rIns", insets.right), ("bIns", insets.bottom)):
            body_pr.set(key, str(int(round(Pt(value)))))


def set_spacing(paragraph: Any, before: float, spacing: float = 1.0) -> None:
    """``before`` points above ``paragraph``, none after, lines at ``spacing`` (1.0: single)."""
    p_pr = paragraph._p.get_or_add_pPr()
    for tag in ("a:lnSpc", "a:spcBef", "a:spcAft"):
        for node in p_pr.findall(qn(tag)):
            p_pr.remove(node)
    ln = etree.Element(qn("a:lnSpc"))
    etree.SubElement(ln, qn("a:spcPct"), val=str(int(spacing * 100000)))
    bef = etree.Element(qn("a:spcBef"))
    etree.SubElement(bef, qn("a:spcPts"), val=str(int(round(before * 100))))
    aft = etree.Element(qn("a:spcAft"))
    etree.SubElement(aft, qn("a:spcPts"), val="0")
    for index, node in enumerate((ln, bef, aft)):
        p_pr.insert(index, node)


def add_runs(paragraph: Any, runs: Iterable[StyledText], size: float, face: str, color: Optional[str] = None,
             bold: Optional[bool] = None) -> None:
    """Append ``runs`` to ``paragraph`` at ``size`` points in ``face`` (``color``: ``#RRGGBB``).

    ``bold`` None keeps each run's own bold (and otherwise the template's), True makes every run bold.
    Characters XML cannot carry are dropped; an empty run is written as one space.
    """
    for item in runs:
        run = paragraph.add_run()
        run.text = strip_controls(item.text) or " "
        font = run.font
        font.size = Pt(size)
        font.name = face
        wanted = bool(item.bold) if bold is None else bool(bold or item.bold)
        if wanted:
            font.bold = True  # otherwise inherit: a template's bold titles stay bold
        font.italic = bool(item.italic)
        if color:
            font.color.rgb = rgb(color)
        if item.href and item.href.startswith(LINK_SCHEMES):
            run.hyperlink.address = item.href


def add_line_box(slide: Any, frame: Placed, name: str, runs: Iterable[StyledText], size: float, face: str,
                 color: Optional[str] = None) -> Any:
    """A text box called ``name`` at ``frame`` holding one paragraph of ``runs``, measured as planned
    (no autofit, no space before): the credit or source line under a picture, chart or table."""
    box = slide.shapes.add_textbox(Pt(frame.x), Pt(frame.y), Pt(frame.w), Pt(frame.h))
    box.name = name
    no_autofit(box.text_frame, frame)
    para = box.text_frame.paragraphs[0]
    set_spacing(para, 0)
    add_runs(para, runs, size, face, color)
    return box
