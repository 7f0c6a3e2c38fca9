"""Plain-text views of the model: inlines, blocks, numbers and dates as a reader writes them."""

from __future__ import annotations

from typing import Iterable, Iterator

from ..language import primary, short_date

from .blocks import (
    Bibliography,
    Block,
    BlockQuote,
    Box,
    Chart,
    CodeBlock,
    Figure,
    ListBlock,
    Paragraph,
    PullQuote,
    SubHeading,
    Table,
)
from .inlines import Code, Emph, Inline, LineBreak, Link, Strong, Text


def plain_text(inlines: Iterable[Inline]) -> str:
    """Flatten inlines to plain text (footnote references are dropped)."""
    return "".join(_plain_parts(inlines))


def _plain_parts(inlines: Iterable[Inline]) -> Iterator[str]:
    for node in inlines:
        if isinstance(node, Text):
            yield node.text
        elif isinstance(node, Code):
            yield node.text
        elif isinstance(node, (Emph, Strong, Link)):
            yield from _plain_parts(node.children)
        elif isinstance(node, LineBreak):
            yield " "


def block_text(block: Block) -> str:
    """Flatten one block to plain text, paragraphs separated by blank lines."""
    return "\n\n".join(_block_parts(block))


def _block_parts(block: Block) -> Iterator[str]:
    if isinstance(block, (Paragraph, SubHeading)):
        yield plain_text(block.inlines)
    elif isinstance(block, ListBlock):
        for item in block.items:
            for inner in item.blocks:
                yield from _block_parts(inner)
    elif isinstance(block, (BlockQuote, PullQuote)):
        for inner in block.blocks:
            yield from _block_parts(inner)
    elif isinstance(block, Box):
        if block.title:
            yield plain_text(block.title)
        for inner in block.blocks:
            yield from _block_parts(inner)
    elif isinstance(block, CodeBlock):
        yield block.text
    elif isinstance(block, Table):
        if block.caption:
            yield plain_text(block.caption)
        yield " | ".join(plain_text(c.inlines) for c in block.header)
        for row in block.rows:
            yield " | ".join(plain_text(c.inlines) for c in row)
        for inner in block.note:
            yield from _block_parts(inner)
    elif isinstance(block, Figure):
        caption = plain_text(block.caption)
        if caption:
            yield caption
    elif isinstance(block, Chart):
        yield from (t for t in (block.title, block.alt) if t)
    elif isinstance(block, Bibliography):
        yield from (plain_text(entry) for entry in block.entries)


def format_number(value: float) -> str:
    """A number as a reader writes it: ``74.1``, ``1,204``, ``-3``."""
    if float(value).is_integer():
        return f"{int(value):,}".replace("-", "\u2212")
    return f"{value:,.2f}".rstrip("0").rstrip(".").replace("-", "\u2212")


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def when_text(when: str, lang: str = "en") -> str:
    """A timeline date as a reader writes it: ``2001-03`` -> ``Mar 2001``, ``2018-06-12`` -> ``Jun 12, 2018``
    (in ``lang``: ``mars 2001``, ``12 juin 2018`` in French)."""
    parts = when.split("-")
    if len(parts) == 1 or not all(p.isdigit() for p in parts):
        return when
    if primary(lang) != "en":
        return short_date(when, lang)
    month = _MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{month} {int(parts[2])}, {parts[0]}"


def blocks_text(blocks: Iterable[Block]) -> str:
    """Flatten blocks to plain text, separated by blank lines."""
    return "\n\n".join(t for b in blocks for t in [block_text(b)] if t)

