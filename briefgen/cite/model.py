"""Typed, frozen data of the citation engine.

* :class:`Entry`: one bibliography entry, its data shaped like CSL-JSON
  (``title``, ``author`` as a tuple of name mappings, ``issued`` as
  ``{"date-parts": ((2021, 1, 5),)}``...), deep-frozen, with where it was read.
* :class:`Cite` and :class:`Citation`: what the citation syntax parser finds.
* :class:`Run` and ``RichText``: the neutral rich text the formatter produces;
  each renderer draws the runs natively (no HTML strings).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping, Optional, Tuple


def freeze(value: Any) -> Any:
    """``value`` (JSON-like) made immutable: dicts to mapping proxies, lists to tuples."""
    if isinstance(value, Mapping):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """The plain JSON-like copy of a :func:`freeze` d value (dicts and lists)."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thaw(v) for v in value]
    return value


@dataclass(frozen=True)
class Entry:
    """One bibliography entry: its key, CSL type, CSL-JSON-shaped data and origin."""

    key: str
    type: str
    data: Mapping[str, Any]
    path: str
    line: int
    col: int = 1

    def get(self, name: str, default: Any = None) -> Any:
        """A CSL variable of the entry (``title``, ``URL``, ``issued``...)."""
        return self.data.get(name, default)


@dataclass(frozen=True)
class Bibliography:
    """The entries of one or more bibliography files, by key (first file wins ties: an error)."""

    entries: Mapping[str, Entry]
    files: Tuple[str, ...] = ()

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def __getitem__(self, key: str) -> Entry:
        return self.entries[key]

    def keys(self) -> Tuple[str, ...]:
        """Every key, in the order the files list them."""
        return tuple(self.entries)


@dataclass(frozen=True)
class Cite:
    """One cited work inside a citation: ``[see @key, pp. 33–35 and passim]``.

    ``label`` is a CSL locator label (``page``, ``chapter``, ``section``...)
    when a locator was recognized; ``line``/``col`` point at the ``@``.
    """

    key: str
    line: int
    col: int
    prefix: str = ""
    suffix: str = ""
    locator: str = ""
    label: str = ""
    suppress_author: bool = False


@dataclass(frozen=True)
class Citation:
    """One citation: ``[@a; @b]`` (``narrative`` False) or ``@a`` in the text (True).

    ``start``/``end`` are offsets into the string given to the parser;
    ``line``/``col`` is where the citation starts in the source file.
    """

    cites: Tuple[Cite, ...]
    narrative: bool
    path: str
    line: int
    col: int
    start: int
    end: int
    raw: str = ""


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting: drawn natively by each renderer.

    ``link`` is a URL (``https://...``, DOIs as ``https://doi.org/...``) or None.
    """

    text: str
    italic: bool = False
    bold: bool = False
    small_caps: bool = False
    superscript: bool = False
    subscript: bool = False
    link: Optional[str] = None


RichText = Tuple[Run, ...]
"""A formatted citation or bibliography entry: a tuple of :class:`Run`."""


def plain(text: RichText) -> str:
    """The text of ``text`` without formatting (deck notes, alt text, tests)."""
    return "".join(run.text for run in text)


@dataclass(frozen=True)
class FormattedCitation:
    """A citation as the style formats it.

    ``in_text`` is what stands at the citation's place in the text (author-date:
    ``(Goldman 2021, 4)``; note styles: empty, or the author's name for a narrative
    ``@key``); ``note`` is the note's text for note styles (None for in-text styles).
    """

    citation: Citation
    in_text: RichText
    note: Optional[RichText]


@dataclass(frozen=True)
class BibliographyItem:
    """One entry of the bibliography, formatted, in the style's order."""

    key: str
    text: RichText


@dataclass(frozen=True)
class CitationResult:
    """Everything a renderer needs: each citation formatted, and the bibliography."""

    style_name: str
    note_style: bool
    citations: Tuple[FormattedCitation, ...]
    bibliography: Tuple[BibliographyItem, ...] = field(default=())
