"""Fitting the one-pager on one page: pure functions of measured heights (no drawing, no ReportLab).

The renderer measures its story at each text scale of :func:`scales` (from
the memo's own sizes down to the layout's minimum, a finite ladder, so the
search always ends), and :func:`fit` takes the first scale whose height fits
the page. When even the smallest does not fit, :func:`cut_advice` names the
part to shorten (the tallest of the summary, key points and recommendations)
and how much: "key points: 3 lines over; cut about 40 words".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Optional, Sequence, Tuple


@dataclass(frozen=True)
class Fit:
    """The outcome: the chosen ``scale`` (None: nothing fits) and the overflow at the smallest, in points."""

    scale: Optional[float]
    overflow: float = 0.0
    tried: int = 0


@dataclass(frozen=True)
class PartSize:
    """One part the author can cut, measured at the smallest scale."""

    key: str
    """The front matter field (``summary``, ``key_points``, ``recommendations``)."""
    label: str
    """The part's name for the message ("key points")."""
    height: float
    words: int
    line_height: float
    lines: int = 0
    """The text lines it is set in (0: estimate them from the height)."""
    paragraphs: int = 0
    """Its paragraphs (each ends in a line half full, on average)."""


def scales(base_size: float, min_size: float, step: float) -> Tuple[float, ...]:
    """Scale factors from 1 down to ``min_size / base_size`` by ``step`` points of the base size.

    Always non-empty and finite: a ``step`` of zero or less, or a minimum at or
    above the base size, gives ``(1.0,)`` plus the minimum's own scale.
    """
    if base_size <= 0:
        return (1.0,)
    low = min(max(min_size, 0.1), base_size) / base_size
    out = [1.0]
    if step > 0:
        count = int(math.floor((base_size - max(min_size, 0.1)) / step + 1e-9))
        out += [(base_size - k * step) / base_size for k in range(1, count + 1)]
    if out[-1] - low > 1e-9:
        out.append(low)
    return tuple(out)


def fit(candidates: Sequence[float], measure: Callable[[float], float], room: float) -> Fit:
    """The first of ``candidates`` (largest first) whose measured height is at most ``room``.

    ``measure`` is called once per candidate tried, at most ``len(candidates)`` times.
    """
    height = 0.0
    for tried, scale in enumerate(candidates, 1):
        height = measure(scale)
        if height <= room:
            return Fit(scale, 0.0, tried)
    return Fit(None, max(height - room, 0.0), len(candidates))


def cut_advice(parts: Sequence[PartSize], overflow: float) -> Tuple[Optional[PartSize], str]:
    """The part to cut and the advice, e.g. ``key points: 3 lines over; cut about 40 words``.

    The tallest part is named; lines are counted at its line height; words are
    one line more than the overflow times the words a full line of the part
    holds (its words over its text lines, each paragraph's last line counted
    half), rounded up to five: about what one cut in one place must remove.
    """
    candidates = [p for p in parts if p.height > 0 and p.line_height > 0]
    if not candidates:
        return None, f"{overflow:.0f} pt over"
    part = max(candidates, key=lambda p: p.height)
    lines = max(1, math.ceil(overflow / part.line_height - 1e-6))
    lines_set = part.lines or part.height / part.line_height
    per_line = part.words / max(lines_set - part.paragraphs / 2.0, 1.0)  # words a full line holds
    # one line more than the overflow: a cut seldom ends exactly at the end of a line
    words = max(5, int(math.ceil((lines + 1) * per_line / 5.0)) * 5)
    plural = "line" if lines == 1 else "lines"
    return part, f"{part.label}: {lines} {plural} over; cut about {words} words"
