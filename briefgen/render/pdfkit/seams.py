"""Very long paragraphs set in pieces without a visible seam.

ReportLab re-breaks the whole rest of a paragraph each time it splits it at a
page end, so one paragraph of hundreds of kilobytes costs time quadratic in
its length; the kit therefore hands ReportLab a long paragraph in pieces of
about ``paragraphs.split_at`` characters (:func:`~.markup.split_runs`). Cut
naively, each piece ends with a short last line and the next starts at the
margin: the page shows a paragraph break the author never wrote.

:func:`seamless_pieces` moves the words of each piece's last line to the
front of the next piece, so every piece but the last ends with a full line,
which is then justified like any other line (``justifyLastLine``). Measuring
a piece is one line-breaking pass over a couple of thousand characters, so
the whole stays linear in the paragraph's length.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Callable, List, Sequence, Tuple

from .markup import Run, split_runs

log = logging.getLogger(__name__)

#: A measurer: the non-space characters on a piece's last line (0: keep the piece as it is).
Measure = Callable[[List[Run]], int]


def cut_runs(runs: Sequence[Run], pos: int) -> Tuple[List[Run], List[Run]]:
    """Split ``runs`` at character offset ``pos`` (markers stay with the text before them)."""
    head: List[Run] = []
    tail: List[Run] = []
    seen = 0
    for run in runs:
        if tail or seen >= pos and run.text:
            tail.append(run)
            continue
        if seen + len(run.text) <= pos:
            head.append(run)
            seen += len(run.text)
            continue
        room = pos - seen
        head.append(replace(run, text=run.text[:room]))
        tail.append(replace(run, text=run.text[room:]))
        seen = pos
    return head, tail


def last_line_start(text: str, chars: int) -> int:
    """Offset in ``text`` where its last ``chars`` non-space characters begin, moved
    back to the start of that word (a hyphenated word's tail takes the whole word)."""
    count = 0
    pos = len(text)
    while pos > 0 and count < chars:
        pos -= 1
        if not text[pos].isspace():
            count += 1
    while pos > 0 and not text[pos - 1].isspace():
        pos -= 1
    return pos


def seamless_pieces(runs: List[Run], limit: int, measure: Measure) -> List[List[Run]]:
    """``runs`` in pieces of about ``limit`` characters, each (but the last) ending
    with a full line: the last line of each piece is moved to the next piece."""
    pieces = split_runs(runs, limit)
    if len(pieces) < 2:
        return pieces
    out: List[List[Run]] = []
    carry: List[Run] = []
    for i, piece in enumerate(pieces):
        piece = carry + piece
        carry = []
        if i < len(pieces) - 1:
            chars = measure(piece)
            if chars:
                text = "".join(r.text for r in piece)
                start = last_line_start(text, chars)
                if 0 < start < len(text):
                    piece, carry = cut_runs(piece, start)
        out.append(piece)
    return [p for p in out if p]


def last_line_chars(paragraph: object, width: float) -> int:
    """Non-space characters on the last line of a ReportLab ``Paragraph`` set ``width`` wide
    (0 when it has fewer than two lines)."""
    paragraph.wrap(width, 1e9)  # type: ignore[attr-defined]
    lines = paragraph.blPara.lines  # type: ignore[attr-defined]
    if len(lines) < 2:
        return 0
    last = lines[-1]
    if isinstance(last, tuple):
        words = last[1]
        return sum(len("".join(str(w).split())) for w in words)
    return sum(len("".join(str(getattr(f, "text", "")).split())) for f in getattr(last, "words", []))
