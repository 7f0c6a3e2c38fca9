"""Text helpers for the deck: model inlines to styled runs, lead sentences, clean shortening.

Pure functions with no python-pptx import, shared by the planner and the writer
"""

from __future__ import annotations

import re
from typing import Iterable, List, Optional, Tuple

from ...model import Code, Emph, FootnoteRef, Inline, LineBreak, Link, Strong, Text
from ..common.xmlchars import BAD_XML_CHARS
from .model import Run

ELLIPSIS = "\u2026"
_SPACES = re.compile(r"[ \t\r\n\u00a0\u2028\u2029]+")
_ABBREVIATIONS = frozenset(
    "e.g. i.e. etc. vs. mr. mrs. ms. dr. prof. st. no. u.s. u.k. e.u. u.n. inc. ltd. co. jr. sr. fig. cf. al. approx.".split()
)


def clean(text: str, keep_newlines: bool = False) -> str:
    """Drop characters XML cannot carry; collapse whitespace (keeping newlines if asked)."""
    text = BAD_XML_CHARS.sub("", text)
    if keep_newlines:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _SPACES.sub(" ", text).strip()


def runs_from_inlines(inlines: Iterable[Inline]) -> Tuple[Run, ...]:
    """Flatten model inlines into styled runs (footnote references are dropped)."""
    out: List[Run] = []
    _collect(inlines, False, False, None, out)
    merged: List[Run] = []
    for run in out:
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].mono, merged[-1].href) == (
            run.bold, run.italic, run.mono, run.href
        ):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic, run.mono, run.href)
        else:
            merged.append(run)
    return _strip_runs(merged)


def _collect(inlines: Iterable[Inline], bold: bool, italic: bool, href: Optional[str], out: List[Run]) -> None:
    for node in inlines:
        if isinstance(node, Text):
            out.append(Run(BAD_XML_CHARS.sub("", node.text), bold, italic, False, href))
        elif isinstance(node, Code):
            out.append(Run(BAD_XML_CHARS.sub("", node.text), bold, italic, True, href))
        elif isinstance(node, Emph):
            _collect(node.children, bold, True, href, out)
        elif isinstance(node, Strong):
            _collect(node.children, True, italic, href, out)
        elif isinstance(node, Link):
            safe = node.href if node.href.startswith(("http://", "https://", "mailto:")) else None
            _collect(node.children, bold, italic, safe or href, out)
        elif isinstance(node, LineBreak):
            out.append(Run(" ", bold, italic, False, href))
        elif isinstance(node, FootnoteRef):
            continue


def _strip_runs(runs: List[Run]) -> Tuple[Run, ...]:
    """Collapse whitespace inside and trim the ends of a run sequence."""
    cleaned: List[Run] = []
    for run in runs:
        text = _SPACES.sub(" ", run.text)
        if cleaned and cleaned[-1].text.endswith(" ") and text.startswith(" "):
            text = text[1:]
        if text:
            cleaned.append(Run(text, run.bold, run.italic, run.mono, run.href))
    if cleaned:
        cleaned[0] = _replace_text(cleaned[0], cleaned[0].text.lstrip())
        cleaned[-1] = _replace_text(cleaned[-1], cleaned[-1].text.rstrip())
    return tuple(r for r in cleaned if r.text)


def _replace_text(run: Run, text: str) -> Run:
    return Run(text, run.bold, run.italic, run.mono, run.href)


def runs_text(runs: Iterable[Run]) -> str:
    """The plain text of runs."""
    return "".join(r.text for r in runs)


def lead_sentence(text: str) -> str:
    """The first sentence of ``text`` (abbreviations like "e.g." do not end it)."""
    text = clean(text)
    for match in re.finditer(r"[.!?][\u201d\"')\]]*(?=\s+[\"\u201c(\[]?[A-Z0-9])", text):
        word = text[: match.start() + 1].rsplit(" ", 1)[-1].lower()
        if word in _ABBREVIATIONS or re.fullmatch(r"[a-z]\.", word) or re.fullmatch(r"(?:[a-z]\.){2,}", word):
            continue
        return text[: match.end()].strip()
    return text


def trim_end(text: str) -> str:
    """Strip trailing punctuation and dangling short words before an ellipsis."""
    text = text.rstrip(" ,;:\u2013\u2014-([{\"'\u201c")
    words = text.split(" ")
    while len(words) > 3 and words[-1].lower() in ("a", "an", "the", "and", "or", "of", "to", "in", "for", "with", "on", "by"):
        words.pop()
    return " ".join(words).rstrip(" ,;:\u2013\u2014-([{\"'\u201c")


def shorten_runs(runs: Tuple[Run, ...], keep_chars: int) -> Tuple[Run, ...]:
    """Runs cut at a word boundary before ``keep_chars`` characters, plus an ellipsis."""
    text = runs_text(runs)
    if len(text) <= keep_chars:
        return runs
    cut = text.rfind(" ", 0, max(keep_chars, 1) + 1)
    if cut <= 0:
        cut = max(keep_chars, 1)
    kept = trim_end(text[:cut]) or text[:cut]
    out: List[Run] = []
    used = 0
    for run in runs:
        if used >= len(kept):
            break
        piece = run.text[: len(kept) - used]
        out.append(_replace_text(run, piece))
        used += len(piece)
    if out:
        out[-1] = _replace_text(out[-1], out[-1].text + ELLIPSIS)
    else:
        out.append(Run(ELLIPSIS))
    return tuple(out)
