"""Cross-references: ``@fig-id``, ``@tbl-id``, ``@box-id``, ``@sec-id`` (pandoc-crossref's convention).

The source keeps a reference as the text the author wrote; :func:`targets` lists
what each id names (a figure, table or box with its number, a section with its
title) and :func:`resolve` rewrites every reference into an in-document link
whose text is "Figure 2", "Table 1", "Box 1" (the layout's labels) or the
section's title. Each renderer then draws an ordinary ``#id`` link: a live link
where it has the target (memo, handout, docx), plain text elsewhere (deck).

The source layer checks every reference (:func:`find_refs`, :func:`targets`)
and reports an unknown id, so :func:`resolve` never meets one it cannot name.
Only these four prefixes are cross-references; every other ``@key`` is a citation's.

An escaped reference, ``\\@fig-map`` in the source, is no reference (pandoc's rule: a
backslash-escaped ``@`` is text): the source layer writes :data:`ESCAPED_AT` before its
``@``, which :data:`REF` never matches after, and :func:`resolve` removes the mark, so
every output prints a literal "@fig-map".
"""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping, Tuple

from .blocks import Block, Box, Chart, Figure, SubHeading, Table
from .document import Document, Metadata
from .inlines import Code, Inline, Link, Text
from .text import plain_text
from .walk import all_body_blocks, walk_blocks

log = logging.getLogger(__name__)

PREFIXES = ("fig", "tbl", "box", "sec")
"""The id prefixes a cross-reference uses (``@fig-…``); citation keys never start with them."""

ESCAPED_AT = "\u2060"
"""Written by the source layer before an escaped ``@`` (``\\@fig-map``): U+2060 WORD JOINER,
which draws nothing and which no source can hold (the reader removes it as invisible)."""

REF = re.compile(r"(?<![\w@.\u2060])(\[)?@((?:fig|tbl|box|sec)-[\w-]*\w)(?(1)\])")
"""A reference as written: ``@fig-id`` or ``[@fig-id]`` (not inside a word or an e-mail address,
nor escaped: after :data:`ESCAPED_AT`)."""

DEFAULT_LABELS = {"figure": "Figure {n}", "table": "Table {n}", "box": "Box {n}"}
"""The label wording used when the layout's ``labels:`` has none."""


@dataclass(frozen=True)
class Target:
    """What an id names: ``kind`` (``figure``, ``table``, ``box``, ``section``), ``number``
    (0 for a section or an unnumbered block), ``title`` (a section's or box's title) and ``line``."""

    kind: str
    number: int
    title: str
    line: int

    def text(self, labels: Mapping[str, str]) -> str:
        """How a reference to this target reads: "Figure 2", "Box 1", a section's title."""
        if self.kind == "section" or not self.number:
            return self.title
        wording = labels.get(self.kind) or DEFAULT_LABELS[self.kind]
        return wording.replace("{n}", str(self.number))


def figure_blocks(doc: Document) -> Iterator[Block]:
    """The figures and charts that take a number, in reading order: a figure with a
    caption, a chart with a title (the ones the memo labels "Figure N")."""
    for block in walk_blocks(all_body_blocks(doc)):
        if (isinstance(block, Figure) and block.caption) or (isinstance(block, Chart) and block.title):
            yield block


def targets(doc: Document) -> Dict[str, Target]:
    """Every id a cross-reference may name, with what it names (the first of a repeated id wins)."""
    out: Dict[str, Target] = {}
    figures = {id(b): n for n, b in enumerate(figure_blocks(doc), 1)}
    for section in doc.sections:
        if section.anchor and section.title:
            out.setdefault(section.anchor, Target("section", 0, plain_text(section.title), section.line))
    for block in walk_blocks(all_body_blocks(doc)):
        if isinstance(block, SubHeading) and block.anchor:
            out.setdefault(block.anchor, Target("section", 0, plain_text(block.inlines), block.line))
        ident = getattr(block, "ident", "")
        if not ident:
            continue
        if isinstance(block, (Figure, Chart)):
            out.setdefault(ident, Target("figure", figures.get(id(block), 0), "", block.line))
        elif isinstance(block, Table):
            out.setdefault(ident, Target("table", block.number, "", block.line))
        elif isinstance(block, Box):
            out.setdefault(ident, Target("box", block.number, plain_text(block.title), block.line))
    return out


def find_refs(text: str) -> List[Tuple[int, str, str]]:
    """``(offset, written, id)`` for each reference in ``text``."""
    return [(m.start(), m.group(0), m.group(2)) for m in REF.finditer(text)]


def has_refs(doc: Document) -> bool:
    """True when some text of ``doc`` holds a cross-reference."""
    from .walk import iter_inlines

    return any(isinstance(n, Text) and "@" in n.text and REF.search(n.text) for n in iter_inlines(doc))


def has_escapes(doc: Document) -> bool:
    """True when some text of ``doc`` holds an escaped reference's mark (:data:`ESCAPED_AT`)."""
    from .walk import iter_inlines

    return ESCAPED_AT in doc.meta.short_title or any(
        isinstance(n, Text) and ESCAPED_AT in n.text for n in iter_inlines(doc))


def resolve(doc: Document, labels: Mapping[str, str]) -> Document:
    """``doc`` with every cross-reference made a ``#id`` link reading "Figure 2" (``labels``:
    the layout's ``labels:``); ``doc`` itself when it has none. A reference to an unknown id
    (the source layer reports those) is left as written. An escaped reference loses its mark
    (:data:`ESCAPED_AT`) and reads as written, "@fig-map"."""
    if not has_refs(doc) and not has_escapes(doc):
        return doc
    known = targets(doc)
    return _rebuild(doc, known, labels)


_LEAVES = (str, bytes, int, float, bool, type(None), Path, Code)


def _rebuild(node: Any, known: Mapping[str, Target], labels: Mapping[str, str]) -> Any:
    """A copy of ``node`` with references in its text replaced (links' own text left alone),
    and the marks of escaped references removed (from plain strings too: a running title)."""
    if isinstance(node, str):
        return node.replace(ESCAPED_AT, "") if ESCAPED_AT in node else node
    if isinstance(node, _LEAVES):
        return node
    if isinstance(node, tuple):
        out: List[Any] = []
        for item in node:
            if isinstance(item, Text) and "@" in item.text:
                out.extend(_split(item.text, known, labels))
            elif isinstance(item, Link):
                out.append(_unmarked(item))
            else:
                out.append(_rebuild(item, known, labels))
        return tuple(out)
    if isinstance(node, Link) or not dataclasses.is_dataclass(node) or isinstance(node, type):
        return node
    changes = {}
    for f in dataclasses.fields(node):
        if isinstance(node, Metadata) and f.name in ("extra", "positions"):
            continue
        value = getattr(node, f.name)
        new = _rebuild(value, known, labels)
        if new is not value and new != value:
            changes[f.name] = new
    return dataclasses.replace(node, **changes) if changes else node


def _unmarked(node: Any) -> Any:
    """``node`` (a link, its inlines) with the marks of escaped references removed."""
    if isinstance(node, Text):
        return Text(node.text.replace(ESCAPED_AT, "")) if ESCAPED_AT in node.text else node
    if isinstance(node, tuple):
        return tuple(_unmarked(item) for item in node)
    children = getattr(node, "children", None)
    if isinstance(children, tuple):
        return dataclasses.replace(node, children=_unmarked(children))
    return node


def _split(text: str, known: Mapping[str, Target], labels: Mapping[str, str]) -> List[Inline]:
    out: List[Inline] = []
    at = 0
    for m in REF.finditer(text):
        target = known.get(m.group(2))
        if target is None:
            continue
        if m.start() > at:
            out.append(Text(text[at:m.start()].replace(ESCAPED_AT, "")))
        out.append(Link((Text(target.text(labels).replace(ESCAPED_AT, "")),), "#" + m.group(2)))
        at = m.end()
    if at < len(text):
        out.append(Text(text[at:].replace(ESCAPED_AT, "")))
    return out
