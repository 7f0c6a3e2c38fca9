"""Fitting text into placeholder frames: titles, bullet bodies, tables (pictures: :mod:`.geometry`).

Every function here is pure arithmetic over a :class:`~.fit.Measurer`: it
decides sizes and where to split, and the writer sets exactly those sizes.
Lengths are points.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Sequence, Tuple

from .fit import Measurer
from .geometry import Frame
from .model import CELL_PAD_X, CELL_PAD_Y, Para, ParaStyle, Run, TableLayout
from .text import ELLIPSIS, runs_text, shorten_runs

SIZE_STEP = 2.0
TITLE_FLOOR = 18.0
"""Smallest size a title is set at before it is shortened (the body text minimum)."""


def _spans(runs: Sequence[Run]) -> List[Tuple[str, bool, bool]]:
    return [(r.text, r.bold, r.italic) for r in runs]


def para_height(m: Measurer, para: Para, frame: Frame, size: float, style: ParaStyle, first: bool = False) -> float:
    """The height ``para`` takes in ``frame`` at ``size``."""
    sub = sub_size(size, para)
    lines = m.count_lines(_spans(para.runs), frame.inner_w - style.indent(para), sub)
    return lines * m.line_height(sub, spacing=style.line_spacing) + style.before(para)


def sub_size(size: float, para: Para) -> float:
    """The font size of ``para`` in a body set at ``size`` (sub-bullets too: never below the body's minimum)."""
    return size


def title_candidates(text: str) -> List[str]:
    """``text``, then its shorter forms cut at a clause boundary (before a colon, dash or parenthesis),
    then before a comma (the longest such head first, three words at least)."""
    out = [text]
    for mark in (": ", " \u2014 ", "\u2014", " \u2013 ", " - ", " (", "; ", ". "):
        head = text.split(mark, 1)[0].strip()
        if head and head != text and len(head.split()) >= 2 and head not in out:
            out.append(head)
    parts = text.split(", ")
    for n in range(len(parts) - 1, 0, -1):
        head = ", ".join(parts[:n]).strip()
        if len(head.split()) >= 3 and _balanced(head) and head not in out:
            out.append(head)
    return out


def _balanced(text: str) -> bool:
    return text.count("(") == text.count(")") and text.count("\u201c") == text.count("\u201d")


def fit_title(m: Measurer, text: str, frame: Frame, size: float, min_size: float, max_lines: int, role: str = "heading",
              suffix: str = "", floor: float = TITLE_FLOOR) -> Tuple[str, float]:
    """The title text (shortened only if it cannot fit) and its size.

    ``suffix`` ("(1 of 3)") is kept on every shortened form; ``floor`` is the
    smallest size tried before anything is cut with an ellipsis (a table's or
    figure's caption may go down to the caption minimum).
    """
    whole = f"{text} {suffix}".strip() if suffix else text
    s = size
    while True:
        lines = m.count_lines(whole, frame.inner_w, s, role)
        if lines <= max_lines and lines * m.line_height(s, role) <= frame.inner_h:
            return whole, s
        if s - SIZE_STEP < min_size:
            break
        s -= SIZE_STEP
    # The whole title on more lines, then cut at a clause boundary; in a small title box, below the
    # title minimum down to ``floor`` before anything is cut with an ellipsis.
    for short in title_candidates(text):
        short = f"{short} {suffix}".strip() if suffix else short
        for s in _sizes(min_size, min(floor, min_size)):
            allowed = max(1, int(frame.inner_h // m.line_height(s, role)))
            if m.count_lines(short, frame.inner_w, s, role) <= allowed:
                return short, s
    text = whole
    s = min(floor, min_size)
    allowed = max(1, int(frame.inner_h // m.line_height(s, role)))
    keep = len(text)
    while keep > 1:
        keep = int(keep * 0.85)
        short = runs_text(shorten_runs((Run(text),), keep))
        if m.count_lines(short, frame.inner_w, s, role) <= allowed:
            return short, s
    return ELLIPSIS, s


@dataclass(frozen=True)
class Page:
    """One slide's share of a body: its paragraphs and the size they are set at."""

    paras: Tuple[Para, ...]
    size: float
    overfull: bool = False  # one paragraph too long for an empty slide even at the minimum size


def _fits(m: Measurer, paras: Sequence[Para], frame: Frame, size: float, style: ParaStyle) -> bool:
    return sum(para_height(m, p, frame, size, style) for p in paras) <= frame.inner_h


def _sizes(size: float, min_size: float) -> List[float]:
    """``size`` down to ``min_size`` in steps (``min_size`` always last)."""
    out, s = [], size
    while s > min_size:
        out.append(s)
        s -= SIZE_STEP
    return out + [min(min_size, size)]


def paginate_pages(m: Measurer, paras: Sequence[Para], frame: Frame, size: float, min_size: float,
                   max_items: int, style: ParaStyle) -> List[Page]:
    """Set ``paras`` on as few slides as fit: shrink toward ``min_size`` first, then split at paragraphs.

    Text is never cut. Pages are filled at the minimum size (at most ``max_items``
    paragraphs each), then each page is set at the largest size at which it still
    fits: one size for the whole run, the largest that needs no more slides. A
    paragraph too long for an empty slide at the minimum size gets a page of its
    own, whole, marked ``overfull`` (the caller warns).
    """
    if not paras:
        return []
    floor = min(min_size, size)
    sizes = _sizes(size, floor)
    if len(paras) <= max_items:
        for s in sizes:
            if _fits(m, paras, frame, s, style):
                return [Page(tuple(paras), s)]
    fewest = _pack(m, paras, frame, floor, max_items, style)
    for s in sizes:  # one size for all the pages: the largest that needs no more slides than the minimum does
        groups = fewest if s == floor else _pack(m, paras, frame, s, max_items, style)
        if len(groups) == len(fewest) and all(_fits(m, g, frame, s, style) for g in groups):
            return [Page(tuple(g), s) for g in groups]
    return [Page(tuple(g), floor, not _fits(m, g, frame, floor, style)) for g in fewest]


def is_lead_in(para: Para) -> bool:
    """True for a paragraph that introduces what follows it ("The bill would:")."""
    return runs_text(para.runs).rstrip().endswith((":", "\uff1a"))


def drop_dangling_lead_ins(paras: Sequence[Para]) -> List[Para]:
    """``paras`` without the lead-ins whose list did not follow them (cut, skipped or past the last bullet).

    A lead-in is kept only as the parent of the deeper bullets right after it;
    its whole text is in the speaker notes either way. For derived bullets only:
    the author's own slide bullets are never dropped.
    """
    out: List[Para] = []
    for i, para in enumerate(paras):
        after = paras[i + 1] if i + 1 < len(paras) else None
        if is_lead_in(para) and (after is None or after.level <= para.level):
            continue
        out.append(para)
    return out


def whole_lists(paras: Sequence[Para], keep: int) -> List[Para]:
    """The first ``keep`` paragraphs, extended to the end of a list cut there (a list is never cut)."""
    out = list(paras[:keep])
    rest = list(paras[keep:])
    while out and rest and rest[0].source >= 0 and rest[0].source == out[-1].source:
        out.append(rest.pop(0))  # the list (or the sentences of one paragraph) goes on, whole
    return out


def _pack(m: Measurer, paras: Sequence[Para], frame: Frame, size: float, max_items: int, style: ParaStyle) -> List[List[Para]]:
    """Greedy pages at ``size``: a new page when the next paragraph would not fit (or the page is full).

    A lead-in never ends a page: it moves to the next page with the items it introduces.
    """
    groups: List[List[Para]] = []
    current: List[Para] = []
    used = 0.0
    for para in paras:
        height = para_height(m, para, frame, size, style)
        if current and (used + height > frame.inner_h or len(current) >= max(max_items, 1)):
            carried = [current.pop()] if len(current) > 1 and is_lead_in(current[-1]) and para.level > current[-1].level else []
            groups.append(current)
            current = carried
            used = sum(para_height(m, p, frame, size, style) for p in carried)
        current.append(para)
        used += height
    if current:
        groups.append(current)
    if len(groups) > 1 and len(groups[-1]) == 1 and len(groups[-2]) >= 3:  # no one-bullet "(cont.)" slide
        groups[-1].insert(0, groups[-2].pop())
    return groups


def paginate(m: Measurer, paras: Sequence[Para], frame: Frame, size: float, min_size: float,
             max_items: int, style: ParaStyle) -> Tuple[float, List[List[Para]]]:
    """:func:`paginate_pages` as ``(size of the first page, pages' paragraphs)``."""
    pages = paginate_pages(m, paras, frame, size, min_size, max_items, style)
    return (pages[0].size if pages else size), [list(p.paras) for p in pages]


#: Lines a column head may wrap to before it widens its column (the width goes to the rows' text).
HEAD_LINES = 3


def table_layout(m: Measurer, header: Sequence[str], rows: Sequence[Sequence[str]], width: float,
                 size: float, min_size: float, head_more: Sequence[Sequence[str]] = ()) -> TableLayout:
    """Choose column widths (by content) and measure every row at the chosen size.

    ``head_more`` are the header's further rows (a header of column groups over
    column heads): bold like the first, measured into ``header_height``.
    """
    ncols = max(len(header), 1)
    heads = [header, *head_more]
    s = size
    while True:
        natural = [0.0] * ncols
        wrapped = [0.0] * ncols  # the same with each head wrapped to HEAD_LINES lines
        minimum = [0.0] * ncols
        for row_index, row in enumerate([*heads, *rows]):
            bold = row_index < len(heads)
            for c, text in enumerate(row):
                full = m.width(text, s, bold=bold)
                natural[c] = max(natural[c], min(full, width))
                wrapped[c] = max(wrapped[c], min(full / HEAD_LINES if bold else full, width))
                longest = max((m.width(w, s, bold=bold) for w in text.split()), default=0.0)
                minimum[c] = max(minimum[c], min(longest, width / ncols))
        natural = [n + 2 * CELL_PAD_X + 2 for n in natural]
        wrapped = [n + 2 * CELL_PAD_X + 2 for n in wrapped]
        minimum = [n + 2 * CELL_PAD_X + 2 for n in minimum]
        if sum(minimum) <= width or s - SIZE_STEP < min_size:
            break
        s -= SIZE_STEP
    if sum(natural) <= width:
        widths = [n * width / sum(natural) for n in natural]
    elif sum(minimum) >= width:
        widths = [width / ncols] * ncols
    else:  # too wide for one line a cell: long heads over short figures wrap first, the spare goes to the rows
        spare = width - sum(minimum)
        extra = [max(n - mn, 0.0) for n, mn in zip(wrapped, minimum)]
        widths = [mn + spare * e / (sum(extra) or 1) for mn, e in zip(minimum, extra)]

    def height(row: Sequence[str], bold: bool) -> float:
        lines = max((m.count_lines([(t, bold, False)], w - 2 * CELL_PAD_X, s) for t, w in zip(row, widths)), default=1)
        return lines * m.line_height(s) + 2 * CELL_PAD_Y + 2

    head_heights = tuple(height(h, True) for h in heads)
    return TableLayout(s, tuple(widths), sum(head_heights), tuple(height(r, False) for r in rows),
                       head_heights if len(heads) > 1 else ())


def split_rows(layout: TableLayout, area_h: float, max_rows: int) -> List[Tuple[int, int]]:
    """(start, end) row ranges: each page repeats the header and fits ``area_h``."""
    pages: List[Tuple[int, int]] = []
    start = 0
    used = layout.header_height
    for i, h in enumerate(layout.row_heights):
        if i > start and (used + h > area_h or i - start >= max_rows):
            pages.append((start, i))
            start, used = i, layout.header_height
        used += h
    if start < len(layout.row_heights) or not pages:
        pages.append((start, len(layout.row_heights)))
    return _balanced_rows(layout, pages, area_h, max_rows)


#: The last part of a split table holds at least this many rows (no orphan row on a slide of its own).
LAST_ROWS = 2


def _balanced_rows(layout: TableLayout, pages: List[Tuple[int, int]], area_h: float, max_rows: int) -> List[Tuple[int, int]]:
    """Parts filled by measured height, the last one given at least :data:`LAST_ROWS` rows from the part before
    it (each part but the last stays mostly full: a presenter sees no slide of one row, nor a half-empty first part)."""
    if len(pages) < 2:
        return pages
    (a, b), d = pages[-2], pages[-1][1]
    while d - b < LAST_ROWS and b - a > LAST_ROWS and \
            layout.header_height + sum(layout.row_heights[b - 1:d]) <= area_h:  # the last part must still fit
        b -= 1
    return pages[:-2] + [(a, b), (b, d)]
