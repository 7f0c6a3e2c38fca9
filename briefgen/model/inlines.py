"""Inline nodes: runs of text with emphasis, links, code, footnote references and line breaks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Tuple, Union

@dataclass(frozen=True)
class Text:
    """A run of literal text."""

    text: str


@dataclass(frozen=True)
class Emph:
    """Emphasis (italic)."""

    children: Tuple["Inline", ...]


@dataclass(frozen=True)
class Strong:
    """Strong emphasis (bold)."""

    children: Tuple["Inline", ...]


@dataclass(frozen=True)
class Code:
    """Inline code, shown in a monospaced face."""

    text: str


@dataclass(frozen=True)
class Link:
    """A hyperlink.

    ``href`` is always safe: an ``http:``, ``https:`` or ``mailto:`` URL, or an
    in-document anchor starting with ``#``. Links with any other scheme never
    reach the model (their text is kept as plain text).
    """

    children: Tuple["Inline", ...]
    href: str

    @property
    def is_external(self) -> bool:
        """True for http, https and mailto links."""
        return not self.href.startswith("#")


@dataclass(frozen=True)
class FootnoteRef:
    """A reference to an endnote; ``number`` is 1-based in order of first use."""

    number: int
    label: str


@dataclass(frozen=True)
class LineBreak:
    """A hard line break inside a paragraph."""


Inline = Union[Text, Emph, Strong, Code, Link, FootnoteRef, LineBreak]
Inlines = Tuple[Inline, ...]
