"""Loading pyphen's hyphenation patterns fast, through briefgen's cache.

ReportLab hyphenates with pyphen, which parses a ``hyph_*.dic`` file (about
0.2 s for English, a third of the essay's memo) the first time a language is
used in a process. The parsed patterns are kept as JSON in the cache
(:mod:`briefgen.build.cache`) and put into pyphen's own per-process cache, so
ReportLab finds them already loaded. Dictionaries with nonstandard
hyphenation (``ff=f`` alternatives) are left to pyphen.

:class:`Hyphenator` is what ReportLab is given instead of a language name:
it breaks only where a proofreader would (:func:`break_points`).
:func:`install_url_breaks` has ReportLab break web addresses after ``/``,
``.`` and the like, with no hyphen (:func:`url_break_pairs`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
from typing import Any, Iterator, List, Mapping, Optional, Tuple

log = logging.getLogger(__name__)

RECIPE = "1"


def preload(language: str) -> None:
    """Put pyphen's parsed dictionary for ``language`` in its cache (from ours if we can)."""
    import pyphen

    path = pyphen.LANGUAGES.get(language)
    if path is None or path in pyphen.hdcache:
        return
    from ...build import cache

    data = path.read_bytes()
    name = hashlib.sha256(b"\0".join([data, RECIPE.encode(), pyphen.VERSION.encode()])).hexdigest() + ".json"
    cached = cache.read("hyphenation", name)
    if cached is not None:
        try:
            table = json.loads(cached)
            hyph = pyphen.HyphDict.__new__(pyphen.HyphDict)
            hyph.patterns = {k: (v[0], tuple(v[1])) for k, v in table["patterns"].items()}
            hyph.cache = {}
            hyph.maxlen = table["maxlen"]
            pyphen.hdcache[path] = hyph
            return
        except (ValueError, KeyError, TypeError, IndexError):
            log.debug("unusable hyphenation cache %s", name)
    hyph = pyphen.HyphDict(path)
    pyphen.hdcache[path] = hyph
    if all(all(type(v) is int for v in values) for _start, values in hyph.patterns.values()):
        table = {"maxlen": hyph.maxlen, "patterns": {k: [s, list(v)] for k, (s, v) in hyph.patterns.items()}}
        cache.write("hyphenation", name, json.dumps(table, sort_keys=True, separators=(",", ":")).encode("utf-8"))


#: Letters kept before and after a hyphenation point (a proofreader's minimums).
LEFT_MIN = 2
RIGHT_MIN = 3
#: Hyphenated lines in a row, at most.
MAX_RUN = 2


def break_points(word: str, language: str, exceptions: Mapping[str, str],
                 left: int = LEFT_MIN, right: int = RIGHT_MIN) -> List[int]:
    """Where ``word`` may be hyphenated: offsets after which a hyphen can go.

    Only at the language's pattern points (pyphen), ``left`` letters before
    and ``right`` after at least; never in a word with a capital letter (a
    proper noun, an acronym) or anything but letters; ``exceptions`` maps a
    lowercase word to its hyphenated form ("pro-gram"; no hyphen: never).
    """
    if not word.isalpha() or not word.islower() or len(word) < left + right:
        return []
    if word in exceptions:
        points, pos = [], 0
        for part in exceptions[word].split("-")[:-1]:
            pos += len(part)
            points.append(pos)
        return [p for p in points if left <= p <= len(word) - right]
    if not language:
        return []
    return [p for p in _dictionary(language).positions(word) if left <= p <= len(word) - right]


@functools.lru_cache(maxsize=None)
def _dictionary(language: str) -> Any:
    import pyphen

    preload(language)
    return pyphen.Pyphen(lang=language, left=1, right=1)


def compound_points(word: str) -> List[int]:
    """Where a hyphenated compound may break: after its own hyphens (the hyphen stays on the line),
    each part of at least two letters; nothing for a word that is not letters and hyphens."""
    parts = word.split("-")
    if len(parts) < 2 or not all(len(part) >= LEFT_MIN and part.isalpha() for part in parts):
        return []
    points, pos = [], 0
    for part in parts[:-1]:
        pos += len(part) + 1
        points.append(pos)
    return points


class Hyphenator:
    """The callable ReportLab asks for a word's splits (``hyphenationLang``):
    ``(head, tail)`` pairs, the longest head first, from :func:`break_points`."""

    def __init__(self, language: str, exceptions: Mapping[str, str], max_run: int = MAX_RUN) -> None:
        self.language = language
        self.exceptions = {k.replace("-", "").lower(): v.lower() for k, v in exceptions.items()}
        self.max_run = max_run
        #: hyphenated line ends in a row in the paragraph being broken (see :meth:`reset`)
        self.run = 0

    def reset(self) -> None:
        """A new paragraph is being broken into lines."""
        self.run = 0

    def __call__(self, word: str) -> Iterator[Tuple[str, str]]:
        # ReportLab asks at each line end whose last word overflows, and takes the first pair
        # that fits: a generator closed early means a hyphen was set. A line end it does not
        # ask about (a number, a short word) is not seen, which only makes the limit stricter.
        # A compound ("energy-efficient") breaks after its own hyphen here, not by ReportLab's
        # embeddedHyphenation (off in the styles), so that line end counts toward the run too.
        points = [] if self.run >= self.max_run else (compound_points(word) if "-" in word
                                                       else break_points(word, self.language, self.exceptions))
        taken = True
        try:
            for point in reversed(points):
                yield word[:point], word[point:]
            taken = False
        finally:
            self.run = self.run + 1 if taken and points else 0

    def __repr__(self) -> str:  # styles are compared and cached by repr
        return f"Hyphenator({self.language!r}, {len(self.exceptions)} exceptions)"


#: Characters after which an address may break (the Chicago Manual's rule, no hyphen added).
URL_BREAK_AFTER = frozenset("/.?&_-=#,;")
_URL_START = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.|mailto:|doi:)", re.I)


def looks_like_url(token: str) -> bool:
    """True for a web address or a long path-like token (``a/b/c``, ``file_name.ext``)."""
    if _URL_START.match(token):
        return True
    # (a hyphen too: the rest of an address already broken once, "caribbean-following-2017-season")
    return len(token) > 24 and not token.isalpha() and any(c in token for c in "/._-")


def url_break_pairs(token: str) -> Optional[List[Tuple[str, str]]]:
    """Where an address may break: ``(head, tail)`` after ``/``, ``.``, ``?``, ``&``,
    ``-``, ``_`` and the like (never inside ``://``), the longest head first; None
    for a token that is not an address."""
    if not looks_like_url(token):
        return None
    scheme = token.find("://")
    protect = range(scheme, scheme + 3) if scheme >= 0 else range(0)
    points = [i + 1 for i, c in enumerate(token)
              if c in URL_BREAK_AFTER and i not in protect and 2 <= i + 1 <= len(token) - 2]
    if scheme >= 0 and 0 < scheme + 3 < len(token) - 1:
        points.append(scheme + 3)
    return [(token[:p], token[p:]) for p in sorted(set(points), reverse=True)]


def install_url_breaks() -> None:
    """Have ReportLab break addresses by :func:`url_break_pairs` (its own rule breaks
    only at ``/`` of addresses with a scheme, and then cuts anywhere, "htt / ps://")."""
    from reportlab.platypus import paragraph

    if getattr(paragraph, "_uri_split_pairs", None) is not url_break_pairs:
        paragraph._uri_split_pairs = url_break_pairs


def _without_last(text: str) -> str:
    """``text`` less its last character, keeping ReportLab's soft-hyphen offsets before it."""
    from reportlab.platypus import paragraph

    offsets = getattr(text, "_shyIndices", None)
    if offsets is None:
        return text[:-1]
    return paragraph._SHYIndexedStr(text[:-1], [x for x in offsets if x < len(text) - 1] or None)


def _joined(head: str, tail: str) -> str:
    """``head + tail`` as written (ReportLab's ``_shyUnsplit`` strips every '-' ending ``head``),
    the soft-hyphen offsets of both kept."""
    from reportlab.platypus import paragraph

    offsets = [*getattr(head, "_shyIndices", ()), *(x + len(head) for x in getattr(tail, "_shyIndices", ()))]
    if offsets or hasattr(head, "_shyIndices") or hasattr(tail, "_shyIndices"):
        return paragraph._SHYIndexedStr(head + tail, offsets or None)
    return head + tail


def rejoin_split_frag_words(pieces: List[Any]) -> Any:
    """A word ReportLab broke over lines, whole again: the pieces' texts joined as written, less
    only the hyphen a break added (a ``_SplitFragHY`` head's last '-').

    ReportLab 5.1's ``_rejoinSplitFragWords`` joins two pieces of one style with ``_shyUnsplit``,
    which strips every hyphen ending the first: a compound or an address broken after its own
    hyphen ("Two-" / "Week", ".../with-800-" / "vessels-still") lost that hyphen whenever the
    paragraph was broken again from its broken words, as each piece of a paragraph split over
    pages is ("TwoWeek", "vesselsstill")."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import paragraph

    joined: List[Any] = [0]
    width = 0.0
    last_style = None
    for piece in pieces:
        width += piece[0]
        added = isinstance(piece, paragraph._SplitFragHY)
        for index, (style, text) in enumerate(piece[1:], 1):
            if added and index == len(piece) - 1 and text.endswith("-"):
                width -= stringWidth("-", style.fontName, style.fontSize) + 1e-8
                text = _without_last(text)
            if last_style is style:
                joined[-1] = (style, _joined(joined[-1][1], text))
            else:
                joined.append((style, text))
                last_style = style
    joined[0] = width
    return paragraph._reconstructSplitFrags(pieces[-1])(joined)


def rejoin_split_words(pieces: List[str]) -> str:
    """ReportLab's ``_rejoinSplitWords`` (one-style paragraphs) without its two slips: a hyphen
    a break added kept when the word's first break was after its own hyphen ("energy-" /
    "effi-" / "cient"), and a soft-hyphenated word's first piece taken twice."""
    from reportlab.platypus import paragraph

    if isinstance(pieces[0], paragraph._SHYStr):
        word = pieces[0]
        for piece in pieces[1:]:
            word = paragraph._shyUnsplit(word, piece)
        return word
    text = "".join(p[:-1] if isinstance(p, paragraph._SplitWordHY) else p for p in pieces)
    if isinstance(pieces[-1], paragraph._SplitWordHY):
        return paragraph._SplitWordHY(text + "-")
    return text


def install_rejoin_fix() -> None:
    """Have ReportLab rejoin broken words by :func:`rejoin_split_frag_words` and
    :func:`rejoin_split_words`, so that re-breaking a paragraph never drops a character."""
    from reportlab.platypus import paragraph

    if getattr(paragraph, "_rejoinSplitFragWords", None) is not rejoin_split_frag_words:
        paragraph._rejoinSplitFragWords = rejoin_split_frag_words
        paragraph._rejoinSplitWords = rejoin_split_words
