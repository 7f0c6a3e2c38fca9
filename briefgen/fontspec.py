"""Font faces as layouts declare them: ``fonts.<role>`` and ``fallback_fonts.<key>``.

A face names a family and four files (``regular``, ``bold``, ``italic``,
``bold_italic``), found in a font package (``package:``, a PyPI package's
``files/`` folder or the package folder itself) or in the layout's folder. A
style may come from another package (``bold: {package: P, file: F}``); a
variable file is pinned per style with ``axes``. Problems are collected as
located diagnostics (see :func:`font_face`).
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Mapping, Optional, Tuple

from .errors import error

FACE_STYLES = ("regular", "bold", "italic", "bold_italic")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class FontFace:
    """A font family with its four font files (TrueType or OpenType).

    ``axes`` pins a variable file per style (``(("bold", (("wght", 600.0),)),)``);
    an empty tuple means the files are static. ``key`` is the entry's name in
    ``fallback_fonts`` (empty for the theme's own roles).
    """

    family: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path
    axes: Tuple[Tuple[str, Tuple[Tuple[str, float], ...]], ...] = ()
    key: str = ""

    def style_axes(self, style: str) -> Tuple[Tuple[str, float], ...]:
        """The axis values that make ``style`` a static face (empty: use the file as it is)."""
        for name, values in self.axes:
            if name == style:
                return values
        return ()

    def files(self) -> Tuple[Path, ...]:
        """The four font files in style order (regular, bold, italic, bold italic)."""
        return (self.regular, self.bold, self.italic, self.bold_italic)


def font_face(role: str, spec: object, folder: Path, where: str, problems: list,
               prefix: str = "fonts", optional_styles: bool = False) -> Optional[FontFace]:
    """One face of ``fonts`` (or, with ``optional_styles``, of ``fallback_fonts``:
    italics default to the upright files, bold to regular)."""
    label = f"{prefix}.{role}"
    if not isinstance(spec, Mapping):
        problems.append(error(where, None, f"{label} must be a mapping with family and files"))
        return None
    family = spec.get("family")
    if not isinstance(family, str) or not family:
        problems.append(error(where, None, f"{label}.family is missing"))
        return None
    base = _package_folder(spec.get("package"), folder, label, where, problems)
    if base is None:
        return None
    defaults = {"bold": "regular", "italic": "regular", "bold_italic": "bold"} if optional_styles else {}
    names: Dict[str, object] = {}
    files: Dict[str, Path] = {}
    for style in FACE_STYLES:
        name = spec.get(style) or names.get(defaults.get(style, "regular")) or spec.get("regular")
        names[style] = name
        style_base = base
        if isinstance(name, Mapping):  # {package: ..., file: ...}: a style from another package
            style_base = _package_folder(name.get("package"), folder, f"{label}.{style}", where, problems)
            if style_base is None:
                return None
            name = name.get("file")
        if not isinstance(name, str):
            problems.append(error(where, None, f"{label}.{style} is missing"))
            return None
        path = style_base / name
        if not path.is_file():
            problems.append(error(where, None, f"{label}.{style}: font file '{name}' not found in {style_base}"))
            return None
        if path.suffix.lower() not in (".ttf", ".otf"):
            problems.append(error(where, None, f"{label}.{style}: '{name}' is not a TrueType font file"))
            return None
        files[style] = path
    axes = _face_axes(label, spec.get("axes"), where, problems, defaults)
    if axes is None:
        return None
    return FontFace(family=family, axes=axes, key=role if optional_styles else "", **files)


def _package_folder(package: object, folder: Path, label: str, where: str, problems: list) -> Optional[Path]:
    """Where a face's files are: the font package's ``files/`` (or the package
    folder itself), or the layout ``folder`` when no package is named."""
    if not package:
        return folder
    found = importlib.util.find_spec(str(package)) if _NAME.match(str(package)) else None
    if found is None or not found.submodule_search_locations:
        problems.append(
            error(where, None, f"{label}.package: the font package '{package}' is not installed (pip install {str(package).replace('_', '-')})")
        )
        return None
    root = Path(list(found.submodule_search_locations)[0])
    return root / "files" if (root / "files").is_dir() else root


def _face_axes(label: str, value: object, where: str, problems: list,
               defaults: Mapping[str, str]) -> Optional[Tuple[Tuple[str, Tuple[Tuple[str, float], ...]], ...]]:
    """``axes: {regular: {wght: 400}, bold: {wght: 600}}`` as sorted tuples; a style
    left out takes the axes of the style its file defaults to."""
    if value in (None, {}):
        return ()
    if not isinstance(value, Mapping):
        problems.append(error(where, None, f"{label}.axes must map styles to axis values, e.g. {{bold: {{wght: 600}}}}"))
        return None
    by_style: Dict[str, Tuple[Tuple[str, float], ...]] = {}
    for style, axes in value.items():
        if style not in FACE_STYLES or not isinstance(axes, Mapping):
            problems.append(error(where, None, f"{label}.axes.{style}: expected one of {', '.join(FACE_STYLES)} with axis values"))
            return None
        pinned = []
        for tag, number in axes.items():
            try:
                pinned.append((str(tag), float(str(number))))
            except ValueError:
                problems.append(error(where, None, f"{label}.axes.{style}.{tag}: '{number}' is not a number"))
                return None
        by_style[str(style)] = tuple(sorted(pinned))
    for style in FACE_STYLES:
        source = style
        while source not in by_style and source in defaults:
            source = defaults[source]
        if source in by_style:
            by_style[style] = by_style[source]
    return tuple(sorted(by_style.items()))
