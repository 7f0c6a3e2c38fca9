"""Pandoc's citation syntax, found in a run of text with line and column.

Recognized (as pandoc does): ``[@key]``, ``[@key, p. 4]``,
``[see @a, pp. 33–35; also @b, chap. 1]``, ``[-@key]`` (author suppressed),
``@key`` in the text (narrative) and ``@key [p. 4]`` (narrative with a locator).
Keys start with a letter, digit or ``_`` and may hold ``:.#$%&-+?<>~/``
inside (``@crs:R46654``, ``@doe.2019_a``); ``@{key with anything}`` is the
braced form. An ``@`` right after a letter or digit (``name@example.org``) or
inside a URL is not a citation, nor is anything inside a backtick code span
(`` `user@host` ``). The caller passes text runs (never code blocks or link
targets), each with the line and column where it starts; the parser is pure.
"""

from __future__ import annotations

import bisect
import difflib
import re
from typing import Iterable, List, Optional, Sequence, Tuple, Union

from ..errors import error
from .errors import CitationError
from .model import Bibliography, Cite, Citation

_KEY = r"(?:\{(?P<bkey>[^{}\n]{1,200})\}|(?P<key>[\w](?:[\w]|[:.#$%&\-+?<>~/](?=[\w]))*))"
_AT_KEY = re.compile(r"(?P<minus>-?)@" + _KEY)
_NARRATIVE_BEFORE = set(" \t\n([{\"'“‘—–")
_URLISH = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.|mailto:)\S*$")

# Locator terms (pandoc's English list) -> CSL locator labels.
_LOCATORS = {
    "p.": "page", "pp.": "page", "page": "page", "pages": "page", "pg.": "page", "pgs.": "page",
    "chap.": "chapter", "chaps.": "chapter", "chapter": "chapter", "chapters": "chapter", "ch.": "chapter",
    "sec.": "section", "secs.": "section", "section": "section", "sections": "section", "§": "section", "§§": "section",
    "para.": "paragraph", "paras.": "paragraph", "paragraph": "paragraph", "paragraphs": "paragraph", "¶": "paragraph", "¶¶": "paragraph",
    "vol.": "volume", "vols.": "volume", "volume": "volume", "volumes": "volume",
    "fig.": "figure", "figs.": "figure", "figure": "figure", "figures": "figure",
    "n.": "note", "nn.": "note", "note": "note", "notes": "note",
    "l.": "line", "ll.": "line", "line": "line", "lines": "line",
    "art.": "article-locator", "arts.": "article-locator", "article": "article-locator",
    "bk.": "book", "bks.": "book", "book": "book", "books": "book",
    "col.": "column", "cols.": "column", "column": "column", "columns": "column",
    "pt.": "part", "pts.": "part", "part": "part", "parts": "part",
    "v.": "verse", "vv.": "verse", "verse": "verse", "verses": "verse",
    "no.": "issue", "nos.": "issue", "fol.": "folio", "fols.": "folio",
    "op.": "opus", "ops.": "opus", "sub verbo": "sub-verbo", "s.v.": "sub-verbo", "s.vv.": "sub-verbo",
    "tit.": "title-locator", "tits.": "title-locator", "app.": "appendix", "apps.": "appendix",
}
_LOCATOR_TERM = re.compile(
    r"\s*(?P<term>" + "|".join(re.escape(t) for t in sorted(_LOCATORS, key=len, reverse=True)) + r")\s*"
    r"(?P<value>[\w.\-–—,]*?[\w\]\)](?:\s*[-–—,&]\s*[\w]+)*)(?=$|[\s,;])",
    re.IGNORECASE,
)
_BARE_LOCATOR = re.compile(r"\s*(?P<value>\d[\w]*(?:\s*[-–—,]\s*\d[\w]*)*)(?=$|[\s;]|,\s)")

Segment = Union[str, Citation]
MAX_CITATION_CHARS = 1000
"""Longest bracketed citation looked for (bounds the work per ``@`` on hostile text)."""


def parse_citations(text: str, path: str, line: int = 1, col: int = 1) -> List[Segment]:
    """Split ``text`` into plain strings and :class:`Citation` s, in order.

    ``line``/``col`` (1-based) is where ``text`` starts in ``path``; each
    citation and each :class:`Cite` carries its own line and column.
    """
    segments: List[Segment] = []
    pos = 0
    last = 0
    code = _code_spans(text)
    where = _Where(text, line, col)
    while True:
        at = text.find("@", pos)
        if at < 0:
            break
        inside = next((end for start, end in code if start <= at < end), None)
        if inside is not None:
            pos = inside
            continue
        found = _bracketed_at(text, at, path, where) or _narrative_at(text, at, path, where)
        if found is None:
            pos = at + 1
            continue
        if found.start > last:
            segments.append(text[last:found.start])
        segments.append(found)
        last = pos = found.end
    if last < len(text):
        segments.append(text[last:])
    return segments


def citations_in(text: str, path: str, line: int = 1, col: int = 1) -> List[Citation]:
    """Only the citations of :func:`parse_citations`."""
    return [s for s in parse_citations(text, path, line, col) if isinstance(s, Citation)]


def check_keys(citations: Iterable[Citation], bibliography: Bibliography) -> None:
    """Raise :class:`CitationError` for every cite whose key is not in ``bibliography``.

    Each diagnostic is at the cite's ``path:line:col`` and suggests the nearest key.
    """
    known = list(bibliography.keys())
    diags = []
    for citation in citations:
        for cite in citation.cites:
            if cite.key in bibliography:
                continue
            close = difflib.get_close_matches(cite.key, known, n=1, cutoff=0.6)
            hint = f"; did you mean '@{close[0]}'?" if close else ""
            where = f" in {', '.join(bibliography.files)}" if bibliography.files else ""
            diags.append(error(citation.path, cite.line, f"unknown citation key '@{cite.key}'{where}{hint}", cite.col))
    if diags:
        raise CitationError(diags)


# ---------------------------------------------------------------- internals


class _Where:
    """Line and column of any offset of one text (newlines indexed once, then bisected)."""

    def __init__(self, text: str, line: int, col: int) -> None:
        self.breaks = [i for i, ch in enumerate(text) if ch == "\n"]
        self.line, self.col = line, col

    def __call__(self, offset: int) -> Tuple[int, int]:
        before = bisect.bisect_left(self.breaks, offset)
        if before == 0:
            return self.line, self.col + offset
        return self.line + before, offset - self.breaks[before - 1]


_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)


def _code_spans(text: str) -> List[Tuple[int, int]]:
    """``(start, end)`` of each backtick code span in ``text``."""
    return [(m.start(), m.end()) for m in _CODE.finditer(text)]


def _in_url(text: str, at: int) -> bool:
    """Whether the ``@`` at ``at`` sits inside a URL-like word."""
    floor = max(0, at - MAX_CITATION_CHARS)
    start = max(max(text.rfind(ch, floor, at) for ch in " \t\n[(<\"'"), floor - 1)
    return bool(_URLISH.match(text[start + 1: at + 1]))


def _key_at(text: str, at: int) -> Optional[re.Match]:
    """The ``-?@key`` match whose ``@`` is at ``at``."""
    begin = at - 1 if at > 0 and text[at - 1] == "-" else at
    match = _AT_KEY.match(text, begin)
    if match is None and begin != at:
        match = _AT_KEY.match(text, at)
    return match


def _bracketed_at(text: str, at: int, path: str, where: _Where) -> Optional[Citation]:
    """The bracketed citation around the ``@`` at ``at``, if there is one."""
    open_ = text.rfind("[", max(0, at - MAX_CITATION_CHARS), at)
    if open_ < 0 or "]" in text[open_:at] or (open_ > 0 and text[open_ - 1] == "!"):
        return None
    close = text.find("]", at, open_ + MAX_CITATION_CHARS)
    if close < 0 or "[" in text[open_ + 1:close]:
        return None
    if close + 1 < len(text) and text[close + 1] in "([":
        return None  # a link or a reference link: [text](url), [text][ref]
    inner = text[open_ + 1:close]
    cites: List[Cite] = []
    offset = open_ + 1
    for part in inner.split(";"):
        cite = _one_cite(part, offset, where)
        if cite is None:
            return None  # a part without a key: not a citation (pandoc does the same)
        cites.append(cite)
        offset += len(part) + 1
    if not cites:
        return None
    cl, cc = where(open_)
    return Citation(tuple(cites), False, path, cl, cc, open_, close + 1, text[open_:close + 1])


def _one_cite(part: str, offset: int, where: _Where) -> Optional[Cite]:
    """One ``prefix -@key suffix`` part of a bracketed citation."""
    at = part.find("@")
    while at >= 0:
        before = part[at - 1] if at > 0 else " "
        if before == "-":
            before = part[at - 2] if at > 1 else " "
        if before.isspace() and not _in_url(part, at):
            match = _key_at(part, at)
            if match is not None:
                break
        at = part.find("@", at + 1)
    else:
        return None
    key = match.group("bkey") or match.group("key")
    prefix = part[: match.start()].strip()
    locator, label, suffix = _split_locator(part[match.end():])
    kl, kc = where(offset + at)
    return Cite(key, kl, kc, prefix, suffix, locator, label, bool(match.group("minus")))


def _split_locator(rest: str) -> Tuple[str, str, str]:
    """``(locator, label, suffix)`` from what follows a key: ``, pp. 33–35 and passim``."""
    if not rest.strip():
        return "", "", ""
    if not rest.startswith(","):
        return "", "", " " + rest.strip()
    body = rest[1:]
    match = _LOCATOR_TERM.match(body)
    if match is not None:
        label = _LOCATORS[match.group("term").lower()]
        suffix = body[match.end():].rstrip()
        return match.group("value").strip(), label, suffix
    match = _BARE_LOCATOR.match(body)
    if match is not None:
        return match.group("value").strip(), "page", body[match.end():].rstrip()
    return "", "", "," + body.rstrip()


def _narrative_at(text: str, at: int, path: str, where: _Where) -> Optional[Citation]:
    """A narrative ``@key`` (with an optional `` [p. 4]`` after it) at ``at``."""
    if at > 0 and text[at - 1] not in _NARRATIVE_BEFORE:
        return None
    if _in_url(text, at):
        return None
    match = _AT_KEY.match(text, at)
    if match is None or match.group("minus"):
        return None
    key = match.group("bkey") or match.group("key")
    end = match.end()
    locator = label = suffix = ""
    tail = re.match(r" \[(?P<inner>[^\[\]@]*)\](?!\()", text[end:])
    if tail is not None:
        locator, label, suffix = _split_locator("," + tail.group("inner"))
        end += tail.end()
    kl, kc = where(at)
    cite = Cite(key, kl, kc, "", suffix, locator, label, False)
    return Citation((cite,), True, path, kl, kc, at, end, text[at:end])


def merge_segments(segments: Sequence[Segment]) -> str:
    """The text of ``segments`` with each citation as written (for round trips and tests)."""
    return "".join(s if isinstance(s, str) else s.raw for s in segments)
