"""The presenter's notes handout (``deck-notes.pdf``): every slide's title, bullets and full speaker notes.

``render(ctx) -> bytes`` plans the deck exactly as the deck renderer does
(:func:`briefgen.render.deck.plan_for`: the same slides, titles, bullets and
notes; no slide is drawn), turns the plan into blocks (:mod:`.plan`, pure)
and sets them with the ReportLab kit (:mod:`briefgen.render.pdfkit`), as the memo is set: its styles and fonts, its page
painter (running head, "Page X of Y", draft stamps) and guarded doc template,
so the handout paginates like the memo and looks like it. Each slide is one
block, with a bookmark; its heading keeps with its first lines.

The styles are ``memo.yaml``'s ``notes_title``, ``notes_slide``, ``notes_bullet``,
``notes_label`` and ``notes_text``; the words are the theme's labels
``notes_handout`` ("Presenter's Notes"), ``slide`` ("Slide {n}") and
``speaker_notes`` ("Speaker notes").
"""

from __future__ import annotations

import logging
from typing import Any, List

from ..pdfkit.setup import PdfJob, guarded
from ..pdfkit.placement import KEEP_ATTR, KEEP_LINES
from .plan import NoteBlock, introduces, note_blocks

log = logging.getLogger(__name__)


def render(ctx: Any) -> bytes:
    """The notes handout's bytes for ``ctx``."""
    return guarded(ctx, "notes handout", lambda: _render(ctx))


def _render(ctx: Any) -> bytes:
    from ..deck import plan_for
    from ..pdfkit.markup import text_runs

    doc = ctx.doc
    _prs, slides, _path = plan_for(ctx)
    blocks = note_blocks(slides)
    job = PdfJob(ctx, extra_chars=_block_chars(blocks))
    labels = job.labels
    heading = labels.get("notes_handout") or "Presenter's Notes"
    sheet = job.stylesheet()
    builder = job.builder(sheet)

    story: List[Any] = []
    story += builder.paragraph(text_runs(heading), "notes_label", None)
    story += builder.paragraph(text_runs(doc.meta.title_text), "notes_title", doc.meta.line_of("title"), tag_as="H1")
    for block in blocks:
        story += slide_flowables(builder, block, labels)

    painter = job.painter(sheet, labels.get("page", "Page {page} of {pages}"), series=heading)
    templates = job.single_frame("notes", "notes", painter.later_page, painter)
    built = job.build(story, builder, painter, templates, max_pages=job.max_pages,
                      title=f"{doc.meta.title_text} — {heading}")
    log.info("deck notes: %d slides, %d pages", len(blocks), built.pages)
    return built.data


def slide_flowables(builder: Any, block: NoteBlock, labels: Any) -> List[Any]:
    """One slide's block: "Slide N  Title", its bullets, then its speaker notes."""
    from reportlab.platypus import Paragraph

    from ... import model as m
    from ..pdfkit.markup import text_runs

    sheet = builder.sheet
    number = (labels.get("slide") or "Slide {n}").replace("{n}", str(block.number))
    title = block.title or block.extra or block.kind.replace("_", " ").capitalize()
    out: List[Any] = [builder.heading((m.Text(title),), "notes_slide", "", block.line, 0, number)]
    indent = builder.cfg.settings.lists.indent
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
            out += notes_part(builder, text, block.line)
    return out


LINE_HANG = 12.0
"""Points a line of a table row, list item or note hangs in when it wraps (its first line starts at the margin)."""


def notes_part(builder: Any, text: str, line: Any) -> List[Any]:
    """One paragraph of the slide's notes, as the deck writes them: prose as one paragraph; a part of
    several lines (a table one row a line, a list or timeline one item a line, the cited notes one
    numbered note a line) one paragraph a line, set ragged with a hanging indent and close together,
    the part's own space after its last line."""
    from ..pdfkit.markup import text_runs

    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if len(lines) <= 1:
        out = builder.paragraph(text_runs(" ".join(lines)), "notes_text", line)
        if out and introduces(" ".join(lines)):
            # a sub-heading stays with the first lines of its text, as the memo's headings do (ReportLab's
            # keepWithNext would keep it with the whole next paragraph and leave a hole at the page end)
            setattr(out[0], KEEP_ATTR, KEEP_LINES)
        return out
    after = builder.sheet["notes_text"].spaceAfter
    out: List[Any] = []
    for index, item in enumerate(lines):
        last = index == len(lines) - 1
        out += builder.paragraph(text_runs(item), "notes_text", line, alignment=0, leftIndent=LINE_HANG,
                                 firstLineIndent=-LINE_HANG, spaceBefore=0, spaceAfter=after if last else 2)
    return out


def _memo_run(run: Any) -> Any:
    from ..pdfkit.markup import Run

    return Run(run.text, bold=run.bold, italic=run.italic, code=run.mono, href=run.href or "")


def _block_chars(blocks: Any) -> set:
    chars: set = set()
    for block in blocks:
        chars.update(block.title + block.extra + "".join(block.notes))
        for bullet in block.bullets:
            chars.update("".join(r.text for r in bullet.runs))
    return chars
