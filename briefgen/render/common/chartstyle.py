"""The charts' look from the layout, and the palette check every renderer runs.

``theme.yaml``'s ``charts`` section holds the series colors (``series``, in
order) and the face role the labels are set in (``font``: ``heading`` or
``body``). :func:`palette_problems` simulates the three common color-vision
deficiencies (protan, deutan, tritan at full severity, Machado et al. 2009, via
``colorspacious``) and reports every pair of series colors that comes closer
than :data:`MIN_DELTA_E` in CAM02-UCS, and every color with less than 3:1
contrast against the background (WCAG 1.4.11, graphical objects).
:func:`chart_palette` runs the check for a renderer and warns at the theme
file's ``series:`` line.
"""

from __future__ import annotations

import itertools
import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

log = logging.getLogger(__name__)

MIN_DELTA_E = 10.0
"""Smallest CAM02-UCS distance between two series colors, under each simulated deficiency."""
MIN_CONTRAST = 3.0
"""Smallest contrast of a series color against the background (WCAG 1.4.11)."""
DEFICIENCIES = (("protanomaly", "protanopia"), ("deuteranomaly", "deuteranopia"), ("tritanomaly", "tritanopia"))


def series_colors(theme) -> Tuple[str, ...]:
    """The theme's ``charts.series`` colors (valid ``#RRGGBB`` only), else primary and accent."""
    colors = theme.charts.series  # typed and checked once (briefgen.layout.theme.ChartSettings)
    return colors or (theme.colors["primary"], theme.colors["accent"])


def font_role(theme) -> str:
    """The face role chart labels are set in (``charts.font``: ``heading`` or ``body``)."""
    return theme.charts.font


def _rgb(color: str) -> Tuple[float, float, float]:
    return tuple(int(color[i : i + 2], 16) / 255.0 for i in (1, 3, 5))  # type: ignore[return-value]


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two ``#RRGGBB`` colors."""

    def lum(color: str) -> float:
        parts = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in _rgb(color)]
        return 0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@lru_cache(maxsize=256)
def _simulate(color: str, deficiency: str) -> Tuple[float, float, float]:
    from colorspacious import cspace_convert
    import numpy as np

    space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
    return tuple(float(v) for v in np.clip(cspace_convert(_rgb(color), space, "sRGB1"), 0, 1))  # type: ignore[return-value]


def distance(a: str, b: str, deficiency: Optional[str] = None) -> float:
    """CAM02-UCS color difference of ``a`` and ``b``, as seen with ``deficiency`` (None: typical vision)."""
    from colorspacious import deltaE

    ca = _simulate(a, deficiency) if deficiency else _rgb(a)
    cb = _simulate(b, deficiency) if deficiency else _rgb(b)
    return float(deltaE(ca, cb, input_space="sRGB1"))


PALETTE_RECIPE = "palette-1"
"""Bump when :func:`palette_problems`' wording or thresholds change: it names the cached results."""


def palette_problems(colors: Sequence[str], background: str) -> List[str]:
    """Messages for series colors too close to tell apart, or too faint on ``background``.

    The check needs ``colorspacious`` and NumPy (about 0.17 s to import, paid by
    every worker of a cold build), and depends only on the colors: its result is
    kept in briefgen's cache (:mod:`briefgen.build.cache`), keyed by the colors,
    the background and this check's recipe, so a build whose palette was checked
    before imports neither.
    """
    import hashlib
    import json

    from ...build import cache

    key = json.dumps([PALETTE_RECIPE, MIN_DELTA_E, MIN_CONTRAST, list(colors), background])
    name = hashlib.sha256(key.encode("utf-8")).hexdigest() + ".json"
    data = cache.computed("palettes", name, lambda: json.dumps(_palette_problems(colors, background)).encode("utf-8"))
    try:
        found = json.loads(data.decode("utf-8"))
        if isinstance(found, list) and all(isinstance(item, str) for item in found):
            return found
    except ValueError:
        pass
    return _palette_problems(colors, background)  # a damaged cache file: check again


def _palette_problems(colors: Sequence[str], background: str) -> List[str]:
    problems = []
    for color in colors:
        ratio = contrast(color, background)
        if ratio < MIN_CONTRAST:
            problems.append(f"charts.series: {color} has {ratio:.1f}:1 contrast against the background {background}; "
                            f"bars and lines need {MIN_CONTRAST:g}:1")
    for a, b in itertools.combinations(colors, 2):
        for deficiency, name in ((None, "typical color vision"),) + tuple((d, n) for d, n in DEFICIENCIES):
            delta = distance(a, b, deficiency)
            if delta < MIN_DELTA_E:
                problems.append(f"charts.series: {a} and {b} are hard to tell apart with {name} "
                                f"(difference {delta:.1f}; at least {MIN_DELTA_E:g} wanted): change one of them")
                break
    return problems


def theme_line(layout, key: str = "series") -> Tuple[Optional[str], Optional[int]]:
    """The theme file (along the layout's chain) that sets ``charts:`` and the line of its ``key:``."""
    for folder in getattr(layout, "chain", ()):
        path = Path(folder) / "theme.yaml"
        try:
            lines = path.read_text(encoding="utf-8").split("\n")
        except OSError:
            continue
        inside = False
        for number, text in enumerate(lines, start=1):
            if re.match(r"^charts\s*:", text):
                inside = True
            elif inside and re.match(r"^\S", text) and not text.startswith("#"):
                inside = False
            elif inside and re.match(rf"^\s+{key}\s*:", text):
                return str(path), number
    return None, None


def chart_palette(ctx) -> Tuple[str, ...]:
    """The series colors for ``ctx``'s layout; warns once per problem at the theme file's ``series:`` line."""
    theme = ctx.layout.theme
    colors = series_colors(theme)
    path, line = theme_line(ctx.layout)
    for message in palette_problems(colors, theme.colors.get("background", "#FFFFFF")):
        ctx.warn(line, message, path=path or str(Path(ctx.layout.chain[0]) / "theme.yaml"))
    return colors
