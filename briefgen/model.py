"""The document model: one frozen, typed tree that every renderer reads.

``briefgen.source`` turns a source file into a :class:`Document` once; the memo,
handout and deck renderers receive that document and never see Markdown or YAML.

The model is split the way rst2pdf splits its flowables:

* **inlines** (:data:`Inline`) are runs of text with emphasis, links, code and
  footnote references;
* **blocks** (:data:`Block`) are paragraphs, lists, quotes, tables, figures and
  sub-headings, each carrying the 1-based ``line`` of the source it came from.

Text in the model is always literal, already decoded text: a ``<`` is a ``<``.
Each renderer escapes it for its own output format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Optional, Tuple, Union

# --------------------------------------------------------------------------- inlines


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

# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of inline content."""

    inlines: Inlines
    line: int


@dataclass(frozen=True)
class SubHeading:
    """A heading inside a section (``###`` and deeper); ``level`` is 3 to 6."""

    inlines: Inlines
    level: int
    anchor: str
    line: int


@dataclass(frozen=True)
class ListItem:
    """One item of a list: a sequence of blocks (usually one paragraph)."""

    blocks: Tuple["Block", ...]
    line: int


@dataclass(frozen=True)
class ListBlock:
    """A bullet list (``ordered=False``) or a numbered list starting at ``start``."""

    items: Tuple[ListItem, ...]
    ordered: bool
    start: int
    line: int


@dataclass(frozen=True)
class BlockQuote:
    """A block quotation."""

    blocks: Tuple["Block", ...]
    line: int


@dataclass(frozen=True)
class PullQuote:
    """A pull quote (``::: pullquote``): a short passage set large for emphasis."""

    blocks: Tuple["Block", ...]
    line: int


@dataclass(frozen=True)
class CodeBlock:
    """A block of preformatted text."""

    text: str
    line: int


@dataclass(frozen=True)
class ThematicBreak:
    """A horizontal rule."""

    line: int


@dataclass(frozen=True)
class TableCell:
    """One cell of a table."""

    inlines: Inlines


@dataclass(frozen=True)
class Table:
    """A pipe table: one header row and any number of body rows.

    ``aligns`` holds ``"left"``, ``"center"``, ``"right"`` or ``None`` per column
    (``None``: the renderer aligns by content). Every row has exactly
    ``len(header)`` cells. ``caption`` is the table's caption (without its
    "Table N." label) and ``number`` its 1-based number among captioned
    tables (0: no caption); ``note`` holds the ``Source:``/``Note:``
    paragraphs set under it.
    """

    header: Tuple[TableCell, ...]
    rows: Tuple[Tuple[TableCell, ...], ...]
    aligns: Tuple[Optional[str], ...]
    line: int
    caption: "Inlines" = ()
    note: Tuple["Block", ...] = ()
    number: int = 0


@dataclass(frozen=True)
class Image:
    """An image file inside the source's folder, checked and measured at parse time.

    ``path`` is the resolved absolute path; ``rel`` the path as written in the
    source (relative to the source's folder). ``width`` and ``height`` are in
    pixels; ``sha256`` is the hash of the file's bytes; ``mime`` is
    ``image/png``, ``image/jpeg`` or ``image/gif``.
    """

    path: Path
    rel: str
    width: int
    height: int
    sha256: str
    mime: str


@dataclass(frozen=True)
class Figure:
    """An image with its alt text, an optional caption and an optional credit."""

    image: Image
    alt: str
    caption: Inlines
    credit: str
    line: int


@dataclass(frozen=True)
class DataFile:
    """A chart's data file inside the source's folder: resolved path, path as written, hash."""

    path: Path
    rel: str
    sha256: str


@dataclass(frozen=True)
class ChartSeries:
    """One series of a chart: its name (the column header) and one number per category."""

    name: str
    values: Tuple[float, ...]


@dataclass(frozen=True)
class TimelineEvent:
    """One dated event of a timeline: the date as written (``1953``, ``2018-06``) and its text."""

    when: str
    text: str
    line: int


CHART_KINDS = ("bar", "hbar", "line", "timeline")
"""Chart types: vertical bars, horizontal bars, lines, a timeline of dated events."""


@dataclass(frozen=True)
class Chart:
    """A chart carried as data (``::: {.chart type=...}``); every renderer draws it natively.

    ``kind`` is one of :data:`CHART_KINDS`; ``stacked`` stacks the series of a
    bar chart. ``categories`` are the x values (one per row of data) and
    ``series`` the y columns; a timeline has ``events`` instead. ``x_label`` is
    the category column's header. ``alt`` is the alt text (``alt_generated``:
    written by briefgen from the data, with a warning). ``data`` is the CSV file
    the numbers came from (``None``: an inline table or list).
    """

    kind: str
    title: str
    units: str
    source: str
    alt: str
    categories: Tuple[str, ...]
    series: Tuple[ChartSeries, ...]
    events: Tuple[TimelineEvent, ...]
    line: int
    stacked: bool = False
    x_label: str = ""
    alt_generated: bool = False
    data: Optional[DataFile] = None


Block = Union[
    Paragraph, SubHeading, ListBlock, BlockQuote, PullQuote, CodeBlock, ThematicBreak, Table, Figure, Chart
]
Blocks = Tuple[Block, ...]

# --------------------------------------------------------------------------- structure


@dataclass(frozen=True)
class Section:
    """A ``##`` section of the body.

    ``title`` is empty for the single untitled section of a body without
    headings. ``slide`` holds the presenter's bullets from ``::: slide`` (empty
    when the source has none: the deck derives bullets from ``blocks``).
    ``notes`` holds the blocks of ``::: notes`` (extra speaker notes only).
    ``slide_layout`` is the template layout asked for with
    ``::: {.slide layout="Two Content"}`` ("" = the deck's choice);
    ``deck_skip`` is True for ``::: {.slide skip}``: no slides, text in the notes.
    ``slide_lines`` holds the source line of each ``slide`` bullet (empty for a
    model built by hand: :meth:`slide_line` then gives the section's line).
    """

    title: Inlines
    anchor: str
    blocks: Blocks
    slide: Tuple[Inlines, ...]
    notes: Blocks
    line: int
    slide_layout: str = ""
    deck_skip: bool = False
    slide_lines: Tuple[int, ...] = ()

    def slide_line(self, index: int) -> int:
        """The source line of the ``index``-th slide bullet (the section's line when unknown)."""
        return self.slide_lines[index] if 0 <= index < len(self.slide_lines) else self.line


@dataclass(frozen=True)
class Footnote:
    """An endnote: ``number`` matches :class:`FootnoteRef`; the text is blocks."""

    number: int
    label: str
    blocks: Blocks
    line: int


@dataclass(frozen=True)
class Author:
    """An author: ``bio`` is empty when the source gives none; ``contact`` is the
    contact line for the one-pager (an e-mail address, a phone number...), or ""."""

    name: str
    role: str
    bio: Blocks
    line: int
    contact: str = ""


@dataclass(frozen=True)
class Metadata:
    """The front matter, validated and typed.

    ``date`` is the source's date as written (``YYYY-MM-DD``, ``YYYY-MM`` or
    ``YYYY``); ``date_display`` is the human form (``August 2018``).
    ``extra`` is the user's own mapping, passed to templates untouched (plain
    str / list / dict values only).
    """

    title: Inlines
    subtitle: Inlines
    date: str
    date_display: str
    authors: Tuple[Author, ...]
    organization: str
    summary: Blocks
    key_points: Tuple[Inlines, ...]
    recommendations: Tuple[Inlines, ...]
    keywords: Tuple[str, ...]
    layout: str
    short_title: str
    extra: Mapping[str, object] = field(default_factory=dict)
    status: str = "final"
    """``draft`` or ``final`` (``--draft`` on the command line forces draft)."""
    embargo: str = ""
    """The embargo's end, normalized ISO 8601 with offset (``2026-12-05T09:00:00-05:00``), or ""."""
    page_budget: int = 0
    """The memo's page budget from the front matter (0: none; the layout may set one)."""
    url: str = ""
    """Where to read the full brief (http or https), or ""."""
    positions: Mapping[str, Tuple[int, int]] = field(default_factory=dict)
    """Where each field's value starts in the source, ``(line, col)``: keys ``title``,
    ``subtitle``, ``summary``, ``key_points.2``, ``authors.1.name``... (empty for a
    model built by hand)."""

    def position(self, key: str) -> Tuple[Optional[int], Optional[int]]:
        """``(line, col)`` of a field's value; an item's list, then ``(None, None)`` when unknown."""
        if key in self.positions:
            return self.positions[key]
        head = key.split(".")[0]
        if head in self.positions:
            return self.positions[head]
        return None, None

    def line_of(self, key: str) -> Optional[int]:
        """The source line of a field's value (see :meth:`position`)."""
        return self.position(key)[0]

    @property
    def title_text(self) -> str:
        """The title as plain text."""
        return plain_text(self.title)

    @property
    def subtitle_text(self) -> str:
        """The subtitle as plain text."""
        return plain_text(self.subtitle)

    @property
    def author_names(self) -> Tuple[str, ...]:
        """Every author's name, in order."""
        return tuple(a.name for a in self.authors)


@dataclass(frozen=True)
class Document:
    """A whole brief: metadata, the lede, the sections and the endnotes.

    ``source`` is the source file's path as the user named it (for messages),
    ``source_dir`` its resolved folder; ``lang`` is the BCP 47 language tag.
    ``images`` lists every image the document uses, once each.
    ``source_sha256`` is the hash of the source's bytes.
    ``epoch`` is the build timestamp in seconds (``SOURCE_DATE_EPOCH`` or the
    source's date), so every output embeds the same time.
    """

    meta: Metadata
    lede: Blocks
    sections: Tuple[Section, ...]
    footnotes: Tuple[Footnote, ...]
    source: str
    source_dir: Path
    lang: str
    images: Tuple[Image, ...]
    epoch: int
    data_files: Tuple[DataFile, ...] = ()
    """Every chart data file the document reads (build inputs, like ``images``)."""
    source_sha256: str = ""
    """The SHA-256 of the source file's bytes (printed in a draft's footer)."""


# --------------------------------------------------------------------------- helpers


def plain_text(inlines: Iterable[Inline]) -> str:
    """Flatten inlines to plain text (footnote references are dropped)."""
    return "".join(_plain_parts(inlines))


def _plain_parts(inlines: Iterable[Inline]) -> Iterator[str]:
    for node in inlines:
        if isinstance(node, Text):
            yield node.text
        elif isinstance(node, Code):
            yield node.text
        elif isinstance(node, (Emph, Strong, Link)):
            yield from _plain_parts(node.children)
        elif isinstance(node, LineBreak):
            yield " "


def block_text(block: Block) -> str:
    """Flatten one block to plain text, paragraphs separated by blank lines."""
    return "\n\n".join(_block_parts(block))


def _block_parts(block: Block) -> Iterator[str]:
    if isinstance(block, (Paragraph, SubHeading)):
        yield plain_text(block.inlines)
    elif isinstance(block, ListBlock):
        for item in block.items:
            for inner in item.blocks:
                yield from _block_parts(inner)
    elif isinstance(block, (BlockQuote, PullQuote)):
        for inner in block.blocks:
            yield from _block_parts(inner)
    elif isinstance(block, CodeBlock):
        yield block.text
    elif isinstance(block, Table):
        if block.caption:
            yield plain_text(block.caption)
        yield " | ".join(plain_text(c.inlines) for c in block.header)
        for row in block.rows:
            yield " | ".join(plain_text(c.inlines) for c in row)
        for inner in block.note:
            yield from _block_parts(inner)
    elif isinstance(block, Figure):
        caption = plain_text(block.caption)
        if caption:
            yield caption
    elif isinstance(block, Chart):
        yield from (t for t in (block.title, block.alt) if t)


def format_number(value: float) -> str:
    """A number as a reader writes it: ``74.1``, ``1,204``, ``-3``."""
    if float(value).is_integer():
        return f"{int(value):,}".replace("-", "\u2212")
    return f"{value:,.2f}".rstrip("0").rstrip(".").replace("-", "\u2212")


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def when_text(when: str) -> str:
    """A timeline date as a reader writes it: ``2001-03`` -> ``Mar 2001``, ``2018-06-12`` -> ``Jun 12, 2018``."""
    parts = when.split("-")
    if len(parts) == 1 or not all(p.isdigit() for p in parts):
        return when
    month = _MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{month} {int(parts[2])}, {parts[0]}"


def blocks_text(blocks: Iterable[Block]) -> str:
    """Flatten blocks to plain text, separated by blank lines."""
    return "\n\n".join(t for b in blocks for t in [block_text(b)] if t)


def walk_blocks(blocks: Iterable[Block]) -> Iterator[Block]:
    """Yield every block, depth first, including those nested in lists and quotes."""
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from walk_blocks(item.blocks)
        elif isinstance(block, (BlockQuote, PullQuote)):
            yield from walk_blocks(block.blocks)


def all_body_blocks(doc: Document) -> Iterator[Block]:
    """Every top-level block of the body in reading order: lede, then each section's."""
    yield from doc.lede
    for section in doc.sections:
        yield from section.blocks
