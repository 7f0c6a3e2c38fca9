"""Right-to-left text for renderers that do not run the Unicode bidi algorithm.

The handout's browser and WeasyPrint order and shape right-to-left text
themselves; PowerPoint and LibreOffice do too. These helpers give them the
paragraph's base direction (``dir="rtl"``, ``<a:pPr rtl="1">``), and give the
memo, which ReportLab draws left to right, the words of each right-to-left run
in visual order. The letters inside a word stay in logical order: ReportLab
shapes each word with HarfBuzz, which joins Arabic letters and lays the glyphs
out right to left.

The reordering is done on the text before line breaking, so it is exact for
text that fits on one line (names, titles, headings, phrases inside a
left-to-right paragraph) and approximate for a right-to-left paragraph that
wraps: :func:`base_direction` lets the memo say so.
"""

from __future__ import annotations

import re
import unicodedata
from typing import List, Optional

_TOKENS = re.compile(r"\s+|\S+")


def is_rtl(char: str) -> bool:
    """True for a strong right-to-left character (Hebrew, Arabic, Syriac, Thaana...)."""
    return unicodedata.bidirectional(char) in ("R", "AL")


def has_rtl(text: str) -> bool:
    """True when ``text`` holds any strong right-to-left character."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def is_neutral(char: str) -> bool:
    """A digit or punctuation mark below U+2100 (no strong direction): set in
    the face of the letters it touches, since HarfBuzz shapes a word in one face."""
    return ord(char) < 0x2100 and unicodedata.bidirectional(char) in ("EN", "ES", "ET", "AN", "CS", "ON")


def base_direction(text: str) -> Optional[str]:
    """``"rtl"`` or ``"ltr"`` from the first strong character (rule P2), else ``None``."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return None


def _word_direction(word: str) -> Optional[str]:
    rtl = ltr = False
    for char in word:
        kind = unicodedata.bidirectional(char)
        rtl = rtl or kind in ("R", "AL")
        ltr = ltr or kind == "L"
    if rtl:
        return "rtl"  # a mixed word is shaped as one right-to-left cluster
    return "ltr" if ltr else None


def _split_tail(word: str) -> "tuple[str, str]":
    """``"القدس."`` as ``("القدس", ".")``: punctuation that ends a right-to-left
    run inside a left-to-right line. Words are shaped right to left as a
    whole, so the caller puts it before the run's first word, which draws it
    at the run's right edge."""
    end = len(word)
    while end > 0 and unicodedata.bidirectional(word[end - 1]) in ("CS", "ON", "ET", "ES"):
        end -= 1
    if end == 0:
        return word, ""
    return word[:end], word[end:]


def visual_words(text: str, base: Optional[str] = None) -> str:
    """``text`` with the words of its right-to-left runs in visual (left-to-right) order.

    ``base`` is the paragraph's direction (default: from ``text``). In a
    left-to-right paragraph each run of right-to-left words (with the numbers,
    spaces and punctuation between them) is reversed word by word; in a
    right-to-left one the whole line is, keeping runs of left-to-right words in
    their own order. Text without right-to-left characters is returned as is.
    """
    if not has_rtl(text):
        return text
    base = base or base_direction(text) or "ltr"
    tokens: List[str] = _TOKENS.findall(text)
    dirs = [None if t.isspace() else _word_direction(t) for t in tokens]
    minority = "rtl" if base == "ltr" else "ltr"
    out: List[str] = []
    i = 0
    n = len(tokens)
    while i < n:
        if dirs[i] != minority:
            out.append(tokens[i])
            i += 1
            continue
        # extend the run over neutrals up to the last token of the minority direction
        j = last = i
        while j < n and dirs[j] in (minority, None):
            if dirs[j] == minority:
                last = j
            j += 1
        if minority == "rtl":
            run = list(reversed(tokens[i : last + 1]))
            word, tail = _split_tail(run[0])
            run[0] = word
            run[-1] = tail + run[-1]  # drawn at the run's right edge, where it ends
            out.extend(run)
        else:
            out.extend(tokens[i : last + 1])
        i = last + 1
    if base == "rtl":
        # the whole line runs right to left: reverse it, then restore each
        # left-to-right run (kept in order above) as one unit
        units: List[List[str]] = []
        for token, direction in zip(out, [None if t.isspace() else _word_direction(t) for t in out]):
            if direction == "ltr" and units and units[-1][0] == "ltr":
                units[-1][1].append(token)
            elif direction is None and units and units[-1][0] == "ltr":
                units[-1][1].append(token)
            else:
                units.append([direction or "n", [token]] if direction != "ltr" else ["ltr", [token]])
        # trailing neutrals of an ltr unit belong outside it
        flat: List[str] = []
        for direction, items in reversed(units):
            if direction == "ltr":
                while items and items[-1].isspace():
                    flat.append(items.pop())
            flat.extend(items)
        return "".join(flat)
    return "".join(out)
