"""The memo's structure tree: which node each model block becomes (the memo-specific mapping).

:class:`MemoTags` is held by the block builder while the story is built, so
nodes are made in source order whatever frame the flowables land in:
Document > H1 (title), P (masthead lines), Sect (summary box: H2, P, L),
H2/H3… (headings, never skipping a level), P (one per source paragraph,
however many flowables and pages it takes), L > LI > Lbl + LBody, BlockQuote,
Table > Caption, TR > TH/TD, Figure (Alt, BBox) + Caption, Aside (a box or
callout, ``/T`` its title, role-mapped to Sect: H3 title + its blocks), Sect
(recommendations, notes, authors). A pull quote that repeats body text is an
artifact, so it is not read twice.

The generic part (nodes, the canvas, the flowable mixin, the writer) is
:mod:`briefgen.render.pdftags`.
"""

from __future__ import annotations

import contextlib
import re
from typing import Iterator, List, Optional, Union

from ... import model as m
from ..pdftags import LAYOUT, Artifact, Node

Owner = Union[Node, Artifact]


class MemoTags:
    """The tree being built and the current parent (a stack)."""

    def __init__(self, lang: str = "") -> None:
        self.root = Node("Document", lang=lang)
        self._stack: List[Node] = [self.root]
        self._artifact = 0
        self._level = 1  # the H1 is the title

    @property
    def parent(self) -> Node:
        """The node new nodes go under."""
        return self._stack[-1]

    @contextlib.contextmanager
    def group(self, role: str, **kw: str) -> Iterator[Optional[Node]]:
        """Make a grouping node (Sect, L, LI, LBody, Table, TR, BlockQuote) the parent inside."""
        if self._artifact:
            yield None
            return
        node = self.parent.add(role, **kw)
        self._stack.append(node)
        try:
            yield node
        finally:
            self._stack.pop()

    @contextlib.contextmanager
    def artifact(self) -> Iterator[None]:
        """Inside, every leaf asked for is an artifact (not read)."""
        self._artifact += 1
        try:
            yield
        finally:
            self._artifact -= 1

    def leaf(self, role: str = "P", **kw: str) -> Owner:
        """A new leaf under the current parent (an artifact inside :meth:`artifact`)."""
        if self._artifact:
            return LAYOUT
        return self.parent.add(role, **kw)

    def heading(self, level: int) -> Owner:
        """An H<level> node, moved up so no level is skipped after the previous heading."""
        level = max(1, min(level, self._level + 1, 6))
        self._level = level
        return self.leaf(f"H{level}")


def repeats_body(quote: m.PullQuote, doc: m.Document) -> bool:
    """True when the pull quote's words appear, in order, in the body's text."""
    said = _words(m.blocks_text(quote.blocks))
    if not said:
        return True
    body = tuple(b for b in m.all_body_blocks(doc) if not isinstance(b, m.PullQuote))
    text = " ".join(_words(m.blocks_text(body)))
    return " ".join(said) in text


def _words(text: str) -> List[str]:
    return re.findall(r"\w+", text.lower())
