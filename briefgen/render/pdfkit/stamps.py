"""Draft and embargo stamps on the memo's pages (and on every PDF built from its machinery).

One page decoration, drawn by :meth:`StampPainter.draw` from the page
templates' ``onPageEnd`` callbacks (over the content: the mark is
translucent, and no shaded box can hide it), apart from everything else on the page (it
will become ``/Artifact`` content once the memo is tagged):

* the draft mark ("DRAFT"), large, faint and at an angle across the page;
* the embargo line at the top edge, centered;
* the draft footer (build date and source hash) at the bottom edge, centered.

The words come from :func:`briefgen.render.common.stamps.stamps_for` (theme labels);
the look from ``memo.yaml``: the styles ``stamp_draft``, ``stamp_embargo`` and
``stamp_footer``, and ``stamps.draft.opacity``/``angle``,
``stamps.embargo.offset`` (from the ``stamps.embargo.at`` edge: ``top`` or
``bottom``), ``stamps.footer.offset``.
"""

from __future__ import annotations

import logging
from typing import Any

from ..common.stamps import Stamps

log = logging.getLogger(__name__)


class StampPainter:
    """Draws one document's stamps on a page; does nothing for a final build."""

    def __init__(self, stamps: Stamps, cfg: Any, sheet: Any, width: float, height: float) -> None:
        self.stamps = stamps
        self.width = width
        self.height = height
        # Resolve every layout value now: an error inside a page callback comes back wrapped by ReportLab.
        self.mark_style = sheet["stamp_draft"] if stamps.mark else None
        self.embargo_style = sheet["stamp_embargo"] if stamps.embargo else None
        self.footer_style = sheet["stamp_footer"] if stamps.footer else None
        own = cfg.settings.stamps
        self.opacity = own.draft_opacity
        self.angle = own.draft_angle
        self.embargo_offset = own.embargo_offset
        self.embargo_at = own.embargo_at
        self.footer_offset = own.footer_offset

    @property
    def active(self) -> bool:
        """Whether there is anything to draw."""
        return bool(self.stamps)

    def draw(self, canv: Any, doc: Any = None) -> None:
        """Draw the stamps on the current page (a page callback's signature)."""
        if not self.stamps:
            return
        from .page import artifact

        with artifact(canv, "Pagination", "Watermark"):  # never read: the tagged memo marks it as page furniture
            self._draw(canv)

    def _draw(self, canv: Any) -> None:
        canv.saveState()
        if self.mark_style is not None:
            style = self.mark_style
            canv.saveState()
            canv.setFillColor(style.textColor)
            canv.setFillAlpha(self.opacity)
            canv.setFont(style.fontName, style.fontSize)
            canv.translate(self.width / 2, self.height / 2)
            canv.rotate(self.angle)
            canv.drawCentredString(0, -style.fontSize * 0.35, self.stamps.mark)
            canv.restoreState()
        if self.embargo_style is not None:
            y = self.height - self.embargo_offset if self.embargo_at == "top" else self.embargo_offset
            self._line(canv, self.embargo_style, self.stamps.embargo, y)
        if self.footer_style is not None:
            self._line(canv, self.footer_style, self.stamps.footer, self.footer_offset)
        canv.restoreState()

    def _line(self, canv: Any, style: Any, text: str, y: float) -> None:
        canv.setFillColor(style.textColor)
        canv.setFont(style.fontName, style.fontSize)
        canv.drawCentredString(self.width / 2, y, text)


def stamp_chars(stamps: Stamps) -> set:
    """Every character the stamps draw (so the embedded font subsets hold them)."""
    return set(stamps.mark + stamps.embargo + stamps.footer)
