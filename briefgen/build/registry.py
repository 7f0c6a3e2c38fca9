"""The output registry: every output briefgen makes, one entry each, as plain data.

This is the one place an output's facts live; the build engine, the workers'
preloading, the fast no-op path, ``clean`` and the command line all read it,
and nothing imports a renderer to learn them (the no-op build reads this table).

Adding an output: a package under ``briefgen/render/`` whose ``__init__``
has ``render(ctx) -> bytes`` (heavy imports inside it), and one line below.

``layout_patterns`` are globs (relative to each layout folder) of the layout
files a renderer reads; they are that output's inputs in the manifest, so
editing ``deck/template.pptx`` rebuilds the deck and nothing else.
"""

from __future__ import annotations


class OutputSpec:
    """One output and everything the engine needs to know about it.

    ``name`` (``--only``), ``filename`` (in the output folder), ``module`` (the renderer,
    with ``render(ctx) -> bytes``), ``layout_patterns`` (its layout inputs), ``uses_fonts``
    (the layout's font files are inputs too), ``warm`` (heavy imports a worker makes ahead,
    beyond ``module``; see :mod:`briefgen.build.preload`) and ``priority`` (render order within
    a source, lowest first) and ``cost`` (a first render's CPU seconds for the essay, imports
    included, from ``bench/where.py``: the workers' preloading plans with it).
    """

    __slots__ = ("name", "filename", "module", "layout_patterns", "uses_fonts", "warm", "priority", "cost")

    def __init__(self, name: str, filename: str, module: str, layout_patterns: tuple[str, ...], *,
                 warm: tuple[str, ...] = (), priority: int = 99, uses_fonts: bool = True, cost: float = 0.3) -> None:
        self.name = name
        self.filename = filename
        self.module = module
        self.layout_patterns = layout_patterns
        self.uses_fonts = uses_fonts
        self.warm = warm
        self.priority = priority
        self.cost = cost

    def __repr__(self) -> str:
        return f"OutputSpec({self.name!r}, {self.filename!r})"


LOGO = ("*.png", "*.jpg", "labels/*.yaml")  # the logo, and the labels in other languages (every output prints some)
PDF_WARM = ("reportlab.platypus", "reportlab.pdfbase.ttfonts")
# Priority: slowest first; the handout next, so that on a cold font cache it shares the
# subsetting with its PDF (see handout/assets.font_face_css).
OUTPUTS: dict[str, OutputSpec] = {
    spec.name: spec
    for spec in (
        OutputSpec("memo", "memo.pdf", "briefgen.render.memo", ("theme.yaml", "memo.yaml", "fonts/*") + LOGO, cost=0.35, priority=2,
                   warm=("reportlab.platypus", "reportlab.platypus.tables", "reportlab.pdfbase.ttfonts", "reportlab.pdfgen.canvas")),
        OutputSpec("handout", "handout.html", "briefgen.render.handout", ("theme.yaml", "handout/**/*", "fonts/*") + LOGO, cost=0.1, priority=1,
                   warm=("jinja2",)),
        OutputSpec("handout-pdf", "handout.pdf", "briefgen.render.handout.pdf", ("theme.yaml", "handout/**/*", "fonts/*") + LOGO,
                   cost=0.8, priority=0, warm=("jinja2", "pikepdf")),
        OutputSpec("deck", "deck.pptx", "briefgen.render.deck", ("theme.yaml", "deck/**/*") + LOGO, cost=0.3, priority=3, uses_fonts=False,
                   warm=("pptx", "lxml.etree", "briefgen.render.deck.template", "briefgen.render.deck.writer")),
        OutputSpec("onepager", "onepager.pdf", "briefgen.render.onepager", ("theme.yaml", "memo.yaml", "fonts/*") + LOGO, cost=0.3, priority=4,
                   warm=PDF_WARM + ("reportlab.pdfgen.canvas",)),
        OutputSpec("deck-notes", "deck-notes.pdf", "briefgen.render.notes", ("theme.yaml", "memo.yaml", "deck/**/*", "fonts/*") + LOGO,
                   cost=0.35, priority=5, warm=PDF_WARM + ("briefgen.render.deck.template",)),
        OutputSpec("docx", "brief.docx", "briefgen.render.docx", ("theme.yaml", "memo.yaml", "docx/*") + LOGO, cost=0.25, priority=6,
                   uses_fonts=False, warm=("docx", "lxml.etree")),
    )
}
"""Every output briefgen makes, in the order the command line lists them."""

DEFAULT_OUTPUTS: tuple[str, ...] = ("memo", "handout", "handout-pdf", "deck", "onepager")
"""What a build without ``--only`` makes. The notes handout and the Word file are asked for by
name (``--only ...,deck-notes,docx`` or ``--only all``). An output made without being named
(by default or through ``all``) that has nothing to show for a brief (the one-pager of a brief
without a sentence of prose) is a located warning and no file, not a failure; named, an error."""


class Only(tuple):
    """``--only``'s outputs in command-line order; :attr:`named` holds those the user wrote out by name
    (not through ``all`` or the default set): for those, nothing to show is an error, not a warning."""

    named: "tuple[str, ...]" = ()

    def __new__(cls, names: "tuple[str, ...]", named: "tuple[str, ...]" = ()) -> "Only":
        self = super().__new__(cls, names)
        self.named = tuple(named)
        return self

    def __reduce__(self) -> tuple:  # pickled into the workers and the preview's options
        return (Only, (tuple(self), self.named))


def parse_only(value: str) -> "Only | None":
    """``--only``'s value as output names in command-line order (``all``: every output), or None when bad."""
    names = {v.strip() for v in value.split(",") if v.strip()}
    named = names - {"all"}
    if "all" in names:
        names = named | set(OUTPUTS)
    if not names or any(n not in OUTPUTS for n in names):
        return None
    return Only(tuple(n for n in OUTPUTS if n in names), tuple(n for n in OUTPUTS if n in named))


def named_outputs(only: "tuple[str, ...]") -> "tuple[str, ...]":
    """The outputs of ``only`` the user named (none for the default set, a plain tuple)."""
    return getattr(only, "named", ())


def options_key(paper: str | None, print_profile: str, draft: bool = False) -> str:
    """The text form of the render options that change an output's bytes (``--draft`` only when given,
    so the key of a build without it is what it always was)."""
    return f"paper={paper or ''};profile={print_profile}" + (";draft" if draft else "")


def in_shard(source: str, shard: "tuple[int, int] | None") -> bool:
    """Whether ``source`` belongs to shard ``(k, n)`` (1-based ``k``) of a split by file name.

    The split is stable (a hash of the file's stem, so it does not depend on the
    folder, the order or the other sources) and covers every source exactly once
    across the ``n`` shards; ``None`` means no split.
    """
    if shard is None:
        return True
    stem = source.replace("\\", "/").rsplit("/", 1)[-1]
    stem = stem[:-3] if stem.endswith(".md") else stem
    k, n = shard
    return _stable_hash(stem) % n == k - 1


def _stable_hash(text: str) -> int:
    """FNV-1a (64 bit) with splitmix64's finalizer: stable across runs and machines, well spread
    for names that differ in one character (CRC-32 modulo 3 is not), and no ``hashlib`` import."""
    mask = (1 << 64) - 1
    value = 0xCBF29CE484222325
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x100000001B3) & mask
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & mask
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & mask
    return value ^ (value >> 31)


def parse_shard(value: str) -> "tuple[int, int] | None":
    """``"K/N"`` as ``(K, N)`` with ``1 <= K <= N``, or ``None`` when it is not that."""
    k, slash, n = value.partition("/")
    if not slash or not k.isdigit() or not n.isdigit():
        return None
    shard = (int(k), int(n))
    return shard if 1 <= shard[0] <= shard[1] else None
