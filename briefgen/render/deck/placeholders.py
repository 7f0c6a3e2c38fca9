"""Reading one placeholder of a deck template: its type, its box and insets, its text size.

Placeholders are found by TYPE, never by position; a placeholder's position, insets and
text direction are inherited from its master twin when the layout leaves them unset.
:mod:`.template` builds on these to choose a layout for each kind of slide.
"""

from __future__ import annotations

import logging
from typing import Optional, Sequence, Tuple

from pptx.enum.shapes import PP_PLACEHOLDER

from ..common.units import points_from_emu
from .geometry import Box, Frame

log = logging.getLogger(__name__)

NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
FOOTER_TYPES = (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE)


def pt(emu: int) -> float:
    """EMU to points."""
    return points_from_emu(emu)


def placeholder(layout, types: Sequence[int]):
    """The first placeholder of ``layout`` whose type is one of ``types`` (lowest idx first)."""
    found = [ph for ph in layout.placeholders if ph.placeholder_format.type in types]
    found.sort(key=lambda ph: (types.index(ph.placeholder_format.type), ph.placeholder_format.idx))
    return found[0] if found else None


def insets(ph) -> Tuple[float, float, float, float]:
    """The placeholder's text insets (points), inherited from the master when unset."""
    values = {"lIns": 91440, "tIns": 45720, "rIns": 91440, "bIns": 45720}
    chain = [ph._element]
    master_ph = master_placeholder(ph)
    if master_ph is not None:
        chain.insert(0, master_ph._element)
    for element in chain:
        body_pr = element.find(f".//{{{NS_A}}}bodyPr")
        if body_pr is not None:
            for key in values:
                if body_pr.get(key) is not None:
                    values[key] = int(body_pr.get(key))
    return pt(values["lIns"]), pt(values["tIns"]), pt(values["rIns"]), pt(values["bIns"])


def master_placeholder(ph):
    """The master's twin of the layout placeholder ``ph``, or None."""
    try:
        return ph._base_placeholder
    except Exception:  # a layout placeholder without a master twin
        return None


def usable_height(layout, ph, slide_h: int) -> int:
    """``ph``'s height (EMU) clipped to end above the slide's bottom and any footer box it runs into."""
    top, bottom = int(ph.top), int(ph.top) + int(ph.height)
    bottom = min(bottom, slide_h)
    left, right = int(ph.left), int(ph.left) + int(ph.width)
    for other in layout.placeholders:
        if other.placeholder_format.type not in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE):
            continue
        if None in (other.left, other.top, other.width, other.height):
            continue
        o_left, o_top = int(other.left), int(other.top)
        if o_left < right and o_left + int(other.width) > left and top < o_top < bottom:
            bottom = o_top
    return max(bottom - top, int(ph.height) // 3)


def frame_of(ph, layout=None, slide_h: Optional[int] = None) -> Optional[Frame]:
    """The placeholder's box (inherited position) as a :class:`Frame`; clipped at footers when ``layout`` is given."""
    if ph is None or ph.width is None or ph.height is None or ph.left is None or ph.top is None:
        return None
    left, top, right, bottom = insets(ph)
    height = usable_height(layout, ph, slide_h) if layout is not None and slide_h else int(ph.height)
    return Frame(pt(ph.left), pt(ph.top), pt(ph.width), pt(height), left, top, right, bottom)


def vertical(ph) -> bool:
    """Whether ``ph`` (or its master twin) sets its text vertically."""
    chain = [ph._element]
    master_ph = master_placeholder(ph)
    if master_ph is not None:
        chain.append(master_ph._element)
    for element in chain:
        body_pr = element.find(f".//{{{NS_A}}}bodyPr")
        if body_pr is not None and body_pr.get("vert") not in (None, "horz"):
            return True
    return False


def placeholder_box(ph) -> Optional[Box]:
    """``ph``'s box in points (None when it has no position of its own)."""
    if ph is None or None in (ph.left, ph.top, ph.width, ph.height):
        return None
    return Box(pt(ph.left), pt(ph.top), pt(ph.width), pt(ph.height), vertical(ph))


def body_placeholder(layout, with_subtitle: bool = False):
    """The placeholder text bodies go into: the largest body/object one (a subtitle if asked and none)."""
    found = [ph for ph in layout.placeholders if ph.placeholder_format.type in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)]
    found = [ph for ph in found if ph.width is not None and ph.height is not None]
    if found:
        found.sort(key=lambda ph: (-(int(ph.width) * int(ph.height)), ph.placeholder_format.idx))
        return found[0]
    return placeholder(layout, (PP_PLACEHOLDER.SUBTITLE,)) if with_subtitle else None


def size_in(element) -> Optional[float]:
    """The first run size (points) set in ``element``'s text properties, or None."""
    for tag in ("defRPr", "rPr", "endParaRPr"):
        for node in element.iter(f"{{{NS_A}}}{tag}"):
            if node.get("sz"):
                return int(node.get("sz")) / 100.0
    return None


def frame_at(box: Box, ph) -> Frame:
    """``box`` with the insets of the placeholder ``ph``."""
    return Frame(box.x, box.y, box.w, box.h, *insets(ph))
