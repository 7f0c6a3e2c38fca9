"""The presenter's notes handout (``deck-notes.pdf``): every slide's title, bullets and full speaker notes.

``render(ctx) -> bytes`` plans the deck exactly as the deck renderer does
(:func:`briefgen.render.deck.plan_for`: the same slides, titles, bullets and
notes; no slide is drawn), turns the plan into blocks (:mod:`.plan`, pure)
and sets them with the memo's machinery: its styles and fonts, its page
painter (running head, "Page X of Y", draft stamps) and guarded doc template,
so the handout paginates like the memo and looks like it. Each slide is one
block, with a bookmark; its heading keeps with its first lines.

The styles are ``memo.yaml``'s ``notes_title``, ``notes_slide``, ``notes_bullet``,
``notes_label`` and ``notes_text``; the words are the theme's labels
``notes_handout`` ("Presenter's Notes"), ``slide`` ("Slide {n}") and
``speaker_notes`` ("Speaker notes").
"""

from __future__ import annotations

import io
import logging
from typing import Any, List

from ...errors import BriefgenError, RenderError, error
from .plan import NoteBlock, note_blocks

log = logging.getLogger(__name__)


def render(ctx: Any) -> bytes:
    """The notes handout's bytes for ``ctx``."""
    from ..memo.guard import NoProgress

    try:
        return _render(ctx)
    except BriefgenError:
        raise
    except NoProgress as exc:
        raise RenderError([error(ctx.doc.source, exc.line, exc.message)]) from None
    except Exception as exc:  # ReportLab raises plain exceptions
        log.debug("notes handout failed", exc_info=True)
        msg = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
        raise RenderError([error(ctx.doc.source, None, f"the notes handout could not be laid out: {msg}")]) from None


def _render(ctx: Any) -> bytes:
    from reportlab.platypus import Frame, PageTemplate

    from ..deck import plan_for
    from ..memo.config import load_memo_config, page_geometry
    from ..memo.flowables import BlockBuilder
    from ..memo.fonts import document_chars, register_theme_fonts
    from ..memo.guard import guarded_doc_template_class
    from ..memo.markup import MarkupWriter, text_runs
    from ..memo.page import PagePainter, make_canvas_class
    from ..memo.pdfmeta import pdf_metadata
    from ..memo.stamps import StampPainter, stamp_chars
    from ..memo.styles import Stylesheet
    from ..common.stamps import stamps_for

    doc, layout = ctx.doc, ctx.layout
    theme = layout.theme
    _prs, slides, _path = plan_for(ctx)
    blocks = note_blocks(slides)
    labels = theme.labels
    cfg = load_memo_config(layout, theme)
    paper = (ctx.options.paper or theme.paper or "letter").lower()
    geo = page_geometry(cfg, paper)
    stamps = stamps_for(doc, labels, ctx.options.draft)
    heading = labels.get("notes_handout") or "Presenter's Notes"
    chars = document_chars(doc) | set("".join(labels.values())) | stamp_chars(stamps) | _block_chars(blocks)
    fonts = register_theme_fonts(theme, chars | set("".join(chars).upper()))
    sheet = Stylesheet(cfg, fonts, doc.lang)
    writer = MarkupWriter(fonts, set(), cfg.resolve_color("link", "colors.link"))
    builder = BlockBuilder(ctx, cfg, sheet, fonts, writer, geo)

    story: List[Any] = []
    story += builder.paragraph(text_runs(heading), "notes_label", None)
    story += builder.paragraph(text_runs(doc.meta.title_text), "notes_title", doc.meta.line_of("title"), tag_as="H1")
    for block in blocks:
        story += slide_flowables(builder, block, labels)

    painter = PagePainter(cfg, sheet, fonts, geo, doc.meta.short_title or doc.meta.title_text, doc.meta.organization,
                          labels.get("page", "Page {page} of {pages}"), series=heading,
                          stamps=StampPainter(stamps, cfg, sheet, geo.width, geo.height) if stamps else None)
    frame = Frame(geo.left, geo.bottom, geo.frame_width, geo.frame_height, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0, id="notes", showBoundary=0)
    buf = io.BytesIO()
    template = guarded_doc_template_class()(
        buf, pagesize=(geo.width, geo.height),
        pageTemplates=[PageTemplate("notes", [frame], onPage=painter.later_page, onPageEnd=painter.decorate)],
        leftMargin=geo.left, rightMargin=geo.right, topMargin=geo.top, bottomMargin=geo.bottom,
        **pdf_metadata(ctx, fonts, sheet, title=f"{doc.meta.title_text} — {heading}"),
    )
    template.max_pages = max(cfg.integer("limits.max_pages", 5000), 1)
    from .. import pdftags

    pdftags.install()
    template.build(story, canvasmaker=make_canvas_class(painter, doc.epoch, None))
    log.info("deck notes: %d slides, %d pages", len(blocks), template.page)
    return pdftags.write_tags(buf.getvalue(), builder.tags.root, title=f"{doc.meta.title_text} — {heading}",
                              lang=doc.lang or "", link_texts=writer.link_texts)


def slide_flowables(builder: Any, block: NoteBlock, labels: Any) -> List[Any]:
    """One slide's block: "Slide N  Title", its bullets, then its speaker notes."""
    from reportlab.platypus import Paragraph

    from ... import model as m
    from ..memo.markup import text_runs

    sheet = builder.sheet
    number = (labels.get("slide") or "Slide {n}").replace("{n}", str(block.number))
    title = block.title or block.extra or block.kind.replace("_", " ").capitalize()
    out: List[Any] = [builder.heading((m.Text(title),), "notes_slide", "", block.line, 0, number)]
    indent = builder.cfg.length("lists.indent", 16)
    info = sheet.info("notes_bullet")
    from ..pdftags import tag

    with builder.tags.group("L"):  # the slide's bullets, read as a list (each item's mark is in its text)
        for bullet in block.bullets:
            runs = [_memo_run(r) for r in bullet.runs]
            left = indent * (bullet.level + 1) if bullet.bullet or bullet.number else indent * bullet.level
            style = sheet.derive("notes_bullet", leftIndent=left, bulletIndent=left - indent)
            mark = f"{bullet.number}." if bullet.number else ("•" if bullet.bullet else None)
            with builder.tags.group("LI"), builder.tags.group("LBody"):
                node = builder.tags.leaf("P")
            out.append(tag(Paragraph(builder.writer.runs(runs, info.role, info.upper), style, bulletText=mark), node))
            builder.report(bullet.line)
    if block.notes:
        out += builder.paragraph(text_runs(labels.get("speaker_notes") or "Speaker notes"), "notes_label_small", None)
        for text in block.notes:
            out += builder.paragraph(text_runs(text), "notes_text", block.line)
    return out


def _memo_run(run: Any) -> Any:
    from ..memo.markup import Run

    return Run(run.text, bold=run.bold, italic=run.italic, code=run.mono, href=run.href or "")


def _block_chars(blocks: Any) -> set:
    chars: set = set()
    for block in blocks:
        chars.update(block.title + block.extra + "".join(block.notes))
        for bullet in block.bullets:
            chars.update("".join(r.text for r in bullet.runs))
    return chars
