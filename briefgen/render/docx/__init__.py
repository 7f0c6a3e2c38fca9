"""The Word document (``brief.docx``): the memo's structure and order, as editable Word, for review and clearance.

``render(ctx) -> bytes`` starts from the layout's Word template
(``docx/reference.docx`` or ``.dotx``: its styles, page setup, headers and
footers, as pandoc's ``--reference-doc``) or, without one, from
python-docx's default template restyled from the theme (:mod:`.styles`).
It then writes, in the memo's order: the masthead line, title, subtitle,
byline and date; the summary and key points as a box (bordered paragraphs in
the *Brief Box* style); the lede and the sections (*Heading 1*, sub-headings
*Heading 2–3*, body text in *Body Text*); the recommendations box; About the
Authors. Notes are real Word footnotes (:mod:`.notes`), lists real Word
numbering (:mod:`.numbering`), tables Word tables (:mod:`.tables`), charts
native chart parts with their data (:mod:`.charts`). A draft or embargo
stamp is Word's own text watermark in the header (the VML WordArt shape
*Design > Watermark* writes; the draft footer a footer line). The package is
rewritten with fixed dates and order (:mod:`briefgen.render.ooxml.package`),
so the same build gives the same bytes.
"""

from __future__ import annotations

import io
import logging
import time
import zipfile
from pathlib import Path
from typing import Any, Optional

from ...errors import RenderError
from ...language import canonical, office_tag
from ...errors import error as make_error

log = logging.getLogger(__name__)

PARTS = ("body", "recommendations", "notes", "authors")
TEMPLATE_NAMES = ("docx/reference.docx", "docx/reference.dotx")
DOCUMENT_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


def reference_doc(layout: Any) -> Optional[Path]:
    """The layout's Word template (``docx/reference.docx`` or ``.dotx``), or None."""
    for name in TEMPLATE_NAMES:
        found = layout.find(name) if hasattr(layout, "find") else None
        if found is not None:
            return found
    return None


def open_base(path: Optional[Path]) -> Any:
    """A python-docx document from the template ``path`` (a ``.dotx`` read as a document) or the default."""
    import docx

    if path is None:
        return docx.Document()
    try:
        data = path.read_bytes()
        if TEMPLATE_CT.encode() in _read_entry(data, "[Content_Types].xml"):
            data = _as_document(data)
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # any unreadable template: a located error, not a traceback
        raise RenderError([make_error(str(path), None, f"cannot read the Word template: {exc}")]) from None


def _read_entry(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name)


def _as_document(data: bytes) -> bytes:
    """A ``.dotx`` package with its main part's content type made a document's."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                body = body.replace(TEMPLATE_CT.encode(), DOCUMENT_CT.encode())
            dst.writestr(info.filename, body)
    return out.getvalue()


def render(ctx: Any) -> bytes:
    """Render ``ctx.doc`` as a Word document and return its bytes."""
    from ..ooxml.package import deterministic_zip
    from .endnotes import uncited_notes
    from .front import authors, byline_block, page_setup, recommendations, set_properties, stamp, summary_box
    from .styles import StyleBook, clear_theme_fonts, mark_rtl, set_language
    from .writer import BodyProxy, DocxWriter, body_element

    started = time.perf_counter()
    doc = ctx.doc
    template = reference_doc(ctx.layout)
    document = open_base(template)
    if template is None:
        clear_theme_fonts(document)
        page_setup(document, ctx.options.paper or ctx.layout.theme.paper)
    styles = StyleBook(document, ctx.layout.theme, restyle=template is None)
    set_language(document, doc.lang if canonical(doc.lang or "en") == "en" else office_tag(doc.lang))
    writer = DocxWriter(ctx, document, styles)
    body = BodyProxy(body_element(document))
    order = _order(ctx)
    byline_block(writer, body)
    summary_box(writer, body)
    for part in order:
        if part == "body":
            _body(writer, body)
        elif part == "recommendations":
            recommendations(writer, body)
        elif part == "notes":
            uncited_notes(writer, body)
        elif part == "authors":
            authors(writer, body)
    stamp(writer)
    set_properties(document, doc)
    _number_drawings(document)
    mark_rtl(document.element.body)
    if writer.notes.root is not None:
        mark_rtl(writer.notes.root)
    raw = io.BytesIO()
    document.save(raw)
    data = deterministic_zip(raw.getvalue(), doc.epoch)
    log.info("docx: %d bytes in %.2fs (styles found %d, made %d)", len(data), time.perf_counter() - started,
             len(styles.found), len(styles.made))
    return data


def _order(ctx: Any) -> tuple:
    """The memo's part order (``memo.yaml``'s ``order``), parts the docx knows only."""
    try:
        order = ctx.layout.load_data("memo.yaml").get("order")
    except Exception:  # the memo reports a bad memo.yaml; the docx keeps the default order
        order = None
    if not isinstance(order, list) or not all(isinstance(p, str) for p in order):
        return PARTS
    return tuple(p for p in order if p in PARTS)


def _body(writer: Any, body: Any) -> None:
    """The lede (in *Lede*, then *Body Text*) and every section under its *Heading 1*."""
    from ... import model as m

    doc = writer.ctx.doc
    lede, text = writer.styles.para("Lede"), writer.styles.para("Body Text")
    for block in doc.lede:
        writer.block(body, writer.document.part, block, lede if isinstance(block, m.Paragraph) else text)
    for section in doc.sections:
        if section.title:
            writer.heading(body, 1, section.title, section.anchor)
        writer.write_blocks(body, writer.document.part, section.blocks, text)


def _number_drawings(document: Any) -> None:
    """Number every drawing's ``wp:docPr`` 1, 2, 3... in document order (ids must be unique)."""
    from docx.oxml.ns import qn

    for index, doc_pr in enumerate(document.element.body.iter(qn("wp:docPr")), start=1):
        doc_pr.set("id", str(index))
