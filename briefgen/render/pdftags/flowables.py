"""The platypus side: give any flowable a structure node, kept by every split piece.

``tag(flowable, node)`` turns the flowable (in place) into an instance of a
subclass that also derives from :class:`TaggedMixin`, so ``isinstance``
checks, attributes and ReportLab's own ``self.__class__(...)`` splitting keep
working. When drawn on a :class:`~.canvas.TaggingCanvas`, the flowable's
whole ``drawOn`` (its ``q … Q``) is bracketed as ``node``'s content (or as an
artifact when ``node`` is an :class:`~.tree.Artifact`); a ``Figure`` node
also gets its bounding box on the page. Group roles (Table, L, Sect) need no
flowable: their leaves are tagged and the group is only structure.

``label`` (a ``Lbl`` node) on a Paragraph with ``bulletText`` tags its bullet
(see :mod:`.patches`, which brackets ReportLab's bullet drawing).
"""

from __future__ import annotations

import functools
from typing import Any, Optional, Union

from .tree import Artifact, Node


class TaggedMixin:
    """Brackets ``drawOn`` as the content of ``_pdftag``; splits keep it."""

    _pdftag: Union[Node, Artifact, None] = None
    _pdftag_label: Optional[Node] = None

    def split(self, *args: Any, **kw: Any) -> Any:
        pieces = fitting_split(super().split, *args, **kw)  # type: ignore[misc]
        for piece in pieces or ():
            if piece is not self and getattr(piece, "_pdftag", None) is None:
                tag(piece, self._pdftag, None)
        if pieces and self._pdftag_label is not None and getattr(pieces[0], "_pdftag", None) is self._pdftag:
            pieces[0]._pdftag_label = self._pdftag_label
        return pieces

    def drawOn(self, *args: Any, **kw: Any) -> Any:  # ReportLab's name
        canvas = next((a for a in args[:2] if hasattr(a, "_pdftags")), None)
        owner = self._pdftag
        if canvas is None or owner is None:
            return super().drawOn(*args, **kw)  # type: ignore[misc]
        rec = canvas._pdftags
        if isinstance(owner, Node) and owner.role == "Figure" and not rec.in_artifact:
            owner.bbox = (canvas.getPageNumber() - 1, _bbox(self, canvas, args, kw))
        if isinstance(owner, Node) and owner.spoken and not owner.actual_text and _hyphenated(self):
            owner.actual_text = owner.spoken
        saved = rec.label
        rec.label = self._pdftag_label
        try:
            with canvas.tagged(owner):
                return super().drawOn(*args, **kw)  # type: ignore[misc]
        finally:
            rec.label = saved


#: How many times a split whose first piece comes out too tall is retried in less room.
SPLIT_RETRIES = 3


def fitting_split(split: Any, avail_w: float, avail_h: float, *rest: Any, **kw: Any) -> Any:
    """``split(avail_w, avail_h)``, retried in less room until its first piece fits ``avail_h``.

    ReportLab's Paragraph splits by counting lines, then its first piece
    breaks its words again; with embedded hyphenation a line that ended at a
    word's own hyphen ("(CPI-" / "U)") comes back one line longer, the piece
    no longer fits, and the layout stops with "Splitting error(n==2)" (CRS
    report RL34498 on A4). A line fewer is asked for instead (a bounded
    number of times); when none fits, no split (the block moves on).
    (ReportLab also drops that hyphen when it re-breaks the piece: "(CPIU)".)
    """
    room = avail_h
    for _ in range(SPLIT_RETRIES + 1):
        pieces = split(avail_w, room, *rest, **kw)
        if not pieces or len(pieces) != 2 or not hasattr(pieces[0], "blPara"):
            return pieces
        height = pieces[0].wrap(avail_w, avail_h)[1]
        if height <= avail_h + 1e-6:
            return pieces
        leading = float(getattr(getattr(pieces[0], "style", None), "leading", 0.0) or 0.0)
        room -= max(height - avail_h + 1e-3, leading)  # at least one line fewer
        if room <= 0:
            break
    return []


@functools.lru_cache(maxsize=None)
def _tagged_class(cls: type) -> type:
    return type(f"Tagged{cls.__name__}", (TaggedMixin, cls), {"__module__": cls.__module__})


def tag(flowable: Any, node: Union[Node, Artifact, None], label: Optional[Node] = None) -> Any:
    """Give ``flowable`` its structure node (or artifact); returns the flowable."""
    if flowable is None or node is None:
        return flowable
    if not isinstance(flowable, TaggedMixin):
        flowable.__class__ = _tagged_class(type(flowable))
    flowable._pdftag = node
    if label is not None:
        flowable._pdftag_label = label
    return flowable


def _bbox(flowable: Any, canvas: Any, args: tuple, kw: dict) -> tuple:
    """The flowable's box in page space (default user space), from the canvas's matrix."""
    x, y = (args[1], args[2]) if len(args) >= 3 else (0.0, 0.0)
    sw = args[3] if len(args) >= 4 else kw.get("_sW", 0)
    try:
        x = flowable._hAlignAdjust(x, sw)
    except Exception:  # pragma: no cover - flowables without hAlign
        pass
    w, h = float(getattr(flowable, "drawWidth", 0) or flowable.width), float(getattr(flowable, "drawHeight", 0) or flowable.height)
    a, b, c, d, e, f = getattr(canvas, "_currentMatrix", (1, 0, 0, 1, 0, 0))
    xs, ys = [], []
    for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h)):
        xs.append(a * px + c * py + e)
        ys.append(b * px + d * py + f)
    return (round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2))


def _hyphenated(flowable: Any) -> bool:
    """True when a line of a laid-out Paragraph ends with a hyphen (one the layout may have added)."""
    para = getattr(flowable, "blPara", None)
    if para is None or not getattr(getattr(flowable, "style", None), "hyphenationLang", ""):
        return False
    for line in para.lines[:-1]:
        if isinstance(line, tuple):
            words = line[1]
            last = words[-1] if words else ""
        else:
            texts = [getattr(f, "text", "") for f in getattr(line, "words", [])]
            texts = [t for t in texts if t]
            last = texts[-1] if texts else ""
        if str(last).endswith("-"):
            return True
    return False
