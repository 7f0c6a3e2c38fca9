"""Room for text on a template whose body placeholder is small for its slide.

Some templates give their content layout a body box far smaller than the slide
has room for: LibreOffice's Midnightblue, converted to PowerPoint, sets a tall
title in the middle of the slide over a body of a fifth of its area; a
template without "Title and Content" leaves only layouts whose first body is a
column or a caption. At the 18 pt minimum such a body holds two short
bullets, and the deck becomes two or three times as long as on the default.

A designer would give the text the room the layout leaves free: the column
the title and the body span, from just below the title's text to just above
the footers. :func:`grow` decides that from the layout's geometry alone; the
slide's placeholders then get that box as an explicit position (they stay
placeholders of the same layout, editable and in its look). A title box taller
than its longest title needs is trimmed to that height first, so the body may
start under the text rather than under empty space, and it spans the body's
column, so a centered title sits over the text it heads.

Pure: boxes are :class:`~.geometry.Box` values in points; nothing here imports
python-pptx.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional, Sequence

from ..common.units import INCH
from .geometry import Box
#: Grow only a body holding less than this share of the free area (a body near it is the designer's choice).
GROW_BELOW = 0.75
#: Space kept between the title and the body, and between the body and the footers (points).
TITLE_GAP = 0.12 * INCH
FOOTER_GAP = 0.2 * INCH  # a template's footer band often starts a little above its footer boxes
#: A title box is trimmed only when it is this much taller than its longest title needs.
TITLE_SLACK = 1.15


@dataclass(frozen=True)
class Room:
    """The boxes a small-bodied layout's slides use instead of the layout's own."""

    title: Box
    body: Box
    original: Box  # the layout's own body box, for the reasons in ``layouts show``

    original_title: Optional[Box] = None  # the layout's own title box

    def reason(self) -> str:
        """Why and how the body was grown, in words."""
        text = (f"body grown from {self.original.w / INCH:.1f} x {self.original.h / INCH:.1f} in to "
                f"{self.body.w / INCH:.1f} x {self.body.h / INCH:.1f} in (the free area below the title)")
        if self.original_title is not None and self.title.h < self.original_title.h - 1:
            text += (f", the title box trimmed from {self.original_title.h / INCH:.1f} to {self.title.h / INCH:.1f} in "
                     f"high (its longest title)")
        return text


def free_area(slide_w: float, slide_h: float, title: Box, body: Box, footers: Sequence[Box]) -> Optional[Box]:
    """The box from just below ``title`` to just above the footers, as wide as title and body together.

    None when the title is not above the body (a caption or section layout,
    whose boxes sit side by side or the other way up).
    """
    top = title.y + title.h + TITLE_GAP
    if title.y + title.h > body.y + 1.0:
        return None
    left = max(min(title.x, body.x), 0.0)
    right = min(max(title.x + title.w, body.x + body.w), slide_w)
    below = [f.y for f in footers if f.y > body.y and f.x < right and f.x + f.w > left]
    bottom = min((min(below) - FOOTER_GAP) if below else max(body.y + body.h, slide_h - 0.5 * INCH), slide_h)
    if right - left <= 0 or bottom - top <= 0:
        return None
    return replace(body, x=left, y=top, w=right - left, h=bottom - top)


def grow(slide_w: float, slide_h: float, title: Optional[Box], body: Optional[Box], footers: Sequence[Box],
         title_need: float) -> Optional[Room]:
    """The grown title and body boxes when ``body`` holds under :data:`GROW_BELOW` of the free area; else None.

    ``title_need`` is the height (points, insets included) the longest title
    the deck sets needs; a taller title box is trimmed to it from below.
    """
    if title is None or body is None or body.vertical or title.vertical:
        return None
    trimmed = title
    if title.h > title_need * TITLE_SLACK and title.y + title.h <= body.y + 1.0:
        trimmed = replace(title, h=title_need)
    room = free_area(slide_w, slide_h, trimmed, body, footers)
    if room is None or body.area >= GROW_BELOW * room.area or room.h < body.h or room.w < body.w * 0.9:
        return None
    # the title spans the same column as the body, so a centered title sits over the text it heads
    return Room(replace(trimmed, x=room.x, w=room.w), room, body, title)
