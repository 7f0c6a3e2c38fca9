"""The outputs briefgen makes, as plain data (no heavy import: the no-op build reads it).

``layout_patterns`` are globs (relative to each layout folder) of the layout
files a renderer reads; they are that output's inputs in the manifest, so
editing ``deck/template.pptx`` rebuilds the deck and nothing else.
"""

from __future__ import annotations



class OutputSpec:
    """One output: its name, file name, renderer module and layout inputs."""

    __slots__ = ("name", "filename", "module", "layout_patterns", "uses_fonts")

    def __init__(self, name: str, filename: str, module: str, layout_patterns: tuple[str, ...], uses_fonts: bool = True) -> None:
        self.name = name
        self.filename = filename
        self.module = module
        self.layout_patterns = layout_patterns
        self.uses_fonts = uses_fonts

    def __repr__(self) -> str:
        return f"OutputSpec({self.name!r}, {self.filename!r})"


_LOGO = ("*.png", "*.jpg")
OUTPUTS: dict[str, OutputSpec] = {
    spec.name: spec
    for spec in (
        OutputSpec("memo", "memo.pdf", "briefgen.render.memo", ("theme.yaml", "memo.yaml", "fonts/*") + _LOGO),
        OutputSpec("handout", "handout.html", "briefgen.render.handout", ("theme.yaml", "handout/**/*", "fonts/*") + _LOGO),
        OutputSpec("handout-pdf", "handout.pdf", "briefgen.render.handout_pdf", ("theme.yaml", "handout/**/*", "fonts/*") + _LOGO),
        OutputSpec("deck", "deck.pptx", "briefgen.render.deck", ("theme.yaml", "deck/**/*") + _LOGO, uses_fonts=False),
    )
}
"""Every output briefgen makes, in the order the command line lists them."""


def options_key(paper: str | None, print_profile: str) -> str:
    """The text form of the render options that change an output's bytes."""
    return f"paper={paper or ''};profile={print_profile}"
