"""Walks over the model: the blocks nested in a block, every block of a document, every inline.

Renderers and checks use these instead of writing their own recursion, so a new
block kind that holds other blocks is walked everywhere once :func:`child_blocks`
knows it. Every walk here is iterative (no recursion limit on deep nesting) and
yields in document order.
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Any, Iterable, Iterator, List, Tuple

from .blocks import Block, BlockQuote, Box, DataFile, Image, ListBlock, PullQuote, Table
from .document import Document, Metadata
from .inlines import Code, FootnoteRef, Inline, Link, Text


def child_blocks(block: Block, notes: bool = True) -> Tuple[Block, ...]:
    """The blocks directly inside ``block``: a list's items' blocks, a quote's or a box's
    blocks, a table's ``Source:``/``Note:`` paragraphs (``notes=False`` leaves those out)."""
    if isinstance(block, ListBlock):
        return tuple(inner for item in block.items for inner in item.blocks)
    if isinstance(block, (BlockQuote, PullQuote, Box)):
        return block.blocks
    if notes and isinstance(block, Table):
        return block.note
    return ()


def walk(block: Block, notes: bool = True) -> Iterator[Block]:
    """``block`` and every block nested in it, depth first, in document order."""
    stack: List[Block] = [block]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(child_blocks(current, notes)))


def walk_blocks(blocks: Iterable[Block]) -> Iterator[Block]:
    """Yield every block, depth first, including those nested in lists and quotes
    (not a table's notes: see :func:`walk` for those)."""
    for block in blocks:
        yield from walk(block, notes=False)


def all_body_blocks(doc: Document) -> Iterator[Block]:
    """Every top-level block of the body in reading order: lede, then each section's."""
    yield from doc.lede
    for section in doc.sections:
        yield from section.blocks


def iter_blocks(doc: Document) -> Iterator[Block]:
    """Every block of the document, nested ones included, in reading order: the front
    matter's (summary, authors' bios), the lede, each section's body and speaker notes,
    then the endnotes'."""
    meta = doc.meta
    tops: List[Block] = list(meta.summary)
    for author in meta.authors:
        tops.extend(author.bio)
    tops.extend(all_body_blocks(doc))
    for section in doc.sections:
        tops.extend(section.notes)
    for note in doc.footnotes:
        tops.extend(note.blocks)
    for block in tops:
        yield from walk(block)


INLINE_KINDS: Tuple[type, ...] = typing.get_args(Inline)
"""Every inline class of the model, in the order of the :data:`~briefgen.model.inlines.Inline` union."""
_LEAVES = (Text, Code, Image, DataFile, str, bytes, int, float, bool, type(None))


def iter_inlines(node: Any) -> Iterator[Inline]:
    """Every inline inside ``node`` (a document, section, block, inline or tuple of them),
    nested ones included, in document order. Front matter positions and ``extra`` are
    not walked (they hold no inlines)."""
    stack: List[Any] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, _LEAVES):
            if isinstance(item, (Text, Code)):
                yield item
            continue
        if isinstance(item, (tuple, list)):
            stack.extend(reversed(item))
            continue
        if not dataclasses.is_dataclass(item) or isinstance(item, type):
            continue
        if isinstance(item, INLINE_KINDS):
            yield item
        fields = [f.name for f in dataclasses.fields(item)]
        if isinstance(item, Metadata):
            fields = [name for name in fields if name not in ("extra", "positions")]
        stack.extend(reversed([getattr(item, name) for name in fields]))


def footnote_refs(node: Any) -> Iterator[FootnoteRef]:
    """Every footnote reference inside ``node``, in document order (see :func:`iter_inlines`)."""
    return (n for n in iter_inlines(node) if isinstance(n, FootnoteRef))


def links(node: Any) -> Iterator[Link]:
    """Every link inside ``node``, in document order (see :func:`iter_inlines`)."""
    return (n for n in iter_inlines(node) if isinstance(n, Link))
