"""Draft and embargo stamps on every slide: one text box at the top edge, apart from the slide's own shapes.

The words come from :func:`briefgen.render.common.stamps.stamps_for` (theme labels);
the look from ``deck/layouts.yaml``'s ``stamps:`` (:class:`~.config.StampStyle`: ``color`` and ``fill``: a
theme color name or ``#RRGGBB``, ``fill: none`` for no box; ``size`` of the mark and embargo line, ``footer_size`` of
the draft footer; ``top``, ``right`` and ``height`` in inches). The box is
named ``briefgen stamp`` so it can be found (and deleted by hand) in
PowerPoint; a final build adds nothing.
"""

from __future__ import annotations

import logging
from typing import Any, Mapping

from ..common.stamps import Stamps
from ..common.units import EMU_PER_INCH, INCH
from ..ooxml.color import rgb

log = logging.getLogger(__name__)

SHAPE_NAME = "briefgen stamp"


def stamp_lines(stamps: Stamps, look: Mapping[str, Any]) -> list:
    """The box's lines: ``(text, size, bold)``, the mark and embargo first, then the draft footer."""
    lines = [(" · ".join(t for t in (stamps.mark, stamps.embargo) if t), look["size"], True)]
    if stamps.footer:
        lines.append((stamps.footer, look["footer_size"], False))
    return [line for line in lines if line[0]]


def stamp_box(lines: list, measure: Any, look: Mapping[str, Any], slide_width: int) -> tuple:
    """``(left, top, width, height)`` in EMU of a box that holds ``lines`` unwrapped, at the top right.

    ``measure(text, size, bold)`` gives a line's width in points (the deck's font
    metrics); the box is at most ``look["width"]`` inches wide, never wider than the slide.
    """
    pad = 0.1 * INCH  # python-pptx's default text insets, left and right
    widest = max((measure(text, size, bold) for text, size, bold in lines), default=0.0)
    width = min(int((widest + 2 * pad + 4) / INCH * EMU_PER_INCH), int(look["width"] * EMU_PER_INCH), slide_width)
    height = int((sum(size * 1.2 for _t, size, _b in lines) + 0.1 * INCH) / INCH * EMU_PER_INCH)
    left = max(0, slide_width - width - int(look["right"] * EMU_PER_INCH))
    return left, int(look["top"] * EMU_PER_INCH), width, height


def add_stamps(slide: Any, stamps: Stamps, look: Mapping[str, Any], slide_width: int, face: str,
               measure: Any = None) -> None:
    """Add the stamp box to ``slide`` (nothing when ``stamps`` is empty); ``measure`` as for :func:`stamp_box`."""
    if not stamps:
        return
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Emu, Pt

    lines = stamp_lines(stamps, look)
    measure = measure or (lambda text, size, bold: len(text) * size * 0.55)
    left, top, width, height = stamp_box(lines, measure, look, slide_width)
    box = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height))
    box.name = SHAPE_NAME
    if look.get("fill"):  # a filled box reads on any template's title band
        box.fill.solid()
        box.fill.fore_color.rgb = rgb(look["fill"])
    frame = box.text_frame
    frame.auto_size = None
    frame.word_wrap = True
    color = rgb(look["color"])
    for index, (text, size, bold) in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.RIGHT
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = face
        run.font.color.rgb = color
