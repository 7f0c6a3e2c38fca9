"""The kit's own flowable pieces: headings with bookmarks, tagged list bullets, split-paragraph seams.

The block builder (:mod:`.builder`) uses these; they know nothing of the model.
"""

from __future__ import annotations

import functools
import logging
from typing import Any, Dict, List, Optional

from ..pdftags import LAYOUT, tag
from .markup import Run
from .page import artifact

log = logging.getLogger(__name__)


def heading_paragraph_class() -> type:
    """A Paragraph that adds a bookmark and an outline entry where it is drawn."""
    from reportlab.platypus import Paragraph

    class HeadingParagraph(Paragraph):
        """A heading: outline entry at ``outline_level`` and an optional rule above."""

        outline_key = ""
        outline_title = ""
        outline_level = -1
        rule: Optional[tuple] = None

        def draw(self) -> None:
            canv = self.canv
            if self.outline_key:
                canv.bookmarkHorizontal(self.outline_key, 0, self.height + self.style.fontSize * 0.3)
                canv.addOutlineEntry(self.outline_title, self.outline_key, self.outline_level, closed=False)
            if self.rule and not self._at_frame_top():
                width, color, gap = self.rule
                with artifact(canv, "Layout"):
                    canv.saveState()
                    canv.setStrokeColor(color)
                    canv.setLineWidth(width)
                    y = self.height + gap
                    canv.line(0, y, self.width, y)
                    canv.restoreState()
            super().draw()

        def _at_frame_top(self) -> bool:
            """True when drawn first in its frame (no rule under the running head)."""
            frame = getattr(self, "_frame", None)
            if frame is None:
                frame = getattr(getattr(self.canv, "_doctemplate", None), "frame", None)
            return bool(getattr(frame, "_atTop", 0))

    return HeadingParagraph


def continuation(i: int, last: int, style: Any) -> Dict[str, Any]:
    """Style changes for piece ``i`` of a split paragraph (no visible seam)."""
    changes: Dict[str, Any] = {}
    if i > 0:
        changes["spaceBefore"] = 0
        changes["firstLineIndent"] = 0
    if i < last:
        changes["spaceAfter"] = 0
    return changes


def tag_bullets(flowable: Any, labels: List[Any]) -> None:
    """Have each item's bullet (ReportLab's ``BulletDrawer``) drawn as that item's ``Lbl``.

    ReportLab makes a list's bullets only when it is first measured
    (``_getContent``), so the list's class is swapped for one that tags them then.
    """
    flowable.__class__ = _labelled_list_class(type(flowable))
    flowable._pdftag_labels = labels


@functools.lru_cache(maxsize=None)
def _labelled_list_class(cls: type) -> type:
    def _getContent(self: Any) -> Any:  # ReportLab's name
        content = cls._getContent(self)
        labels = getattr(self, "_pdftag_labels", [])
        bullets = [b for b in (getattr(f, "_bullet", None) for f in content) if b is not None]
        if len(bullets) != len(labels):
            log.debug("list: %d bullets for %d items; bullets set as artifacts", len(bullets), len(labels))
            labels = [LAYOUT] * len(bullets)
        for bullet, label in zip(bullets, labels):
            tag(bullet, label)
        return content

    def _makeLIIndenter(self: Any, flowable: Any, bullet: Any, params: Any = None) -> Any:  # ReportLab's name
        made = cls._makeLIIndenter(self, flowable, bullet, params)
        object.__setattr__(made, "__class__", item_indenter_class())  # its own __setattr__ passes names on to its content
        return made

    return type(f"Labelled{cls.__name__}", (cls,), {"_getContent": _getContent, "_makeLIIndenter": _makeLIIndenter,
                                                     "__module__": __name__})


@functools.lru_cache(maxsize=None)
def item_indenter_class() -> type:
    """A list item's part (ReportLab's ``LIIndenter``) that splits as its paragraph does.

    ReportLab's own refuses to split a justified paragraph that would leave fewer
    than three lines for the next page, and moves the whole item on: a hole of up
    to a third of a page above a long item. The paragraph's style already keeps
    two lines on each side (``allow_orphans``, ``allow_widows``: false); that rule
    is the one a list item follows too.
    """
    from reportlab.platypus.flowables import LIIndenter

    class ItemIndenter(LIIndenter):
        """An indented list item part whose split is its content's split."""

        def split(self, aW: float, aH: float) -> List[Any]:  # ReportLab's names
            pieces = self._flowable.split(aW - self._leftIndent - self._rightIndent, aH)
            out: List[Any] = []
            last = len(pieces) - 1
            for i, piece in enumerate(pieces):
                out.append(ItemIndenter(piece, leftIndent=self._leftIndent, rightIndent=self._rightIndent,
                                        bullet=self._bullet if i == 0 else None,
                                        spaceBefore=self.__dict__.get("spaceBefore") if i == 0 else None,
                                        spaceAfter=self.__dict__.get("spaceAfter") if i == last else None))
            return out

    return ItemIndenter


def spoken_text(runs: List[Run], upper: bool = False) -> str:
    """A paragraph's text as a reader should hear it (note numbers kept, no hyphenation)."""
    parts = [" " if r.br else (str(r.note) if r.note else r.text) for r in runs]
    text = " ".join("".join(parts).split())
    return text.upper() if upper else text


def heading_level(style_name: str, level: int) -> int:
    """The tag level (H1–H6) of a heading: its style's own (``h2``…), else below the title by outline ``level``."""
    if len(style_name) == 2 and style_name[0] == "h" and style_name[1].isdigit():
        return int(style_name[1])
    return min(max(level + 2, 2), 6)


def ends_hyphenated(paragraph: Any) -> bool:
    """True when the last line of a laid-out paragraph piece ends with a hyphen."""
    para = getattr(paragraph, "blPara", None)
    if para is None:
        return False
    lines = para.lines
    if not lines:
        return False
    line = lines[-1]
    if isinstance(line, tuple):
        words = line[1]
        return bool(words) and str(words[-1]).endswith("-")
    texts = [t for t in (getattr(f, "text", "") for f in getattr(line, "words", [])) if t]
    return bool(texts) and str(texts[-1]).endswith("-")


def loosest_gap(lines: List[Any]) -> float:
    """The widest extra space per word gap over all lines but the last (points)."""
    worst = 0.0
    for line in lines[:-1]:
        if isinstance(line, tuple):
            extra, gaps = line[0], len(line[1]) - 1
        else:
            extra, gaps = getattr(line, "extraSpace", 0.0), getattr(line, "wordCount", 1) - 1
        if getattr(line, "lineBreak", False):
            continue
        if gaps > 0:
            worst = max(worst, extra / gaps)
    return worst


@functools.lru_cache(maxsize=None)
def limited_paragraph_class() -> type:
    """A Paragraph that sets itself ragged right when justifying would stretch a word
    space by more than ``max_word_space`` ems (a loose line in a narrow box)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    class LimitedParagraph(Paragraph):
        """Justified within a word-spacing limit, else ragged right (:func:`loosest_gap`)."""

        max_word_space = 0.0  # extra space per gap, in ems (0: no limit)

        def wrap(self, availWidth: float, availHeight: float) -> tuple:  # ReportLab's names
            size = super().wrap(availWidth, availHeight)
            style = self.style
            if self.max_word_space and style.alignment == 4 and getattr(self, "blPara", None) is not None:
                if loosest_gap(self.blPara.lines) > self.max_word_space * style.fontSize:
                    log.debug("word spaces past %.2fem: set ragged right", self.max_word_space)
                    self.style = ParagraphStyle(style.name + "|ragged", parent=style, alignment=0)
                    size = super().wrap(availWidth, availHeight)
            return size

        def breakLines(self, width: Any) -> Any:  # ReportLab's name
            # ReportLab keeps the broken words as the paragraph's frags; broken again at another
            # width, it rejoins a web address split after its own '-' without that hyphen
            # ("Budget-" / "Submission" -> "BudgetSubmission"): always break the frags as written
            source = self.__dict__.get("_source_frags")
            if source is None:
                self._source_frags = list(self.frags)
            elif self.frags is not source:
                self.frags = list(source)
            reset = getattr(self.style.hyphenationLang, "reset", None)
            if reset is not None:
                reset()  # the hyphenator counts hyphenated lines in a row within one paragraph
            return super().breakLines(width)

        def split(self, availWidth: float, availHeight: float) -> List[Any]:
            parts = super().split(availWidth, availHeight)
            if len(parts) == 2 and ends_hyphenated(parts[0]):
                # no hyphen on a page's (or column's) last line: give that line (or the two, at most
                # two hyphenated lines run in a row) to the next page, or (a piece of two or three
                # lines) the whole paragraph. The room is counted in whole lines: less room by one
                # leading can still hold the same lines when the room was not a whole number of them.
                lines = len(parts[0].blPara.lines)
                leading = self.style.leading
                for fewer_lines in range(lines - 1, max(lines - 3, 1), -1):
                    fewer = super().split(availWidth, fewer_lines * leading + 1e-3)
                    if len(fewer) == 2 and not ends_hyphenated(fewer[0]):
                        parts = fewer
                        break
                else:
                    if lines <= 3:
                        return []
            for part in parts:  # decided once: a piece re-set otherwise would not fit where it was measured
                part.max_word_space = 0.0
            if len(parts) == 2 and parts[0].wrap(availWidth, availHeight)[1] > availHeight + 1e-6:
                log.debug("paragraph split came out taller than %.1fpt; moving on", availHeight)
                return []  # ReportLab would stop with "Splitting error"; the paragraph goes to the next frame
            return parts

    return LimitedParagraph
