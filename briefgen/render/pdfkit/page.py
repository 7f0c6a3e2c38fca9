"""Pages: the document template, running heads, "Page X of Y" and crop marks.

"Page X of Y" needs the page count before the footers are drawn, so the memo
uses the *numbered canvas* technique: :class:`NumberedCanvas` keeps every
finished page's state, and paints the footers only in ``save()``, when the
total is known. One layout pass, no second build.

The ``press`` print profile enlarges every page by the bleed plus room for
crop marks. It uses ReportLab's own ``cropMarks`` support with ``bleedWidth``
0 (ReportLab would otherwise *scale* the page content into the bleed), so the
trim area is laid out exactly as in the ``office`` profile; the masthead band
that touches the page edge is drawn ``bleed`` beyond the trim instead. Every
page gets a ``TrimBox`` (the paper size) and a ``BleedBox`` (trim + bleed).
"""

from __future__ import annotations

import contextlib
import logging
import time
from dataclasses import dataclass
from typing import Any, List, Optional

from .config import MemoConfig, PageGeometry
from .fonts import FontSet
from .styles import Stylesheet

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PressMarks:
    """ReportLab's ``cropMarks`` object (attributes it reads), plus the bleed."""

    borderWidth: float
    markLength: float
    markWidth: float
    markColor: Any
    bleedWidth: float = 0.0
    markLast: int = 1
    bleed: float = 0.0


def press_marks(cfg: MemoConfig) -> PressMarks:
    """Crop-mark settings from ``memo.yaml``'s ``press:`` section."""
    from reportlab.lib.colors import CMYKColor

    press = cfg.settings.press
    bleed = press.bleed
    offset = max(press.mark_offset, bleed)
    length = press.mark_length
    return PressMarks(
        borderWidth=offset + length,
        markLength=length,
        markWidth=press.mark_width,
        markColor=CMYKColor(1, 1, 1, 1),  # registration black
        bleed=bleed,
    )


@dataclass
class PagePainter:
    """Draws what is on every page but outside the frames."""

    cfg: MemoConfig
    sheet: Stylesheet
    fonts: FontSet
    geo: PageGeometry
    short_title: str
    organization: str
    page_label: str
    bleed: float = 0.0
    stamps: Any = None
    """A :class:`~briefgen.render.pdfkit.stamps.StampPainter` (drafts, embargoes), or None."""
    series: Any = None
    """The running head's right-hand words (None: the theme's ``labels.series``)."""
    section_at: Any = None
    """``section_at(page) -> str``: the section a page opens in, named in its running head (None: not named)."""
    section_side: str = "right"
    """Where the section's title goes in the running head: ``right`` (for the series words) or ``left``
    (the short title moves right)."""

    def __post_init__(self) -> None:
        # Resolve layout values now: an error raised inside a ReportLab page
        # callback comes back wrapped in ReportLab's own message.
        self.band_color = self.sheet.rgb(self.cfg.settings.masthead.band_color)

    def decorate(self, canv: Any, doc: Any) -> None:
        """The page decorations that are not the memo's own: draft and embargo stamps.

        The page templates' ``onPageEnd`` callback: drawn over the page's content
        (the mark is translucent), so no shaded box hides it."""
        if self.stamps is not None:
            self.stamps.draw(canv, doc)

    def first_page(self, canv: Any, doc: Any) -> None:
        """Page 1: the color band at the top edge (bleeds in the press profile)."""
        band = self.cfg.settings.masthead.top_band
        if band > 0:
            with artifact(canv, "Layout"):
                self._band(canv, band)

    def _band(self, canv: Any, band: float) -> None:
        if band > 0:
            canv.saveState()
            canv.setFillColor(self.band_color)
            b = self.bleed
            canv.rect(-b, self.geo.height - band, self.geo.width + 2 * b, band + b, stroke=0, fill=1)
            canv.restoreState()

    def later_page(self, canv: Any, doc: Any) -> None:
        """Pages 2 and on: the running head (short title, or the section) and its hairline."""
        with artifact(canv, "Pagination", "Header"):
            self._running_head(canv, int(getattr(doc, "page", 0)))

    def _running_head(self, canv: Any, page: int = 0) -> None:
        style = self.sheet["running_head"]
        y = self.geo.height - self.geo.header_offset
        canv.saveState()
        canv.setFont(style.fontName, style.fontSize)
        canv.setFillColor(style.textColor)
        text = self.short_title
        series = self.series if self.series is not None else self.cfg.theme.labels.get("series", "")
        section = self.section_at(page) if self.section_at is not None else ""
        if section:  # the short title and the section share the line
            left, right = (section, text) if self.section_side == "left" else (text, section)
            canv.drawString(self.geo.left, y, _fit(left, style, self.geo.frame_width * 0.47))
            canv.drawRightString(self.geo.width - self.geo.right, y, _fit(right, style, self.geo.frame_width * 0.47))
        else:
            canv.drawString(self.geo.left, y, _fit(text, style, self.geo.frame_width * 0.7))
        if series and not section:
            canv.drawRightString(self.geo.width - self.geo.right, y, series)
        rule = self.cfg.settings.page.header_rule
        if rule > 0:
            canv.setStrokeColor(self.sheet.theme_color("rule"))
            canv.setLineWidth(rule)
            canv.line(self.geo.left, y - 0.45 * style.fontSize - 2, self.geo.width - self.geo.right, y - 0.45 * style.fontSize - 2)
        canv.restoreState()

    def footer(self, canv: Any, page: int, pages: int) -> None:
        """The footer: organization on the left, "Page X of Y" on the right."""
        with artifact(canv, "Pagination", "Footer"):
            self._footer(canv, page, pages)

    def _footer(self, canv: Any, page: int, pages: int) -> None:
        style = self.sheet["footer"]
        y = self.geo.footer_offset
        canv.saveState()
        canv.setFont(style.fontName, style.fontSize)
        canv.setFillColor(style.textColor)
        if self.organization:
            canv.drawString(self.geo.left, y, _fit(self.organization, style, self.geo.frame_width * 0.6))
        canv.drawRightString(self.geo.width - self.geo.right, y, page_label(self.page_label, page, pages))
        canv.restoreState()


def artifact(canv: Any, kind: str, subtype: str = "") -> Any:
    """An artifact bracket on a tagging canvas (a no-op on any other)."""
    return canv.artifact(kind, subtype) if hasattr(canv, "artifact") else contextlib.nullcontext()


def page_label(template: str, page: int, pages: int) -> str:
    """Format the theme's ``labels.page`` (``Page {page} of {pages}``) safely."""
    return template.replace("{page}", str(page)).replace("{pages}", str(pages))


def _fit(text: str, style: Any, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` in ``style``'s font."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, style.fontName, style.fontSize) <= width:
        return text
    while text and stringWidth(text + "…", style.fontName, style.fontSize) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def make_canvas_class(painter: PagePainter, epoch: int, marks: Optional[PressMarks]) -> type:
    """A canvas class that draws "Page X of Y" footers once the count is known."""
    from reportlab.lib.utils import TimeStamp
    from reportlab.pdfgen.canvas import Canvas

    from ..pdftags import TaggingCanvas

    class NumberedCanvas(TaggingCanvas, Canvas):
        """Defers ``showPage`` to ``save`` so each footer can print the total; tags what it draws."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pdftags_init()
            stamp = TimeStamp(1)
            stamp.t = float(epoch)
            stamp.lt = time.gmtime(epoch)
            stamp.YMDhms = tuple(stamp.lt)[:6]
            self._doc._timeStamp = stamp
            self._bg_pages: List[dict] = []

        def showPage(self) -> None:  # ReportLab's name
            self._pdftags_check_page_end()
            self._bg_pages.append(dict(self.__dict__))
            # Destinations (bookmarks, <a name>) name the page by the document's
            # page counter: advance it now as the real showPage will later.
            self._doc.pageCounter += 1
            self._startPage()

        def save(self) -> None:
            total = len(self._bg_pages)
            self._doc.pageCounter -= total
            for state in self._bg_pages:
                self.__dict__.update(state)
                painter.footer(self, self._pageNumber, total)
                self._pdftags_wrap_page()
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def build_templates(geo: PageGeometry, painter: PagePainter) -> list:
    """The ``first`` page template (one frame) and ``later`` (``columns`` frames)."""
    from reportlab.platypus import Frame, PageTemplate

    def frame(fid: str, x: float, width: float) -> Frame:
        return Frame(x, geo.bottom, width, geo.frame_height, leftPadding=0, rightPadding=0,
                     topPadding=0, bottomPadding=0, id=fid, showBoundary=0)

    first = PageTemplate("first", [frame("first", geo.left, geo.frame_width)], onPage=painter.first_page,
                         onPageEnd=painter.decorate)
    cols = [frame(f"col{i}", geo.left + i * (geo.column_width + geo.gap), geo.column_width) for i in range(geo.columns)]
    later = PageTemplate("later", cols, onPage=painter.later_page, onPageEnd=painter.decorate)
    return [first, later]

