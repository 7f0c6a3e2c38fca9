"""The docx's front and back matter: masthead, title block, summary box, recommendations, authors,
page setup, document properties and the draft/embargo watermark.

A box is a one-cell table shaded in the theme's ``shade`` (:func:`box_cell`):
its label in *Box Heading*, its text in *Brief Box*, its items in *Box List*
with Word numbering.
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
            p.append(muted_run(", " + author.role, writer.styles.color("muted")))
    if meta.date_display:
        writer.paragraph(body, writer.styles.para("Date"), text=meta.date_display)


def box_cell(writer: "DocxWriter", body: Any, title: str) -> Any:
    """A one-cell table in the theme's shade with a hairline border (the memo's box): its ``w:tc``.

    The table is described for screen readers by ``title`` (``w:tblCaption``).
    """
    from .tables import new_table

    tbl = new_table(writer, [int(writer.text_width / 635)], title)
    tr = OxmlElement("w:tr")
    tc = OxmlElement("w:tc")
    tc_pr = OxmlElement("w:tcPr")
    width = OxmlElement("w:tcW")
    width.set(qn("w:w"), str(int(writer.text_width / 635)))
    width.set(qn("w:type"), "dxa")
    tc_pr.append(width)
    shd = OxmlElement("w:shd")
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", writer.styles.color("shade"))):
        shd.set(qn(key), value)
    tc_pr.append(shd)
    margins = OxmlElement("w:tcMar")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "144")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tc_pr.append(margins)
    tc.append(tc_pr)
    tr.append(tc)
    tbl.append(tr)
    body.append(tbl)
    return tc


def muted_run(text: str, color: str) -> Any:
    """A run of ``text`` not bold (whatever its paragraph style says), in ``color`` (``RRGGBB``): a role after a name."""
    run = text_run(text)
    r_pr = OxmlElement("w:rPr")
    bold = OxmlElement("w:b")
    bold.set(qn("w:val"), "0")
    shade = OxmlElement("w:color")
    shade.set(qn("w:val"), color)
    r_pr.append(bold)
    r_pr.append(shade)
    run.insert(0, r_pr)
    return run


def _box_items(writer: "DocxWriter", cell: Any, items: Any, ordered: bool) -> None:
    style = writer.styles.para("Box List")
    num_id = writer.numbering.new_list(ordered)
    for item in items:
        p = writer.paragraph(cell, style, item)
        number_paragraph(p, num_id, 0)


def summary_box(writer: "DocxWriter", body: Any) -> None:
    """The summary and the key points, in one box."""
    meta = writer.ctx.doc.meta
    if not meta.summary and not meta.key_points:
        return
    head, box = writer.styles.para("Box Heading"), writer.styles.para("Brief Box")
    words = labels(writer)
    cell = box_cell(writer, body, words.get("summary", "Summary"))
    if meta.summary:
        writer.paragraph(cell, head, text=words.get("summary", "Summary"))
        writer.write_blocks(cell, writer.document.part, meta.summary, box)
    if meta.key_points:
        writer.paragraph(cell, head, text=words.get("key_points", "Key Points"))
        _box_items(writer, cell, meta.key_points, ordered=False)
    writer.paragraph(body, writer.styles.para("Body Text"))  # Word joins adjacent tables: keep them apart


def recommendations(writer: "DocxWriter", body: Any) -> None:
    """The numbered recommendations in their box."""
    meta = writer.ctx.doc.meta
    if not meta.recommendations:
        return
    title = labels(writer).get("recommendations", "Recommendations")
    cell = box_cell(writer, body, title)
    writer.paragraph(cell, writer.styles.para("Box Heading"), text=title)
    _box_items(writer, cell, meta.recommendations, ordered=True)
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
    """A draft or embargo: Word's own watermark (what *Design > Watermark* writes) in every page's header, the
    draft footer in the footer. The watermark says the draft mark, else the embargo line; a draft under
    embargo keeps the embargo line atop the header too."""
    from docx.shared import RGBColor

    stamps = stamps_for(writer.ctx.doc, labels(writer), writer.ctx.options.draft)
    if not stamps:
        return
    text = stamps.mark or stamps.embargo
    font = writer.styles.font_family("heading") or writer.styles.font_family("body") or "Calibri"
    even = writer.document.settings.odd_and_even_pages_header_footer
    number = 0
    for section in writer.document.sections:
        # every header a page can show: a template's own first-page or even-page header too
        headers = [section.header] + ([section.first_page_header] if section.different_first_page_header_footer else [])
        headers += [section.even_page_header] if even else []
        for header in headers:
            number += 1
            header.is_linked_to_previous = False
            p = header.paragraphs[0] if header.paragraphs and not header.paragraphs[0].text else header.add_paragraph()
            p._p.append(watermark_run(text, font, WATERMARK_COLOR, number))
            if stamps.mark and stamps.embargo:
                p.alignment = 1
                run = p.add_run(stamps.embargo)
                run.bold = True
                run.font.color.rgb = RGBColor.from_string(writer.styles.color("accent"))
        if stamps.footer:
            footer = section.footer
            footer.is_linked_to_previous = False
            fp = footer.add_paragraph()
            fp.alignment = 1
            small = fp.add_run(stamps.footer)
            small.font.color.rgb = RGBColor.from_string(writer.styles.color("muted"))


WATERMARK_COLOR = "#C0C0C0"
"""Word's own watermark grey ("silver"), half transparent: it reads on any theme and prints light."""

WATERMARK_WIDTH_PT = 468.0
"""The watermark's width (the text column of a letter page, as Word makes it); its height follows the text."""


def watermark_run(text: str, font: str, color: str, number: int) -> Any:
    """A ``w:r`` holding Word's text watermark (``color``: ``#RRGGBB``): a VML WordArt shape (``#_x0000_t136``) named
    ``PowerPlusWaterMarkObject``, centred on the margins, turned 315 degrees, half transparent, behind the text.

    Word and LibreOffice both know it as a watermark (Word lists it under *Design > Watermark*, LibreOffice
    draws it as Fontwork); the ids are fixed, so the bytes are the same on every build."""
    from docx.oxml import parse_xml
    from xml.sax.saxutils import quoteattr

    clean = strip_controls(" ".join(text.split()))[:120] or "DRAFT"
    height = round(max(WATERMARK_WIDTH_PT / max(len(clean), 1) * 1.6, 24.0), 1)
    height = min(height, WATERMARK_WIDTH_PT / 3)
    family = strip_controls(font).replace('"', "")
    style = (f"position:absolute;margin-left:0;margin-top:0;width:{WATERMARK_WIDTH_PT:g}pt;height:{height:g}pt;rotation:315;"
             "z-index:-251654144;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
             "mso-position-vertical:center;mso-position-vertical-relative:margin")
    xml = (
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w10="urn:schemas-microsoft-com:office:word">'
        '<w:rPr><w:noProof/></w:rPr><w:pict>'
        '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">'
        '<v:formulas>'
        + "".join(f'<v:f eqn="{e}"/>' for e in (
            "sum #0 0 10800", "prod #0 2 1", "sum 21600 0 @1", "sum 0 0 @2", "sum 21600 0 @3", "if @0 @3 0",
            "if @0 21600 @1", "if @0 0 @2", "if @0 @4 21600", "mid @5 @6", "mid @8 @5", "mid @7 @8", "mid @6 @7",
            "sum @6 0 @5"))
        + '</v:formulas>'
        '<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" '
        'o:connectangles="270,180,90,0"/>'
        '<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>'
        '<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
        f'<v:shape id="PowerPlusWaterMarkObject{number}" o:spid="_x0000_s{2048 + number}" type="#_x0000_t136" '
        f'style="{style}" o:allowincell="f" fillcolor="{color}" stroked="f">'
        '<v:fill opacity=".5"/>'
        f'<v:textpath style={quoteattr(f"font-family:{chr(34)}{family}{chr(34)};font-size:1pt")} string={quoteattr(clean)}/>'
        '<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>'
    )
    return parse_xml(xml)
