"""Page breaks a typesetter would make: floats, and headings kept with their text.

Two rules the layout loop (:class:`~.guard.guarded_doc_template_class`) applies
before ReportLab places the next flowable:

* **Floats.** A figure, chart or table marked with :data:`FLOAT_ATTR` that
  does not fit in the space left on the page (but fits on an empty one, or is
  taller than a page and cannot start in the space left) is taken out of the story; the text after it fills the page, and the float is
  put back at the top of the next frame, before whatever comes there (LaTeX's
  ``[tp]``). Floats keep their order among themselves; what is still waiting
  when the story ends is set at its end. Tags are made at build time in
  reading order (:mod:`.tagmap`), so the PDF's structure keeps the float where
  the author put it.
* **Headings.** A heading marked with :data:`KEEP_ATTR` (``keep_with_next`` in
  ``memo.yaml``) needs room for itself, the headings right after it, and the
  first lines of what follows (:data:`KEEP_LINES` lines of body text); with
  less room left the frame ends there. ReportLab's own ``keepWithNext`` keeps
  a heading with the whole next paragraph, which left holes at page ends.

:func:`float_decision` and :func:`heading_room` are pure and unit-tested.
"""

from __future__ import annotations

import logging
from typing import Any, List, Sequence, Tuple

log = logging.getLogger(__name__)

FLOAT_ATTR = "_briefgen_float"
KEEP_ATTR = "_briefgen_keep_lines"
#: Set on a block that ends with a rule (a pull quote): a heading's rule right after it is dropped.
RULE_BELOW_ATTR = "_briefgen_rule_below"
#: Lines of the following text a heading keeps on its page.
KEEP_LINES = 2
#: The share of a heading's space above it may give up at a page's foot to keep its stack there.
HEADING_SHRINK = 0.25


def float_decision(height: float, available: float, full: float, text_follows: bool,
                   starts_here: bool = True) -> str:
    """What to do with a float ``height`` tall: ``place`` it here (it fits, or it is
    taller than a page and must split anyway, and a first piece of it goes in the
    room left: ``starts_here``), or ``defer`` it to the next page's top (text
    follows that can fill this page). A float taller than a page that cannot start
    here (a table whose caption, header and first row do not fit) would otherwise
    move on by itself and leave the rest of this page empty."""
    if not text_follows or height <= available:
        return "place"
    if height > full and starts_here:
        return "place"
    return "defer"


def heading_room(heights: Sequence[float], next_lines: float) -> float:
    """The room a run of headings (heights with their spacing) needs: all of them
    and ``next_lines`` points of what follows."""
    return sum(heights) + next_lines


def is_float(flowable: Any) -> bool:
    """True for a flowable marked as a float."""
    return bool(getattr(flowable, FLOAT_ATTR, False))


def mark_float(flowable: Any) -> Any:
    """Mark ``flowable`` as a float; returns it."""
    setattr(flowable, FLOAT_ATTR, True)
    return flowable


def float_height(flowable: Any, canv: Any, width: float, full: float) -> float:
    """The height ``flowable`` takes set whole. A ``KeepTogether`` (a figure or chart with its caption)
    answers ``wrap`` with a huge height to make ReportLab split it; its content's height is what it
    keeps as ``_H`` (read it so, or every captioned figure reads as taller than a page and never floats)."""
    _, height = flowable.wrapOn(canv, width, full)
    if height >= 0xFFFFFF:
        height = getattr(flowable, "_H", height)
    return height


def frame_room(frame: Any, flowable: Any) -> float:
    """Height left in ``frame`` for ``flowable`` (its space before counted when not at the top)."""
    room = frame._y - frame._y1p
    if not frame._atTop:
        room -= flowable.getSpaceBefore()
    return room


def frame_full(frame: Any) -> float:
    """Height of ``frame`` when empty."""
    return frame._y2 - frame._topPadding - frame._y1p


def space_between(after: float, before: float, collapse: bool) -> float:
    """The space a frame puts between a block with ``after`` points below it and one with ``before``
    above: the larger of the two where the frame overlaps them (ReportLab's ``overlapAttachedSpace``,
    on by default), else their sum. Counted as the frame adds it: ``after`` is already spent, so this
    returns what the second block adds."""
    return max(before - after, 0.0) if collapse else before


def heading_shrink(flowable: Any) -> float:
    """How much the space above a heading may give at a page's foot so its stack and two lines of
    text stay on the page (:data:`HEADING_SHRINK` of it: 4.5 pt of 18), as a typesetter tightens
    the glue above a head rather than leave the page's last lines empty."""
    return HEADING_SHRINK * flowable.getSpaceBefore()


def heading_frame_room(frame: Any, flowable: Any) -> float:
    """Height left in ``frame`` for ``flowable`` as the frame measures it: its space before less the
    space after the block above, which the frame has already taken (the two overlap)."""
    room = frame._y - frame._y1p
    if not frame._atTop:
        room -= space_between(getattr(frame, "_prevASpace", 0.0), flowable.getSpaceBefore(),
                              bool(getattr(frame, "_oASpace", 0)))
    return room


def heading_stack(flowables: List[Any], width: float, collapse: bool) -> Tuple[List[float], float]:
    """The headings at the front of ``flowables`` (at most six), as the frame sets them: each one's
    height with the space it adds above (none for the first: the frame's room already counts it) and
    below, and the space after the last (which the next block's space before overlaps with ``collapse``)."""
    heights: List[float] = []
    after = 0.0
    for i, flowable in enumerate(flowables[:6]):
        if not getattr(flowable, KEEP_ATTR, 0):
            break
        _, h = flowable.wrap(width, 1e9)
        before = space_between(after, flowable.getSpaceBefore(), collapse) if i else 0.0
        after = flowable.getSpaceAfter()
        heights.append(h + before + after)
    return heights, after


def needed_for_headings(flowables: List[Any], width: float, body_leading: float, collapse: bool = False) -> float:
    """Room for the headings at the front of ``flowables`` and the lines after them.

    With ``collapse`` the space after one block and the space before the next overlap as the frame
    sets them (a heading's 7 pt after and a subheading's 12 pt before make 12 pt, not 19): counting
    their sum asked more room than a stack takes, and sent a heading that fitted to the next page."""
    heights, after = heading_stack(flowables, width, collapse)
    lines = KEEP_LINES * body_leading
    if len(heights) < len(flowables):
        flowable = flowables[len(heights)]
        style = getattr(flowable, "style", None)
        if style is not None and hasattr(style, "leading") and not is_float(flowable):
            lines = KEEP_LINES * style.leading + space_between(after, flowable.getSpaceBefore(), collapse)
    return heading_room(heights, lines)


#: Blocks that are a page or frame break rather than content (a block kept whole that does not fit
#: answers its split with one of these first).
BREAKS = ("FrameBreak", "NullActionFlowable", "PageBreak", "CondPageBreak")


def follower_starts(flowables: List[Any], width: float, room: float, collapse: bool, canv: Any, full: float) -> bool:
    """Whether the text after the headings at the front of ``flowables`` really starts in ``room`` (the
    height the frame has left for the first heading): it fits whole, or it splits there.

    :func:`needed_for_headings` counts two lines of it; a paragraph may still refuse to split in that
    room (no hyphen on a page's last line: its first two or three lines end hyphenated, and it moves
    on whole), and the headings would be left alone at the page foot (``full``: the frame's whole
    height). A float right after the headings that does not fit will wait for the next page (see
    :func:`float_decision`): the text after it is judged instead. A table starts if a first piece of
    its rows splits off in the room left; a block kept whole if it fits or is taller than a page."""
    heights, after = heading_stack(flowables, width, collapse)
    room -= sum(heights)
    for flowable in flowables[len(heights):12]:
        left = room - space_between(after, flowable.getSpaceBefore(), collapse)
        style = getattr(flowable, "style", None)
        text = style is not None and hasattr(style, "leading")
        if is_float(flowable):
            if float_height(flowable, canv, width, full) <= left:
                return True  # set here, under the headings
            continue  # it will wait for the next page: the text after it must start here
        if not text and type(flowable).__name__ == "Spacer":
            continue  # a float's space below goes with it
        if not hasattr(flowable, "splitOn"):
            return True
        height = float_height(flowable, canv, width, full) if not text else flowable.wrap(width, max(left, 0.0))[1]
        if left > 0 and height <= left + (1e-6 if text else 0.0):
            return True
        if not text and height > full:
            return True  # taller than a page: it splits anyway, its first piece here
        if left <= 0:
            return False
        pieces = flowable.splitOn(canv, width, left) or []
        return len(pieces) >= 2 and type(pieces[0]).__name__ not in BREAKS
    return True
