"""Speaker notes a presenter can use (issue #29 item 5, #26 item 7).

Each slide's notes are, in order: the talking points (the slide's own content
in two or three spoken sentences), then the text the slide stands for in its
paragraphs: a table one readable line per row ("Supreme Court: FY2026 Enacted
$174.5, FY2027 Request $225.1"), a list or a timeline one item per line, the
endnotes it cites numbered one per line; the slide's title at most once.

By default (``notes: brief`` in ``deck/layouts.yaml``) a slide's notes stop at
about ``notes_words`` words (250), at a paragraph's end, with a line saying
where the rest is (the handout, under the section's title); ``notes: full``
keeps the whole text, for a presenter who reads from the notes handout.

Pure: text in, text out; no python-pptx.
"""

from __future__ import annotations

import logging
import re
from typing import Iterable, List, Sequence, Tuple

from ...model import (
    Block, BlockQuote, Blocks, Box, Chart, CodeBlock, Figure, FootnoteRef, ListBlock, Paragraph, PullQuote, SubHeading, Table,
    plain_text,
)
from .model import Para
from .text import clean

log = logging.getLogger(__name__)

#: Talking points: at most this many of the slide's bullets, spoken as sentences.
POINTS = 3


def table_lines(block: Table) -> List[str]:
    """A table as its columns named once, then one readable line per row: the first cell, then each other
    column's head and value ("Supreme Court: FY2026 $174.5 million, FY2027 $225.1 million")."""
    head = [clean(plain_text(c.inlines)) for c in block.header]
    lines = [", ".join(h for h in head if h)] if any(head) else []  # the columns, named once
    for row in block.rows:
        cells = [clean(plain_text(c.inlines)) for c in row]
        if not any(cells):
            continue
        first, rest = cells[0], cells[1:]
        pairs = []
        for i, value in enumerate(rest, 1):
            if not value:
                continue
            name = head[i] if i < len(head) else ""
            pairs.append(f"{name} {value}".strip() if name else value)
        lines.append(f"{first}: {', '.join(pairs)}" if first and pairs else (first or ", ".join(pairs)))
    return lines


def block_notes(block: Block, marks: Tuple[str, str] = ("\u201c", "\u201d")) -> str:
    """One block as notes text: paragraphs as they are, lists and tables one line per item or row
    (a quotation in ``marks``, the language's)."""
    if isinstance(block, (Paragraph, SubHeading)):
        return clean(plain_text(block.inlines))
    if isinstance(block, ListBlock):
        items = [clean(" ".join(block_notes(b, marks) for b in item.blocks)) for item in block.items]
        return "\n".join(f"\u2022 {t}" for t in items if t)
    if isinstance(block, (BlockQuote, PullQuote)):
        text = clean(" ".join(block_notes(b, marks) for b in block.blocks))
        return f"{marks[0]}{text}{marks[1]}" if text else ""
    if isinstance(block, CodeBlock):
        return block.text
    if isinstance(block, Table):
        caption = clean(plain_text(block.caption)) if block.caption else ""
        rows = "\n".join(table_lines(block))
        note = " ".join(block_notes(b, marks) for b in block.note)
        return "\n\n".join(t for t in (caption, rows, clean(note)) if t)
    if isinstance(block, Figure):
        return clean(plain_text(block.caption))
    if isinstance(block, Chart):
        return clean(" ".join(t for t in (block.title, block.alt) if t))
    if isinstance(block, Box):
        return "\n\n".join(t for t in [clean(plain_text(block.title))] + [block_notes(b) for b in block.blocks] if t)
    return ""


def blocks_notes(blocks: Iterable[Block], marks: Tuple[str, str] = ("\u201c", "\u201d")) -> str:
    """Blocks as notes text, a blank line between blocks (quotations in ``marks``)."""
    return "\n\n".join(t for t in (block_notes(b, marks) for b in blocks) if t)


def _sentence(text: str) -> str:
    text = clean(text).strip()
    if text and text[-1] not in ".!?\u201d\"')":
        text += "."
    return text


def talking_points(title: str, paras: Sequence[Para]) -> str:
    """The slide's content in two or three spoken sentences: its first bullets, whole."""
    top = [p for p in paras if p.level == 0] or list(paras)  # a "(cont.)" slide of a list's sub-items: those
    said = [_sentence("".join(r.text for r in p.runs)) for p in top]
    said = [s for s in said if s and s.rstrip(".").strip()]
    return " ".join(said[:POINTS])


def _words(text: str) -> int:
    return len(text.split())


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().lower().rstrip(".:")


def compose(title: str, paras: Sequence[Para], text: str, limit: int, full: bool, where: str) -> str:
    """The notes of one slide: talking points, then ``text`` by paragraphs (trimmed to ``limit`` words unless ``full``).

    Lines equal to the title are left out (the title is on the slide; the
    handout's heading names it); ``where`` is said when text was left out.
    """
    points = talking_points(title, paras)
    limit = max(limit - _words(where), limit // 2)  # room for saying where the rest is
    key = _norm(title)
    chunks: List[str] = []
    for chunk in re.split(r"\n\s*\n", text or ""):
        lines = [ln for ln in chunk.strip().splitlines() if ln.strip() and (not key or _norm(ln) != key)]
        if lines:
            chunks.append("\n".join(lines))
    if points and chunks and _norm(chunks[0]).startswith(_norm(points)[:60]):
        points = ""  # the text starts with what the slide says: no need to say it twice
    out = [points] if points else []
    used = _words(points)
    left_out = False
    for chunk in chunks:
        if chunk in out:
            continue
        if not full and used + _words(chunk) > limit:
            if used < limit // 2:  # a long paragraph, list or table: as many whole lines or sentences as fit
                units = chunk.splitlines() if "\n" in chunk else re.split(r"(?<=[.!?])\s+(?=[A-Z\u201c\"(])", chunk)
                kept = []
                for unit in units:
                    if used + _words(unit) > limit:
                        break
                    kept.append(unit)
                    used += _words(unit)
                if kept:
                    out.append(("\n" if "\n" in chunk else " ").join(kept))
            left_out = True
            break
        out.append(chunk)
        used += _words(chunk)
    if left_out and where:
        out.append(where)
    return "\n\n".join(out)


def footnote_refs(blocks: Blocks) -> List[int]:
    """The endnote numbers cited anywhere in ``blocks``, in order."""
    out: List[int] = []

    def walk(node: object) -> None:
        if isinstance(node, FootnoteRef):
            out.append(node.number)
            return
        for attr in ("inlines", "children", "blocks", "items", "header", "caption"):
            value = getattr(node, attr, None)
            if isinstance(value, tuple):
                for child in value:
                    walk(child)
        rows = getattr(node, "rows", None)
        if isinstance(rows, tuple):
            for row in rows:
                for cell in row:
                    walk(cell)

    for block in blocks:
        walk(block)
    return out
