"""Measuring and wrapping slide text with real font metrics.

Nothing on a slide may overflow, and PowerPoint's autofit is not something a
file can rely on (LibreOffice and PowerPoint apply it differently, and only
when the file is opened). So the deck measures every line itself, with the
advance widths of the font that will draw it, wraps it the way a text frame
does (at spaces, a word longer than the line broken between characters), and
splits or shrinks before anything is written.

The default deck names Calibri and measures with Carlito, its metric-compatible
twin, from small JSON files in ``layouts/default/deck/metrics/`` (see
:mod:`briefgen.render.deck.make_metrics`), so a build never depends on the
machine's fonts. A layout with another face supplies its own TrueType file or
metrics JSON (``layouts.yaml`` ``metrics:``), read with :func:`load_metrics`.
"""

from __future__ import annotations

import json
import logging
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

log = logging.getLogger(__name__)

#: Share of the frame width the wrapper may fill: a margin for renderers that
#: round advances or kern differently.
WIDTH_SAFETY = 0.97

Span = Tuple[str, bool, bool]
"""A run of text to measure: ``(text, bold, italic)``."""


@dataclass(frozen=True)
class FontMetrics:
    """The advance widths and line metrics of one font style (font units)."""

    name: str
    units_per_em: int
    ascent: int
    descent: int
    line_gap: int
    default_width: int
    widths: Mapping[int, int]

    def advance(self, char: str) -> float:
        """The advance of ``char`` in em (a fallback estimate if unmapped)."""
        width = self.widths.get(ord(char))
        if width is not None:
            return width / self.units_per_em
        return _fallback_advance(char)

    @property
    def line_factor(self) -> float:
        """Line height at 100% spacing, as a multiple of the font size."""
        return (self.ascent + self.descent + self.line_gap) / self.units_per_em


@lru_cache(maxsize=4096)
def _fallback_advance(char: str) -> float:
    """A conservative width for characters the font lacks (drawn by a fallback)."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    return 0.62


def load_metrics(path: Path) -> FontMetrics:
    """Read a metrics JSON file (from make_metrics) or a TrueType/OpenType font."""
    return _load_metrics_cached(str(path))


@lru_cache(maxsize=16)
def _load_metrics_cached(path: str) -> FontMetrics:
    if path.lower().endswith(".json"):
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        widths: Dict[int, int] = {}
        for first, run in data["widths"]:
            for offset, width in enumerate(run):
                widths[int(first) + offset] = int(width)
        return FontMetrics(
            name=str(data.get("name", Path(path).stem)),
            units_per_em=int(data["units_per_em"]),
            ascent=int(data["ascent"]),
            descent=int(data["descent"]),
            line_gap=int(data.get("line_gap", 0)),
            default_width=int(data.get("default_width", 0)),
            widths=widths,
        )
    from fontTools.ttLib import TTFont  # only for layouts that bring a font file

    font = TTFont(path, lazy=True)
    cmap = font.getBestCmap() or {}
    hmtx = font["hmtx"]
    os2 = font["OS/2"]
    return FontMetrics(
        name=Path(path).stem,
        units_per_em=int(font["head"].unitsPerEm),
        ascent=int(os2.usWinAscent),
        descent=int(os2.usWinDescent),
        line_gap=0,
        default_width=int(font["head"].unitsPerEm // 2),
        widths={cp: int(hmtx[g][0]) for cp, g in cmap.items()},
    )


@dataclass(frozen=True)
class FontSet:
    """The four styles of one face."""

    regular: FontMetrics
    bold: FontMetrics
    italic: FontMetrics
    bold_italic: FontMetrics

    def pick(self, bold: bool, italic: bool) -> FontMetrics:
        """The style for a run."""
        if bold and italic:
            return self.bold_italic
        if bold:
            return self.bold
        if italic:
            return self.italic
        return self.regular


class Measurer:
    """Measures and wraps text for the faces of one deck.

    ``faces`` maps a role (``heading``, ``body``) to its :class:`FontSet`.
    All sizes and widths are in points.
    """

    def __init__(self, faces: Mapping[str, FontSet]) -> None:
        if "body" not in faces:
            raise ValueError("a Measurer needs at least a 'body' face")
        self.faces = dict(faces)

    def face(self, role: str) -> FontSet:
        """The face for ``role`` (the body face when the role is unknown)."""
        return self.faces.get(role) or self.faces["body"]

    def line_height(self, size: float, role: str = "body", spacing: float = 1.0) -> float:
        """The height of one line of ``size`` points at ``spacing`` (1.0 = single)."""
        return size * self.face(role).regular.line_factor * spacing

    def width(self, text: str, size: float, role: str = "body", bold: bool = False, italic: bool = False) -> float:
        """The advance width of ``text`` set in one style."""
        metrics = self.face(role).pick(bold, italic)
        return sum(metrics.advance(c) for c in text) * size

    def wrap(self, spans: Sequence[Span] | str, width: float, size: float, role: str = "body") -> List[str]:
        """Wrap styled ``spans`` into lines no wider than ``width`` points.

        Lines break at spaces; a word longer than a line breaks between
        characters; ``\\n`` is a hard break. Returns the lines' text.
        """
        if isinstance(spans, str):
            spans = [(spans, False, False)]
        face = self.face(role)
        text_parts: List[str] = []
        advances: List[float] = []
        for text, bold, italic in spans:
            metrics = face.pick(bold, italic)
            text_parts.append(text)
            advances.extend(metrics.advance(c) * size for c in text)
        text = "".join(text_parts)
        limit = max(width * WIDTH_SAFETY, size)
        lines: List[str] = []
        start = 0
        for hard in text.split("\n"):
            lines.extend(_wrap_line(hard, advances[start : start + len(hard)], limit))
            start += len(hard) + 1
        return lines

    def count_lines(self, spans: Sequence[Span] | str, width: float, size: float, role: str = "body") -> int:
        """How many lines :meth:`wrap` makes."""
        return len(self.wrap(spans, width, size, role))

    def fits_width(self, text: str, width: float, size: float, role: str = "body", bold: bool = False) -> bool:
        """True when ``text`` fits on one line of ``width`` points."""
        return self.width(text, size, role, bold) <= width * WIDTH_SAFETY


def _wrap_line(text: str, advances: Sequence[float], limit: float) -> List[str]:
    """Greedy wrapping of one hard line; trailing spaces hang past the edge."""
    if not text:
        return [""]
    lines: List[str] = []
    n = len(text)
    i = 0
    while i < n:
        start = i
        used = 0.0
        last_space: Optional[int] = None
        j = i
        while j < n:
            char = text[j]
            if char == " ":
                last_space = j
            elif used + advances[j] > limit:
                break
            used += advances[j]
            j += 1
        if j >= n:
            lines.append(text[start:])
            break
        if last_space is not None and last_space > start:
            lines.append(text[start:last_space].rstrip(" "))
            i = last_space + 1
        else:
            j = max(j, start + 1)
            lines.append(text[start:j])
            i = j
        while i < n and text[i] == " ":
            i += 1
    return lines or [""]


def default_font_set(metrics_dir: Path, stem: str = "carlito") -> FontSet:
    """The four styles ``<stem>-regular.json`` ... ``<stem>-bold-italic.json``."""
    return FontSet(
        regular=load_metrics(metrics_dir / f"{stem}-regular.json"),
        bold=load_metrics(metrics_dir / f"{stem}-bold.json"),
        italic=load_metrics(metrics_dir / f"{stem}-italic.json"),
        bold_italic=load_metrics(metrics_dir / f"{stem}-bold-italic.json"),
    )
