"""Block nodes: paragraphs, lists, quotes, code, rules, tables, figures and charts.

Each block carries the 1-based ``line`` of the source it came from. :data:`BLOCK_KINDS`
lists every block class (derived from the :data:`Block` union), so a new kind added to
the union is seen by the walk, the tests and every renderer's dispatch check.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Tuple, Union

from .inlines import Inlines

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
    ident: str = ""
    """The ``{#tbl-id}`` written at the end of its caption ("" when none), for cross-references."""


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
    ident: str = ""
    """The ``{#fig-id}`` written right after the image ("" when none), for cross-references."""


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
    the numbers came from (``None``: an inline table or list). ``ident`` is the
    ``#id`` of the div's opening line ("" when none), kept for cross-references.
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
    ident: str = ""


CALLOUT_KINDS = ("note", "warning", "definition")
"""The kinds of callout (``::: {.callout kind=note}``)."""


@dataclass(frozen=True)
class Box:
    """Material set apart from the text: a numbered box (``::: {.box title="..."}``) or a
    callout (``::: {.callout kind=note title="..."}``).

    ``kind`` is ``"box"`` or one of :data:`CALLOUT_KINDS`. A box is numbered in
    reading order (``number`` 1, 2...; "Box N" by the layout's label) and is listed
    and referable like tables and figures; a callout has ``number`` 0. ``title``
    may be empty. ``blocks`` holds paragraphs, lists, a table. ``ident`` is the
    ``#box-id`` of the opening line ("" when none), for cross-references.
    """

    blocks: Tuple["Block", ...]
    title: Inlines
    line: int
    kind: str = "box"
    number: int = 0
    ident: str = ""

    @property
    def is_callout(self) -> bool:
        """True for a callout (note, warning, definition), False for a numbered box."""
        return self.kind != "box"


@dataclass(frozen=True)
class Bibliography:
    """The works a brief cites, each once, formatted by its citation style, in the style's order.

    ``entries`` holds one formatted entry per work (DOIs and URLs as :class:`~.inlines.Link`),
    ``keys`` the citation key of each. Renderers set it as a list without bullets or numbers,
    each entry with a hanging indent; the section it stands in carries the heading
    (the layout's ``labels.bibliography`` or ``labels.references``). ``placed``: the author put
    it there with a ``::: {#refs}`` div, under a heading of their own; renderers leave it in place.
    """

    entries: Tuple[Inlines, ...]
    keys: Tuple[str, ...]
    line: int
    placed: bool = False


Block = Union[
    Paragraph, SubHeading, ListBlock, BlockQuote, PullQuote, CodeBlock, ThematicBreak, Table, Figure, Chart, Box,
    Bibliography,
]
Blocks = Tuple[Block, ...]

BLOCK_KINDS: Tuple[type, ...] = typing.get_args(Block)
"""Every block class of the model, in the order of the :data:`Block` union."""
