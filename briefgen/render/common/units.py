"""One unit system for the renderers: points, inches and EMU.

Every length a renderer plans with is in points (1/72 inch). OOXML stores
lengths in English Metric Units (EMU: 914,400 per inch, 12,700 per point);
layout files give some lengths in inches. These names say which is which, so
no module writes ``72`` or ``914400`` of its own.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)
INCH = 72.0
"""Points per inch."""
EMU_PER_INCH = 914400
"""English Metric Units per inch (OOXML lengths)."""
EMU_PER_POINT = 12700
"""English Metric Units per point."""


def inches(value: float) -> float:
    """``value`` inches in points."""
    return value * INCH


def to_inches(points: float) -> float:
    """``points`` in inches."""
    return points / INCH


def points_from_emu(emu: int) -> float:
    """An EMU length (an int, as OOXML stores it) in points."""
    return int(emu) / EMU_PER_POINT
