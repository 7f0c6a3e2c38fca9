"""The renderers and what they share.

Each output is made by one module with a ``render(ctx) -> bytes`` function:

=============== =============================== ===================
output          module                          file
=============== =============================== ===================
``memo``        :mod:`briefgen.render.memo`      ``memo.pdf``
``handout``     :mod:`briefgen.render.handout`   ``handout.html``
``handout-pdf`` :mod:`briefgen.render.handout_pdf` ``handout.pdf``
``deck``        :mod:`briefgen.render.deck`      ``deck.pptx``
=============== =============================== ===================

A renderer receives a :class:`RenderContext` (the document model, the resolved
layout, the options) and returns the finished file's bytes; the build engine
writes them atomically. Renderers never read Markdown or YAML, and they import
their heavy libraries (ReportLab, python-pptx, WeasyPrint) themselves, so only
the outputs being built pay for them.

This module stays light: the build engine imports it for a no-op build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

from ..errors import Diagnostic
from ..model import Document


from ..outputs import OUTPUTS, OutputSpec, options_key  # noqa: E402,F401  (re-exported)


@dataclass(frozen=True)
class RenderOptions:
    """Options that change an output's bytes (they are part of the manifest key).

    ``paper`` overrides the layout's paper size; ``print_profile`` is
    ``office`` (no bleed) or ``press`` (0.125 in bleed and crop marks, memo only).
    """

    paper: Optional[str] = None
    print_profile: str = "office"

    def key(self) -> str:
        """A stable text form for the manifest."""
        return options_key(self.paper, self.print_profile)


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

    def warn(self, line: Optional[int], message: str) -> None:
        """Record a warning about the source at ``line``."""
        self.warnings.append(Diagnostic(self.doc.source, line, message, "warning"))
