"""Line-end breaks read back from a PDF: which line continues which, and whether a break is good.

A line's *continuation* is the next line a reader reads after it: below it on the same page at the
same size and about the same left edge (a hanging or first-line indent allowed), or, for the last
line on a page, the first such line on the next page.

A line ending in a hyphen after a letter is a *hyphenation* unless the source (or the PDF itself,
mid-line) spells the word with that hyphen (a compound such as "Jong-un"): then it is a compound
break. A line ending in a letter or digit whose continuation starts with one is a break *inside a
word* when the source (or the PDF, mid-line) has the two pieces joined with no space, or when the
pieces join into a URL.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Dict, List, Optional

import pyphen

from .pdf_model import Document, Segment, normalize

log = logging.getLogger(__name__)

HYPHENS = "-\u2010\u2011\u00ad"
#: A URL may break after (or before) one of these with no hyphen added (Chicago Manual, #26).
URL_BREAK_CHARS = "/.?&-_"
URL_START = re.compile(r"(?:https?|ftp)://|www\.", re.I)
LIST_MARKER = re.compile(r"^(?:\(cid:\d+\)|[^\w\s\"'(\[“‘]|\d{1,3}[.)]\s|[a-z][.)]\s|\(\w{1,3}\)\s)")


@dataclass
class Break:
    """One line end and the line that continues it."""

    line: Segment
    next: Segment
    across_page: bool


def continuation(doc: Document, seg: Segment, page_lines: Dict[int, List[Segment]]) -> Optional[Break]:
    """The line a reader reads after ``seg`` (same page, or the top of the next page), if any."""
    lines = page_lines.get(seg.page, [])
    best = None
    for other in lines:
        if other is seg or other.top <= seg.top + 0.5:
            continue
        if abs(other.size - seg.size) > 0.3 or abs(other.x0 - seg.x0) > 3 * seg.size:
            continue
        pitch = other.baseline - seg.baseline
        if 0.8 * seg.size < pitch < 2.2 * seg.size and (best is None or other.top < best.top):
            best = other
    if best is not None:
        return Break(seg, best, False)
    below = [o for o in lines if o.top > seg.bottom - 0.5 and o.x1 > seg.x0 and o.x0 < seg.x1]
    if below or seg.page + 1 not in page_lines:
        return None
    for other in page_lines[seg.page + 1]:  # reading order: the topmost first
        if abs(other.size - seg.size) <= 0.3 and abs(other.x0 - seg.x0) <= 3 * seg.size:
            return Break(seg, other, True)
    return None


def _lang_code(lang: Optional[str]) -> str:
    if not lang:
        return "en_US"
    code = lang.replace("-", "_")
    if code.lower() == "en":
        return "en_US"
    return pyphen.language_fallback(code) or "en_US"


class BreakJudge:
    """Judges line-end breaks against pyphen's patterns and the spelling evidence of source and PDF."""

    def __init__(self, doc: Document, source_text: Optional[str], lang: Optional[str]) -> None:
        self.lang = _lang_code(lang or doc.lang)
        self.dic = pyphen.Pyphen(lang=self.lang, left=1, right=1)
        evidence = normalize(doc.plain_text())
        if source_text:  # one source paragraph a line: hard-wrapped Markdown rejoined
            source = re.sub(r"(?<!\n)\n(?!\n)", " ", normalize(source_text))
            evidence = source + "\n" + evidence
        self.evidence = evidence

    def points(self, word: str) -> List[int]:
        """pyphen's hyphenation points in ``word`` (character offsets)."""
        return list(self.dic.positions(word.lower()))

    def spelled_with_hyphen(self, left: str, right: str) -> bool:
        """True when the text elsewhere spells ``left-right`` with its hyphen (a compound)."""
        pattern = re.compile(re.escape(left) + r"-" + re.escape(right), re.I)
        return bool(pattern.search(self.evidence))

    def suspended(self, left: str, right: str) -> bool:
        """True when the source writes ``left- right``: a suspended hyphen ("innovation- and
        technology-led"), so the line breaks at a space after the text's own hyphen."""
        pattern = re.compile(r"\b" + re.escape(left) + r"-[ \t\u00a0]+" + re.escape(right) + r"\b", re.I)
        return bool(pattern.search(self.evidence))

    def joined_in_source(self, a: str, b: str) -> bool:
        """True when the source (or the PDF mid-line) holds ``a`` and ``b`` joined with no space."""
        needle = a + b
        if len(needle) < 4:
            return False
        return re.search(re.escape(needle), self.evidence) is not None

    def used_in_lower_case(self, word: str) -> bool:
        """True when ``word`` also appears in lower case (capitalized only where a sentence starts)."""
        return re.search(r"\b" + re.escape(word.lower()) + r"\b", self.evidence) is not None

    def spaced_in_source(self, a: str, b: str) -> bool:
        """True when the source (or the PDF, within a line) has ``a b`` with a space: a break at a space."""
        return re.search(re.escape(a) + r"[ \t\u00a0]+" + re.escape(b), self.evidence) is not None


def tail_letters(text: str) -> str:
    """The letters at the end of ``text`` (the piece of a word before a line-end hyphen)."""
    m = re.search(r"([^\W\d_]+)$", text)
    return m.group(1) if m else ""


def head_letters(text: str) -> str:
    """The letters at the start of ``text`` (the piece of a word after a line-end hyphen)."""
    m = re.match(r"([^\W\d_]+)", text)
    return m.group(1) if m else ""


def ends_with_hyphen(text: str) -> bool:
    """True for a line ending in a hyphen right after a letter."""
    return len(text) >= 2 and text[-1] in HYPHENS and text[-2].isalpha()


def is_url_piece(a: str, b: str) -> bool:
    """True when ``a`` + ``b`` joined read as one URL broken across the line end."""
    joined = a + b
    if not URL_START.match(joined) or URL_START.match(b):
        return False
    if not URL_START.match(a):
        return True  # "htt" + "ps://...": the scheme itself is cut
    return any(ch in b for ch in "/.?&=_%#:")
