"""``memo.yaml``'s ``styles:`` as typed, frozen specs, read and checked once per load.

Each style is merged along its ``parent:`` chain (child wins), then every property is
parsed: the face role and weight, the size and line height (points, theme sizes
resolved), the color (``#RRGGBB``, theme colors resolved), the alignment, the spacing and
the flags. A bad value is a :class:`~briefgen.errors.LayoutError` at its line in the YAML
file (``styles.NAME.KEY``). :class:`~.styles.Stylesheet` turns a spec into a ReportLab
paragraph style without reading the YAML again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Mapping, Protocol

from ...errors import LayoutError, error
from ...layout import FACE_STYLES, FONT_ROLES
from .lengths import parse_length

log = logging.getLogger(__name__)

#: ``alignment:`` words and ReportLab's codes for them.
ALIGNMENTS = {"left": 0, "center": 1, "centre": 1, "right": 2, "justify": 4}
#: The properties a style may set.
PROPERTIES = frozenset({
    "parent", "font", "weight", "size", "line_height", "leading", "color", "alignment",
    "space_before", "space_after", "left_indent", "right_indent", "first_line_indent",
    "keep_with_next", "allow_orphans", "allow_widows", "hyphenate", "upper",
})
_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")


class StyleReader(Protocol):
    """What the specs are read through: :class:`~.config.MemoConfig`."""

    origin: str

    def style_names(self) -> List[str]:
        """Every style defined in ``memo.yaml``."""

    def style_spec(self, name: str) -> Dict[str, Any]:
        """The raw style ``name`` with its ``parent:`` chain merged."""

    def size(self, value: Any, key: str) -> float:
        """A font size: points or a theme size key."""

    def resolve_color(self, value: Any, key: str) -> str:
        """A theme color name or ``#RRGGBB`` literal, as ``#RRGGBB``."""

    def invalid(self, key: str, value: Any, what: str) -> Exception:
        """The located error for a ``value`` at ``key`` that is not ``what``."""


@dataclass(frozen=True)
class StyleSpec:
    """One paragraph style of the memo, every property parsed (lengths in points, before any scaling)."""

    role: str
    weight: str
    size: float
    leading: float
    color: str
    alignment: int
    space_before: float
    space_after: float
    left_indent: float
    right_indent: float
    first_line_indent: float
    keep_with_next: bool
    allow_orphans: bool
    allow_widows: bool
    hyphenate: bool
    upper: bool


def read_styles(cfg: StyleReader) -> Dict[str, StyleSpec]:
    """Every style of ``memo.yaml`` by name, in the file's order (raises at the first bad value)."""
    return {name: read_style(cfg, name) for name in cfg.style_names()}


def read_style(cfg: StyleReader, name: str) -> StyleSpec:
    """The style ``name`` parsed (a missing one, or a cycle of parents, is a located error)."""
    spec = cfg.style_spec(name)
    where = f"styles.{name}"
    for key in spec:
        if key not in PROPERTIES:
            raise LayoutError([error(cfg.origin, None, f"memo.yaml: {where}.{key} is not a style property")])
    role = str(spec.get("font", "body"))
    if role not in FONT_ROLES:
        raise cfg.invalid(f"{where}.font", role, f"a font role ({', '.join(FONT_ROLES)})")
    weight = str(spec.get("weight", "regular"))
    if weight not in FACE_STYLES:
        raise cfg.invalid(f"{where}.weight", weight, f"one of {', '.join(FACE_STYLES)}")
    size = cfg.size(spec.get("size", "base"), f"{where}.size")
    if "leading" in spec:
        leading = parse_length(spec["leading"], lambda: cfg.invalid(f"{where}.leading", spec["leading"], "a length"))
    else:
        leading = size * cfg.size(spec.get("line_height", "leading"), f"{where}.line_height")
    align = str(spec.get("alignment", "left")).lower()
    if align not in ALIGNMENTS:
        raise cfg.invalid(f"{where}.alignment", align, "left, center, right or justify")
    length = _lengths(cfg, spec, where)
    flag = _flags(cfg, spec, where)
    hyphenate = flag("hyphenate", False)
    color = cfg.resolve_color(spec.get("color", "text"), f"{where}.color")
    return StyleSpec(
        role=role, weight=weight, size=size, leading=leading, color=color, alignment=ALIGNMENTS[align],
        space_before=length("space_before"), space_after=length("space_after"), left_indent=length("left_indent"),
        right_indent=length("right_indent"), first_line_indent=length("first_line_indent"),
        keep_with_next=flag("keep_with_next", False), allow_orphans=flag("allow_orphans", False),
        allow_widows=flag("allow_widows", False), hyphenate=hyphenate, upper=flag("upper", False),
    )


def _lengths(cfg: StyleReader, spec: Mapping[str, Any], where: str) -> Callable[[str], float]:
    """A reader of the style's lengths (0 when unset)."""
    def length(key: str) -> float:
        value = spec.get(key, 0)
        return parse_length(value, lambda: cfg.invalid(f"{where}.{key}", value, "a length"))
    return length


def _flags(cfg: StyleReader, spec: Mapping[str, Any], where: str) -> Callable[[str, bool], bool]:
    """A reader of the style's true/false properties."""
    def flag(key: str, default: bool) -> bool:
        value = str(spec.get(key, default)).strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise cfg.invalid(f"{where}.{key}", value, "true or false")
    return flag
