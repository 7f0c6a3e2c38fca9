"""The theme schema: ``theme.yaml`` merged along a layout's chain, checked and typed once.

:func:`build_theme` turns the merged data into a frozen :class:`Theme` (colors,
font faces, sizes, labels, paper, logo, fallback faces, deck fonts), reporting
every problem at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from ..errors import Diagnostic, LayoutError, error
from ..fontspec import FontFace, font_face
from ..language import DEFAULT_LANG, canonical, check_tag
from .locate import locate_key

FONT_ROLES = ("body", "heading", "mono")
COLOR_KEYS = ("primary", "accent", "text", "muted", "background", "shade", "rule", "link", "on_primary")
PAPERS = ("letter", "a4")
COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class ChartSettings:
    """The theme's ``charts`` section: ``series`` colors (valid ``#RRGGBB`` only, upper case; others are
    passed over) and the face ``font`` role chart labels are set in (``heading`` or ``body``)."""

    series: Tuple[str, ...] = ()
    font: str = "heading"


def read_charts(data: Mapping[str, object]) -> ChartSettings:
    """The ``charts`` section of merged theme data (anything but a mapping is no settings)."""
    charts = data.get("charts")
    if not isinstance(charts, dict):
        return ChartSettings()
    values = charts.get("series")
    series = tuple(str(v).upper() for v in values or () if COLOR.match(str(v)))  # type: ignore[union-attr]
    role = str(charts.get("font", "heading"))
    return ChartSettings(series, role if role in ("heading", "body") else "heading")


@dataclass(frozen=True)
class CitationSettings:
    """The house citation style (``citations: {style: ...}`` in ``theme.yaml``): a style name
    (``chicago-notes``, ``chicago-author-date``, ``apa``) or a ``.csl`` file in ``folder`` (the
    layout folder that sets it); ``files`` are the chain's ``theme.yaml`` files, to locate errors."""

    style: str = "chicago-notes"
    folder: Optional[Path] = None
    files: Tuple[Path, ...] = ()


def read_citations(data: Mapping[str, object], folder: Path, files: Sequence[Path]) -> CitationSettings:
    """The theme's ``citations`` section (a source's ``csl:`` overrides it; checked where it is used)."""
    section = data.get("citations")
    style = section.get("style") if isinstance(section, Mapping) else None
    return CitationSettings(str(style).strip() if style else "chicago-notes", folder, tuple(files))


@dataclass(frozen=True)
class Theme:
    """The resolved ``theme.yaml``: what every renderer reads."""

    name: str
    paper: str
    colors: Mapping[str, str]
    fonts: Mapping[str, FontFace]
    sizes: Mapping[str, float]
    labels: Mapping[str, str]
    logo: Optional[Path]
    deck_fonts: Mapping[str, str]
    data: Mapping[str, object]
    fallback_fonts: Tuple[FontFace, ...] = ()
    charts: ChartSettings = ChartSettings()
    citations: CitationSettings = CitationSettings()
    lang: str = DEFAULT_LANG
    """The language the labels are in: the brief's ``lang:``, else the layout's ``lang:`` (else English)."""


def build_theme(
    name: str, data: Mapping[str, object], path: Path, origin_of: Mapping[str, Path], paper: Optional[str],
    files: Sequence[Path] = (),
) -> Theme:
    """The merged ``theme.yaml`` ``data`` checked and typed; every problem at once, as a :class:`LayoutError`.

    A bad value is located at its line and column in the nearest of ``files`` (the chain's
    ``theme.yaml`` files, child first) that sets it; a missing one names the child's file.
    """
    problems = []
    where = str(path)

    def at(keys: Sequence[str], message: str, fallback: str = where, at_key: bool = False) -> Diagnostic:
        found, line, col = locate_key(files, keys, at_key) or (fallback, None, None)
        return error(found, line, message, col)

    def section(key: str) -> Mapping[str, object]:
        value = data.get(key) or {}
        if not isinstance(value, Mapping):
            problems.append(at([key], f"'{key}' must be a mapping"))
            return {}
        return value

    colors: Dict[str, str] = {}
    for key, value in section("colors").items():
        if not isinstance(value, str) or not COLOR.match(value):
            problems.append(at(["colors", str(key)], f"colors.{key}: '{value}' is not a color (use #RRGGBB)"))
        else:
            colors[key] = value.upper()
    for key in COLOR_KEYS:
        if key not in colors and not any(p.message.startswith(f"colors.{key}:") for p in problems):
            problems.append(error(where, None, f"colors.{key} is missing"))

    fonts: Dict[str, FontFace] = {}
    for role, spec in section("fonts").items():
        face = font_face(role, spec, origin_of.get(f"fonts.{role}", path.parent), where, problems)
        if face is not None:
            fonts[role] = face
    for role in FONT_ROLES:
        if role not in fonts and not any(f"fonts.{role}" in p.message for p in problems):
            problems.append(error(where, None, f"fonts.{role} is missing"))

    sizes: Dict[str, float] = {}
    for key, value in section("sizes").items():
        try:
            number = float(str(value))
            if not 0 < number < 200:
                raise ValueError
            sizes[key] = number
        except ValueError:
            problems.append(at(["sizes", str(key)], f"sizes.{key}: '{value}' is not a size in points"))

    labels = {str(k): str(v) for k, v in section("labels").items()}
    citations = section("citations")
    if not isinstance(citations.get("style", ""), str):
        problems.append(at(["citations", "style"], "citations.style must be a style name or a .csl file"))
    lang = str(data.get("lang") or DEFAULT_LANG)
    problem = check_tag(lang)
    if problem:
        problems.append(at(["lang"], f"lang: {problem}"))
    chosen_paper = (paper or str(data.get("paper") or "letter")).lower()
    if chosen_paper not in PAPERS:
        problems.append(at(["paper"], f"paper: '{chosen_paper}' is not one of {', '.join(PAPERS)}"))

    logo: Optional[Path] = None
    logo_value = data.get("logo")
    if logo_value not in (None, "", "null"):
        base = origin_of.get("logo", path.parent)
        candidate = (base / str(logo_value)).resolve()
        if not candidate.is_file() or base.resolve() not in candidate.parents:
            problems.append(at(["logo"], f"logo: no file '{logo_value}' in the layout folder", str(base / "theme.yaml")))
        else:
            logo = candidate

    fallback: List[FontFace] = []
    for key, spec in section("fallback_fonts").items():
        if spec in (None, "", "null", "~"):
            continue  # a child layout dropped its parent's entry
        face = font_face(f"{key}", spec, origin_of.get(f"fallback_fonts.{key}", path.parent), where, problems,
                          prefix="fallback_fonts", optional_styles=True)
        if face is not None:
            fallback.append(face)

    deck = section("deck")
    deck_fonts_raw = deck.get("fonts") if isinstance(deck, Mapping) else None
    deck_fonts = {str(k): str(v) for k, v in (deck_fonts_raw or {}).items()} if isinstance(deck_fonts_raw, Mapping) else {}
    if problems:
        raise LayoutError(problems)
    return Theme(
        name=name,
        paper=chosen_paper,
        colors=colors,
        fonts=fonts,
        sizes=sizes,
        labels=labels,
        logo=logo,
        deck_fonts=deck_fonts,
        data=dict(data),
        fallback_fonts=tuple(fallback),
        charts=read_charts(data),
        citations=read_citations(data, origin_of.get("citations", path.parent), files),
        lang=canonical(lang) if not problem else DEFAULT_LANG,
    )
