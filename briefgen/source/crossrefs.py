"""Cross-reference ids and references in the source.

Ids are written as pandoc writes them: ``## Background {#sec-background}`` on a
heading, ``![alt](chart.png "Caption"){#fig-spending}`` right after an image,
``Table: Caption {#tbl-costs}`` at the end of a table's caption,
``::: {.chart #fig-trend ...}`` and ``::: {.box #box-framework ...}`` on a div.
:func:`check_crossrefs` then finds every ``@fig-…``, ``@tbl-…``, ``@box-…`` and
``@sec-…`` in the text (see :mod:`briefgen.model.xrefs`) and reports, located at
the reference, an id that names nothing (with the nearest known ids), one that
names a figure or table without a caption (only captioned ones are numbered), and
an id used twice (a heading's anchor included: the handout's ids must be unique).
A reference escaped as ``\\@fig-map`` is text, not a reference (:func:`install_escapes`).
"""

from __future__ import annotations

import dataclasses
import difflib
import logging
import re
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

from ..errors import Diagnostic, error
from ..model import Block, Box, Chart, Document, Figure, Inline, SubHeading, Table, Text, all_body_blocks, iter_blocks, walk_blocks
from ..model.xrefs import ESCAPED_AT, find_refs, targets

log = logging.getLogger(__name__)

_REF_AFTER = re.compile(r"(?:fig|tbl|box|sec)-\w")


def install_escapes(md) -> None:
    """Make ``\\@fig-map`` text in ``md`` (a MarkdownIt): pandoc's rule, an escaped ``@`` cites nothing.

    markdown-it reads the escape as a ``text_special`` token holding "@", then joins it
    to the text around it; before that, a rule marks an escaped ``@`` that a reference
    prefix follows with :data:`~briefgen.model.xrefs.ESCAPED_AT`, so that it is no
    reference (no check, no link) and prints "@fig-map" once the renderers' cross-reference
    pass removes the mark.
    """
    md.core.ruler.before("text_join", "xref_escapes", _escapes_rule)


def _escapes_rule(state) -> None:
    for token in state.tokens:
        children = token.children or []
        for index, child in enumerate(children[:-1]):
            if (child.type == "text_special" and child.info == "escape" and child.content == "@"
                    and children[index + 1].type == "text" and _REF_AFTER.match(children[index + 1].content)):
                child.content = ESCAPED_AT + "@"


_TRAILING_ID = re.compile(r"\s*\{\s*#([\w-]+)\s*\}\s*$")
_LEADING_ID = re.compile(r"^\{\s*#([\w-]+)\s*\}")


def trailing_ident(inlines: Sequence[Inline]) -> Tuple[Tuple[Inline, ...], str]:
    """``inlines`` without a trailing ``{#id}`` (a heading's or a caption's), and the id ("" when none)."""
    if not inlines or not isinstance(inlines[-1], Text):
        return tuple(inlines), ""
    match = _TRAILING_ID.search(inlines[-1].text)
    if not match:
        return tuple(inlines), ""
    rest = inlines[-1].text[: match.start()].rstrip()
    head = tuple(inlines[:-1]) + ((Text(rest),) if rest else ())
    return head, match.group(1)


def leading_ident(text: str) -> Tuple[str, str]:
    """``(rest, id)`` for text that starts with ``{#id}`` (right after an image), else ``(text, "")``."""
    match = _LEADING_ID.match(text)
    if not match:
        return text, ""
    return text[match.end():], match.group(1)


def _idents(doc: Document) -> Iterator[Tuple[str, int]]:
    for section in doc.sections:
        if section.title:
            yield section.anchor, section.line
    for block in walk_blocks(all_body_blocks(doc)):
        ident = block.anchor if isinstance(block, SubHeading) else getattr(block, "ident", "")
        if ident and isinstance(block, (SubHeading, Figure, Chart, Table, Box)):
            yield ident, block.line


def _texts(doc: Document) -> Iterator[Tuple[str, int]]:
    """Every text run of the document with the source line of the block (or field) that holds it."""
    meta = doc.meta
    for key, value in (("title", meta.title), ("subtitle", meta.subtitle)):
        yield from ((t, meta.line_of(key) or 0) for t in _runs(value))
    for i, point in enumerate(meta.key_points, 1):
        yield from ((t, meta.line_of(f"key_points.{i}") or 0) for t in _runs(point))
    for i, rec in enumerate(meta.recommendations, 1):
        yield from ((t, meta.line_of(f"recommendations.{i}") or 0) for t in _runs(rec))
    for section in doc.sections:
        yield from ((t, section.line) for t in _runs(section.title))
    for block in iter_blocks(doc):
        yield from ((t, block.line) for t in _runs(_own_inlines(block)))


def _own_inlines(block: Block) -> object:
    """The inlines a block holds itself (not those of the blocks nested in it)."""
    if isinstance(block, Box):
        return block.title
    if isinstance(block, Table):
        return (block.caption, block.header, block.rows)
    return tuple(getattr(block, f.name) for f in dataclasses.fields(block)
                 if f.name in ("inlines", "caption"))


def _runs(node: object) -> Iterator[str]:
    from ..model import iter_inlines

    for inline in iter_inlines(node):
        if isinstance(inline, Text) and "@" in inline.text:
            yield inline.text


def check_crossrefs(doc: Document, lines: Sequence[str], offset: int, path: str) -> List[Diagnostic]:
    """Errors for references to unknown or unnumbered ids and for ids given twice.

    ``lines`` are the source file's lines from line ``offset + 1`` (the body's), used to
    find each reference's column.
    """
    diags: List[Diagnostic] = []
    seen: Dict[str, int] = {}
    for ident, line in _idents(doc):
        if ident in seen:  # (headings' own anchors are made unique; a written id may meet one)
            at, col = _position(lines, offset, line, "#" + ident)
            diags.append(error(path, at, f"the id '#{ident}' is also used on line {seen[ident]}; "
                                         "each id names one thing", col))
        seen.setdefault(ident, line)
    known = targets(doc)
    for text, line in _texts(doc):
        for _at, written, ident in find_refs(text):
            target = known.get(ident)
            if target is not None and (target.number or target.kind == "section"):
                continue
            line, col = _position(lines, offset, line, written)
            if target is not None and target.kind == "box":
                diags.append(error(path, line, f"'{written}' names a callout (line {target.line}); only boxes "
                                               "(::: {.box}) are numbered and can be referred to", col))
                continue
            if target is not None:
                what = "figure" if target.kind == "figure" else "table"
                diags.append(error(path, line, f"'{written}' names a {what} without a caption (line {target.line}); "
                                               f"only captioned {what}s are numbered: give it one", col))
                continue
            same = [k for k in known if k.split("-", 1)[0] == ident.split("-", 1)[0]]
            close = difflib.get_close_matches(ident, same or list(known), n=1, cutoff=0.6)
            hint = f"; did you mean '@{close[0]}'?" if close else (
                f" (known: {', '.join('@' + k for k in sorted(same)[:6])})" if same else
                " (give the target an id: {#" + ident + "})")
            diags.append(error(path, line, f"'{written}' refers to no figure, table, box or section{hint}", col))
    return diags


def _position(lines: Sequence[str], offset: int, line: int, written: str) -> Tuple[int, Optional[int]]:
    """``(line, col)`` of ``written``: on ``line`` or the first line after it that holds it (1-based)."""
    start = line - offset - 1
    for index in range(max(start, 0), min(max(start, 0) + 200, len(lines))):
        at = lines[index].find(written)
        if at >= 0:
            return index + offset + 1, at + 1
    return line, None
