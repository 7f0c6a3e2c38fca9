"""``memo.yaml``'s page-level sections as typed, frozen settings, read and checked once per load.

:func:`read_settings` reads ``page``, ``limits``, ``press``, ``masthead``,
``headings``, ``lists``, ``paragraphs``, ``onepager``, ``boxes`` and ``stamps`` with one default per
key (here, nowhere else), so the kit's modules read fields
(``cfg.settings.page.margin_top``) instead of dotted keys with a default at
each call site. A value of the wrong kind fails at load with a
:class:`~briefgen.errors.LayoutError` located at its line in the YAML file.

Colors are resolved against the theme here (``#RRGGBB`` strings); the
``styles:`` are read into :class:`~.stylespecs.StyleSpec` by :mod:`.stylespecs`
(``cfg.settings.styles``). Only the memo's own ``order`` and ``budget`` are
read by the memo, through :class:`~.config.MemoConfig`'s accessors.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, List, Mapping, Optional, Protocol, Tuple

from .stylespecs import StyleSpec, read_styles

log = logging.getLogger(__name__)


class ConfigReader(Protocol):
    """What the settings are read through: :class:`~.config.MemoConfig`'s dotted accessors."""

    def raw(self, key: str, default: Any = None) -> Any:
        """The raw value at dotted ``key``, or ``default``."""

    def length(self, key: str, default: float = 0.0) -> float:
        """A length in points."""

    def number(self, key: str, default: float = 0.0) -> float:
        """A plain number."""

    def integer(self, key: str, default: int = 0) -> int:
        """A whole number."""

    def flag(self, key: str, default: bool = False) -> bool:
        """A boolean."""

    def text(self, key: str, default: str = "") -> str:
        """A string."""

    def strings(self, key: str, default: List[str]) -> List[str]:
        """A non-empty list of strings."""

    def color(self, key: str, default: str = "text") -> str:
        """A ``#RRGGBB`` color: a theme color name or a literal."""

    def invalid(self, key: str, value: Any, what: str) -> Exception:
        """The located error for a ``value`` at ``key`` that is not ``what``."""


@dataclass(frozen=True)
class PageSettings:
    """``page:``: margins, body columns, where the running head and footer sit (points)."""

    margin_top: float
    margin_bottom: float
    margin_left: float
    margin_right: float
    columns: int
    column_gap: float
    header_offset: float
    footer_offset: float
    header_rule: float


@dataclass(frozen=True)
class PressSettings:
    """``press:``: the bleed and the crop marks of the press print profile (points)."""

    bleed: float
    mark_offset: float
    mark_length: float
    mark_width: float


@dataclass(frozen=True)
class MastheadSettings:
    """``masthead:``: the logo's height, the rules under it and the band at the top edge (points)."""

    logo_height: float
    thin_rule: float
    rule_width: float
    space_after: float
    top_band: float
    band_color: str


@dataclass(frozen=True)
class HeadingSettings:
    """``headings:``: numbering, outline depth and the rule above section headings."""

    numbered: bool
    number_format: str
    number_subheadings: bool
    outline_depth: int
    rule_above: float


@dataclass(frozen=True)
class ListSettings:
    """``lists:``: indent, spacing, nesting limit and the marks at each depth."""

    indent: float
    space_after: float
    max_nesting: int
    ordered: Tuple[str, ...]
    bullets: Tuple[str, ...]


@dataclass(frozen=True)
class ParagraphSettings:
    """``paragraphs:``: hyphenation, and the length (characters) past which a paragraph is set in pieces."""

    hyphenate: bool
    split_at: int
    #: words hyphenated as written here ("pro-gram"), or never (written without a hyphen)
    hyphen_exceptions: Tuple[str, ...] = ()
    #: a justified paragraph whose word spaces would stretch by more than this (ems) is set ragged right
    max_word_space: float = 0.0


@dataclass(frozen=True)
class OnepagerSettings:
    """``onepager:``: its own margins (None: the page's), the text scales it may try, and its two columns
    (see :mod:`briefgen.render.onepager.columns`)."""

    margin_top: Optional[float]
    margin_bottom: Optional[float]
    margin_left: Optional[float]
    margin_right: Optional[float]
    min_size: float
    step: float
    measure: float = 66.0
    """Characters a line of the main column (the bottom line, the recommendations), at every size it is set in."""
    min_measure: float = 62.0
    """Never fewer, even when the sidebar must then be narrower than ``sidebar_min``."""
    gutter: float = 18.0
    """Between the main column and the sidebar (points)."""
    sidebar_min: float = 144.0
    """The sidebar (key points, contacts, the link) is not made narrower than this while the main column can give way."""


@dataclass(frozen=True)
class ShadedBoxSettings:
    """``boxes.summary`` / ``boxes.recommendations``: padding, the rule above, spacing (points), colors."""

    padding: float
    rule_width: float
    space_before: float
    space_after: float
    background: str
    rule: str


@dataclass(frozen=True)
class TableSettings:
    """``boxes.table``: cell padding, rules, the smallest type it may shrink to, continuation wording, caption."""

    padding: float
    rule_width: float
    min_font_size: float
    font_step: float
    hyphenate_min_length: int
    row_continued: str
    continued: str
    caption: str
    space: float
    rule: str
    header_rule: str
    header_background: str
    #: a row is split inside rather than leave more than this share of a page empty below the table
    max_hole: float = 0.15
    #: a table too wide even in min_font_size is set in up to this many parts, its first column repeated
    max_parts: int = 3


@dataclass(frozen=True)
class FigureSettings:
    """``boxes.figure`` (figures and charts): tallest share of the frame, image resolution cap, spacing."""

    max_height: float
    max_dpi: float
    space: float


@dataclass(frozen=True)
class QuoteSettings:
    """``boxes.blockquote`` / ``boxes.pullquote``: indent, padding, rule, spacing (points), the rule's color."""

    indent: float
    padding: float
    rule_width: float
    space: float
    rule: str


@dataclass(frozen=True)
class CodeSettings:
    """``boxes.code``: lines per unbreakable piece, padding, the shading."""

    lines_per_block: int
    padding: float
    background: str


@dataclass(frozen=True)
class BoxSettings:
    """``boxes:``: the shaded boxes, tables, figures, quotes and code."""

    summary: ShadedBoxSettings
    recommendations: ShadedBoxSettings
    table: TableSettings
    figure: FigureSettings
    blockquote: QuoteSettings
    pullquote: QuoteSettings
    code: CodeSettings
    box: ShadedBoxSettings = ShadedBoxSettings(10.0, 2.0, 10.0, 12.0, "shade", "primary")
    """``boxes.box``: a numbered box (``::: {.box}``)."""
    callout: ShadedBoxSettings = ShadedBoxSettings(8.0, 1.5, 8.0, 10.0, "shade", "accent")
    """``boxes.callout``: a callout (``::: {.callout}``)."""

    def shaded(self, key: str) -> ShadedBoxSettings:
        """The shaded box ``key`` (``summary``, ``recommendations``, ``box`` or ``callout``)."""
        return {"summary": self.summary, "recommendations": self.recommendations, "box": self.box,
                "callout": self.callout}[key]


@dataclass(frozen=True)
class StampSettings:
    """``stamps:``: the draft mark's opacity and angle, where the embargo line and the stamp footer sit."""

    draft_opacity: float
    draft_angle: float
    embargo_offset: float
    embargo_at: str
    footer_offset: float


@dataclass(frozen=True)
class KitSettings:
    """Every typed section of ``memo.yaml``."""

    page: PageSettings
    press: PressSettings
    masthead: MastheadSettings
    headings: HeadingSettings
    lists: ListSettings
    paragraphs: ParagraphSettings
    onepager: OnepagerSettings
    boxes: BoxSettings
    stamps: StampSettings
    max_pages: int
    """``limits.max_pages``: a story longer than this stops with a located error (at least 1)."""
    styles: Mapping[str, StyleSpec] = field(default_factory=dict)
    """``styles:``, each with its ``parent:`` chain resolved and checked (:mod:`.stylespecs`)."""


def read_settings(cfg: ConfigReader) -> KitSettings:
    """The typed sections of ``cfg`` (raises :class:`~briefgen.errors.LayoutError` at the first bad value)."""
    columns = cfg.integer("page.columns", 1)
    if columns not in (1, 2, 3):
        raise cfg.invalid("page.columns", columns, "1, 2 or 3")
    page = PageSettings(
        margin_top=cfg.length("page.margin_top", 72),
        margin_bottom=cfg.length("page.margin_bottom", 72),
        margin_left=cfg.length("page.margin_left", 72),
        margin_right=cfg.length("page.margin_right", 72),
        columns=columns,
        column_gap=cfg.length("page.column_gap", 18),
        header_offset=cfg.length("page.header_offset", 36),
        footer_offset=cfg.length("page.footer_offset", 36),
        header_rule=cfg.length("page.header_rule", 0.5),
    )
    press = PressSettings(
        bleed=cfg.length("press.bleed", 9.0),
        mark_offset=cfg.length("press.mark_offset", 18.0),
        mark_length=cfg.length("press.mark_length", 18.0),
        mark_width=cfg.length("press.mark_width", 0.25),
    )
    masthead = MastheadSettings(
        logo_height=cfg.length("masthead.logo_height", 32),
        thin_rule=cfg.length("masthead.thin_rule", 0.5),
        rule_width=cfg.length("masthead.rule_width", 2.5),
        space_after=cfg.length("masthead.space_after", 16),
        top_band=cfg.length("masthead.top_band", 0.0),
        band_color=cfg.color("masthead.band_color", "primary"),
    )
    headings = HeadingSettings(
        numbered=cfg.flag("headings.numbered", True),
        number_format=cfg.text("headings.number_format", "{n}"),
        number_subheadings=cfg.flag("headings.number_subheadings", False),
        outline_depth=cfg.integer("headings.outline_depth", 6),
        rule_above=cfg.length("headings.rule_above", 0),
    )
    lists = ListSettings(
        indent=cfg.length("lists.indent", 16),
        space_after=cfg.length("lists.space_after", 3),
        max_nesting=max(cfg.integer("lists.max_nesting", 6), 1),
        ordered=tuple(cfg.strings("lists.ordered", ["1", "a", "i"])),
        bullets=tuple(cfg.strings("lists.bullets", ["•", "–"])),
    )
    paragraphs = ParagraphSettings(
        hyphenate=cfg.flag("paragraphs.hyphenate", True),
        split_at=cfg.integer("paragraphs.split_at", 2000),
        hyphen_exceptions=tuple(cfg.strings("paragraphs.hyphen_exceptions", [])),
        max_word_space=cfg.number("paragraphs.max_word_space", 0.0),
    )
    onepager = OnepagerSettings(
        margin_top=_optional_length(cfg, "onepager.margin_top"),
        margin_bottom=_optional_length(cfg, "onepager.margin_bottom"),
        margin_left=_optional_length(cfg, "onepager.margin_left"),
        margin_right=_optional_length(cfg, "onepager.margin_right"),
        min_size=cfg.length("onepager.min_size", 8.0),
        step=cfg.length("onepager.step", 0.25),
        measure=_at_least(cfg, "onepager.measure", 66.0, 20.0),
        min_measure=_at_least(cfg, "onepager.min_measure", 62.0, 20.0),
        gutter=cfg.length("onepager.gutter", 18.0),
        sidebar_min=cfg.length("onepager.sidebar_min", 144.0),
    )
    return KitSettings(page=page, press=press, masthead=masthead, headings=headings, lists=lists,
                       paragraphs=paragraphs, onepager=onepager, boxes=read_boxes(cfg), stamps=read_stamps(cfg),
                       max_pages=max(cfg.integer("limits.max_pages", 5000), 1), styles=read_styles(cfg))


def _at_least(cfg: ConfigReader, key: str, default: float, low: float) -> float:
    """A number at ``key`` that must be at least ``low`` (a located layout error otherwise)."""
    value = cfg.number(key, default)
    if value < low:
        raise cfg.invalid(key, value, f"a number of at least {low:g}")
    return value


def read_boxes(cfg: ConfigReader) -> BoxSettings:
    """``boxes:``, each key with its one default."""
    def shaded(key: str, default: ShadedBoxSettings = ShadedBoxSettings(12, 0, 0, 12, "shade", "primary")) -> ShadedBoxSettings:
        return ShadedBoxSettings(padding=cfg.length(f"boxes.{key}.padding", default.padding),
                                 rule_width=cfg.length(f"boxes.{key}.rule_width", default.rule_width),
                                 space_before=cfg.length(f"boxes.{key}.space_before", default.space_before),
                                 space_after=cfg.length(f"boxes.{key}.space_after", default.space_after),
                                 background=cfg.color(f"boxes.{key}.background", default.background),
                                 rule=cfg.color(f"boxes.{key}.rule", default.rule))

    caption = cfg.text("boxes.table.caption", "above")
    if caption not in ("above", "below"):
        raise cfg.invalid("boxes.table.caption", caption, "above or below")
    table = TableSettings(
        padding=cfg.length("boxes.table.padding", 4),
        rule_width=cfg.length("boxes.table.rule_width", 0.5),
        min_font_size=max(cfg.length("boxes.table.min_font_size", 7.5), 7.5),  # never under 7.5 pt
        font_step=max(cfg.length("boxes.table.font_step", 0.5), 0.1),
        hyphenate_min_length=cfg.integer("boxes.table.hyphenate_min_length", 10),
        # the words: memo.yaml's (an empty one: no line), else the theme's labels in the brief's language
        row_continued=cfg.text("boxes.table.row_continued", cfg.theme.labels.get("row_continued", "(continued)")),
        continued=cfg.text("boxes.table.continued", cfg.theme.labels.get("table_continued", "{label} (continued)")),
        caption=caption,
        space=cfg.length("boxes.table.space", 10),
        rule=cfg.color("boxes.table.rule", "rule"),
        header_rule=cfg.color("boxes.table.header_rule", "primary"),
        header_background=cfg.color("boxes.table.header_background", "shade"),
        max_hole=min(max(cfg.number("boxes.table.max_hole", 0.15), 0.0), 1.0),
        max_parts=max(cfg.integer("boxes.table.max_parts", 3), 1),
    )
    figure = FigureSettings(
        max_height=min(max(cfg.number("boxes.figure.max_height", 0.6), 0.1), 0.9),
        max_dpi=cfg.number("boxes.figure.max_dpi", 300),
        space=cfg.length("boxes.figure.space", 10),
    )
    blockquote = QuoteSettings(indent=cfg.length("boxes.blockquote.indent", 16),
                               padding=cfg.length("boxes.blockquote.padding", 10),
                               rule_width=cfg.length("boxes.blockquote.rule_width", 2), space=0.0,
                               rule=cfg.color("boxes.blockquote.rule", "rule"))
    pullquote = QuoteSettings(indent=0.0, padding=cfg.length("boxes.pullquote.padding", 10),
                              rule_width=cfg.length("boxes.pullquote.rule_width", 1.5),
                              space=cfg.length("boxes.pullquote.space", 12),
                              rule=cfg.color("boxes.pullquote.rule", "accent"))
    code = CodeSettings(lines_per_block=max(cfg.integer("boxes.code.lines_per_block", 60), 1),
                        padding=cfg.length("boxes.code.padding", 6),
                        background=cfg.color("boxes.code.background", "shade"))
    return BoxSettings(summary=shaded("summary"), recommendations=shaded("recommendations"), table=table,
                       figure=figure, blockquote=blockquote, pullquote=pullquote, code=code,
                       box=shaded("box", BoxSettings.box), callout=shaded("callout", BoxSettings.callout))


def read_stamps(cfg: ConfigReader) -> StampSettings:
    """``stamps:``, each key with its one default."""
    embargo_at = cfg.text("stamps.embargo.at", "top").strip().lower()
    if embargo_at not in ("top", "bottom"):
        raise cfg.invalid("stamps.embargo.at", embargo_at, "top or bottom")
    return StampSettings(
        draft_opacity=min(max(cfg.number("stamps.draft.opacity", 0.15), 0.0), 1.0),
        draft_angle=cfg.number("stamps.draft.angle", 45),
        embargo_offset=cfg.length("stamps.embargo.offset", 22),
        embargo_at=embargo_at,
        footer_offset=cfg.length("stamps.footer.offset", 20),
    )


def _optional_length(cfg: ConfigReader, key: str) -> Optional[float]:
    """The length at ``key``, or None when the layout does not set it."""
    return None if cfg.raw(key) is None else cfg.length(key)
