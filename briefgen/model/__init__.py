"""The document model: one frozen, typed tree that every renderer reads.

``briefgen.source`` turns a source file into a :class:`Document` once; the memo,
handout and deck renderers receive that document and never see Markdown or YAML.

The model is split the way rst2pdf splits its flowables:

* **inlines** (:data:`Inline`, :mod:`.inlines`) are runs of text with emphasis,
  links, code and footnote references;
* **blocks** (:data:`Block`, :mod:`.blocks`) are paragraphs, lists, quotes,
  tables, figures, charts and sub-headings, each carrying the 1-based ``line``
  of the source it came from; :data:`BLOCK_KINDS` lists them all;
* **structure** (:mod:`.document`): sections, endnotes, authors, the front
  matter and the :class:`Document`;
* plain-text views (:mod:`.text`) and walks over children, blocks and footnote
  references (:mod:`.walk`).

Text in the model is always literal, already decoded text: a ``<`` is a ``<``.
Each renderer escapes it for its own output format. Import every name from
``briefgen.model`` (the submodules are an implementation detail).
"""

from __future__ import annotations

from .blocks import (
    BLOCK_KINDS,
    CALLOUT_KINDS,
    CHART_KINDS,
    Bibliography,
    Block,
    BlockQuote,
    Blocks,
    Box,
    Chart,
    ChartSeries,
    CodeBlock,
    DataFile,
    Figure,
    Image,
    ListBlock,
    ListItem,
    Paragraph,
    PullQuote,
    SubHeading,
    Table,
    TableCell,
    ThematicBreak,
    TimelineEvent,
)
from .document import Author, Document, Footnote, Metadata, Section
from .kinds import UnhandledBlock, missing_kinds, unhandled
from .inlines import Code, Emph, FootnoteRef, Inline, Inlines, LineBreak, Link, Strong, Text
from .text import block_text, blocks_text, format_number, plain_text, when_text
from .xrefs import targets as xref_targets
from .walk import (
    INLINE_KINDS,
    all_body_blocks,
    child_blocks,
    footnote_refs,
    iter_blocks,
    iter_inlines,
    links,
    walk,
    walk_blocks,
)

__all__ = [
    "BLOCK_KINDS", "CALLOUT_KINDS", "CHART_KINDS", "INLINE_KINDS", "Author", "Bibliography", "Block", "BlockQuote", "Blocks",
    "Box", "Chart",
    "ChartSeries", "Code", "CodeBlock", "DataFile", "Document", "Emph", "Figure", "Footnote", "FootnoteRef",
    "Image", "Inline", "Inlines", "LineBreak", "Link", "ListBlock", "ListItem", "Metadata", "Paragraph",
    "PullQuote", "Section", "Strong", "SubHeading", "Table", "TableCell", "Text", "ThematicBreak",
    "TimelineEvent", "UnhandledBlock", "missing_kinds", "unhandled", "all_body_blocks", "block_text", "blocks_text", "child_blocks", "footnote_refs",
    "format_number", "iter_blocks", "iter_inlines", "links", "plain_text", "walk", "walk_blocks", "when_text",
    "xref_targets",
]
