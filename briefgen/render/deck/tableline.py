"""Where a split table's source line goes (#29 item 3): under the last part, never at the cost of a half-empty part.

A split table's rows are spread over its parts by :func:`balance`: every part
but the last filled at least :data:`FULL_SHARE` of the area, the last holding
at least :data:`LAST_ROWS` rows and the line (the source, and what is left to
the handout) under them, and, within that, the fullest part as light as it can
be (balanced parts, a part added only when needed). When no such spread
exists the parts stay as filled by height: when the last part's rows and the
line do not fit together, a part
is added only if the part before it stays mostly full (:data:`FULL_SHARE` of
the area); otherwise the line's first sentence ("Source: Historian of the
House of Representatives, ...": the whole line is in the speaker notes) goes
under the last part when that fits, and a line that is only the source
stays in the speaker notes alone. A presenter never gets a slide of a table
left a third empty for the sake of a source line.

Pure: no python-pptx.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Tuple

from .geometry import Frame, caption_below
from .model import TableLayout
from .paginate import LAST_ROWS

log = logging.getLogger(__name__)

#: A part before the last one is filled at least this share of the area's height.
FULL_SHARE = 0.75


@dataclass(frozen=True)
class Placed:
    """The parts (row ranges), the area left for the table, the line's frame and its text ("" for none)."""

    parts: List[Tuple[int, int]]
    table_area: Frame
    note_frame: Optional[Frame]
    text: str
    refit: bool = False  # the last part was cut to the rows that fit: the line must say what is in the handout


def _fits_above(layout: TableLayout, a: int, b: int, height: float) -> int:
    """The first row ``k`` such that rows ``k..b`` fit under the header in ``height`` (``a`` when all do)."""
    k, used = b, layout.header_height
    while k > a and used + layout.row_heights[k - 1] <= height:
        used += layout.row_heights[k - 1]
        k -= 1
    return k


def balance(layout: TableLayout, n: int, cap: float, last_cap: float, max_rows: int) -> Optional[List[Tuple[int, int]]]:
    """The table's rows in ``n`` parts (row ranges), each under the header within ``cap`` points (the last within
    ``last_cap``, above its line) and ``max_rows`` rows; every part but the last at least :data:`FULL_SHARE` of
    ``cap`` high, the last at least :data:`LAST_ROWS` rows (when the table has them); the tallest part as low as
    it can be. None when there is no such spread."""
    count = len(layout.row_heights)
    sums = [0.0]
    for h in layout.row_heights:
        sums.append(sums[-1] + h)
    least = min(LAST_ROWS, count)
    memo: Dict[Tuple[int, int], Optional[Tuple[float, List[Tuple[int, int]]]]] = {}

    def best(i: int, left: int) -> Optional[Tuple[float, List[Tuple[int, int]]]]:
        if (i, left) in memo:
            return memo[(i, left)]
        found: Optional[Tuple[float, List[Tuple[int, int]]]] = None
        if left == 1:
            high = layout.header_height + sums[count] - sums[i]
            if least <= count - i <= max_rows and high <= last_cap:
                found = ((high + cap - last_cap) / cap, [(i, count)])
        else:
            for j in range(i + 1, count):
                high = layout.header_height + sums[j] - sums[i]
                if high > cap or j - i > max_rows:
                    break
                rest = best(j, left - 1) if high >= FULL_SHARE * cap else None
                if rest is not None and (found is None or max(rest[0], high / cap) < found[0]):
                    found = (max(rest[0], high / cap), [(i, j)] + rest[1])
        memo[(i, left)] = found
        return found

    done = best(0, n) if n >= 1 else None
    return done[1] if done else None


def first_sentence(text: str) -> str:
    """The line's first sentence, or its words up to the first comma ("Source: Historian of the House")."""
    head = re.split(r"(?<=\.)\s+(?=[A-Z])", text, maxsplit=1)[0]
    if head != text:
        return head
    head = text.split(", ", 1)[0]
    return head + "." if head != text else ""


def place_line(layout: TableLayout, parts: List[Tuple[int, int]], area: Frame, text: str, max_parts: int,
               lines_of: Callable[[str], float], only_source: bool, max_rows: int = 40) -> Placed:
    """The table's parts and the frame of ``text`` under the last one (see the module's docstring).
    ``lines_of(text)`` is the line's height in points; ``only_source``: the line says nothing but the source."""
    if not parts:
        return Placed(parts, area, None, text)
    table_area, note_frame = caption_below(area, lines_of(text)) if text else (area, None)
    a, b = parts[-1]
    if b == len(layout.row_heights) and (len(parts) > 1 or _fits_above(layout, a, b, table_area.h) > a):
        for n in range(max(len(parts), 2), max_parts + 1):  # balanced parts, a part added only when needed
            spread = balance(layout, n, area.h, table_area.h, max_rows)
            if spread:
                if spread != parts:
                    log.debug("table: %d rows in balanced parts %s", b, spread)
                return Placed(spread, table_area, note_frame, text)
    if not text:
        return Placed(parts, area, None, text)
    k = _fits_above(layout, a, b, table_area.h)
    if k <= a:
        return Placed(parts, table_area, note_frame, text)
    if len(parts) < max_parts and b - k >= 1:
        k = max(k, b - LAST_ROWS) if b - a > LAST_ROWS else k
        before = layout.header_height + sum(layout.row_heights[a:k])
        if before >= FULL_SHARE * area.h or not only_source:
            return Placed(parts[:-1] + [(a, k), (k, b)], table_area, note_frame, text)
        short = first_sentence(text)
        if short:
            short_area, short_frame = caption_below(area, lines_of(short))
            if _fits_above(layout, a, b, short_area.h) <= a:
                log.debug("table: the source line's first sentence under the last part (whole in the notes)")
                return Placed(parts, short_area, short_frame, short)
        if _fits_above(layout, a, b, area.h) <= a:
            log.debug("table: the source line in the speaker notes only (a part would be left part-empty)")
            return Placed(parts, area, None, "")
        return Placed(parts[:-1] + [(a, k), (k, b)], table_area, note_frame, text)
    # no part left to add: the last part keeps the rows that fit, the rest is in the handout
    j, used = a, layout.header_height
    while j < b and used + layout.row_heights[j] <= table_area.h:
        used += layout.row_heights[j]
        j += 1
    return Placed(parts[:-1] + [(a, max(j, a + 1))], table_area, note_frame, text, refit=True)
