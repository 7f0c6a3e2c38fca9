"""Pure planning for the memo's tables: column widths and page breaks (no drawing).

Widths follow CSS's automatic table layout: each column has a *minimum* (its
widest unbreakable piece: a word, a figure with its unit, a citation, see
:func:`briefgen.render.common.tablecontent.pieces`) and a *maximum* (its longest
cell set on one line), both measured with the memo's fonts and including the
cell padding. :func:`plan_widths` gives every column its maximum when all fit
(the spare width shared among the text columns), else its minimum plus a share of the
rest in proportion to how much more it could use — so no minimum is broken
and text-heavy columns get the room. When even the minimums do not fit it
says so, and the caller sets the table in a smaller font.

No column is ever narrower than its padding plus ``floor`` (a column left
with no room for text inside its padding, e.g. an empty spacer column, made
ReportLab measure every cell as 2**31 points tall and stopped the memo).
:func:`fits_across` says whether the floors alone fit at all.

:func:`plan_break` decides where a table breaks across pages: whole rows
only, a row never split unless it is taller than a full page, the caption
kept with the first row and the note with the last.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, List, Optional, Sequence, Tuple

from ..common.tablecontent import pieces

if TYPE_CHECKING:
    from ... import model as m

#: ``width_of(text, bold)``: the width of ``text`` in points in the table's font.
WidthOf = Callable[[str, bool], float]


@dataclass(frozen=True)
class ColumnMeasure:
    """A column's minimum and maximum width in points (padding included)."""

    minimum: float
    maximum: float


def measure_columns(header: Sequence[str], rows: Sequence[Sequence[str]], width_of: WidthOf,
                    padding: float, floor: float = 0.0) -> List[ColumnMeasure]:
    """The minimum and maximum width of every column (cell texts as lines joined by ``\\n``).

    ``floor`` is the least room for text any column gets inside its padding,
    even an empty one; ragged rows count their missing cells as empty.
    """
    out: List[ColumnMeasure] = []
    for col in range(len(header)):
        lo = hi = 0.0
        for r, row in enumerate([header, *rows]):
            text = row[col] if col < len(row) else ""
            bold = r == 0
            for line in text.split("\n"):
                hi = max(hi, width_of(" ".join(pieces(line)), bold))
                for piece in pieces(line):
                    lo = max(lo, width_of(piece, bold))
        lo = max(lo, floor)
        out.append(ColumnMeasure(lo + 2 * padding, max(hi, lo) + 2 * padding))
    return out


def fits_across(count: int, least: float, available: float) -> bool:
    """True when ``count`` columns of at least ``least`` points each fit in ``available``."""
    return count * least <= available + 1e-6


def plan_widths(columns: Sequence[ColumnMeasure], available: float,
                grow: Optional[Sequence[bool]] = None, least: float = 0.0) -> Tuple[List[float], bool]:
    """Column widths that share ``available`` points, and whether every minimum fit.

    When every column fits at its maximum, the spare width goes to the
    columns marked in ``grow`` (text columns: a figure column wider than its
    figures only parts them from their labels), in proportion to their
    maximum; to all columns when none is marked.

    When the minimums alone are wider than ``available`` the narrow columns
    keep their minimums and the too-wide ones share the rest (the second value
    is then False: the caller should try a smaller font, and warn if it still
    does not fit). No width is below ``least`` (padding plus the least room
    for text), even when the columns then run past ``available``: see
    :func:`fits_across`.
    """
    if not columns:
        return [], True
    lo = [c.minimum for c in columns]
    hi = [c.maximum for c in columns]
    total_lo, total_hi = sum(lo), sum(hi)
    if total_hi <= available:
        spare = available - total_hi
        marks = list(grow) if grow is not None and any(grow) else [True] * len(hi)
        base = sum(h for h, g in zip(hi, marks) if g)
        if base <= 0:
            return [available / len(hi)] * len(hi), True
        return [h + (spare * h / base if g else 0.0) for h, g in zip(hi, marks)], True
    if total_lo <= available:
        room = available - total_lo
        extra = total_hi - total_lo
        return [lo_i + room * (hi_i - lo_i) / extra for lo_i, hi_i in zip(lo, hi)], True
    # Too wide even at the minimums: columns whose minimum is no more than a
    # fair share keep it; the others share what is left equally (their longest
    # pieces break).
    kept: set = set()
    while True:
        rest = [i for i in range(len(lo)) if i not in kept]
        share = (available - sum(lo[i] for i in kept)) / len(rest) if rest else 0.0
        newly = {i for i in rest if lo[i] <= share}
        if not newly:
            break
        kept |= newly
    return [lo[i] if i in kept else max(share, least) for i in range(len(lo))], False


def plan_column_groups(columns: Sequence[ColumnMeasure], available: float, max_parts: int,
                       stub: int = 1) -> List[List[int]]:
    """Column indexes of the parts a table too wide for the page is set in, one under the other.

    Each part repeats the ``stub`` columns (the row labels) and takes as many of the others as
    fit ``available`` at their minimums, the parts as even as the count allows. One part (all
    the columns) when they fit together, when even the stub and one column do not fit, or when
    more than ``max_parts`` parts would be needed (the caller then sets it smaller, breaking words).
    """
    n = len(columns)
    every = [list(range(n))]
    lo = [c.minimum for c in columns]
    if sum(lo) <= available + 1e-6 or n <= stub + 1 or max_parts < 2:
        return every
    head = sum(lo[:stub])
    rest = list(range(stub, n))
    if head + max(lo[i] for i in rest) > available + 1e-6:
        return every
    for parts in range(2, max_parts + 1):
        size, extra = divmod(len(rest), parts)
        groups, start = [], 0
        for k in range(parts):
            end = start + size + (1 if k < extra else 0)
            groups.append(rest[start:end])
            start = end
        if all(head + sum(lo[i] for i in group) <= available + 1e-6 for group in groups):
            return [list(range(stub)) + group for group in groups]
    return every


@dataclass(frozen=True)
class Break:
    """Where to break a table: after ``rows`` body rows (0: move it all on).

    ``split_row`` is True when body row ``rows`` is itself taller than a page
    and must be split inside (then ``rows`` whole rows come before it).
    """

    rows: int
    split_row: bool = False


def plan_break(row_heights: Sequence[float], header: float, caption: float, note: float,
               available: float, full: float, max_hole: float = 0.0) -> Break:
    """How many body rows of a table go in ``available`` points (``full``: a whole page).

    ``caption`` is the height above the header (the caption, or the
    "continued" line), ``note`` the height below the last row. Rules: the
    caption and header never stand without a row; the note never stands
    without the last row; a row taller than a page is split; a row that fits
    on a page moves whole to the next page, unless that would leave more than
    ``max_hole`` points empty at the foot of this one (0: no limit): then it
    is split inside, as text is (a table of tall text rows left pages a third
    empty). The same holds for the last row when it fits but the note after
    it does not: its end goes over with the note.
    """
    n = len(row_heights)
    top = caption + header
    used = top
    fits = 0
    for h in row_heights:
        if used + h > available:
            break
        used += h
        fits += 1
    if fits == n:
        if used + note <= available:
            return Break(n)
        # the note must keep company: the last row goes on with it, or (when moving it whole would
        # leave more than max_hole empty here) its end does, the row split inside
        hole = available - (used - row_heights[-1]) if n else 0.0
        return Break(n - 1 if n > 1 else 0, split_row=n > 0 and 0 < max_hole < hole)
    if fits == 0:
        first = row_heights[0] if n else 0.0
        if top + first > full:  # taller than any page: split the row here if it is worth it
            return Break(0, split_row=available - top > 0.25 * full)
        return Break(0, split_row=0 < max_hole < available - top)
    return Break(fits, split_row=0 < max_hole < available - used)


def split_notes(notes: Sequence[Any], width: float, room: float) -> Optional[Tuple[List[Any], List[Any]]]:
    """A table's notes block (its source and note paragraphs) split as a paragraph splits: what goes
    in ``room`` under the last row and what goes over, or None when fewer than two lines would stay
    or go (the block then keeps with the row). A typesetter splits a long note rather than send it
    over with the last row and leave the page's foot empty (R46991, R48906: 15 % holes)."""
    kept: List[Any] = []
    rest = list(notes)
    while rest:
        flow = rest[0]
        before = flow.getSpaceBefore()
        h = flow.wrap(width, 1e9)[1] + before
        if h <= room + 1e-6:
            kept.append(rest.pop(0))
            room -= h
            continue
        parts = flow.split(width, room - before) if room > before else []
        if len(parts) == 2:
            kept.append(parts[0])
            rest[0] = parts[1]
        break
    leading = max((getattr(getattr(f, "style", None), "leading", 0) or 0) for f in notes) if notes else 0
    if not leading or not rest:
        return None

    def lines(flows: List[Any]) -> float:
        return sum(f.wrap(width, 1e9)[1] for f in flows) / leading

    if lines(kept) < 2 - 1e-3 or lines(rest) < 2 - 1e-3:
        return None
    return kept, rest


def why_unset(row_heights: Sequence[float], header: float, caption: float, full: float) -> str:
    """Why a table that breaks nowhere on a fresh page cannot be set, in the user's words.

    Called when :func:`plan_break` (and the split inside a row) found no
    break at the top of a full page of ``full`` points. The heights named are
    rounded whole points a user can act on (never ReportLab's internals).
    """
    if caption + header > full / 2:
        return (f"its header row is {header:.0f}pt tall at the widths its columns get "
                f"(the page holds {full:.0f}pt): shorten its column heads, or split it into narrower tables")
    tall = max(row_heights, default=0.0)
    return (f"a row is {tall:.0f}pt tall at the widths its columns get and cannot be divided "
            f"(the page holds {full:.0f}pt): shorten its longest cell, or split the table")


def column_part(block: "m.Table", columns: Sequence[int], index: int, count: int) -> "m.Table":
    """Part ``index`` of ``count`` of a table set in parts: the given columns, the caption on the
    first part only, the notes under the last."""
    from dataclasses import replace

    return replace(block, header=tuple(block.header[c] for c in columns),
                   rows=tuple(tuple(row[c] for c in columns) for row in block.rows),
                   aligns=tuple(block.aligns[c] for c in columns) if block.aligns else block.aligns,
                   caption=block.caption if index == 0 else (), note=block.note if index == count - 1 else ())
