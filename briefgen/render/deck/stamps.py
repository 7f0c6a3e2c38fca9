"""Draft and embargo stamps on every slide: one text box at the top edge, apart from the slide's own shapes.

The words come from :func:`briefgen.render.stamps.stamps_for` (theme labels);
the look from ``deck/layouts.yaml``'s ``stamps:`` (``color``: a theme color
name or ``#RRGGBB``; ``size`` of the mark and embargo line, ``footer_size`` of
the draft footer; ``top``, ``right`` and ``height`` in inches). The box is
named ``briefgen stamp`` so it can be found (and deleted by hand) in
PowerPoint; a final build adds nothing.
"""

from __future__ import annotations

import logging
from typing import Any, Mapping

from ..stamps import Stamps

log = logging.getLogger(__name__)

SHAPE_NAME = "briefgen stamp"
INCH = 914400


def stamp_look(cfg: Mapping[str, Any], colors: Mapping[str, str]) -> dict:
    """The stamp settings from ``layouts.yaml`` data, with defaults (ValueError for a non-number)."""
    raw = cfg.get("stamps") if isinstance(cfg.get("stamps"), Mapping) else {}
    color = str(raw.get("color", "accent"))
    color = colors.get(color, color)
    return {
        "color": color.lstrip("#").upper(),
        "size": float(raw.get("size", 14)),
        "footer_size": float(raw.get("footer_size", 9)),
        "top": float(raw.get("top", 0.08)),
        "right": float(raw.get("right", 0.3)),
        "width": float(raw.get("width", 6.0)),
        "height": float(raw.get("height", 0.55)),
    }


def add_stamps(slide: Any, stamps: Stamps, look: Mapping[str, Any], slide_width: int, face: str) -> None:
    """Add the stamp box to ``slide`` (nothing when ``stamps`` is empty)."""
    if not stamps:
        return
    from pptx.dml.color import RGBColor
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Emu, Pt

    width = min(int(look["width"] * INCH), slide_width)
    left = max(0, slide_width - width - int(look["right"] * INCH))
    box = slide.shapes.add_textbox(Emu(left), Emu(int(look["top"] * INCH)), Emu(width), Emu(int(look["height"] * INCH)))
    box.name = SHAPE_NAME
    frame = box.text_frame
    frame.word_wrap = True
    color = RGBColor.from_string(look["color"])
    lines = [(" · ".join(t for t in (stamps.mark, stamps.embargo) if t), look["size"], True)]
    if stamps.footer:
        lines.append((stamps.footer, look["footer_size"], False))
    for index, (text, size, bold) in enumerate(t for t in lines if t[0]):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.RIGHT
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = face
        run.font.color.rgb = color
