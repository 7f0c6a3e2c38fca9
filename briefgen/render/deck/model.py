"""The deck's slide model: what the planner decides and the writer carries out.

As in pandoc's PowerPoint writer (a pure ``Presentation`` value, then XML
from it), the deck is planned into these frozen values first: slide kinds,
the settings the planner reads, and per slide its title, body paragraphs,
table, picture or chart, all measured in points. Nothing here decides
anything or draws anything; every module of the deck imports this one.

Imports nothing of the deck but :mod:`.geometry` (boxes and frames), and no drawing library.
The values ``deck/layouts.yaml`` sets have their one default here (:class:`PlanValues`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Callable, Mapping, Optional, Tuple

from ...model import Chart
from ..common.chartplan import ChartPlan
from ..common.units import INCH
from .geometry import Frame

log = logging.getLogger(__name__)

KINDS = ("title", "bottom_line", "section", "content", "quote", "table", "figure", "recommendations", "about", "sources")
"""Every kind of slide, each mapped to a template layout in ``layouts.yaml`` ``kinds:``."""
TEXT_KINDS = ("bottom_line", "content", "recommendations", "about", "sources")
"""The kinds whose body is a column of bullets or paragraphs."""
BODY_KINDS = ("bottom_line", "content", "recommendations", "about")
"""The kinds set in the deck's one body size (the endnotes' "Sources" slide is reference matter, set smaller)."""

Warn = Callable[[Optional[int], str], None]
"""A warning about the source: ``warn(line, message)``."""

CELL_PAD_X = 7.2
"""A table cell's left and right insets (points)."""
CELL_PAD_Y = 3.6
"""A table cell's top and bottom insets (points)."""


@dataclass(frozen=True)
class Run:
    """A run of slide text with its style; ``href`` only for http/https/mailto links."""

    text: str
    bold: bool = False
    italic: bool = False
    mono: bool = False
    href: Optional[str] = None


@dataclass(frozen=True)
class Para:
    """One paragraph of a slide body: ``bullet`` False for plain text, ``number`` for a numbered item."""

    runs: Tuple[Run, ...]
    level: int = 0
    bullet: bool = True
    number: Optional[int] = None
    source: int = -1  # index of the model block it stands for (-1: none)
    line: Optional[int] = None  # the source line it comes from (for warnings)


@dataclass(frozen=True)
class ParaStyle:
    """How paragraphs are set: spacing and indents (points)."""

    line_spacing: float = 1.0
    space_before: float = 10.0
    space_before_sub: float = 4.0
    indents: Tuple[float, ...] = (0.32 * INCH, 0.72 * INCH)

    def indent(self, para: Para) -> float:
        """Left margin of ``para`` (bullets and numbers hang in it)."""
        if not para.bullet and para.number is None:
            return 0.0
        return self.indents[min(para.level, len(self.indents) - 1)]

    def before(self, para: Para) -> float:
        """Space before ``para``."""
        return self.space_before if para.level == 0 else self.space_before_sub


@dataclass(frozen=True)
class TableLayout:
    """Column widths, font size and the row heights of a table (points)."""

    size: float
    widths: Tuple[float, ...]
    header_height: float  # all header rows together
    row_heights: Tuple[float, ...]
    head_heights: Tuple[float, ...] = ()  # each header row's height, when the header has more than one row


@dataclass(frozen=True)
class KindSpec:
    """Where one kind of slide puts its text: the chosen layout and its frames."""

    layout: str
    title: Optional[Frame]
    body: Optional[Frame]
    area: Frame
    sizes: Mapping[str, float] = field(default_factory=dict)
    footer: Optional[Frame] = None  # the layout's footer box
    footer_size: float = 12.0  # the template's footer text size
    grown: bool = False  # title and body are not the layout's own boxes but grown into its free area (see .room)
    divider: bool = True  # a layout made to open a section (False: "Title Only", where a divider is an empty slide)

    def size(self, key: str, default: float) -> float:
        """A size from ``layouts.yaml`` (points)."""
        return float(self.sizes.get(key, default))


@dataclass(frozen=True, kw_only=True)
class PlanValues:
    """What ``deck/layouts.yaml`` tells the planner, each with its one default: the config reads the
    file into these (:class:`~.config.DeckConfig`), the planner gets them in :class:`DeckSettings`."""

    para: ParaStyle = ParaStyle()
    title_size: float = 32.0
    title_min: float = 24.0
    title_lines: int = 2
    derived_words: int = 18
    derived_max: int = 10
    derived_slides: int = 1
    header_min: int = 3
    header_max: int = 8
    group_above: int = 40
    group_size: int = 5
    footer: bool = True
    dividers: str = "auto"  # section divider slides: auto (only before a section of several slides), always, never
    sources_slide: bool = True  # one "Notes" slide at the end (the notes also ride on the slides that cite them)
    notes: str = "brief"  # speaker notes: "brief" (talking points, then text up to notes_words) or "full"
    notes_words: int = 250
    budget_min: int = 12  # a derived deck's length: never padded to this...
    budget_max: int = 18  # ...and cut to this (see .budget)

    def plan_values(self) -> dict:
        """These values alone, by field name (to hand from the config to the planner's settings)."""
        return {f.name: getattr(self, f.name) for f in fields(PlanValues)}


@dataclass(frozen=True)
class DeckSettings(PlanValues):
    """Everything the planner needs besides the document: the :class:`PlanValues`, the template's
    frames per kind and per layout, the theme's labels."""

    kinds: Mapping[str, KindSpec]
    labels: Mapping[str, str]
    layouts: Mapping[str, KindSpec] = field(default_factory=dict)  # every text layout, by normalized name
    deck_body: float = 0.0  # the one body size of the deck's text slides (0: each slide its own; see plan.plan_deck)


@dataclass(frozen=True)
class TablePlan:
    """One page of a table: the header repeated, some rows, sizes and position."""

    header: Tuple[Tuple[Run, ...], ...]
    rows: Tuple[Tuple[Tuple[Run, ...], ...], ...]
    aligns: Tuple[Optional[str], ...]
    layout: TableLayout
    x: float
    y: float
    note: str = ""  # the source line (and what is left to the handout), set under the table
    note_frame: Optional[Frame] = None
    note_size: float = 14.0
    head_more: Tuple[Tuple[Tuple[Run, ...], ...], ...] = ()  # header rows after the first (column heads under groups)


@dataclass(frozen=True)
class FigurePlan:
    """A picture scaled into the area (aspect kept) with its alt text and credit."""

    path: Path
    alt: str
    box: Tuple[float, float, float, float]
    credit: str = ""
    credit_frame: Optional[Frame] = None
    credit_size: float = 14.0


@dataclass(frozen=True)
class ChartSlide:
    """A chart's slide: the chart, its box (points), the caption line, and for a timeline its shapes."""

    chart: Chart
    box: Tuple[float, float, float, float]
    caption: str = ""
    caption_frame: Optional[Frame] = None
    caption_size: float = 14.0
    timeline: Optional[ChartPlan] = None


@dataclass(frozen=True)
class SlidePlan:
    """One slide: ``kind`` (see :data:`KINDS`), the layout name and the text to set."""

    kind: str
    layout: str
    title: str = ""
    title_size: float = 0.0
    body: Tuple[Para, ...] = ()
    body_size: float = 0.0
    notes: str = ""
    line: Optional[int] = None
    subtitle_sizes: Tuple[float, ...] = ()
    table: Optional[TablePlan] = None
    figure: Optional[FigurePlan] = None
    chart: Optional[ChartSlide] = None  # a chart or timeline (planned in .chartslides, drawn by .charts)
    footer: bool = True
    footer_text: str = ""  # what fits the layout's footer box ("" : slide number only)
    footer_size: float = 12.0
    title_box: Optional[Frame] = None  # where the title placeholder goes when not the layout's own box
    body_box: Optional[Frame] = None  # where the body placeholder goes when not the layout's own box
