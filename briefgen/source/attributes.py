"""The one reader of pandoc-style attributes: ``{.class #id key=value key="quoted value" word}``.

Every ``:::`` div that takes attributes (``::: {.chart type=bar data="x.csv"}``,
``::: {.slide layout="Two Content" skip}``) reads them here, so the syntax
(quoting, identifiers, columns in messages) is the same everywhere. This module
only tokenizes: each caller decides which classes, keys and words it knows and
words its own messages, using the 1-based column each attribute carries.

An identifier (``#fig-spending``) is read now so that figures, tables and boxes
can carry one for cross-references; a chart keeps it as
:attr:`~briefgen.model.Chart.ident`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional, Tuple

_ATTR = re.compile(r"""\s*(?:\.([\w-]+)|#([\w-]+)|([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'{}]+))|(\S+))""")
_OPENING = re.compile(r"^\s*:*\s*\{")

CLASS, IDENT, PAIR, WORD = "class", "id", "pair", "word"
"""The kinds of :class:`Attr`: ``.class``, ``#id``, ``key=value`` and anything else (a bare word)."""


@dataclass(frozen=True)
class Attr:
    """One attribute as written: its ``kind`` (:data:`CLASS`, :data:`IDENT`, :data:`PAIR`,
    :data:`WORD`), ``name`` (the class, id, key or the word itself), ``value`` (a pair's
    value, unquoted; "" otherwise), ``col`` (1-based column in the source line) and
    ``raw`` (the attribute's text as written)."""

    kind: str
    name: str
    value: str
    col: int
    raw: str


def parse_attributes(text: str, offset: int = 0) -> List[Attr]:
    """The attributes in ``text`` (what stands between the braces), in order.

    ``offset`` is the 0-based index of ``text[0]`` in its source line, so each
    :attr:`Attr.col` is the attribute's 1-based column in that line. Never raises:
    what cannot be read comes back as a :data:`WORD` for the caller to report.
    """
    out: List[Attr] = []
    for m in _ATTR.finditer(text):
        raw = m.group(0).lstrip()
        if not raw:
            continue
        col = offset + m.start() + (len(m.group(0)) - len(raw)) + 1
        if m.group(1):
            out.append(Attr(CLASS, m.group(1), "", col, raw))
        elif m.group(2):
            out.append(Attr(IDENT, m.group(2), "", col, raw))
        elif m.group(3):
            value = next((g for g in (m.group(4), m.group(5), m.group(6)) if g is not None), "")
            out.append(Attr(PAIR, m.group(3), value, col, raw))
        else:
            out.append(Attr(WORD, m.group(7), "", col, raw))
    return out


def braced(line: str) -> Optional[Tuple[str, int]]:
    """``(inside, offset)`` for the ``{...}`` of a div's opening line (``None``: no braces).

    ``inside`` runs from after the first ``{`` to the last ``}`` (the div validators
    make sure there is one); ``offset`` is its 0-based index in ``line``, ready for
    :func:`parse_attributes`.
    """
    start = line.find("{")
    if start < 0:
        return None
    return line[start + 1 : line.rfind("}")], start + 1


def first_class(attrs: List[Attr]) -> str:
    """The first class named (a div's kind: ``.chart``, ``.slide``), or ""."""
    return next((a.name for a in attrs if a.kind == CLASS), "")


def identifier(attrs: List[Attr]) -> str:
    """The first ``#id`` given, or ""."""
    return next((a.name for a in attrs if a.kind == IDENT), "")
