"""The theme as CSS: custom properties and the values the stylesheet template needs.

The palette, the faces and the sizes live only in ``theme.yaml``; this module
writes them as CSS custom properties (``--color-primary``, ``--font-body``,
``--size-h2``...) that ``handout.css.j2`` uses. Sizes are points in the theme:
print uses them as ``pt``; the screen scales them to pixels so body text reads
at about 17 px.
"""

from __future__ import annotations

import re
from typing import Dict, Mapping

from markupsafe import Markup

from ... import model as m
from .assets import css_string
from .charts import font_measure

#: Screen pixels per theme point (10.5 pt body text -> 16.8 px).
SCREEN_SCALE = 1.6

#: How much headings and the title shrink on narrow screens.
NARROW_SCALE = 0.75

_GENERIC = {"body": "serif", "heading": "sans-serif", "mono": "monospace"}
_UNITLESS = {"leading"}
_KEY = re.compile(r"[^a-z0-9-]+")
_PLACEHOLDER = re.compile(r"\{(page|pages)\}")

#: Characters a ragged-right line ends short of its column on average: it breaks between words, and
#: a word that does not fit goes down whole (measured on the handout PDFs: a column sized for
#: ``measure + RAGGED_SLACK`` characters sets a median line of about ``measure``).
RAGGED_SLACK = 5.0

#: At most this many characters of the brief's paragraphs size its mean character.
SAMPLE_CHARS = 20000

SAMPLE = "The committee asked whether the agency had spent its funds as the law directs, and found that it had."
"""The text whose mean character sizes the column of a brief without paragraphs."""


def _prop(name: str) -> str:
    return _KEY.sub("-", name.lower()).strip("-") or "x"


def _number(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def custom_properties(theme: object) -> Markup:
    """``:root`` custom properties for the screen and their ``@media print`` values."""
    colors: Mapping[str, str] = theme.colors  # type: ignore[attr-defined]
    fonts = theme.fonts  # type: ignore[attr-defined]
    sizes: Mapping[str, float] = theme.sizes  # type: ignore[attr-defined]
    screen: Dict[str, str] = {}
    printed: Dict[str, str] = {}
    for key in sorted(colors):
        screen[f"--color-{_prop(key)}"] = colors[key]
    fallbacks = "".join(f"{css_string(face.family)}, " for face in getattr(theme, "fallback_fonts", ()))
    for role in sorted(fonts):
        generic = _GENERIC.get(role, "serif")
        screen[f"--font-{_prop(role)}"] = f"{css_string(fonts[role].family)}, {fallbacks}{generic}"
    for key in sorted(sizes):
        value = float(sizes[key])
        name = f"--size-{_prop(key)}"
        if key in _UNITLESS:
            screen[name] = _number(value)
            continue
        screen[name] = f"{_number(value * SCREEN_SCALE)}px"
        # Large sizes shrink on phones (the masthead title would fill the screen).
        narrow = max(float(sizes.get("base", value)), value * NARROW_SCALE) * SCREEN_SCALE
        screen[f"{name}-narrow"] = f"{_number(min(narrow, value * SCREEN_SCALE))}px"
        printed[name] = f"{_number(value)}pt"
    lines = [":root {"] + [f"  {k}: {v};" for k, v in screen.items()] + ["}"]
    lines += ["@media print {", "  :root {"] + [f"    {k}: {v};" for k, v in printed.items()] + ["  }", "}"]
    return Markup("\n".join(lines))


def counter_content(label: str) -> Markup:
    """A label such as ``Page {page} of {pages}`` as a CSS ``content`` value:
    ``"Page " counter(page) " of " counter(pages)``."""
    parts = []
    pos = 0
    for match in _PLACEHOLDER.finditer(label):
        if match.start() > pos:
            parts.append(css_string(label[pos : match.start()]))
        parts.append(f"counter({match.group(1)})")
        pos = match.end()
    if pos < len(label):
        parts.append(css_string(label[pos:]))
    return Markup(" ".join(parts) or '""')


def page_size(paper: str) -> Markup:
    """The CSS ``@page`` size keyword for a paper name (``letter`` or ``a4``)."""
    return Markup("A4" if paper.lower() == "a4" else "letter")


def body_sample(doc: m.Document, limit: int = SAMPLE_CHARS) -> str:
    """The brief's running text (its paragraphs, in order, up to ``limit`` characters), or :data:`SAMPLE`."""
    parts, size = [], 0
    for block in m.iter_blocks(doc):
        if isinstance(block, m.Paragraph):
            text = " ".join(m.plain_text(block.inlines).split())
            parts.append(text)
            size += len(text) + 1
            if size >= limit:
                break
    return " ".join(parts)[:limit] or SAMPLE


def column_width(measure: int, face: object, text: str) -> Markup:
    """The print column's width for ``measure`` characters a line of ``text`` set in ``face``, in ``rem``
    (the print body size), or ``none`` for measure 0 (the whole text width).

    The width is the mean character of ``text`` in the face's own widths (its regular file) times the
    measure plus :data:`RAGGED_SLACK`: a theme's narrower face or another paper keeps the same count.
    """
    if measure <= 0:
        return Markup("none")
    sample = text or SAMPLE
    em = font_measure(face)(sample, 1.0, False) / len(sample)
    return Markup(f"{_number((measure + RAGGED_SLACK) * em)}rem")
