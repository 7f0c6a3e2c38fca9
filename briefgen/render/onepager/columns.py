"""The one-pager's two columns: a main column set to a measure of characters, a sidebar beside it (pure, no ReportLab).

A publications desk sets a leave-behind as a masthead across the page, then
a main column (the bottom line and the recommendations) of a comfortable
measure, 60-75 characters a line, and a narrower sidebar (key points, the
contacts, where to read the full brief). The measure is counted in
characters, so the main column's width is a function of the type size: the
fitter sets smaller type to fit one page, and at a smaller size the same
width would hold more characters a line. :func:`plan_columns` gives the
widths for one size: the main column holds ``measure`` characters when the
sidebar keeps at least ``sidebar_min``; else the sidebar gives way, down to
``min_measure`` characters in the main column (the sidebar is then
narrower than ``sidebar_min``); the main column never holds more than
``measure`` characters (the sidebar takes what is left).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

LINE_SLACK = 3.0
"""Characters a justified line falls short of its width on average: a line breaks between words, about half
a word (three characters) before the end. A main column for ``measure`` characters is this much wider."""

RAGGED_SLACK = 5.0
"""The same for ragged-right text, whose lines end shorter still (measured: two characters more)."""


@dataclass(frozen=True)
class Columns:
    """The widths (points) of the main column (its box's padding included), the gutter and the sidebar."""

    main: float
    gutter: float
    side: float
    chars: float
    """About how many characters a line of the main column holds (its text width over the mean character
    width, less :data:`LINE_SLACK`)."""


def plan_columns(frame_width: float, size: float, char_em: float, padding: float, measure: float,
                 min_measure: float, gutter: float, sidebar_min: float, slack: float = LINE_SLACK) -> Columns:
    """The columns for text of ``size`` points whose mean character is ``char_em`` ems wide.

    ``padding`` is the main column's box padding (each side); ``measure`` and
    ``min_measure`` are characters a line; ``slack`` how far short of its width a line ends
    (:data:`LINE_SLACK`, :data:`RAGGED_SLACK`). A page too narrow even for
    ``min_measure`` characters and a gutter gives the main column the whole
    width but the gutter and no sidebar at all (``side`` 0).
    """
    char = max(size * char_em, 0.01)
    want = (measure + slack) * char + 2 * padding
    floor = (min_measure + slack) * char + 2 * padding
    room = frame_width - gutter
    main = min(want, max(room - sidebar_min, floor))
    if main >= room:  # no room for a sidebar at all
        return Columns(frame_width, 0.0, 0.0, (frame_width - 2 * padding) / char - slack)
    return Columns(main, gutter, room - main, (main - 2 * padding) / char - slack)


def mean_char_em(text_width: float, chars: int) -> float:
    """The mean character width in ems of a text ``chars`` long that is ``text_width`` ems wide (0.5 for none)."""
    return text_width / chars if chars > 0 and text_width > 0 else 0.5


def balance(main_base: float, main_items: Sequence[float], side_base: float, side_items: Sequence[float]) -> int:
    """How many of a run of items (in reading order) go at the foot of the main column, the rest heading the
    sidebar, so the taller column is as short as it can be (ties: more in the main column).

    ``main_items[i]`` and ``side_items[i]`` are item ``i``'s height set in either column; the bases are what
    each column holds besides. At most ``len(main_items) + 1`` splits are weighed.
    """
    count = min(len(main_items), len(side_items))
    best, best_height = 0, float("inf")
    for k in range(count + 1):
        height = max(main_base + sum(main_items[:k]), side_base + sum(side_items[k:count]))
        if height <= best_height + 1e-9:
            best, best_height = k, height
    return best
