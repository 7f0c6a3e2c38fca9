"""The deck's settings file, ``deck/layouts.yaml``, read once into typed, frozen values.

:func:`load_config` reads the file merged along the layout's chain (a layout
that ``extends:`` another overrides it key by key), checks every key and
value, and returns a :class:`DeckConfig`; the renderer, the planner and the
template analysis read its fields, never the YAML. A bad value is an error
located in the file that sets it (``path:line:col: error: ...``), and an
unknown key is one too (a misspelt key would otherwise be silently ignored).

Lengths the file gives in inches stay inches here (``logo``, ``stamps``)
except the paragraph indents, which become points in :attr:`DeckConfig.para`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, fields
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from ...errors import LayoutError, error
from ...layout.locate import locate_key
from ..common.units import INCH
from .model import KINDS, DeckSettings, KindSpec, ParaStyle, PlanValues

log = logging.getLogger(__name__)

FILE = "deck/layouts.yaml"
TEMPLATE = "template.pptx"
"""The template's file name when ``template:`` names none."""
STYLES = ("regular", "bold", "italic", "bold_italic")
"""The four font styles a ``metrics:`` family lists."""
DIVIDERS = ("auto", "always", "never")
KIND_SIZES = ("title_size", "title_min_size", "subtitle_size", "meta_size", "body_size", "min_size", "caption_size")
"""The sizes (points) a slide kind may set under ``kinds.<kind>``."""
KIND_COUNTS = ("title_max_lines", "max_bullets", "max_rows", "max_parts")
"""The counts a slide kind may set under ``kinds.<kind>``."""
_TRUE = ("true", "yes", "on")
_FALSE = ("false", "no", "off")


@dataclass(frozen=True)
class KindConfig:
    """One slide kind's entry under ``kinds:``: its layout names (best first) and its sizes (points, counts)."""

    layouts: Tuple[str, ...] = ()
    sizes: Mapping[str, float] = field(default_factory=dict)

    def size(self, key: str, default: float) -> float:
        """A size or count, else ``default``."""
        return float(self.sizes.get(key, default))


@dataclass(frozen=True)
class LogoBox:
    """Where the theme's logo goes on the title slide (inches): at most this big, this far from the top right."""

    max_width: float = 2.4
    max_height: float = 0.8
    right: float = 0.6
    top: float = 0.45


@dataclass(frozen=True)
class StampStyle:
    """The draft and embargo stamp's look (``stamps:``): colours by theme name or ``#RRGGBB``; sizes in points, places in inches."""

    color: str = "accent"
    fill: str = "background"
    size: float = 14.0
    footer_size: float = 9.0
    top: float = 0.08
    right: float = 0.3
    width: float = 8.0

    def look(self, colors: Mapping[str, str]) -> Dict[str, object]:
        """The stamp settings as :mod:`.stamps` draws them: colours resolved to ``RRGGBB`` ("" fill: none)."""
        color = colors.get(self.color, self.color)
        fill = colors.get(self.fill, self.fill)
        return {
            "color": color.lstrip("#").upper(),
            "fill": "" if fill in ("none", "") else fill.lstrip("#").upper(),
            "size": self.size, "footer_size": self.footer_size, "top": self.top, "right": self.right, "width": self.width,
        }


@dataclass(frozen=True)
class DeckConfig(PlanValues):
    """Everything ``deck/layouts.yaml`` says, checked; ``path`` is the file (child-most) messages name.
    The planner's values and their defaults are :class:`~.model.PlanValues`."""

    path: str
    template: str = TEMPLATE
    metrics: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    logo: LogoBox = LogoBox()
    stamps: StampStyle = StampStyle()
    kinds: Mapping[str, KindConfig] = field(default_factory=dict)

    def settings(self, kinds: Mapping[str, KindSpec], labels: Mapping[str, str],
                 layouts: Optional[Mapping[str, KindSpec]] = None) -> DeckSettings:
        """The planner's settings: these values, the template's frames per kind and layout, the theme's labels."""
        return DeckSettings(kinds=kinds, labels=dict(labels), layouts=dict(layouts or {}), **self.plan_values())

    def title_height(self, line_factor: float) -> float:
        """The height the deck's longest title needs: ``title.max_lines`` lines at ``title.size``, plus insets."""
        return self.title_lines * self.title_size * line_factor + 7.2


class _Reader:
    """Typed reads of the merged data; a bad value raises a :class:`LayoutError` located in its file."""

    def __init__(self, layout: object, data: Mapping[str, object]) -> None:
        self.layout = layout
        self.data = data
        files = [folder / FILE for folder in getattr(layout, "chain", ())]
        self.files = [f for f in files if f.is_file()]
        self.path = str(self.files[0]) if self.files else FILE

    def fail(self, keys: Sequence[str], message: str, at_key: bool = False) -> LayoutError:
        """The error for the value at ``keys`` (``at_key``: for the key itself), located in the nearest file that sets it."""
        path, line, col = self.locate(keys, at_key)
        return LayoutError([error(path, line, f"{'.'.join(keys)}: {message}", col)])

    def locate(self, keys: Sequence[str], at_key: bool = False) -> Tuple[str, Optional[int], Optional[int]]:
        """``(file, line, column)`` of the value (or key) at ``keys``, the child layout's file first."""
        return locate_key(self.files, keys, at_key) or (self.path, None, None)

    def section(self, keys: Sequence[str], known: Sequence[str] = ()) -> Mapping[str, object]:
        """The mapping at ``keys`` ({} when absent); with ``known``, any other key is an error."""
        value: object = self.data
        for key in keys:
            value = value.get(key) if isinstance(value, Mapping) else None
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise self.fail(keys, "must be a mapping of keys")
        if known:
            for key in value:
                if key not in known:
                    raise self.fail((*keys, key), f"unknown key (known: {', '.join(known)})", at_key=True)
        return value

    def number(self, keys: Sequence[str], default: float) -> float:
        """A number (the file's text "28" is 28)."""
        value = self.section(keys[:-1]).get(keys[-1])
        if value is None:
            return float(default)
        try:
            return float(str(value))
        except ValueError:
            raise self.fail(keys, f"'{value}' is not a number") from None

    def count(self, keys: Sequence[str], default: int) -> int:
        """A whole number."""
        value = self.number(keys, default)
        if not value.is_integer():
            raise self.fail(keys, f"'{value:g}' is not a whole number")
        return int(value)

    def flag(self, keys: Sequence[str], default: bool) -> bool:
        """true or false (also yes/no, on/off)."""
        value = self.section(keys[:-1]).get(keys[-1])
        if value is None:
            return default
        text = str(value).strip().lower()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
        raise self.fail(keys, f"'{value}' is not true or false")

    def text(self, keys: Sequence[str], default: str) -> str:
        """A text value."""
        value = self.section(keys[:-1]).get(keys[-1])
        if value is None:
            return default
        if isinstance(value, (list, dict)):
            raise self.fail(keys, "must be text")
        return str(value)

    def choice(self, keys: Sequence[str], allowed: Sequence[str], default: str) -> str:
        """One of ``allowed`` (case and spaces ignored)."""
        text = self.text(keys, default).strip().lower()
        if text not in allowed:
            raise self.fail(keys, f"'{text}' is not one of {', '.join(allowed)}")
        return text

    def names(self, keys: Sequence[str]) -> Tuple[str, ...]:
        """A list of text values."""
        value = self.section(keys[:-1]).get(keys[-1])
        if value is None:
            return ()
        if not isinstance(value, list) or any(isinstance(v, (list, dict)) for v in value):
            raise self.fail(keys, "must be a list of layout names, e.g. [Title and Content, Title Only]")
        return tuple(str(v) for v in value)


_TOP = ("template", "metrics", "paragraph", "title", "logo", "stamps", "footer", "dividers", "sources_slide", "notes",
        "notes_words", "budget", "kinds",
        "derived", "sections")


def _kinds(r: _Reader) -> Dict[str, KindConfig]:
    out: Dict[str, KindConfig] = {}
    r.section(("kinds",), KINDS)
    for kind in KINDS:
        entry = r.section(("kinds", kind), ("layouts",) + KIND_SIZES + KIND_COUNTS)
        sizes = {key: float(r.count(("kinds", kind, key), 0)) if key in KIND_COUNTS else r.number(("kinds", kind, key), 0.0)
                 for key in entry if key != "layouts"}
        out[kind] = KindConfig(r.names(("kinds", kind, "layouts")), sizes)
    return out


def _metrics(r: _Reader) -> Dict[str, Mapping[str, str]]:
    out: Dict[str, Mapping[str, str]] = {}
    for family in r.section(("metrics",)):
        r.section(("metrics", family), STYLES)
        out[str(family)] = {style: r.text(("metrics", family, style), "") for style in STYLES
                            if r.section(("metrics", family)).get(style) is not None}
    return out


def _indents(r: _Reader) -> Tuple[float, ...]:
    value = r.section(("paragraph",)).get("indents")
    if value is None:
        return PlanValues().para.indents
    if not isinstance(value, list) or not value:
        raise r.fail(("paragraph", "indents"), "must be a list of inches per level, e.g. [0.32, 0.72]")
    out: List[float] = []
    for item in value:
        try:
            out.append(float(str(item)) * INCH)
        except ValueError:
            raise r.fail(("paragraph", "indents"), f"'{item}' is not a number") from None
    return tuple(out)


def read_config(layout: object, data: Mapping[str, object]) -> DeckConfig:
    """``data`` (``layouts.yaml`` merged along ``layout``'s chain) as a :class:`DeckConfig`; errors located in the files."""
    r = _Reader(layout, data)
    r.section((), _TOP)
    r.section(("paragraph",), ("line_spacing", "space_before", "space_before_sub", "indents", "hanging"))
    r.section(("title",), ("size", "min_size", "max_lines"))
    r.section(("derived",), ("max_words", "max_bullets_per_section", "max_slides_per_section"))
    r.section(("sections",), ("header_slides_min", "header_slides_max", "group_above", "group_size"))
    r.section(("logo",), tuple(LogoBox.__dataclass_fields__))
    r.section(("stamps",), tuple(StampStyle.__dataclass_fields__))
    r.section(("budget",), ("min_slides", "max_slides"))
    d = PlanValues()  # every default, from the one place
    para = ParaStyle(r.number(("paragraph", "line_spacing"), d.para.line_spacing),
                     r.number(("paragraph", "space_before"), d.para.space_before),
                     r.number(("paragraph", "space_before_sub"), d.para.space_before_sub), _indents(r))
    return DeckConfig(
        path=r.path,
        template=r.text(("template",), "") or TEMPLATE,
        metrics=_metrics(r),
        para=para,
        title_size=r.number(("title", "size"), d.title_size),
        title_min=r.number(("title", "min_size"), d.title_min),
        title_lines=r.count(("title", "max_lines"), d.title_lines),
        derived_words=r.count(("derived", "max_words"), d.derived_words),
        derived_max=r.count(("derived", "max_bullets_per_section"), d.derived_max),
        derived_slides=r.count(("derived", "max_slides_per_section"), d.derived_slides),
        header_min=r.count(("sections", "header_slides_min"), d.header_min),
        header_max=r.count(("sections", "header_slides_max"), d.header_max),
        group_above=r.count(("sections", "group_above"), d.group_above),
        group_size=r.count(("sections", "group_size"), d.group_size),
        footer=r.flag(("footer",), d.footer),
        dividers=r.choice(("dividers",), DIVIDERS, d.dividers),
        sources_slide=r.flag(("sources_slide",), d.sources_slide),
        notes=r.choice(("notes",), ("brief", "full"), d.notes),
        notes_words=r.count(("notes_words",), d.notes_words),
        budget_min=r.count(("budget", "min_slides"), d.budget_min),
        budget_max=max(r.count(("budget", "max_slides"), d.budget_max), 4),
        logo=LogoBox(*(r.number(("logo", f.name), f.default) for f in fields(LogoBox))),
        stamps=StampStyle(*(r.text(("stamps", f.name), f.default) if f.type == "str" else r.number(("stamps", f.name), f.default)
                            for f in fields(StampStyle))),
        kinds=_kinds(r),
    )


def located_error(layout: object, keys: Sequence[str], message: str) -> LayoutError:
    """An error about the ``layouts.yaml`` value at ``keys`` (e.g. a metrics file not found), located in its file."""
    return _Reader(layout, {}).fail(keys, message)


def load_config(layout: object) -> DeckConfig:
    """The layout's ``deck/layouts.yaml`` (merged along its chain), read and checked once."""
    return read_config(layout, layout.load_data(FILE))  # type: ignore[attr-defined]
