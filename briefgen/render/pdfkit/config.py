"""Read ``memo.yaml`` (merged along the layout chain) into typed settings.

Every visual choice of the memo lives in ``layouts/<name>/memo.yaml`` and
``theme.yaml``; this module only parses it. YAML scalars arrive as strings
(see :mod:`briefgen.yamlsafe`), so lengths, numbers and booleans are parsed
here with messages that name the key at fault.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from ...errors import LayoutError, error
from ...layout.locate import locate_key
from .lengths import parse_length
from .settings import KitSettings, read_settings

log = logging.getLogger(__name__)

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


class MemoConfig:
    """Typed access to the merged ``memo.yaml`` data plus the theme.

    Accessors take a dotted key (``"page.margin_top"``) and a default; a value
    of the wrong kind raises :class:`LayoutError` naming the key, at its line
    in the file along the layout chain that sets it (``files``, child first).
    The page-level sections are also typed fields: :attr:`settings`.
    """

    def __init__(self, data: Mapping[str, Any], theme: Any, origin: str, files: Sequence[Path] = ()) -> None:
        self.data = data
        self.theme = theme
        self.origin = origin
        self.files = tuple(files)
        self.settings: KitSettings = read_settings(self)
        """The typed sections (page, press, masthead, headings, lists, paragraphs, onepager, limits), checked here."""

    # ----------------------------------------------------------------- raw access
    def raw(self, key: str, default: Any = None) -> Any:
        """The raw value at dotted ``key`` or ``default``."""
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return default
            node = node[part]
        return node

    def invalid(self, key: str, value: Any, what: str) -> LayoutError:
        """The error to raise for ``value`` at ``key``, which is not ``what`` (located where the key is set)."""
        path, line, col = self.locate(key)
        return LayoutError([error(path, line, f"memo.yaml: {key}: '{value}' is not {what}", col)])

    def locate(self, key: str) -> Tuple[str, Optional[int], Optional[int]]:
        """The file that sets dotted ``key`` (the child's along the chain) and the key's line and column in it."""
        return locate_key(self.files, key.split("."), at_key=True) or (self.origin, None, None)

    # ----------------------------------------------------------------- typed access
    def length(self, key: str, default: float = 0.0) -> float:
        """A length in points (``0.9in``, ``12pt``, ``10mm`` or a bare number)."""
        value = self.raw(key)
        return default if value is None else parse_length(value, lambda: self.invalid(key, value, "a length"))

    def number(self, key: str, default: float = 0.0) -> float:
        """A plain number."""
        value = self.raw(key)
        if value is None:
            return default
        try:
            return float(str(value))
        except ValueError:
            raise self.invalid(key, value, "a number") from None

    def integer(self, key: str, default: int = 0) -> int:
        """A whole number."""
        return int(self.number(key, default))

    def flag(self, key: str, default: bool = False) -> bool:
        """A boolean (true/false, yes/no, on/off)."""
        value = self.raw(key)
        if value is None:
            return default
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise self.invalid(key, value, "true or false")

    def text(self, key: str, default: str = "") -> str:
        """A string."""
        value = self.raw(key)
        return default if value is None else str(value)

    def strings(self, key: str, default: List[str]) -> List[str]:
        """A list of strings."""
        value = self.raw(key)
        if value is None:
            return list(default)
        if not isinstance(value, list) or not value:
            raise self.invalid(key, value, "a non-empty list")
        return [str(v) for v in value]

    def color(self, key: str, default: str = "text") -> str:
        """A ``#RRGGBB`` color: a theme color name or a literal."""
        return self.resolve_color(self.raw(key, default), key)

    def resolve_color(self, value: Any, key: str) -> str:
        """Resolve a theme color name or ``#RRGGBB`` literal."""
        text = str(value)
        if text in self.theme.colors:
            return self.theme.colors[text]
        if _HEX.match(text):
            return text.upper()
        raise self.invalid(key, value, f"a theme color ({', '.join(sorted(self.theme.colors))}) or #RRGGBB")

    def size(self, value: Any, key: str) -> float:
        """A font size: points or a theme size key."""
        text = str(value)
        if text in self.theme.sizes:
            return float(self.theme.sizes[text])
        return parse_length(text, lambda: self.invalid(key, value, "a size or a theme size key"))

    # ----------------------------------------------------------------- styles
    def style_spec(self, name: str) -> Dict[str, Any]:
        """The style ``name`` with its ``parent:`` chain resolved (child wins)."""
        styles = self.raw("styles", {}) or {}
        if not isinstance(styles, Mapping):
            raise self.invalid("styles", "…", "a mapping of styles")
        chain: List[Mapping[str, Any]] = []
        current: Optional[str] = name
        seen = set()
        while current:
            if current in seen:
                raise LayoutError([error(self.origin, None, f"memo.yaml: styles.{name}: parents form a cycle")])
            seen.add(current)
            spec = styles.get(current)
            if spec is None:
                raise LayoutError([error(self.origin, None, f"memo.yaml: styles.{current} is missing")])
            if not isinstance(spec, Mapping):
                raise self.invalid(f"styles.{current}", "…", "a mapping")
            chain.append(spec)
            parent = spec.get("parent")
            current = str(parent) if parent else None
        merged: Dict[str, Any] = {}
        for spec in reversed(chain):
            merged.update({k: v for k, v in spec.items() if k != "parent"})
        return merged

    def style_names(self) -> List[str]:
        """Every style defined in ``memo.yaml``."""
        styles = self.raw("styles", {}) or {}
        return [str(k) for k in styles] if isinstance(styles, Mapping) else []


_DATA_CACHE: Dict[tuple, Mapping[str, Any]] = {}


def load_memo_config(layout: Any, theme: Any) -> MemoConfig:
    """``memo.yaml`` merged along the layout chain (cached by file identity)."""
    files = [folder / "memo.yaml" for folder in layout.chain]
    key = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) if f.is_file() else (str(f), 0, 0) for f in files)
    data = _DATA_CACHE.get(key)
    if data is None:
        data = layout.load_data("memo.yaml")
        _DATA_CACHE[key] = data
    origin = layout.find("memo.yaml") or layout.chain[0] / "memo.yaml"
    return MemoConfig(data, theme, str(origin), [f for f in files if f.is_file()])


@dataclass(frozen=True)
class PageGeometry:
    """Where things go on the page, in points (trim coordinates)."""

    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float
    columns: int
    gap: float
    header_offset: float
    footer_offset: float

    @property
    def frame_width(self) -> float:
        """Width of the full text block."""
        return self.width - self.left - self.right

    @property
    def frame_height(self) -> float:
        """Height of the text block."""
        return self.height - self.top - self.bottom

    @property
    def column_width(self) -> float:
        """Width of one body column on later pages."""
        return (self.frame_width - (self.columns - 1) * self.gap) / self.columns


def page_geometry(cfg: MemoConfig, paper: str) -> PageGeometry:
    """The page geometry for ``paper`` (``letter`` or ``a4``)."""
    from reportlab.lib.pagesizes import A4, LETTER

    width, height = (A4 if paper == "a4" else LETTER)
    page = cfg.settings.page
    geo = PageGeometry(
        width=width,
        height=height,
        top=page.margin_top,
        bottom=page.margin_bottom,
        left=page.margin_left,
        right=page.margin_right,
        columns=page.columns,
        gap=page.column_gap,
        header_offset=page.header_offset,
        footer_offset=page.footer_offset,
    )
    if geo.frame_width < 144 or geo.frame_height < 144:
        path, line, col = cfg.locate("page")
        raise LayoutError([error(path, line, "memo.yaml: page margins leave less than 2in for the text", col)])
    return geo
