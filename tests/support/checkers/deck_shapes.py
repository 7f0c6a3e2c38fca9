"""Geometry and text properties of a finished deck, read with python-pptx (never written).

The keep-out check of :mod:`checkers.deck_check` needs every shape's box in
slide coordinates (group children included), the template's decorative shapes
(layout and master, honouring ``showMasterSp``) and which slide shapes bear
text.  The body-size check needs the size a run is drawn at, resolved through
the run, its paragraph, the shape's list style, the layout's and master's
placeholders and the master's text styles.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Iterator, List, Optional, Tuple

from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER

log = logging.getLogger(__name__)

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"

Box = Tuple[int, int, int, int]  # x0, y0, x1, y1 in EMU
EMU_PER_IN = 914400
#: Zero-thickness lines get this much thickness (about 1 pt) so they can be crossed.
MIN_THICKNESS = 12700
#: A shape covering at least this share of the slide is its background, not art.
BACKGROUND_SHARE = 0.9
#: Template art whose shapes together cover this share of the slide is a background pattern (LibreOffice's Focus);
#: only its pieces under PATTERN_PIECE of the slide (lines, marks) stay keep-out zones.
PATTERN_SHARE = 0.6
PATTERN_PIECE = 0.05

TITLE_TYPES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE}
FOOTER_TYPES = {PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.HEADER}
BODY_TYPES = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.VERTICAL_BODY, PP_PLACEHOLDER.VERTICAL_OBJECT}


@dataclass(frozen=True)
class Zone:
    """A keep-out zone: one decorative shape of the template or the slide."""

    box: Box
    where: str  # "master", "layout" or "slide"
    name: str


def _xfrm(shape) -> Optional[Tuple[int, int, int, int, int, int, int, int]]:
    """A group's offset, extent, child offset and child extent, or None."""
    node = shape._element.find(f"{P}grpSpPr/{A}xfrm")
    if node is None:
        return None
    off, ext, choff, chext = (node.find(f"{A}{t}") for t in ("off", "ext", "chOff", "chExt"))
    if off is None or ext is None:
        return None
    choff = choff if choff is not None else off
    chext = chext if chext is not None else ext
    return (int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy")),
            int(choff.get("x")), int(choff.get("y")), int(chext.get("cx")) or 1, int(chext.get("cy")) or 1)


def box_of(shape) -> Optional[Box]:
    """The shape's own box in its parent's coordinates (None when it has no position)."""
    try:
        left, top, width, height = shape.left, shape.top, shape.width, shape.height
    except (AttributeError, KeyError, ValueError):
        return None
    if left is None or top is None or width is None or height is None:
        return None
    return (int(left), int(top), int(left) + int(width), int(top) + int(height))


def walk(shapes, transform=lambda b: b) -> Iterator[Tuple[object, Box]]:
    """Every leaf shape with its box in slide coordinates (groups opened)."""
    for shape in shapes:
        box = box_of(shape)
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            x = _xfrm(shape)
            if x is None:
                continue
            ox, oy, cx, cy, chx, chy, chcx, chcy = x

            def inner(b: Box, ox=ox, oy=oy, cx=cx, cy=cy, chx=chx, chy=chy, chcx=chcx, chcy=chcy, outer=transform) -> Box:
                sx, sy = cx / chcx, cy / chcy
                return outer((int(ox + (b[0] - chx) * sx), int(oy + (b[1] - chy) * sy),
                              int(ox + (b[2] - chx) * sx), int(oy + (b[3] - chy) * sy)))
            yield from walk(shape.shapes, inner)
        elif box is not None:
            yield shape, transform(box)


def thicken(box: Box) -> Box:
    """A line's box widened to :data:`MIN_THICKNESS` so that crossing it counts."""
    x0, y0, x1, y1 = min(box[0], box[2]), min(box[1], box[3]), max(box[0], box[2]), max(box[1], box[3])
    if x1 - x0 < MIN_THICKNESS:
        mid = (x0 + x1) // 2
        x0, x1 = mid - MIN_THICKNESS // 2, mid + MIN_THICKNESS // 2
    if y1 - y0 < MIN_THICKNESS:
        mid = (y0 + y1) // 2
        y0, y1 = mid - MIN_THICKNESS // 2, mid + MIN_THICKNESS // 2
    return (x0, y0, x1, y1)


def intersection(a: Box, b: Box) -> Optional[Box]:
    """The overlap of two boxes, or None when they only touch or are apart."""
    x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    if x1 <= x0 or y1 <= y0:
        return None
    return (x0, y0, x1, y1)


def contains(outer: Box, inner: Box, slack: int) -> bool:
    """Whether ``inner`` lies within ``outer`` grown by ``slack`` on every side."""
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def has_text(shape) -> bool:
    """Whether the shape (or any shape in it, for a group) draws text: text, a table or a chart."""
    if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
        return any(has_text(s) for s in shape.shapes)
    if getattr(shape, "has_table", False) and shape.has_table:
        return True
    if getattr(shape, "has_chart", False) and shape.has_chart:
        return True
    return bool(getattr(shape, "has_text_frame", False) and shape.has_text_frame and shape.text_frame.text.strip())


def _shows_master(element) -> bool:
    return element.get("showMasterSp") not in ("0", "false")


def _art(shapes, where: str, slide_area: int, skip_text: bool) -> List[Zone]:
    zones = []
    for shape, box in walk(shapes):
        if shape.is_placeholder:
            continue
        if skip_text and has_text(shape):
            continue
        if shape.shape_type in (MSO_SHAPE_TYPE.TABLE, MSO_SHAPE_TYPE.CHART):
            continue
        box = thicken(box)
        if (box[2] - box[0]) * (box[3] - box[1]) >= BACKGROUND_SHARE * slide_area:
            continue
        zones.append(Zone(box, where, shape.name))
    return zones


def keep_out_zones(slide, slide_w: int, slide_h: int) -> List[Zone]:
    """The slide's keep-out zones: its layout's and master's art (as shown) and its own non-text art."""
    area = slide_w * slide_h
    layout = slide.slide_layout
    zones: List[Zone] = []
    if _shows_master(slide._element):
        if _shows_master(layout._element):
            zones += _art(layout.slide_master.shapes, "master", area, skip_text=False)
        zones += _art(layout.shapes, "layout", area, skip_text=False)
    if _coverage([z.box for z in zones], slide_w, slide_h) >= PATTERN_SHARE:
        zones = [z for z in zones if (z.box[2] - z.box[0]) * (z.box[3] - z.box[1]) < PATTERN_PIECE * area]
    top_level = [s for s in slide.shapes if not s.is_placeholder and not has_text(s)]
    zones += _art(top_level, "slide", area, skip_text=True)
    return zones


def _coverage(boxes: List[Box], slide_w: int, slide_h: int, steps: int = 48) -> float:
    """The share of the slide the union of ``boxes`` covers, sampled on a grid."""
    if not boxes:
        return 0.0
    hit = sum(1 for i in range(steps) for j in range(steps)
              if any(b[0] <= (j + 0.5) * slide_w / steps <= b[2] and b[1] <= (i + 0.5) * slide_h / steps <= b[3]
                     for b in boxes))
    return hit / (steps * steps)


def layout_placeholder(slide, shape):
    """The layout's (or else the master's) placeholder that ``shape`` inherits from, or None."""
    idx, kind = shape.placeholder_format.idx, shape.placeholder_format.type
    layout = slide.slide_layout
    for candidate in layout.placeholders:
        if candidate.placeholder_format.idx == idx:
            return candidate
    for source in (layout.placeholders, layout.slide_master.placeholders):
        for candidate in source:
            if candidate.placeholder_format.type == kind:
                return candidate
    return None


def _lst_size(element, level: int) -> Optional[float]:
    """The size in points of ``lvl{level+1}pPr/defRPr`` under ``element``'s lstStyle-like node."""
    if element is None:
        return None
    node = element.find(f"{A}lvl{level + 1}pPr/{A}defRPr")
    if node is not None and node.get("sz"):
        return int(node.get("sz")) / 100
    return None


def _txbody_lst(shape):
    body = shape._element.find(f".//{P}txBody")
    return None if body is None else body.find(f"{A}lstStyle")


def font_scale(shape) -> float:
    """The ``normAutofit fontScale`` the shape's text is drawn at (1.0 when none)."""
    node = shape._element.find(f".//{A}bodyPr/{A}normAutofit")
    if node is not None and node.get("fontScale"):
        return int(node.get("fontScale")) / 100000
    return 1.0


def run_size(slide, shape, paragraph, run) -> Optional[float]:
    """The size in points ``run`` is drawn at, resolved through the inheritance chain."""
    scale = font_scale(shape)
    if run.font.size is not None:
        return round(run.font.size.pt * scale, 1)
    if paragraph.font.size is not None:
        return round(paragraph.font.size.pt * scale, 1)
    level = paragraph.level
    size = _lst_size(_txbody_lst(shape), level)
    master = slide.slide_layout.slide_master
    if size is None and shape.is_placeholder:
        base = layout_placeholder(slide, shape)
        if base is not None:
            size = _lst_size(_txbody_lst(base), level)
            if size is None:
                kind = base.placeholder_format.type
                for candidate in master.placeholders:
                    if candidate.placeholder_format.type == kind:
                        size = _lst_size(_txbody_lst(candidate), level)
                        break
    if size is None:
        styles = master._element.find(f"{P}txStyles")
        if styles is not None:
            name = "bodyStyle" if shape.is_placeholder else "otherStyle"
            size = _lst_size(styles.find(f"{P}{name}"), level)
    return None if size is None else round(size * scale, 1)
