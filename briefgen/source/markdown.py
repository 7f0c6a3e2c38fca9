"""Markdown to model blocks and inlines, through markdown-it-py's token stream.

markdown-it-py (CommonMark, with tables, footnotes and ``:::`` containers from
mdit-py-plugins) tokenizes; this module walks the tokens, which carry source
line maps, and builds :mod:`briefgen.model` nodes. Raw HTML is never passed
through (``html`` is off, so it arrives as text), and a link becomes a
:class:`~briefgen.model.Link` only for http, https, mailto and ``#`` anchors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from ..errors import Diagnostic, error, warning
from .captions import attach_captions
from ..model import (
    Block,
    BlockQuote,
    Box,
    DataFile,
    CodeBlock,
    Image,
    ListBlock,
    ListItem,
    Paragraph,
    PullQuote,
    SubHeading,
    Table,
    TableCell,
    Text,
    ThematicBreak,
)
from .boxes import read_box_head
from .charts import ChartProblem, parse_chart
from .citations import Citations
from .crossrefs import install_escapes, trailing_ident
from .citeplace import placeholder
from .divs import DIVS, div_validator
from .fences import flag_unclosed
from .footnotes import keep_unreferenced_notes
from .typography import install as install_typography, smarten, smarten_chart
from .inlineconv import InlineConverter
from .inlinetext import has_text, trim_text

MAX_NESTING = 16
"""Deepest nesting of quotes and lists kept (deeper is an error, never a silent drop)."""
MAX_PARAGRAPH_CHARS = 100_000
"""Longest paragraph accepted, in characters."""


def make_parser(lang: str = "en"):  # -> MarkdownIt
    """The configured markdown-it-py parser (CommonMark, tables, footnotes, ``:::`` divs).

    Typographer's quotes, dashes and ellipses are set for ``lang`` (see :mod:`.typography`).
    """
    from markdown_it import MarkdownIt
    from mdit_py_plugins.container import container_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "maxNesting": 4 * MAX_NESTING + 20})
    md.enable("table")
    md.enable("strikethrough")
    # Bare http(s) URLs pasted from a report become links (as on GitHub), so no
    # output prints an address that cannot be followed; names that merely look
    # like domains ("ASP.NET", "Node.js") and bare e-mail addresses stay text.
    md.enable("linkify")
    md.linkify.set({"fuzzy_link": False, "fuzzy_email": False, "fuzzy_ip": False})
    # Every URL reaches the converter, which decides: links keep only safe
    # schemes, images refuse every URL with a message naming the line.
    md.validateLink = lambda url: True
    md.use(footnote_plugin)
    for name in DIVS:
        md.use(container_plugin, name, validate=div_validator(name))
    flag_unclosed(md, DIVS)
    keep_unreferenced_notes(md)
    install_typography(md, lang)
    install_escapes(md)
    return md


@dataclass
class Node:
    """A token with its children: the token stream folded into a tree."""

    tok: object
    children: List["Node"] = field(default_factory=list)


def fold(tokens: Sequence) -> List[Node]:
    """Fold markdown-it's flat open/close token stream into a tree."""
    root: List[Node] = []
    stack: List[Node] = []
    for tok in tokens:
        if tok.nesting == 1:
            node = Node(tok)
            (stack[-1].children if stack else root).append(node)
            stack.append(node)
        elif tok.nesting == -1:
            if stack:
                stack.pop()
        else:
            (stack[-1].children if stack else root).append(Node(tok))
    return root


@dataclass
class Converter(InlineConverter):
    """Turns folded tokens into model nodes, collecting diagnostics.

    ``line_offset`` is added to markdown-it's 0-based line maps to give file
    lines; ``field_line`` (for front matter fields) replaces them.
    """

    path: str
    source_dir: Path
    images: Dict[str, Image]
    diagnostics: List[Diagnostic]
    line_offset: int = 0
    field_line: Optional[int] = None
    footnote_numbers: Dict[int, int] = field(default_factory=dict)
    tables_numbered: int = 0
    boxes_numbered: int = 0
    body_lines: Tuple[str, ...] = ()
    """The body's own lines (chart divs are read from them, for exact columns)."""
    data_files: Dict[str, DataFile] = field(default_factory=dict)
    lang: str = "en"
    """The document's language: quotes in image alt text, captions and chart text follow it."""
    citations: Optional[Citations] = None
    """The source's citations (its front matter names a bibliography), else None: ``@key`` stays text."""

    # ------------------------------------------------------------------ lines

    def line_of(self, node: Node, fallback: int = 0) -> int:
        """The file line of a token (its map start), or ``fallback``."""
        if self.field_line is not None:
            return self.field_line
        tmap = getattr(node.tok, "map", None)
        if tmap:
            return tmap[0] + 1 + self.line_offset
        return fallback

    # ------------------------------------------------------------------ blocks

    def blocks(self, nodes: Sequence[Node], depth: int = 0, parent_line: int = 0) -> List[Block]:
        """Convert block-level nodes to model blocks."""
        out: List[Block] = []
        for node in nodes:
            out.extend(self.block(node, depth, parent_line))
        return self.captions(out)

    def captions(self, blocks: List[Block]) -> List[Block]:
        """``blocks`` with table captions and notes moved into their tables (numbered in order)."""
        if not any(isinstance(b, Table) for b in blocks):
            return blocks
        return attach_captions(blocks, self.path, self.diagnostics, self._next_table_number)

    def _next_table_number(self) -> int:
        self.tables_numbered += 1
        return self.tables_numbered

    def block(self, node: Node, depth: int, parent_line: int) -> List[Block]:
        """Convert one block node (it may yield several blocks, e.g. a paragraph with images).

        The rule for each token type is in :data:`BLOCK_RULES`; a token type with no
        rule (the footnote block, read by the section builder) yields nothing.
        """
        rule = BLOCK_RULES.get(node.tok.type)
        if rule is None:
            return []
        return getattr(self, rule)(node, self.line_of(node, parent_line), depth)

    def paragraph_rule(self, node: Node, line: int, depth: int) -> List[Block]:
        """``paragraph_open``: a paragraph (see :meth:`paragraph`)."""
        return self.paragraph(node.children[0] if node.children else None, line)

    def heading_rule(self, node: Node, line: int, depth: int) -> List[Block]:
        """``heading_open``: a sub-heading (``##`` headings are taken by the section builder first)."""
        level = int(node.tok.tag[1])
        inlines, ident = trailing_ident(self.inlines(node.children[0], line) if node.children else ())
        return [SubHeading(inlines, max(3, level), ident, line)]

    def list_rule(self, node: Node, line: int, depth: int) -> List[Block]:
        """``bullet_list_open`` / ``ordered_list_open``: a list of items, each a sequence of blocks."""
        if depth >= MAX_NESTING:
            self.too_deep(line)
            return []
        ordered = node.tok.type == "ordered_list_open"
        items = []
        for child in node.children:
            item_line = self.line_of(child, line)
            items.append(ListItem(tuple(self.blocks(child.children, depth + 1, item_line)), item_line))
        start = int(node.tok.attrs.get("start", 1) or 1) if ordered else 1
        return [ListBlock(tuple(items), ordered, start, line)]

    def quote_rule(self, node: Node, line: int, depth: int) -> List[Block]:
        """``blockquote_open``: a block quotation."""
        if depth >= MAX_NESTING:
            self.too_deep(line)
            return []
        return [BlockQuote(tuple(self.blocks(node.children, depth + 1, line)), line)]

    def code_rule(self, node: Node, line: int, depth: int) -> List[Block]:
        """``fence`` / ``code_block``: preformatted text."""
        return [CodeBlock(node.tok.content.rstrip("\n"), line)]

    def hr_rule(self, node: Node, line: int, depth: int) -> List[Block]:
        """``hr``: a thematic break."""
        return [ThematicBreak(line)]

    def table_rule(self, node: Node, line: int, depth: int) -> List[Block]:
        """``table_open``: a pipe table (captions are attached afterwards, see :meth:`captions`)."""
        return [self.table(node, line)]

    def pullquote_rule(self, node: Node, line: int, depth: int) -> List[Block]:
        """``::: pullquote``: a pull quote."""
        return [PullQuote(tuple(self.blocks(node.children, depth + 1, line)), line)]

    def box_rule(self, node: Node, line: int, depth: int) -> List[Block]:
        """``::: {.box}`` / ``::: {.callout}``: material set apart (see :mod:`.boxes`); boxes numbered in order."""
        if depth >= MAX_NESTING:
            self.too_deep(line)
            return []
        name = node.tok.type[len("container_"):-len("_open")]
        tmap = getattr(node.tok, "map", None)
        written = self.body_lines[tmap[0]] if tmap and self.field_line is None and tmap[0] < len(self.body_lines) \
            else ":::" + str(getattr(node.tok, "info", "") or "")
        head = read_box_head(name, written, line, self.path, self.diagnostics)
        number = 0
        if head.kind == "box":
            self.boxes_numbered += 1
            number = self.boxes_numbered
        title = (Text(smarten(head.title, self.lang)),) if head.title else ()
        inner = tuple(self.blocks(node.children, depth + 1, line))
        return [Box(inner, title, line, head.kind, number, head.ident)]

    def refs_rule(self, node: Node, line: int, depth: int) -> List[Block]:
        """``::: {#refs}``: the div's content, then the place of the works cited (see :mod:`.citeplace`)."""
        return self.blocks(node.children, depth + 1, line) + [placeholder(line)]

    def transparent_rule(self, node: Node, line: int, depth: int) -> List[Block]:
        """``::: slide`` / ``::: notes`` nested where the section builder does not take them: ordinary content."""
        return self.blocks(node.children, depth, line)

    def chart_rule(self, node: Node, line: int, depth: int) -> List[Block]:
        """A ``::: {.chart}`` div, read from its own source lines (see :mod:`.charts`)."""
        tmap = getattr(node.tok, "map", None)
        if (node.tok.meta or {}).get("unclosed"):
            return []  # reported at its opening line (see .fences); its lines are not all its own
        if depth or self.field_line is not None or not tmap or not self.body_lines:
            self.diagnostics.append(error(self.path, line, "a chart must stand on its own in the body, "
                                                           "not inside a list, a quote or another div"))
            return []
        start, end = tmap[0], min(tmap[1], len(self.body_lines))
        try:
            chart = parse_chart(self.body_lines[start], line, self.body_lines[start + 1 : end], self.path,
                                self.source_dir, self.data_files)
        except ChartProblem as exc:
            self.diagnostics.extend(error(p.path, p.line, p.message, p.col) for p in exc.every())
            return []
        chart = smarten_chart(chart, self.lang)
        if chart.alt_generated:
            self.diagnostics.append(warning(self.path, line, "this chart has no 'Alt:' line; its alt text is "
                                                             "generated from the data: write one that says what it shows"))
        return [chart]

    def too_deep(self, line: int) -> None:
        """Report nesting beyond :data:`MAX_NESTING` (once per line)."""
        message = f"quotes and lists are nested more than {MAX_NESTING} levels deep here; flatten them"
        if not any(d.line == line and d.message == message for d in self.diagnostics):
            self.diagnostics.append(error(self.path, line, message))

    def paragraph(self, inline: Optional[Node], line: int) -> List[Block]:
        """A paragraph; images in it become figures after its text."""
        if inline is None:
            return []
        content = getattr(inline.tok, "content", "") or ""
        if len(content) > MAX_PARAGRAPH_CHARS:
            self.diagnostics.append(
                error(
                    self.path,
                    line,
                    f"this paragraph is {len(content):,} characters long; the limit is {MAX_PARAGRAPH_CHARS:,} "
                    "(break it into paragraphs)",
                )
            )
            return []
        figures: List[Block] = []
        inlines = self.inlines(inline, line, figures)
        out: List[Block] = []
        if has_text(inlines):
            out.append(Paragraph(tuple(trim_text(inlines)), line))
        out.extend(figures)
        return out

    def table(self, node: Node, line: int) -> Table:
        """A pipe table: header, rows padded to the header's width, alignments."""
        header: List[TableCell] = []
        aligns: List[Optional[str]] = []
        rows: List[Tuple[TableCell, ...]] = []
        for section in node.children:
            for tr in section.children:
                cells = []
                for cell in tr.children:
                    inline = cell.children[0] if cell.children else None
                    cells.append(TableCell(tuple(self.inlines(inline, line)) if inline else ()))
                    if section.tok.type == "thead_open":
                        style = (cell.tok.attrs or {}).get("style", "") or ""
                        match = re.search(r"text-align:(\w+)", str(style))
                        aligns.append(match.group(1) if match else None)
                if section.tok.type == "thead_open":
                    header = cells
                else:
                    rows.append(tuple(cells))
        width = len(header)
        fixed = tuple(tuple(list(r[:width]) + [TableCell(())] * (width - len(r))) for r in rows)
        return Table(tuple(header), fixed, tuple(aligns), line)


BLOCK_RULES: Dict[str, str] = {
    "paragraph_open": "paragraph_rule",
    "heading_open": "heading_rule",
    "bullet_list_open": "list_rule",
    "ordered_list_open": "list_rule",
    "blockquote_open": "quote_rule",
    "fence": "code_rule",
    "code_block": "code_rule",
    "hr": "hr_rule",
    "table_open": "table_rule",
    "container_chart_open": "chart_rule",
    "container_pullquote_open": "pullquote_rule",
    "container_box_open": "box_rule",
    "container_callout_open": "box_rule",
    "container_slide_open": "transparent_rule",
    "container_notes_open": "transparent_rule",
    "container_refs_open": "refs_rule",
}
"""The block rules: markdown-it token type -> the :class:`Converter` method that builds model blocks from it.
A new block kind adds its token here (and, for a ``:::`` div, its name to :data:`.divs.DIVS`)."""
