"""The deck's geometry: boxes and text frames in points, and the arithmetic on them.

A :class:`Box` is a placeholder's outer box as the template draws it (the
ranking of layouts compares them); a :class:`Frame` is a box with the text
insets the planner measures inside. Lengths are points throughout
(:mod:`briefgen.render.common.units` converts inches and EMU).

Pure: imports nothing of the deck and no drawing library.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Tuple

log = logging.getLogger(__name__)

CAPTION_GAP = 4.0
"""Space between a picture or chart and the caption line under it (points)."""


@dataclass(frozen=True)
class Frame:
    """A text frame: outer box and insets (points)."""

    x: float
    y: float
    w: float
    h: float
    left: float = 7.2
    top: float = 3.6
    right: float = 7.2
    bottom: float = 3.6

    @property
    def inner_w(self) -> float:
        """Width available to text."""
        return max(self.w - self.left - self.right, 1.0)

    @property
    def inner_h(self) -> float:
        """Height available to text."""
        return max(self.h - self.top - self.bottom, 1.0)


@dataclass(frozen=True)
class Box:
    """A placeholder's outer box in points."""

    x: float
    y: float
    w: float
    h: float
    vertical: bool = False

    @property
    def area(self) -> float:
        """Width times height."""
        return max(self.w, 0.0) * max(self.h, 0.0)


def fit_picture(px_w: int, px_h: int, area: Frame) -> Tuple[float, float, float, float]:
    """The largest box with the image's aspect inside ``area``, centered (x, y, w, h)."""
    px_w, px_h = max(px_w, 1), max(px_h, 1)
    scale = min(area.w / px_w, area.h / px_h)
    w, h = px_w * scale, px_h * scale
    return area.x + (area.w - w) / 2, area.y + (area.h - h) / 2, w, h


def caption_below(area: Frame, height: float) -> Tuple[Frame, Frame]:
    """``area`` split for a caption ``height`` points high at its foot: ``(what is left above, the caption's frame)``.

    The picture or chart keeps at least 40% of the area's height.
    """
    caption = Frame(area.x, area.y + area.h - height, area.w, height)
    rest = Frame(area.x, area.y, area.w, max(area.h - height - CAPTION_GAP, area.h * 0.4))
    return rest, caption
