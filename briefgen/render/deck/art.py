"""Reading a layout's decorative shapes: the keep-out zones text must stay off (issue #29 item 1).

A template's art (the lines, bars, bands and pictures its designer drew on the
master and on each layout) is part of its look; text drawn over it is a
defect a presenter sees at once. :func:`art_zones` lists, for one layout, the
boxes of every shape that is not a placeholder and not a full-slide background
(the master's only when the layout shows them), in points, group children
placed in slide coordinates and hairlines thickened so that crossing one
counts. :mod:`.room` then keeps grown and shrunk text boxes off them.

Reads python-pptx objects; decides nothing.
"""

from __future__ import annotations

import logging
from typing import Callable, Iterator, List, Optional, Tuple

from pptx.enum.shapes import MSO_SHAPE_TYPE

from ..common.units import points_from_emu
from .geometry import Box

log = logging.getLogger(__name__)

NS_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
NS_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
#: A shape covering at least this share of the slide is its background, not art.
BACKGROUND_SHARE = 0.9
#: Art whose shapes together cover this share of the slide is a background pattern (LibreOffice's Focus) ...
PATTERN_SHARE = 0.6
#: ... and only its pieces smaller than this share of the slide (lines, marks) are keep-out zones.
PATTERN_PIECE = 0.05
#: Hairlines get this thickness (points) so that a box crossing one counts as crossing.
MIN_THICKNESS = 1.0

Rect = Tuple[float, float, float, float]  # x0, y0, x1, y1 in points


def _group_xfrm(shape) -> Optional[Tuple[float, ...]]:
    node = shape._element.find(f"{NS_P}grpSpPr/{NS_A}xfrm")
    if node is None:
        return None
    off, ext, choff, chext = (node.find(f"{NS_A}{t}") for t in ("off", "ext", "chOff", "chExt"))
    if off is None or ext is None:
        return None
    choff = choff if choff is not None else off
    chext = chext if chext is not None else ext
    return (float(off.get("x")), float(off.get("y")), float(ext.get("cx")), float(ext.get("cy")),
            float(choff.get("x")), float(choff.get("y")), float(chext.get("cx")) or 1.0,
            float(chext.get("cy")) or 1.0)


def _own_box(shape) -> Optional[Rect]:
    try:
        left, top, width, height = shape.left, shape.top, shape.width, shape.height
    except (AttributeError, KeyError, ValueError):
        return None
    if None in (left, top, width, height):
        return None
    return (float(left), float(top), float(left) + float(width), float(top) + float(height))


def _walk(shapes, transform: Callable[[Rect], Rect] = lambda b: b) -> Iterator[Tuple[object, Rect]]:
    """Every leaf shape with its box in slide coordinates (EMU), groups opened."""
    for shape in shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            x = _group_xfrm(shape)
            if x is None:
                continue
            ox, oy, cx, cy, chx, chy, chcx, chcy = x

            def inner(b: Rect, ox=ox, oy=oy, cx=cx, cy=cy, chx=chx, chy=chy, chcx=chcx, chcy=chcy,
                      outer=transform) -> Rect:
                sx, sy = cx / chcx, cy / chcy
                return outer((ox + (b[0] - chx) * sx, oy + (b[1] - chy) * sy,
                              ox + (b[2] - chx) * sx, oy + (b[3] - chy) * sy))
            yield from _walk(shape.shapes, inner)
            continue
        box = _own_box(shape)
        if box is not None:
            yield shape, transform(box)


def _thicken(x0: float, y0: float, x1: float, y1: float) -> Rect:
    x0, x1 = min(x0, x1), max(x0, x1)
    y0, y1 = min(y0, y1), max(y0, y1)
    if x1 - x0 < MIN_THICKNESS:
        mid = (x0 + x1) / 2
        x0, x1 = mid - MIN_THICKNESS / 2, mid + MIN_THICKNESS / 2
    if y1 - y0 < MIN_THICKNESS:
        mid = (y0 + y1) / 2
        y0, y1 = mid - MIN_THICKNESS / 2, mid + MIN_THICKNESS / 2
    return (x0, y0, x1, y1)


def _shows_master(element) -> bool:
    return element.get("showMasterSp") not in ("0", "false")


def _zones_of(shapes, slide_area: float) -> List[Tuple[str, Box]]:
    found: List[Tuple[str, Box]] = []
    for shape, emu in _walk(shapes):
        if getattr(shape, "is_placeholder", False):
            continue
        if shape.shape_type in (MSO_SHAPE_TYPE.TABLE, MSO_SHAPE_TYPE.CHART):
            continue
        x0, y0, x1, y1 = _thicken(*(points_from_emu(int(v)) for v in emu))
        if (x1 - x0) * (y1 - y0) >= BACKGROUND_SHARE * slide_area:
            continue
        found.append((shape.name or "", Box(x0, y0, x1 - x0, y1 - y0)))
    return found


def art_zones(prs, layout) -> Tuple[Tuple[str, Box], ...]:
    """The layout's keep-out zones as ``(where and name, box in points)``: its own art and its master's (if shown)."""
    slide_area = points_from_emu(int(prs.slide_width)) * points_from_emu(int(prs.slide_height))
    zones: List[Tuple[str, Box]] = []
    if _shows_master(layout._element):
        zones += [(f"the master's '{n}'", b) for n, b in _zones_of(layout.slide_master.shapes, slide_area)]
    zones += [(f"the layout's '{n}'", b) for n, b in _zones_of(layout.shapes, slide_area)]
    slide_w, slide_h = points_from_emu(int(prs.slide_width)), points_from_emu(int(prs.slide_height))
    if coverage([b for _n, b in zones], slide_w, slide_h) >= PATTERN_SHARE:
        zones = [(n, b) for n, b in zones if b.area < PATTERN_PIECE * slide_area]
    return tuple(zones)


def coverage(boxes, slide_w: float, slide_h: float, steps: int = 48) -> float:
    """The share of the slide the union of ``boxes`` covers (sampled on a ``steps`` x ``steps`` grid)."""
    if not boxes:
        return 0.0
    hit = 0
    for i in range(steps):
        y = (i + 0.5) * slide_h / steps
        for j in range(steps):
            x = (j + 0.5) * slide_w / steps
            if any(b.x <= x <= b.x + b.w and b.y <= y <= b.y + b.h for b in boxes):
                hit += 1
    return hit / (steps * steps)
