"""APA's sentence case for titles (APA 7, 6.17), which CSL leaves to the data and citeproc-py does not do.

APA writes the titles of articles, reports, books and web pages in sentence case
("Key definitions", "The strait of Hormuz in brief: Non-oil shipments"); its CSL
style prints ``title`` as the data has it (CSL 1.0.2 deprecates ``text-case="sentence"``
and citeproc-py's version only lowercases after the first word, proper nouns included).
Bibliographies hold titles as their sources print them, usually in title case, so the
engine converts them for a style that wants it (:func:`wants_sentence_case`):

* only a title in title case is converted (every word but the short function words
  capitalized): a title already written in sentence case ("Emotions in storybooks: A
  comparison ... in the United States") is left as it is, its proper nouns with it;
* a word stays as written when it is protected (a ``{Braced}`` group in BibTeX, kept in
  the entry's ``bg-protected``; a CSL-JSON ``<span class="nocase">``, or ``<i>`` for a
  title or a ship's name inside the title: "after the *Ever Given*"), has a capital after its first letter or a digit
  ("U.S.", "FY2024", "MARAD", "gCaptain"), or is "I";
* the first word, and the first after a colon, an em dash, "?" or "!", are capitalized;
* laws, bills, cases, regulations, treaties and hearings keep their official names.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Sequence, Tuple

from .richtext import MARKS, NOCASE

PROTECTED = "bg-protected"
"""The entry variable (BibTeX loader) listing the title's case-protected ``{groups}``, as text."""
OFFICIAL_NAMES = frozenset({"legislation", "bill", "legal_case", "regulation", "treaty", "hearing"})
"""CSL types whose titles are official names, never recased."""
STOP_WORDS = frozenset("a an and as at but by down for from in into nor of on onto or over per so the to up upon "
                       "via vs vs. with yet".split())
_WORD = re.compile(r"\S+")
_NOCASE = re.compile(f"{NOCASE[0]}[^{NOCASE[1]}]*{NOCASE[1]}|{MARKS['italic'][0]}[^{MARKS['italic'][1]}]*{MARKS['italic'][1]}")
_PART = re.compile(r"([^A-Za-z\u00c0-\u024f]*)([A-Za-z\u00c0-\u024f][^-/–—]*?)([^A-Za-z\u00c0-\u024f]*)$")
_CAPITALIZED = re.compile(r"[A-Z\u00c0-\u00de][a-z\u00df-\u00ff'’]*")


def wants_sentence_case(style_xml: bytes) -> bool:
    """True for APA (its Zotero id), the shipped style whose titles are in sentence case."""
    return b"<id>http://www.zotero.org/styles/apa</id>" in style_xml


def sentence_cased(data: Dict[str, Any], kind: str) -> Dict[str, Any]:
    """``data`` (CSL-JSON of one entry) with ``title`` in sentence case, when it is in title case."""
    title = data.get("title")
    if kind in OFFICIAL_NAMES or not isinstance(title, str):
        return data
    protected = [str(p) for p in data.get(PROTECTED) or () if str(p).strip()] + _NOCASE.findall(title)
    if not is_title_case(title, protected):
        return data
    return dict(data, title=sentence_case(title, protected))


def _spans(text: str, protected: Sequence[str]) -> List[Tuple[int, int]]:
    """Where the protected groups stand in ``text`` (every occurrence)."""
    out = []
    for group in protected:
        start = text.find(group)
        while start >= 0:
            out.append((start, start + len(group)))
            start = text.find(group, start + 1)
    return out


def _words(title: str, protected: Sequence[str]) -> List[Tuple[re.Match, bool]]:
    spans = _spans(title, protected)
    return [(m, any(a < m.end() and m.start() < b for a, b in spans)) for m in _WORD.finditer(title)]


def is_title_case(title: str, protected: Sequence[str] = ()) -> bool:
    """True when every word of ``title`` outside the function words starts with a capital (two at least)."""
    capitals = 0
    for match, kept in _words(title, protected):
        if kept:
            continue
        for part in re.split(r"[-/–—]", match.group()):
            letters = re.sub(r"[^\w']", "", part)
            if not letters or not letters[0].isalpha() or letters.lower() in STOP_WORDS:
                continue
            if letters[0].islower():
                return False
            capitals += 1
    return capitals >= 2


def sentence_case(title: str, protected: Sequence[str] = ()) -> str:
    """``title`` in APA sentence case (see the module's docstring)."""
    out: List[str] = []
    pos = 0
    start = True
    for match, kept in _words(title, protected):
        word = match.group()
        if not kept:
            word = "".join(_lowered(p) for p in re.split(r"([-/–—])", word))
        if start and not kept:
            word = _capitalize_first(word)
        out.append(title[pos:match.start()] + word)
        pos = match.end()
        start = word.endswith((":", "—", "?", "!")) or word == "—"
    return "".join(out) + title[pos:]


def _lowered(part: str) -> str:
    """One part of a word lowercased when it is merely capitalized ("Shipments"; not "U.S.", "FY2024", "I")."""
    match = _PART.match(part)
    if match is None:
        return part
    lead, core, tail = match.groups()
    if core == "I" or not _CAPITALIZED.fullmatch(core):
        return part
    return lead + core.lower() + tail


def _capitalize_first(word: str) -> str:
    for index, ch in enumerate(word):
        if ch.isalpha():
            return word[:index] + ch.upper() + word[index + 1:]
    return word
