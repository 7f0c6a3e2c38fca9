"""Blocks of the model as WordprocessingML: paragraphs, headings, lists, quotes, code, figures.

:class:`DocxWriter` writes blocks into any ``w:body``-like element (the
document body, a footnote): paragraphs in a named style, sub-headings in
Word's *Heading 2* and *Heading 3* (a section's title is *Heading 1*), lists
as Word numbering (:mod:`.numbering`), block quotes in *Quote*, pull quotes
in *Intense Quote*, code in *Source Code*, tables (:mod:`.tables`), pictures
with their alt text, charts as native chart parts (:mod:`.charts`).
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu

from ... import model as m
from .boxes import write_box
from .charts import write_chart
from .inlines import Look, add_inlines, bookmark_name, text_run
from .notes import Footnotes
from .numbering import Numbering, number_paragraph
from .styles import StyleBook
from .tables import write_table

log = logging.getLogger(__name__)
PLAIN = Look()
"""A run with no emphasis (a frozen value, shared as the default)."""

EMU_PER_PT = 12700


DRAWS = (m.Paragraph, m.SubHeading, m.ListBlock, m.BlockQuote, m.PullQuote, m.CodeBlock, m.ThematicBreak, m.Table, m.Figure, m.Chart,
         m.Box, m.Bibliography)
"""The block kinds the docx draws (:meth:`DocxWriter.block`); anything else is an error."""


class DocxWriter:
    """Writes the model's blocks into a python-docx document, with its styles, lists and notes."""

    def __init__(self, ctx: Any, document: Any, styles: StyleBook) -> None:
        self.ctx = ctx
        self.document = document
        self.styles = styles
        self.mono = styles.font_family("mono") or "Courier New"
        self.numbering = Numbering(document)
        self.notes = Footnotes(self, {n.number: n for n in ctx.doc.footnotes})
        self.notes.write_blocks = self.write_blocks
        self.bookmarks: Dict[str, str] = {}
        self.next_bookmark = 0
        self.figures = 0
        self.drawings = 0
        self.charts = 0
        section = document.sections[-1]
        self.text_width = int(section.page_width - section.left_margin - section.right_margin)
        for sec in ctx.doc.sections:
            if sec.anchor:
                self.bookmarks[sec.anchor] = bookmark_name(sec.anchor)
        for block in m.walk_blocks(m.all_body_blocks(ctx.doc)):
            if isinstance(block, m.SubHeading) and block.anchor:
                self.bookmarks[block.anchor] = bookmark_name(block.anchor)
        for ident, target in m.xref_targets(ctx.doc).items():  # cross-reference targets: figures, tables, boxes
            if target.kind != "section" and target.number:
                self.bookmarks.setdefault(ident, bookmark_name(ident))

    # ------------------------------------------------------------------ paragraphs

    def label(self, key: str, default: str, **fields: object) -> str:
        """The theme's label ``key`` in the brief's language, its ``{name}`` fields filled (``default``: a bare theme)."""
        text = str(self.ctx.layout.theme.labels.get(key) or default)
        for name, value in fields.items():
            text = text.replace("{" + name + "}", str(value))
        return text

    def paragraph(self, parent: Any, style: str, inlines: m.Inlines = (), part: Any = None, look: Look = PLAIN,
                  text: str = "") -> Any:
        """A ``w:p`` in paragraph style id ``style`` holding ``inlines`` (or plain ``text``), appended to ``parent``."""
        p = OxmlElement("w:p")
        p_pr = OxmlElement("w:pPr")
        el = OxmlElement("w:pStyle")
        el.set(qn("w:val"), style)
        p_pr.append(el)
        p.append(p_pr)
        if text:
            p.append(text_run(text, look))
        add_inlines(self, p, part if part is not None else self.document.part, inlines, look)
        parent.append(p)
        return p

    def heading(self, parent: Any, level: int, inlines: m.Inlines, anchor: str = "") -> Any:
        """A heading in Word's built-in *Heading 1-3*, bookmarked with its anchor."""
        p = self.paragraph(parent, self.styles.para(f"Heading {min(max(level, 1), 3)}"), inlines)
        self.bookmark(p, anchor)
        return p

    def bookmark(self, p: Any, anchor: str) -> None:
        """Bookmark the whole ``w:p`` ``p`` as ``anchor``'s target (when something may link to it)."""
        name = self.bookmarks.get(anchor)
        if not name:
            return
        bid = str(self.next_bookmark)
        self.next_bookmark += 1
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), bid)
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), bid)
        p.find(qn("w:pPr")).addnext(start)
        p.append(end)

    def write_blocks(self, parent: Any, part: Any, blocks: m.Blocks, style: str, level: int = 0) -> None:
        """Write ``blocks`` into ``parent``; paragraphs in style id ``style``, links related from ``part``."""
        for block in blocks:
            self.block(parent, part, block, style, level)

    def block(self, parent: Any, part: Any, block: m.Block, style: str, level: int = 0) -> None:
        """Write one block (see the module's docstring for what becomes what)."""
        if isinstance(block, m.Paragraph):
            self.paragraph(parent, style, block.inlines, part)
        elif isinstance(block, m.SubHeading):
            self.heading(parent, 2 if block.level <= 3 else 3, block.inlines, block.anchor)
        elif isinstance(block, m.ListBlock):
            self.list_block(parent, part, block, style, level)
        elif isinstance(block, m.BlockQuote):
            self.write_blocks(parent, part, block.blocks, self.styles.para("Quote"), level)
        elif isinstance(block, m.PullQuote):
            self.write_blocks(parent, part, block.blocks, self.styles.para("Intense Quote"), level)
        elif isinstance(block, m.CodeBlock):
            code = self.styles.para("Source Code")
            for line in block.text.rstrip("\n").split("\n"):
                self.paragraph(parent, code, text=line or " ", look=Look(code=True))
        elif isinstance(block, m.ThematicBreak):
            self.rule(parent)
        elif isinstance(block, m.Table):
            write_table(self, parent, part, block)
        elif isinstance(block, m.Figure):
            self.figure(parent, part, block)
        elif isinstance(block, m.Chart):
            write_chart(self, parent, block)
        elif isinstance(block, m.Box):
            write_box(self, parent, part, block, level)
        elif isinstance(block, m.Bibliography):  # one paragraph per work, hanging indent, links as hyperlinks
            for entry in block.entries:
                indent(self.paragraph(parent, self.styles.para("Body Text"), entry, part), 720, hanging=720)
        else:
            raise m.unhandled(block, "docx")

    def list_block(self, parent: Any, part: Any, block: m.ListBlock, style: str, level: int) -> None:
        """A list as Word numbering; an item's later paragraphs indented under its first."""
        item_style = self.styles.para("List Paragraph") if style == self.styles.para("Body Text") else style
        num_id = self.numbering.new_list(block.ordered, level, block.start)
        for item in block.items:
            first = True
            for inner in item.blocks or (m.Paragraph((), item.line),):
                if first and isinstance(inner, m.Paragraph):
                    p = self.paragraph(parent, item_style, inner.inlines, part)
                    number_paragraph(p, num_id, level)
                elif isinstance(inner, m.ListBlock):
                    self.list_block(parent, part, inner, style, level + 1)
                elif isinstance(inner, m.Paragraph):
                    p = self.paragraph(parent, item_style, inner.inlines, part)
                    indent(p, 360 * (level + 1))
                else:
                    self.block(parent, part, inner, item_style, level + 1)
                first = False

    def rule(self, parent: Any) -> None:
        """A thematic break: an empty paragraph with a bottom border."""
        p = self.paragraph(parent, self.styles.para("Body Text"))
        bdr = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", self.styles.color("rule"))):
            bottom.set(qn(key), value)
        bdr.append(bottom)
        p.find(qn("w:pPr")).append(bdr)

    def caption(self, parent: Any, label: str, inlines: m.Inlines = (), keep_next: bool = False) -> Any:
        """A *Caption* paragraph: ``label`` (``Figure 2.``) in bold, then ``inlines``."""
        p = self.paragraph(parent, self.styles.para("Caption"))
        if label:
            p.append(text_run(label + (" " if inlines else ""), Look(bold=True)))
        add_inlines(self, p, self.document.part, inlines)
        if keep_next:
            p.find(qn("w:pPr")).append(OxmlElement("w:keepNext"))
        return p

    def next_figure(self) -> int:
        """The next figure number (pictures and charts share one sequence)."""
        self.figures += 1
        return self.figures

    def drawing_paragraph(self, parent: Any, inline: Any) -> Any:
        """A body paragraph holding the drawing ``inline`` (a picture or a chart), kept with its caption below."""
        p = self.paragraph(parent, self.styles.para("Body Text"))
        p.find(qn("w:pPr")).append(OxmlElement("w:keepNext"))
        run = OxmlElement("w:r")
        drawing = OxmlElement("w:drawing")
        drawing.append(inline)
        run.append(drawing)
        p.append(run)
        return p

    def figure(self, parent: Any, part: Any, block: m.Figure) -> None:
        """A picture with its alt text (``wp:docPr descr``), its caption and credit below."""
        if part is not self.document.part:  # a picture in a note: its caption and alt text as words
            self.paragraph(parent, self.styles.para("footnote text"), block.caption, part, text=block.alt)
            return
        width_pt = block.image.width * 0.75
        width = min(int(width_pt * EMU_PER_PT), self.text_width)
        inline = self.document.part.new_pic_inline(str(block.image.path), Emu(width), None)
        self.drawings += 1
        doc_pr = inline.find(qn("wp:docPr"))
        doc_pr.set("descr", block.alt)
        doc_pr.set("name", f"Picture {self.drawings}")
        self.drawing_paragraph(parent, inline)
        number = self.next_figure()
        if block.caption:
            self.bookmark(self.caption(parent, self.label("figure", "Figure {n}", n=number) + ".", block.caption), block.ident)
        if block.credit:
            self.caption(parent, "", (m.Text(block.credit),))


def indent(p: Any, twips: int, hanging: int = 0) -> None:
    """Indent the ``w:p`` ``p`` on the left by ``twips`` (its first line back out by ``hanging``)."""
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), str(twips))
    if hanging:
        ind.set(qn("w:hanging"), str(hanging))
    p.find(qn("w:pPr")).append(ind)


def body_element(document: Any) -> Any:
    """The document's ``w:body``, emptied but for its final section properties."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return body


def append_block(body: Any, el: Any) -> None:
    """Put ``el`` before the body's final ``w:sectPr``."""
    sect = body.find(qn("w:sectPr"))
    if sect is not None:
        sect.addprevious(el)
    else:
        body.append(el)


class BodyProxy:
    """Appending to the body inserts before its final section properties (``w:sectPr`` stays last)."""

    def __init__(self, body: Any) -> None:
        self.body = body

    def append(self, el: Any) -> None:
        """Insert ``el`` before ``w:sectPr``."""
        append_block(self.body, el)


__all__: List[str] = ["DocxWriter", "BodyProxy", "body_element", "indent"]
