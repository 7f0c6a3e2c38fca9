"""Table captions and source notes, read from the paragraphs around a table.

Pandoc's caption syntax is the documented form: a paragraph ``Table: caption``
(or ``: caption``) right before or right after a pipe table; written on the
line right after the table, without a blank line, Markdown reads it as a last
row, which is taken back out. One or more paragraphs starting ``Source:``,
``Sources:``, ``Note:`` or ``Notes:`` right after the table (or after its
caption) become its note.

Reports pasted from elsewhere label tables with a plain or bold paragraph
``Table 1. Title`` right before the table, sometimes followed by a short unit
line such as ``(in millions of dollars)``; that is taken as the caption too
(the unit line as its second line), with a warning suggesting the syntax.
The "Table N." label is dropped: the layout numbers captioned tables itself.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from typing import Callable, List, Optional, Tuple

from ..errors import Diagnostic, warning
from .crossrefs import trailing_ident
from ..model import Block, Code, Emph, Inline, LineBreak, Link, Paragraph, Strong, Table, Text, plain_text

log = logging.getLogger(__name__)

_PANDOC = re.compile(r"^(?:Table)?:[ \t]+(?=\S)")
_LABELLED = re.compile(r"^Table[ \t\u00a0]+\d+[.:][ \t\u00a0]*(?=\S)")
_NOTE = re.compile(r"^(?:Sources?|Notes?)[ \t]*:", re.IGNORECASE)
_UNIT_MAX = 100


def attach_captions(blocks: List[Block], path: str, diagnostics: List[Diagnostic],
                    next_number: Callable[[], int]) -> List[Block]:
    """``blocks`` with each table's caption and note paragraphs moved into the table."""
    out: List[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if not isinstance(block, Table):
            out.append(block)
            i += 1
            continue
        table = block
        caption: Tuple[Inline, ...] = ()
        # before: "Table: …" / ": …", or "Table N. …" with an optional unit line
        prev = out[-1] if out else None
        before = _pandoc_caption(prev)
        if before is not None:
            caption = before
            out.pop()
        else:
            caption = _labelled_before(out, path, diagnostics)
        # a caption line Markdown read as the table's last row
        if not caption and table.rows:
            last = table.rows[-1]
            text = plain_text(last[0].inlines)
            if _PANDOC.match(text) and not any(plain_text(c.inlines).strip() for c in last[1:]):
                caption = _strip(last[0].inlines, _PANDOC.match(text).end())
                table = dataclasses.replace(table, rows=table.rows[:-1])
        i += 1
        if not caption and i < len(blocks):
            after = _pandoc_caption(blocks[i])
            if after is not None:
                caption = after
                i += 1
        notes: List[Block] = []
        while i < len(blocks) and isinstance(blocks[i], Paragraph) and _NOTE.match(plain_text(blocks[i].inlines)):
            notes.append(blocks[i])
            i += 1
        caption, ident = trailing_ident(caption)  # Table: Caption {#tbl-id}
        number = next_number() if caption else 0
        out.append(dataclasses.replace(table, caption=caption, note=tuple(notes), number=number, ident=ident))
    return out


def _pandoc_caption(block: Optional[Block]) -> Optional[Tuple[Inline, ...]]:
    if not isinstance(block, Paragraph):
        return None
    match = _PANDOC.match(plain_text(block.inlines))
    return _strip(block.inlines, match.end()) if match else None


def _labelled_before(out: List[Block], path: str, diagnostics: List[Diagnostic]) -> Tuple[Inline, ...]:
    """A "Table N. Title" paragraph (plus an optional unit line) at the end of ``out``."""
    unit: Optional[Paragraph] = None
    cand = out[-1] if out else None
    if isinstance(cand, Paragraph) and _is_unit_line(cand) and len(out) >= 2:
        unit, cand = cand, out[-2]
    if not isinstance(cand, Paragraph):
        return ()
    text = plain_text(cand.inlines)
    match = _LABELLED.match(text)
    if not match:
        return ()
    caption = _strip(cand.inlines, match.end())
    del out[-2 if unit is not None else -1:]
    if unit is not None:
        caption = caption + (LineBreak(),) + unit.inlines
    diagnostics.append(warning(path, cand.line,
                               f"'{text[:match.end()].strip()}' paragraph taken as the caption of the table below; "
                               "write it as 'Table: caption' on the line before the table"))
    return caption


def _is_unit_line(block: Paragraph) -> bool:
    """A short line such as "(in millions of dollars)" between a caption and its table."""
    text = plain_text(block.inlines).strip()
    return 0 < len(text) <= _UNIT_MAX and not text.endswith((".", "!", "?", ":")) and not _LABELLED.match(text)


def _strip(inlines: Tuple[Inline, ...], count: int) -> Tuple[Inline, ...]:
    """``inlines`` without their first ``count`` characters of plain text."""
    out, _ = _drop(list(inlines), count)
    return tuple(out)


def _drop(inlines: List[Inline], count: int) -> Tuple[List[Inline], int]:
    out: List[Inline] = []
    for node in inlines:
        if count <= 0:
            out.append(node)
        elif isinstance(node, (Text, Code)):
            if len(node.text) <= count:
                count -= len(node.text)
            else:
                out.append(dataclasses.replace(node, text=node.text[count:].lstrip() if isinstance(node, Text)
                                               else node.text[count:]))
                count = 0
        elif isinstance(node, (Emph, Strong, Link)):
            children, count = _drop(list(node.children), count)
            if children:
                out.append(dataclasses.replace(node, children=tuple(children)))
        elif isinstance(node, LineBreak):
            count -= 1
        # footnote references before the caption's text are kept
        else:
            out.append(node)
    return out, count
