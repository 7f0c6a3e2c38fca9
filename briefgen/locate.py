"""Where text of the document came from: the source line (and column) of any characters.

Renderers find some problems only in the finished page (a character no font
covers, seen in the whole handout). :func:`locate_chars` maps such characters
back to the places of the model that hold them, so every warning can name a
line: front matter fields by their value's ``(line, col)``
(:attr:`~briefgen.model.Metadata.positions`), body blocks by their line.

Pure and light: it reads the frozen model only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Iterator, List, Optional, Tuple

from .model import (
    Block,
    Chart,
    CodeBlock,
    Document,
    Figure,
    Paragraph,
    SubHeading,
    Table,
    plain_text,
    walk_blocks,
)


@dataclass(frozen=True)
class Place:
    """A piece of the source: ``label`` names it for messages (``'title'``, ``paragraph``)."""

    line: Optional[int]
    col: Optional[int]
    label: str
    text: str


def _field_label(key: str) -> str:
    parts = key.split(".")
    if parts[0] == "authors" and len(parts) == 3:
        return f"'author {parts[2]}'"
    if len(parts) == 2:
        return f"'{parts[0]} item {parts[1]}'"
    return f"'{key}'"


def field_places(doc: Document) -> Iterator[Place]:
    """Every front matter text of the model with the position of its value."""
    meta = doc.meta

    def place(key: str, text: str) -> Place:
        line, col = meta.position(key)
        return Place(line, col, _field_label(key), text)

    yield place("title", plain_text(meta.title))
    yield place("subtitle", plain_text(meta.subtitle))
    yield place("short_title" if "short_title" in meta.positions else "title", meta.short_title)
    yield place("organization", meta.organization)
    yield place("date", meta.date_display)
    for index, author in enumerate(meta.authors, start=1):
        yield place(f"authors.{index}.name", author.name)
        yield place(f"authors.{index}.role", author.role)
        for block in author.bio:
            for text in _block_texts(block):
                yield place(f"authors.{index}.bio", text)
    for block in meta.summary:
        for text in _block_texts(block):
            yield place("summary", text)
    for key, items in (("key_points", meta.key_points), ("recommendations", meta.recommendations)):
        for index, inlines in enumerate(items, start=1):
            yield place(f"{key}.{index}", plain_text(inlines))
    for index, keyword in enumerate(meta.keywords, start=1):
        yield place(f"keywords.{index}", keyword)


def _block_texts(block: Block) -> Iterator[str]:
    if isinstance(block, (Paragraph, SubHeading)):
        yield plain_text(block.inlines)
    elif isinstance(block, CodeBlock):
        yield block.text
    elif isinstance(block, Table):
        for row in (block.header, *block.rows):
            yield " ".join(plain_text(c.inlines) for c in row)
    elif isinstance(block, Figure):
        yield block.alt + " " + plain_text(block.caption) + " " + block.credit
    elif isinstance(block, Chart):
        yield " ".join([block.title, block.units, block.source, block.alt, block.x_label, *block.categories,
                        *(s.name for s in block.series), *(e.when + " " + e.text for e in block.events)])


def body_places(doc: Document) -> Iterator[Place]:
    """Every body text of the model (headings, blocks, notes, endnotes) with its line."""

    def walk(blocks: Tuple[Block, ...]) -> Iterator[Place]:
        for block in walk_blocks(blocks):
            for text in _block_texts(block):
                yield Place(block.line, None, type(block).__name__.lower(), text)

    yield from walk(doc.lede)
    for section in doc.sections:
        if section.title:
            yield Place(section.line, None, "heading", plain_text(section.title))
        yield from walk(section.blocks)
        for index, bullet in enumerate(section.slide):
            yield Place(section.slide_line(index), None, "slide", plain_text(bullet))
        yield from walk(section.notes)
    for note in doc.footnotes:
        yield from walk(note.blocks)


def locate_chars(doc: Document, chars: Collection[str]) -> Tuple[List[Tuple[Place, List[str]]], List[str]]:
    """Where each of ``chars`` occurs: ``([(place, its chars in source order)...], chars found nowhere)``.

    Places come in source order, one per field or block that holds any of the
    characters; the characters found nowhere come from elsewhere (the layout's
    labels, generated text).
    """
    wanted = set(chars)
    found: List[Tuple[Place, List[str]]] = []
    seen: set = set()
    for place in (*field_places(doc), *body_places(doc)):
        here = [c for c in dict.fromkeys(place.text) if c in wanted]
        if here:
            found.append((place, here))
            seen.update(here)
    found.sort(key=lambda item: (item[0].line or 0, item[0].col or 0))
    merged: List[Tuple[Place, List[str]]] = []
    for place, here in found:  # one entry per line and column: a paragraph split in pieces is one place
        if merged and (merged[-1][0].line, merged[-1][0].col) == (place.line, place.col):
            merged[-1][1].extend(c for c in here if c not in merged[-1][1])
        else:
            merged.append((place, here))
    return merged, [c for c in dict.fromkeys(chars) if c not in seen]
