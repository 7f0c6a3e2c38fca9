"""Layout that always ends: page breaks that make progress, or a located error.

ReportLab lays a story out by asking each flowable to ``split`` where it does
not fit, drawing the first piece and putting the rest back at the front of the
story. When a split returns a first piece that holds nothing (ReportLab's
in-row table split does this for a row whose cells cannot be divided in the
space left, e.g. a three-line quote paragraph with widow and orphan control in
two lines' room), the rest is the same flowable again and the build never
ends. Two defences live here:

* :func:`safe_table_class` — the ``Table`` every memo block uses. Its
  ``split`` refuses a split whose first piece holds no body content, so the
  table moves to the next frame instead of being re-split forever.
* :func:`guarded_doc_template_class` — a ``BaseDocTemplate`` that watches the
  layout loop: if handling flowables leaves the page, the frame, the position
  and the length of the story unchanged too many times in a row, or the memo
  runs past ``limits.max_pages``, it stops with :class:`NoProgress`, naming
  the source line of the block being set.

Blocks carry their source line as the attribute ``LINE_ATTR`` (set by
:class:`~briefgen.render.pdfkit.builder.BlockBuilder`), so both errors can
point at the block.
"""

from __future__ import annotations

import functools
import logging
from typing import Any, List, Optional

from .placement import (KEEP_ATTR, RULE_BELOW_ATTR, float_decision, float_height, follower_starts, frame_full, frame_room,
                        heading_frame_room, heading_shrink, is_float, needed_for_headings)

log = logging.getLogger(__name__)

#: Points of room a heading stack asks beyond its sum, so that rounding cannot leave its text's two lines
#: in 1.999 lines of room (ReportLab counts whole lines: the paragraph would not split there).
LINE_SLACK = 0.05

LINE_ATTR = "_briefgen_line"
#: Consecutive no-progress steps tolerated before the layout is declared stuck.
STALL_LIMIT = 200


class NoProgress(Exception):
    """The layout loop stopped moving; ``line`` is the block's source line (or None)."""

    def __init__(self, line: Optional[int], message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def tag_line(flowables: List[Any], line: Optional[int]) -> List[Any]:
    """Record ``line`` on each flowable that has none yet; returns ``flowables``."""
    if line:
        for flowable in flowables:
            if getattr(flowable, LINE_ATTR, None) is None:
                try:
                    setattr(flowable, LINE_ATTR, line)
                except AttributeError:  # pragma: no cover - flowables with __slots__
                    pass
    return flowables


def holds_content(table: Any, repeat_rows: int) -> bool:
    """True when a cell of ``table`` after its first ``repeat_rows`` rows holds anything."""
    for row in (getattr(table, "_cellvalues", None) or [])[repeat_rows:]:
        for value in row:
            if isinstance(value, (list, tuple)):
                if len(value):
                    return True
            elif value not in (None, ""):
                return True
    return False


@functools.lru_cache(maxsize=None)
def safe_table_class() -> type:
    """A ReportLab ``Table`` whose splits always make progress (or fail cleanly)."""
    from reportlab.platypus import Table

    class SafeTable(Table):
        """A ``Table`` that refuses a split whose first piece is empty.

        Returning no pieces makes ReportLab try the next frame; at the top of
        an empty frame that becomes "too large", which the memo reports as a
        located error, never a loop.
        """

        def split(self, availWidth: float, availHeight: float) -> List[Any]:
            parts = super().split(availWidth, availHeight)
            if len(parts) == 2:
                repeat = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
                if not holds_content(parts[0], repeat):
                    log.debug("table split made no progress in %.1fpt; moving on", availHeight)
                    return []
            return parts

        def onSplit(self, T: Any, byRow: int = 1) -> None:  # (ReportLab's names)
            line = getattr(self, LINE_ATTR, None)
            if line is not None:
                setattr(T, LINE_ATTR, line)
            super().onSplit(T, byRow)

    return SafeTable


def _is_spacer(flowable: Any) -> bool:
    """True for a plain ReportLab ``Spacer`` (space between blocks)."""
    from reportlab.platypus.flowables import Spacer

    return type(flowable) is Spacer


@functools.lru_cache(maxsize=None)
def flush_marker() -> Any:
    """The story's end marker while floats wait: an empty flowable the layout loop takes."""
    from reportlab.platypus.flowables import Spacer

    return Spacer(0, 0)


@functools.lru_cache(maxsize=None)
def guarded_doc_template_class() -> type:
    """A ``BaseDocTemplate`` that raises :class:`NoProgress` instead of looping."""
    from reportlab.platypus import BaseDocTemplate

    class GuardedDocTemplate(BaseDocTemplate):
        """Counts layout steps that change nothing; too many in a row is an error."""

        max_pages = 5000
        body_leading = 14.0
        current_line: Optional[int] = None
        _stalls = 0

        _floats: List[Any] = []
        _rule_below = False

        def handle_flowable(self, flowables: List[Any]) -> None:
            if flowables:
                self._place(flowables)
            if not flowables:
                return
            if flowables:
                line = getattr(flowables[0], LINE_ATTR, None)
                if line:
                    self.current_line = line
            if getattr(flowables[0], "rule", None) and self._rule_below:
                flowables[0].rule = None  # one rule, not two: the block above ends with one
            self._rule_below = bool(getattr(flowables[0], RULE_BELOW_ATTR, False))
            before = self._state(flowables)
            super().handle_flowable(flowables)
            if self._state(flowables) == before:
                self._stalls += 1
                if self._stalls > STALL_LIMIT:
                    raise NoProgress(self.current_line,
                                     f"the memo's page breaks made no progress on page {self.page}: "
                                     "this block cannot be set; shorten it or break it up")
            else:
                self._stalls = 0

        def handle_pageBegin(self) -> None:  # (ReportLab's name)
            super().handle_pageBegin()
            if self.page > self.max_pages:
                raise NoProgress(self.current_line,
                                 f"the memo ran past {self.max_pages} pages (limits.max_pages); "
                                 "this block keeps moving to the next page")

        def _place(self, flowables: List[Any]) -> None:
            """Floats and headings (:mod:`.placement`): may defer, put back or break the frame."""
            frame = getattr(self, "frame", None)
            if frame is None:
                return
            first = flowables[0]
            flush = flush_marker()
            if self._floats and (frame._atTop or first is flush):
                # ReportLab fails a block postponed twice; the floats going first are not its fault
                if hasattr(first, "_postponed"):
                    del first._postponed
                flowables[0:0] = self._floats
                self._floats = []
                return
            if first is flush:
                flowables.pop(0)
                return
            width = frame._getAvailableWidth()
            if is_float(first):
                height = float_height(first, self.canv, width, frame_full(frame))
                # the float's space below (a chart's Spacer) goes where the float goes
                below = 1 if len(flowables) > 1 and _is_spacer(flowables[1]) and flowables[1] is not flush else 0
                follows = len(flowables) > 1 + below and flowables[1 + below] is not flush
                room, full = frame_room(frame, first), frame_full(frame)
                # at a frame's top a float is set whatever comes (deferring it again would gain nothing)
                starts = height <= full or frame._atTop or (room > 0 and bool(first.splitOn(self.canv, width, room)))
                if float_decision(height, room, full, follows, starts) == "defer":
                    self._floats = self._floats + flowables[: 1 + below]
                    del flowables[: 1 + below]
                    if flowables[-1] is not flush:
                        flowables.append(flush)
                    if flowables and flowables[0] is not flush:
                        self._place(flowables)  # what now comes first (a heading) gets its own rule here
                return
            if getattr(first, KEEP_ATTR, 0) and not frame._atTop:
                collapse = bool(getattr(frame, "_oASpace", 0))
                need = needed_for_headings(flowables, width, self.body_leading, collapse)
                room = heading_frame_room(frame, first)
                short = need - room + LINE_SLACK  # a hair more: two lines in exactly two lines' room can count as 1.999
                if 1e-6 < short <= heading_shrink(first):  # the space above the stack gives a little
                    first.spaceBefore = first.getSpaceBefore() - short
                    room, short = room + short, 0.0
                if short <= 1e-6 and not follower_starts(flowables, width, room, collapse, self.canv, frame_full(frame)):
                    short = need  # its text cannot start here after all (a paragraph that will not split)
                if short > 1e-6 and need <= frame_full(frame):
                    from reportlab.platypus.doctemplate import FrameBreak

                    flowables.insert(0, FrameBreak)

        def _state(self, flowables: List[Any]) -> tuple:
            frame = getattr(self, "frame", None)
            return (self.page, id(frame), round(getattr(frame, "_y", 0.0), 3), len(flowables))

    return GuardedDocTemplate
