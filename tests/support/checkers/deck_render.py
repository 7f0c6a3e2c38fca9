"""Keep-out zones checked on LibreOffice's rendering of a deck (issue #29 item 1, "and by rendering").

:func:`words_on_art` converts a .pptx to PDF with ``soffice --headless``, reads
every word's box with pdfplumber and reports each word that lies on one of the
slide's keep-out zones (the template's art as :func:`deck_shapes.keep_out_zones`
reads it), unless it lies where a placeholder of the slide's layout already
sits on that art (a title on its band, a slide number on its badge; not a body) or inside
the art's own text (a master text box). The geometric checker
(:mod:`.deck_check`, ``keep-out``) looks at shape boxes; this one sees what is
drawn: text that overflows its box, a table row LibreOffice sets taller than
planned, a chart label.
"""

from __future__ import annotations

import logging
import subprocess
import tempfile
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

from pptx import Presentation

from . import deck_shapes as S

log = logging.getLogger(__name__)

PT = 12700  # EMU per point
#: A word must overlap a zone by more than this (points) on both axes to lie on it (glyph boxes carry
#: the font's ascent and descent, which may touch a rule under a line of text).
OVERLAP = 2.0
Rect = Tuple[float, float, float, float]


def to_pdf(pptx: Path, out: Path, profile: Path, timeout: int = 600) -> Path:
    """``pptx`` rendered by LibreOffice into ``out`` (a folder); the PDF's path."""
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(pptx)], check=True, capture_output=True, timeout=timeout)
    pdf = out / (pptx.stem + ".pdf")
    if not pdf.is_file():
        raise RuntimeError(f"LibreOffice made no PDF of {pptx}")
    return pdf


def _pt(box: S.Box) -> Rect:
    return (box[0] / PT, box[1] / PT, box[2] / PT, box[3] / PT)


def _overlap(a: Rect, b: Rect) -> Optional[Rect]:
    """Where word ``a`` lies on zone ``b``: more than :data:`OVERLAP` on both axes, or across a thin zone (a
    rule thinner than that counts when the word covers most of its thickness)."""
    x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    need_x, need_y = min(OVERLAP, 0.8 * (b[2] - b[0])), min(OVERLAP, 0.8 * (b[3] - b[1]))
    return (x0, y0, x1, y1) if x1 - x0 > need_x and y1 - y0 > need_y else None


def _inside(inner: Rect, outer: Rect, slack: float = 1.0) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack and inner[2] <= outer[2] + slack
            and inner[3] <= outer[3] + slack)


def allowed_boxes(slide) -> List[Rect]:
    """Where text may lie on art (points): the boxes of the layout's title and footer placeholders the slide uses (a
    title on its band), and the art's own text. A body placeholder gives no leave: a layout whose body crosses
    its art has that body shrunk to the free part."""
    boxes: List[Rect] = []
    for shape in slide.shapes:
        if shape.is_placeholder and shape.placeholder_format.type in S.TITLE_TYPES | S.FOOTER_TYPES:
            base = S.layout_placeholder(slide, shape)
            box = S.box_of(base) if base is not None else None
            if box is not None:
                boxes.append(_pt(box))
    layout = slide.slide_layout
    for shapes in (layout.shapes, layout.slide_master.shapes):
        for shape, box in S.walk(shapes):
            if not shape.is_placeholder and S.has_text(shape):
                boxes.append(_pt(box))
    return boxes


def words_on_art(pptx: Path, pdf: Optional[Path] = None, profile: Optional[Path] = None) -> List[str]:
    """One line per word LibreOffice draws on a keep-out zone: slide, word, its box and the zone."""
    import pdfplumber

    with tempfile.TemporaryDirectory() as tmp:
        if pdf is None:
            pdf = to_pdf(pptx, Path(tmp), profile or Path(tmp) / "profile")
        prs = Presentation(str(pptx))
        w, h = int(prs.slide_width), int(prs.slide_height)
        found: List[str] = []
        with pdfplumber.open(str(pdf)) as doc:
            for number, (slide, page) in enumerate(zip(prs.slides, doc.pages), 1):
                zones = S.keep_out_zones(slide, w, h)
                if not zones:
                    continue
                sx, sy = page.width / (w / PT), page.height / (h / PT)  # page size vs. slide size (1 when equal)
                allowed = allowed_boxes(slide)
                for word in page.extract_words(use_text_flow=False, keep_blank_chars=False):
                    box = (word["x0"] / sx, word["top"] / sy, word["x1"] / sx, word["bottom"] / sy)
                    found += _on_art(number, word["text"], box, zones, allowed)
        return found


def _on_art(number: int, text: str, box: Rect, zones: Sequence[S.Zone], allowed: Sequence[Rect]) -> List[str]:
    out = []
    for zone in zones:
        hit = _overlap(box, _pt(zone.box))
        if hit is None:
            continue
        if any(_inside(hit, a) for a in allowed):
            continue
        where = ", ".join(f"{v:.0f}" for v in box)
        out.append(f"slide {number}: {text!r} [{where}] pt on the {zone.where}'s {zone.name or 'unnamed shape'!r}")
        break
    return out
