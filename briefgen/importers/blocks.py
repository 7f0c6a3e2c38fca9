"""The intermediate form of an imported document: a flat list of blocks of inline spans.

A Word reader produces these; :mod:`briefgen.importers.markdown` writes them as
a briefgen source. Keeping the two apart lets another reader (ODT, HTML) reuse
the writer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Union


@dataclass
class Span:
    """A run of text with its formatting; ``link`` is a URL, ``note`` a note label, ``hard_break`` a line break."""

    text: str = ""
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: Optional[str] = None
    note: Optional[str] = None
    hard_break: bool = False


@dataclass
class Paragraph:
    """A paragraph; ``number`` is its place in the Word document (1-based), for messages."""

    spans: List[Span]
    number: int = 0


@dataclass
class Heading:
    """A heading; ``level`` 1 is the top level of the document's own headings."""

    level: int
    spans: List[Span]
    number: int = 0


@dataclass
class ListItem:
    """A list item: ``level`` 0 is the outermost; ``ordinal`` its number in an ordered list, ``None`` for a bullet."""

    level: int
    ordinal: Optional[int]
    spans: List[Span]
    number: int = 0
    list_id: str = ""


@dataclass
class Quote:
    """A block quote paragraph; ``pull``: a pull quote (Word's *Intense Quote*, briefgen's ``::: pullquote``)."""

    spans: List[Span]
    number: int = 0
    pull: bool = False


@dataclass
class CodeLine:
    """A line of preformatted text (consecutive lines make one code block)."""

    text: str
    number: int = 0


@dataclass
class Image:
    """An image saved beside the source: ``file`` is its path relative to the source's folder."""

    file: str
    alt: str
    number: int = 0


@dataclass
class Table:
    """A table: ``rows`` of cells, each cell a list of spans; the first row is the header."""

    rows: List[List[List[Span]]]
    caption: Optional[List[Span]] = None
    number: int = 0


@dataclass
class Note:
    """A footnote or endnote: its label and its paragraphs."""

    label: str
    paragraphs: List[List[Span]] = field(default_factory=list)


@dataclass
class Timeline:
    """A timeline (briefgen's own Word output writes one as a table of dates and events captioned "Figure N.").

    ``events`` are ``(when, text)``: ``when`` as the source writes it (``2001-03``)."""

    title: str
    alt: str
    events: List[tuple]
    x_label: str = ""
    number: int = 0


Block = Union[Paragraph, Heading, ListItem, Quote, CodeLine, Image, Table, Timeline]


@dataclass
class Meta:
    """What becomes the front matter."""

    title: str = ""
    subtitle: str = ""
    authors: List[str] = field(default_factory=list)
    date: str = ""
    keywords: List[str] = field(default_factory=list)
    lang: str = ""
    organization: str = ""
    roles: Dict[str, str] = field(default_factory=dict)
    """Each author's role, by name (briefgen's own byline)."""
    bios: Dict[str, List[str]] = field(default_factory=dict)
    """Each author's bio paragraphs (Markdown), by name (briefgen's About the Authors)."""
    summary: List[str] = field(default_factory=list)
    """The summary's paragraphs, as Markdown."""
    key_points: List[str] = field(default_factory=list)
    recommendations: List[str] = field(default_factory=list)


@dataclass
class Document:
    """An imported document: front matter, body blocks and notes."""

    meta: Meta
    blocks: List[Block]
    notes: List[Note]
