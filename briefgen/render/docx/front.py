"""The docx's front and back matter: masthead, title block, summary box, recommendations, authors,
page setup, document properties and the draft/embargo stamp.

Boxes are runs of bordered, shaded paragraphs in the *Brief Box* style
(Word and LibreOffice draw adjacent paragraphs with the same borders as one
box); a box's label is in *Box Heading*, its items are Word numbering.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ... import model as m
from ..common.stamps import stamps_for
from ..common.xmlchars import strip_controls
from .inlines import Look, text_run
from .numbering import number_paragraph

if TYPE_CHECKING:  # pragma: no cover
    from .writer import DocxWriter

log = logging.getLogger(__name__)


def labels(writer: "DocxWriter") -> Any:
    """The theme's labels."""
    return writer.ctx.layout.theme.labels


def byline_block(writer: "DocxWriter", body: Any) -> None:
    """Organization and series, title, subtitle, each author (name and role), the date."""
    meta = writer.ctx.doc.meta
    series = labels(writer).get("series", "")
    head = " \u00b7 ".join(t for t in (meta.organization, series) if t)
    if head:
        writer.paragraph(body, writer.styles.para("Masthead"), text=head)
    writer.paragraph(body, writer.styles.para("Title"), meta.title)
    if meta.subtitle:
        writer.paragraph(body, writer.styles.para("Subtitle"), meta.subtitle)
    for author in meta.authors:
        p = writer.paragraph(body, writer.styles.para("Author"), text=author.name)
        if author.role:
            p.append(text_run(", " + author.role, Look()))
    if meta.date_display:
        writer.paragraph(body, writer.styles.para("Date"), text=meta.date_display)


def _box_items(writer: "DocxWriter", body: Any, items: Any, ordered: bool) -> None:
    style = writer.styles.para("Brief Box")
    num_id = writer.numbering.new_list(ordered)
    for item in items:
        p = writer.paragraph(body, style, item)
        number_paragraph(p, num_id, 0)


def summary_box(writer: "DocxWriter", body: Any) -> None:
    """The summary and the key points, in one box."""
    meta = writer.ctx.doc.meta
    if not meta.summary and not meta.key_points:
        return
    head, box = writer.styles.para("Box Heading"), writer.styles.para("Brief Box")
    if meta.summary:
        writer.paragraph(body, head, text=labels(writer).get("summary", "Summary"))
        writer.write_blocks(body, writer.document.part, meta.summary, box)
    if meta.key_points:
        writer.paragraph(body, head, text=labels(writer).get("key_points", "Key Points"))
        _box_items(writer, body, meta.key_points, ordered=False)
    writer.paragraph(body, writer.styles.para("Body Text"))  # ends the box


def recommendations(writer: "DocxWriter", body: Any) -> None:
    """The numbered recommendations in their box."""
    meta = writer.ctx.doc.meta
    if not meta.recommendations:
        return
    writer.paragraph(body, writer.styles.para("Box Heading"), text=labels(writer).get("recommendations", "Recommendations"))
    _box_items(writer, body, meta.recommendations, ordered=True)
    writer.paragraph(body, writer.styles.para("Body Text"))


def authors(writer: "DocxWriter", body: Any) -> None:
    """About the author(s) under a *Heading 1*: each name (bold) and role, then the bio."""
    people = writer.ctx.doc.meta.authors
    if not people:
        return
    words = labels(writer)
    label = words.get("about_authors_plural", "About the Authors") if len(people) > 1 else words.get("about_authors", "About the Author")
    writer.heading(body, 1, (m.Text(label),))
    text = writer.styles.para("Body Text")
    for person in people:
        p = writer.paragraph(body, text, text=person.name, look=Look(bold=True))
        if person.role:
            p.append(text_run(", " + person.role))
        p.find(qn("w:pPr")).append(OxmlElement("w:keepNext"))
        writer.write_blocks(body, writer.document.part, person.bio, text)


def page_setup(document: Any, paper: str) -> None:
    """The theme's paper (letter or A4) with one-inch margins (when there is no Word template)."""
    from docx.shared import Inches, Twips

    width, height = {"a4": (11906, 16838)}.get(paper, (12240, 15840))
    for section in document.sections:
        section.page_width, section.page_height = Twips(width), Twips(height)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Inches(1))


def set_properties(document: Any, doc: m.Document) -> None:
    """Core properties from the model (title, subject, authors, keywords, language); dates from the epoch."""
    from ..ooxml.package import epoch_datetime

    meta = doc.meta
    cp = document.core_properties
    when = epoch_datetime(doc.epoch)
    cp.title = strip_controls(meta.title_text)[:255]
    cp.subject = strip_controls(meta.subtitle_text or m.blocks_text(meta.summary))[:255]
    cp.author = strip_controls("; ".join(meta.author_names))[:255]
    cp.last_modified_by = cp.author
    cp.keywords = strip_controls(", ".join(meta.keywords))[:255]
    cp.language = strip_controls(doc.lang)[:64]
    cp.revision = 1
    cp.created = cp.modified = cp.last_printed = when
    for attr in ("category", "comments", "content_status", "identifier", "version"):
        setattr(cp, attr, "")
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rid]  # python-docx's template thumbnail shows another document


def stamp(writer: "DocxWriter") -> None:
    """A draft or embargo: a bold line atop every page's header, the draft footer in the footer."""
    stamps = stamps_for(writer.ctx.doc, labels(writer), writer.ctx.options.draft)
    if not stamps:
        return
    line = " \u00b7 ".join(t for t in (stamps.mark, stamps.embargo) if t)
    for section in writer.document.sections:
        header = section.header
        header.is_linked_to_previous = False
        p = header.paragraphs[0] if header.paragraphs and not header.paragraphs[0].text else header.add_paragraph()
        p.alignment = 1
        run = p.add_run(line)
        run.bold = True
        from docx.shared import RGBColor

        run.font.color.rgb = RGBColor.from_string(writer.styles.color("accent"))
        if stamps.footer:
            footer = section.footer
            footer.is_linked_to_previous = False
            fp = footer.add_paragraph()
            fp.alignment = 1
            small = fp.add_run(stamps.footer)
            small.font.color.rgb = RGBColor.from_string(writer.styles.color("muted"))
