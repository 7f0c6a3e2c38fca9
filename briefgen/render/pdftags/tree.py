"""The structure tree of a tagged PDF, built before layout (pure: no ReportLab, no pikepdf).

A :class:`Node` is one structure element (``role`` is a standard PDF 1.7
structure type such as ``P``, ``H2``, ``L``, ``TD``). Its ``kids`` are, in
order, its child nodes (added when the story is built, so in source order)
and the content drawn for it (added by the tagging canvas while the pages
are drawn): :class:`MCR` (a marked-content sequence on a page) and
:class:`OBJR` (an annotation, e.g. a link's). An :class:`Artifact` stands
where a node would for content that is not read (running heads, page
numbers, repeated table headers, decorations).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

#: Roles whose flowables paint content (get marked-content sequences); other roles only group.
LEAF_ROLES = frozenset({"P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "Lbl", "TH", "TD", "Caption",
                        "Figure", "Formula", "Code", "Quote", "Span", "Note", "BibEntry"})
#: Roles kept in the tree even when nothing was drawn for them (table structure).
KEEP_EMPTY = frozenset({"TH", "TD", "TR", "Table", "L", "LI", "LBody", "Sect", "Document"})


@dataclass(frozen=True)
class MCR:
    """A marked-content sequence: page index (0-based) and its MCID on that page."""

    page: int
    mcid: int


@dataclass(frozen=True)
class OBJR:
    """An annotation owned by a node: page index and its index in the page's /Annots."""

    page: int
    index: int
    contents: str


@dataclass(frozen=True)
class Artifact:
    """Content that is not read: ``kind`` is Pagination, Layout or Page; ``subtype`` e.g. Header."""

    kind: str = "Layout"
    subtype: str = ""

    def properties(self) -> str:
        """The BDC property list for this artifact."""
        sub = f" /Subtype /{self.subtype}" if self.subtype else ""
        return f"<< /Type /{self.kind}{sub} >>"


PAGINATION = Artifact("Pagination")
LAYOUT = Artifact("Layout")


@dataclass(eq=False)
class Node:
    """One structure element; see the module docstring."""

    role: str
    parent: Optional["Node"] = None
    alt: str = ""
    title: str = ""
    actual_text: str = ""
    lang: str = ""
    attrs: Dict[str, str] = field(default_factory=dict)
    kids: List[Union["Node", MCR, OBJR]] = field(default_factory=list)
    bbox: Optional[Tuple[int, Tuple[float, float, float, float]]] = None
    #: the element's text as the source has it: becomes /ActualText if the layout hyphenates a word in it
    spoken: str = ""

    def __deepcopy__(self, memo: Dict[int, Any]) -> "Node":
        # A node is an identity: a flowable ReportLab copies to split it (a list inside
        # a table cell split across pages) still draws for this node, not a detached twin.
        return self

    def __copy__(self) -> "Node":
        return self

    def add(self, role: str, **kw: Any) -> "Node":
        """Append a new child node with ``role`` and return it."""
        child = Node(role, parent=self, **kw)
        self.kids.append(child)
        return child

    def remove(self) -> None:
        """Take this node out of its parent (a node built but never shown)."""
        if self.parent is not None:
            self.parent.kids = [k for k in self.parent.kids if k is not self]
            self.parent = None

    @property
    def is_leaf(self) -> bool:
        """True for roles whose flowables paint (and so get marked content)."""
        return self.role in LEAF_ROLES

    def nodes(self) -> Iterator["Node"]:
        """This node and every node under it, in tree order (iterative)."""
        stack: List[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed([k for k in node.kids if isinstance(k, Node)]))

    def content(self) -> List[Union[MCR, OBJR]]:
        """The content items directly owned by this node."""
        return [k for k in self.kids if not isinstance(k, Node)]

    def has_content(self) -> bool:
        """True when this node or a node under it owns drawn content."""
        return any(n.content() for n in self.nodes())

    def outline(self) -> List[Tuple[int, str, str]]:
        """``(depth, role, alt)`` for every node under this one (for tests and logs)."""
        out: List[Tuple[int, str, str]] = []
        stack: List[Tuple[int, Node]] = [(0, self)]
        while stack:
            depth, node = stack.pop()
            out.append((depth, node.role, node.alt))
            stack.extend(reversed([(depth + 1, k) for k in node.kids if isinstance(k, Node)]))
        return out


def prune(root: Node) -> None:
    """Drop nodes that hold no content and whose role does not keep them (never drawn)."""
    for node in reversed(list(root.nodes())):
        if node is root or node.parent is None:
            continue
        if not node.has_content() and node.role not in KEEP_EMPTY:
            node.remove()
        elif node.role in ("L", "LI", "LBody", "Sect", "Table", "TR") and not node.has_content():
            node.remove()
