"""The drawing side: a canvas mixin that writes marked content and records who owns it.

:class:`TaggingCanvas` goes first in a ReportLab ``Canvas`` subclass's bases.
Drawing code (the flowable mixin, page callbacks) brackets what it paints with
:meth:`TaggingCanvas.tagged` (a structure node: ``/Role <</MCID n>> BDC …
EMC``, the MCID recorded on the node) or :meth:`TaggingCanvas.artifact`
(``/Artifact <<…>> BDC … EMC``). Brackets nest: opening one while another is
open closes the open one and reopens it (with a new MCID) afterwards, so
marked content never nests. Inside an artifact, :meth:`tagged` paints as
part of the artifact (a repeated header is not read again).

All state lives in one :class:`TagRecorder` (``canvas._pdftags``), so
canvases that save and restore their ``__dict__`` per page (the memo's
"Page X of Y" canvas) keep one record. Uses the private ``_code`` (the
page's operator list), ``_annotationrefs`` and ``_addAnnotation`` of
ReportLab 5.1's canvas (pinned; see :mod:`.patches`).
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any, Iterator, List, Optional, Tuple, Union

from .tree import MCR, OBJR, Artifact, Node

log = logging.getLogger(__name__)

#: an open bracket: its owner, and where its BDC is in the page's operator list
Frame = Tuple[Union[Node, Artifact], int]


class TaggingError(Exception):
    """The drawing broke a tagging rule (an internal error, never the user's)."""


class TagRecorder:
    """Per-page MCID counters, the open brackets and every annotation seen."""

    def __init__(self) -> None:
        self.next_mcid: dict = {}
        self.stack: List[Frame] = []
        self.mcids = 0
        self.artifacts = 0
        self.label: Optional[Node] = None
        self.target = ""
        self.untagged_text = 0
        self.wrapped = 0

    def new_mcid(self, page: int) -> int:
        """The next MCID on ``page`` (0-based index)."""
        n = self.next_mcid.get(page, 0)
        self.next_mcid[page] = n + 1
        self.mcids += 1
        return n

    @property
    def in_artifact(self) -> bool:
        """True while an artifact bracket is open."""
        return bool(self.stack) and isinstance(self.stack[-1][0], Artifact)  # one bracket is open at a time


class TaggingCanvas:
    """Mixin for a ReportLab ``Canvas``: marked content, MCIDs and link ownership."""

    _pdftags: TagRecorder

    def _pdftags_init(self) -> None:
        """Call from ``__init__`` after ``Canvas.__init__``."""
        self._pdftags = TagRecorder()

    # ------------------------------------------------------------------ brackets
    def _page_index(self) -> int:
        return self.getPageNumber() - 1  # type: ignore[attr-defined]

    def _open(self, owner: Union[Node, Artifact]) -> int:
        code = self._code  # type: ignore[attr-defined]
        if isinstance(owner, Artifact):
            code.append(f"/Artifact {owner.properties()} BDC")
            self._pdftags.artifacts += 1
            return len(code) - 1
        page = self._page_index()
        mcid = self._pdftags.new_mcid(page)
        code.append(f"/{owner.role} <</MCID {mcid}>> BDC")
        owner.kids.append(MCR(page, mcid))
        return len(code) - 1

    def _close(self, owner: Union[Node, Artifact], at: int) -> None:
        """End the bracket opened at ``at``; a bracket that painted nothing is taken back."""
        code = self._code  # type: ignore[attr-defined]
        if all(_state_only(line) for line in code[at + 1 :]):
            del code[at]
            if isinstance(owner, Node) and owner.kids and isinstance(owner.kids[-1], MCR):
                mcr = owner.kids.pop()
                rec = self._pdftags
                if rec.next_mcid.get(mcr.page) == mcr.mcid + 1:
                    rec.next_mcid[mcr.page] = mcr.mcid
                    rec.mcids -= 1
            return
        code.append("EMC")

    @contextlib.contextmanager
    def tagged(self, owner: Union[Node, Artifact, None]) -> Iterator[None]:
        """Paint the body as content of ``owner`` (a leaf node or an artifact)."""
        rec = self._pdftags
        if owner is None or (rec.in_artifact and not isinstance(owner, Artifact)) or \
                (rec.stack and rec.stack[-1][0] is owner):
            yield
            return
        outer = rec.stack.pop() if rec.stack else None
        if outer is not None:
            self._close(*outer)
        rec.stack.append((owner, self._open(owner)))
        try:
            yield
        finally:
            self._close(*rec.stack.pop())
            if outer is not None:
                rec.stack.append((outer[0], self._open(outer[0])))

    def artifact(self, kind: str = "Pagination", subtype: str = "") -> Any:
        """Paint the body as an artifact (``with canvas.artifact('Pagination', 'Header'):``)."""
        return self.tagged(Artifact(kind, subtype))

    @property
    def tag_owner(self) -> Union[Node, Artifact, None]:
        """The node or artifact whose bracket is open (None outside any)."""
        return self._pdftags.stack[-1][0] if self._pdftags.stack else None

    def _pdftags_check_page_end(self) -> None:
        """Call before a page is finished: no bracket may stay open across pages."""
        if self._pdftags.stack:
            raise TaggingError(f"marked content left open at the end of page {self.getPageNumber()}")  # type: ignore[attr-defined]

    def _pdftags_wrap_page(self) -> None:
        """Wrap what this page painted outside any bracket as ``/Artifact BMC … EMC``.

        Call right before ReportLab's own ``Canvas.showPage``. ReportLab writes
        each graphics object (a path with its painting operator, an image's
        ``q … Do Q``, a text object ``BT … ET``) as one entry of ``_code``, so
        wrapping whole entries keeps every object intact. Rules, backgrounds
        and borders need no tagging code this way; text found here is counted
        in ``untagged_text`` (a tagging bug: the tests require 0).
        """
        code = self._code  # type: ignore[attr-defined]
        out: List[str] = []
        depth = 0
        rec = self._pdftags
        for line in code:
            if line == "EMC":
                depth -= 1
            elif line.endswith(" BDC") or line.endswith(" BMC"):
                depth += 1
            elif depth == 0 and not _state_only(line) and not _text_state_only(line):
                if line.lstrip().startswith("BT") and ("Tj" in line or "TJ" in line):
                    rec.untagged_text += 1
                out.append("/Artifact BMC")
                out.append(line)
                out.append("EMC")
                rec.wrapped += 1
                continue
            out.append(line)
        code[:] = out

    # ------------------------------------------------------------------ links
    def linkRect(self, contents: Any, destinationname: Any, *args: Any, **kw: Any) -> Any:
        self._pdftags.target = str(destinationname or "")
        return super().linkRect(contents, destinationname, *args, **kw)  # type: ignore[misc]

    def linkURL(self, url: Any, *args: Any, **kw: Any) -> Any:
        self._pdftags.target = str(url or "")
        return super().linkURL(url, *args, **kw)  # type: ignore[misc]

    def _addAnnotation(self, annotation: Any, name: Any = None, addtopage: int = 1) -> None:
        index = len(self._annotationrefs)  # type: ignore[attr-defined]
        super()._addAnnotation(annotation, name, addtopage)  # type: ignore[misc]
        owner = self.tag_owner
        if not addtopage or not isinstance(owner, Node):
            return
        link = Node("Link", parent=owner)
        link.kids.append(OBJR(self._page_index(), index, self._pdftags.target))
        self._pdftags.target = ""
        owner.kids.append(link)



_STATE_OPS = frozenset("q Q cm w J j M d ri i gs RG rg G g K k CS cs SC sc SCN scn".split())


def _state_only(line: str) -> bool:
    """True when an operator line only changes graphics state (paints nothing)."""
    parts = line.split()
    return not parts or parts[-1] in _STATE_OPS


def _text_state_only(line: str) -> bool:
    """True for a text object that shows nothing (ReportLab's page preamble sets the font so)."""
    stripped = line.strip()
    return stripped.startswith("BT") and stripped.endswith("ET") and not any(
        op in stripped.split() for op in ("Tj", "TJ", "'", '"'))
