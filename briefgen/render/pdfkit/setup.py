"""One ReportLab PDF from layout to tagged bytes: the set-up every kit output shares, and its one error guard.

:class:`PdfJob` reads what a render needs once: ``memo.yaml``, the paper and
page geometry, the draft and embargo stamps, and the theme's fonts (registered
for every character the document, the theme's labels and the stamps use). It
then makes the pieces an attempt may remake (a stylesheet at a scale, a block
builder, a page painter), and :meth:`PdfJob.build` draws a story with the
guarded doc template and the numbered, tagging canvas, carrying the brief's
metadata, and returns the tagged bytes.

:func:`guarded` runs a renderer and turns whatever the layout raises into a
located :class:`~briefgen.errors.RenderError` (never a traceback).

The memo, the one-pager and the notes handout are each this sequence plus
their own story::

    job = PdfJob(ctx)
    sheet = job.stylesheet()
    builder = job.builder(sheet)
    story = [...]                       # flowables from builder
    painter = job.painter(sheet, page_label)
    pdf = job.build(story, builder, painter, job.single_frame("notes", "notes", painter.later_page, painter),
                    max_pages=job.max_pages)
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterable, List, Optional, Set

from ...errors import BriefgenError, RenderError, error
from .. import pdftags
from ..common.stamps import stamps_for
from .builder import BlockBuilder
from .config import MemoConfig, PageGeometry, load_memo_config, page_geometry
from .fonts import document_chars, register_theme_fonts
from .guard import NoProgress, guarded_doc_template_class
from .markup import MarkupWriter
from .page import PagePainter, PressMarks, make_canvas_class
from .pdfmeta import pdf_metadata
from .stamps import StampPainter, stamp_chars
from .styles import Stylesheet

log = logging.getLogger(__name__)

#: The attribute a layout failure (an exception) carries: the source line of the block being set.
EXC_LINE_ATTR = "briefgen_line"


def guarded(ctx: Any, what: str, render: Callable[[], bytes]) -> bytes:
    """``render()``, with every failure of the layout as a :class:`RenderError` at ``ctx.doc.source``.

    ``what`` names the output in the messages ("memo", "one-pager", "notes
    handout"). A stuck layout names the block's line; ReportLab's plain
    exceptions name it too when :meth:`PdfJob.build` could tell where it was.
    """
    source = ctx.doc.source
    try:
        return render()
    except BriefgenError:
        raise
    except NoProgress as exc:
        raise RenderError([error(source, exc.line, exc.message)]) from None
    except RecursionError:
        raise RenderError([error(source, None, f"the {what} is nested too deeply to lay out")]) from None
    except Exception as exc:  # ReportLab raises plain exceptions for layout failures
        log.debug("%s layout failed", what, exc_info=True)
        lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
        msg = lines[0][:300] if lines else type(exc).__name__
        line = getattr(exc, EXC_LINE_ATTR, None)
        if "too large on page" in msg:
            msg = "a block is taller than the page and cannot be split (" + msg[:200] + ")"
        raise RenderError([error(source, line, f"the {what} could not be laid out: {msg}")]) from None


@dataclass
class BuiltPdf:
    """A finished PDF: its tagged ``data``, its page count and the doc template that set it."""

    data: bytes
    pages: int
    template: Any


class PdfJob:
    """What every attempt at one output's PDF shares: settings, geometry, stamps, fonts.

    ``doc`` is the model to set (``ctx.doc`` unless given, e.g. the memo with
    its pull quotes inlined); ``cfg`` an already loaded ``memo.yaml``;
    ``geometry`` makes the page geometry from the config and the paper;
    ``extra_chars`` are characters the story draws beyond the document's own.
    """

    def __init__(self, ctx: Any, *, doc: Any = None, cfg: Optional[MemoConfig] = None,
                 geometry: Callable[[MemoConfig, str], PageGeometry] = page_geometry,
                 extra_chars: Iterable[str] = ()) -> None:
        pdftags.install()
        self.ctx = ctx
        self.doc = doc if doc is not None else ctx.doc
        theme = ctx.layout.theme
        self.labels = theme.labels
        self.cfg = cfg if cfg is not None else load_memo_config(ctx.layout, theme)
        self.paper = (ctx.options.paper or theme.paper or "letter").lower()
        self.geo = geometry(self.cfg, self.paper)
        self.stamps = stamps_for(self.doc, self.labels, ctx.options.draft)
        chars = document_chars(self.doc) | set("".join(self.labels.values())) | stamp_chars(self.stamps)
        chars |= set(extra_chars)
        self.fonts = register_theme_fonts(theme, chars | set("".join(chars).upper()))

    @property
    def max_pages(self) -> int:
        """The layout's page limit (``limits.max_pages``, at least 1)."""
        return self.cfg.settings.max_pages

    def stylesheet(self, **scaling: float) -> Stylesheet:
        """The layout's styles, scaled as :class:`Stylesheet` allows (``size``, ``leading``, ``space``)."""
        return Stylesheet(self.cfg, self.fonts, self.doc.lang, **scaling)

    def builder(self, sheet: Stylesheet, anchors: Optional[Set[str]] = None) -> BlockBuilder:
        """A block builder in ``sheet``; links may point at ``anchors`` (the in-document targets)."""
        writer = MarkupWriter(self.fonts, anchors if anchors is not None else set(),
                              self.cfg.resolve_color("link", "colors.link"),
                              self.cfg.theme.labels.get("note_ref", "Note {n}"))
        return BlockBuilder(self.ctx, self.cfg, sheet, self.fonts, writer, self.geo)

    def painter(self, sheet: Stylesheet, page_label: str, *, series: Any = None, bleed: float = 0.0,
                stamp_sheet: Optional[Stylesheet] = None) -> PagePainter:
        """The page painter: band, running head (``series`` on its right), footer with ``page_label``, stamps.

        The stamps are set in ``stamp_sheet`` (``sheet`` unless given)."""
        meta = self.doc.meta
        stamps = None
        if self.stamps:
            stamps = StampPainter(self.stamps, self.cfg, stamp_sheet or sheet, self.geo.width, self.geo.height)
        return PagePainter(self.cfg, sheet, self.fonts, self.geo, meta.short_title or meta.title_text,
                           meta.organization, page_label, bleed=bleed, stamps=stamps, series=series)

    def single_frame(self, template_id: str, frame_id: str, on_page: Callable[..., None],
                     painter: PagePainter) -> List[Any]:
        """One page template with one frame filling the text block; ``on_page`` draws under the page."""
        from reportlab.platypus import Frame, PageTemplate

        geo = self.geo
        frame = Frame(geo.left, geo.bottom, geo.frame_width, geo.frame_height, leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0, id=frame_id, showBoundary=0)
        return [PageTemplate(template_id, [frame], onPage=on_page, onPageEnd=painter.decorate)]

    def build(self, story: List[Any], builder: BlockBuilder, painter: PagePainter, templates: List[Any], *,
              max_pages: int, title: str = "", marks: Optional[PressMarks] = None, rewrap: bool = True,
              stats: Optional[Dict[str, int]] = None, watch: Optional[Callable[[Any], None]] = None) -> BuiltPdf:
        """Draw ``story`` and tag it: the guarded template, the brief's metadata (``title`` overrides its title).

        ``marks`` adds crop marks, trim and bleed boxes (the press profile);
        ``rewrap`` and ``stats`` go to :func:`~briefgen.render.pdftags.write_tags`;
        ``watch`` is called with the template before it sets anything.
        A layout failure leaves with the source line of the block being set.
        """
        geo = self.geo
        buf = io.BytesIO()
        kwargs: Dict[str, Any] = dict(
            pagesize=(geo.width, geo.height),
            pageTemplates=templates,
            leftMargin=geo.left, rightMargin=geo.right, topMargin=geo.top, bottomMargin=geo.bottom,
            **pdf_metadata(self.ctx, self.fonts, builder.sheet, title=title),
        )
        if marks is not None:
            bw = marks.borderWidth
            kwargs["cropMarks"] = marks
            kwargs["trimBox"] = (bw, bw, bw + geo.width, bw + geo.height)
            b = marks.bleed
            kwargs["bleedBox"] = (bw - b, bw - b, bw + geo.width + b, bw + geo.height + b)
        template = guarded_doc_template_class()(buf, **kwargs)
        template.max_pages = max_pages
        template.body_leading = builder.sheet["body"].leading
        if watch is not None:
            watch(template)
        try:
            template.build(list(story), canvasmaker=make_canvas_class(painter, self.doc.epoch, marks))
        except NoProgress:
            raise
        except Exception as exc:
            setattr(exc, EXC_LINE_ATTR, template.current_line)
            raise
        doc = self.ctx.doc
        data = pdftags.write_tags(buf.getvalue(), builder.tags.root, title=title or doc.meta.title_text,
                                  lang=doc.lang or "", link_texts=builder.writer.link_texts, stats=stats, rewrap=rewrap)
        return BuiltPdf(data, template.page, template)
