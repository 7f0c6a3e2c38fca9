"""The renderers and what they share.

Each output is made by one module with a ``render(ctx) -> bytes`` function; which
module makes which output, under which file name, is the output registry
(:data:`briefgen.build.registry.OUTPUTS`, one entry per output).

A renderer receives a :class:`RenderContext` (the document model, the resolved
layout, the options) and returns the finished file's bytes; the build engine
writes them atomically. Renderers never read Markdown or YAML, and they import
their heavy libraries (ReportLab, python-pptx, WeasyPrint) themselves, so only
the outputs being built pay for them.

This module stays light: the build engine imports it for a no-op build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Collection, Iterable, List, Mapping, Optional, Tuple

from ..build.registry import options_key
from ..errors import Diagnostic
from ..model import Document


@dataclass(frozen=True)
class RenderOptions:
    """Options that change an output's bytes (they are part of the manifest key).

    ``paper`` overrides the layout's paper size; ``print_profile`` is
    ``office`` (no bleed) or ``press`` (0.125 in bleed and crop marks, memo only);
    ``draft`` (``--draft``) stamps every output as a draft whatever the source's ``status``.
    """

    paper: Optional[str] = None
    print_profile: str = "office"
    draft: bool = False

    def key(self) -> str:
        """A stable text form for the manifest."""
        return options_key(self.paper, self.print_profile, self.draft)


@dataclass
class RenderContext:
    """Everything a renderer may use: the model, the layout, the options.

    Renderers report problems that do not stop the output (a character no
    font covers, an image without alt text) with :meth:`warn`.
    """

    doc: Document
    layout: "object"  # briefgen.layout.Layout (kept untyped here to stay import-light)
    options: RenderOptions = field(default_factory=RenderOptions)
    version: str = ""
    warnings: List[Diagnostic] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Cross-references (@fig-id, @box-id...) become "#id" links reading "Figure 2", "Box 1"
        # in the layout's labels, once for every renderer (a document without any is kept as is).
        # A chart's generated alt text is written again in the labels' words and the brief's language.
        from ..model.chartalt import localize_alts
        from ..model.xrefs import resolve

        theme = getattr(self.layout, "theme", None)
        labels = getattr(theme, "labels", None) or {}
        self.doc = localize_alts(resolve(self.doc, labels), labels)

    def warn(self, line: Optional[int], message: str, col: Optional[int] = None, path: Optional[str] = None) -> None:
        """Record a warning about the source at ``line`` (and ``col``).

        A warning on the line of a front matter field gets the column of the
        field's value when the renderer does not know it. ``path`` names another
        file the warning is about (a layout's template), instead of the source.
        """
        if col is None and line is not None and path is None:
            col = _field_col(self.doc.meta.positions, line)
        diag = Diagnostic(path or self.doc.source, line, message, "warning", col)
        if diag not in self.warnings:
            self.warnings.append(diag)

    def warn_chars(self, chars: Collection[str], message: Callable[[str], str]) -> None:
        """Warn about ``chars`` once per field or block that holds them, at its line.

        ``message(shown)`` makes the text from the characters of one place
        (``shown`` lists them as ``ᄀ (U+1100)``). Characters the source does not
        hold (a layout's labels) get one warning naming the layout's theme file.
        """
        from ..locate import locate_chars

        places, elsewhere = locate_chars(self.doc, chars)
        for place, here in places:
            self.warn(place.line, message(describe_chars(here)) + (f" (in {place.label})" if place.label.startswith("'") else ""), place.col)
        if elsewhere:
            chain = getattr(self.layout, "chain", None)
            origin = str(chain[0] / "theme.yaml") if chain else None
            self.warn(None, message(describe_chars(elsewhere)) + " (in the layout's text, not the source)", path=origin)


def _field_col(positions: Mapping[str, Tuple[int, int]], line: int) -> Optional[int]:
    """The column of the first value on ``line`` (an item, not the list holding it)."""
    keys = [k for k, (at, _c) in positions.items() if at == line]
    leaves = [k for k in keys if not any(other.startswith(k + ".") for other in keys)]
    return min((positions[k][1] for k in leaves), default=None)


def describe_chars(chars: Iterable[str], limit: int = 20) -> str:
    """``ᄀ (U+1100) 가 (U+AC00)``: characters for a message, at most ``limit`` of them."""
    chars = list(chars)
    shown = " ".join(f"{c} (U+{ord(c):04X})" for c in chars[:limit])
    return shown + (f" and {len(chars) - limit} more" if len(chars) > limit else "")
