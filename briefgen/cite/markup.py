"""The rich text of CSL-JSON titles, as citeproc-js reads it: ``<i>``, ``<b>``, ``<sup>``, ``<sub>``
and ``<span class="nocase">``.

Zotero and Better BibTeX write a title's formatting as these few HTML-like tags
("The <i>Ever Given</i> Grounding", "H<sub>2</sub>O"), and ``<span class="nocase">``
around words a style must not recase ("Trade with <span class="nocase">de Gaulle</span>'s
France"). :func:`read_markup` turns the tags of a title field into the formatter's
private-use marks (:mod:`.richtext`), so citeproc-py carries them as characters and
:func:`~.richtext.to_runs` makes them runs; ``nocase`` marks protect their words from
APA's sentence case (:mod:`.sentence`) and from title case (:mod:`.csl`), and are then
dropped. Only a tag opened and closed in order is read: any other tag, a stray
``</i>``, an attribute other than ``class="nocase"``, stays literal text, which every
renderer escapes (never markup in the handout).
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from .richtext import MARKS, NOCASE

TITLE_FIELDS = frozenset({"title", "title-short", "container-title", "container-title-short", "collection-title",
                          "volume-title", "original-title", "event-title", "part-title", "reviewed-title"})
"""The CSL-JSON fields whose tags are read (every other field keeps its text as written)."""

_TAG = re.compile(r"<(/?)(i|b|sup|sub|span)(\s+class\s*=\s*\"nocase\")?\s*>", re.IGNORECASE)
_KINDS = {"i": MARKS["italic"], "b": MARKS["bold"], "sup": MARKS["superscript"], "sub": MARKS["subscript"],
          "span": NOCASE}


def read_markup(text: str) -> str:
    """``text`` with its well-formed rich-text tags as marks (see the module's docstring)."""
    if "<" not in text:
        return text
    tokens: List[Tuple[int, int, str, bool]] = []  # (start, end, kind, closing) of each tag-looking token
    for match in _TAG.finditer(text):
        closing, kind, nocase = bool(match.group(1)), match.group(2).lower(), bool(match.group(3))
        if kind == "span" and not closing and not nocase:
            continue  # a span of another class: literal
        if closing and match.group(3):
            continue  # "</span class=...>": literal
        tokens.append((match.start(), match.end(), kind, closing))
    pairs: List[Tuple[int, int]] = []  # indexes into tokens of matched opening and closing tags
    stack: List[int] = []
    for index, (_start, _end, kind, closing) in enumerate(tokens):
        if not closing:
            stack.append(index)
            continue
        opener = _innermost(stack, tokens, kind)
        if opener is not None:
            del stack[stack.index(opener):]  # tags opened inside and never closed stay literal
            pairs.append((opener, index))
    if not pairs:
        return text
    replace = {}
    for opener, closer in pairs:
        opening, ending = _KINDS[tokens[opener][2]]
        replace[opener], replace[closer] = opening, ending
    out: List[str] = []
    pos = 0
    for index, (start, end, _kind, _closing) in enumerate(tokens):
        if index in replace:
            out.append(text[pos:start] + replace[index])
            pos = end
    return "".join(out) + text[pos:]


def _innermost(stack: List[int], tokens: List[Tuple[int, int, str, bool]], kind: str) -> Optional[int]:
    """The innermost open tag of ``kind`` on ``stack`` (None: a stray closing tag, kept as text)."""
    for opener in reversed(stack):
        if tokens[opener][2] == kind:
            return opener
    return None
