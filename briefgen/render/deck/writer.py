"""Carry a deck plan out with python-pptx and return deterministic ``.pptx`` bytes.

The writer decides nothing about fitting: it sets exactly the sizes, indents
and spacing the plan measured, with autofit off, so LibreOffice and PowerPoint
draw what was measured. Text goes into the layouts' placeholders (found by
type); footers and slide numbers are copied from the layout so they stay
editable. The saved package is rewritten into a zip with fixed timestamps and
order, so the same plan always gives the same bytes.
"""

from __future__ import annotations

import copy
import logging
from typing import Mapping, Optional, Sequence

from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.util import Pt

from ..common.units import INCH
from ..ooxml.color import rgb
from ..ooxml.package import deterministic_zip as package_zip, epoch_datetime
from ..ooxml.text import add_line_box, add_runs, no_autofit, set_spacing
from .charts import add_chart
from .config import LogoBox
from .geometry import Frame
from .model import CELL_PAD_X, CELL_PAD_Y, Para, ParaStyle, Run, SlidePlan
from .paginate import sub_size
from .scripts import mark_language, mark_scripts
from .stamps import add_stamps
from .placeholders import TITLE_TYPES, body_placeholder, placeholder, usable_height
from .template import find_layout
from .text import clean

log = logging.getLogger(__name__)

FOOTER_TYPES = (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)


def _set_bullet(paragraph, para: Para, style: ParaStyle, accent: str) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    for tag in ("a:buClr", "a:buSzPct", "a:buFont", "a:buNone", "a:buAutoNum", "a:buChar"):
        for node in p_pr.findall(qn(tag)):
            p_pr.remove(node)
    indent = style.indent(para)
    p_pr.set("marL", str(int(round(Pt(indent)))))
    p_pr.set("indent", str(-int(round(Pt(min(indent, style.indents[0])))) if indent else 0))
    p_pr.set("lvl", str(min(para.level, 8)))
    if para.number is not None:
        clr = etree.SubElement(p_pr, qn("a:buClr"))
        etree.SubElement(clr, qn("a:srgbClr"), val=accent.lstrip("#"))
        etree.SubElement(p_pr, qn("a:buFont"), typeface="+mj-lt")
        etree.SubElement(p_pr, qn("a:buAutoNum"), type="arabicPeriod", startAt=str(para.number))
    elif para.bullet:
        clr = etree.SubElement(p_pr, qn("a:buClr"))
        etree.SubElement(clr, qn("a:srgbClr"), val=accent.lstrip("#"))
        etree.SubElement(p_pr, qn("a:buFont"), typeface="Arial")
        etree.SubElement(p_pr, qn("a:buChar"), char="\u2022" if para.level == 0 else "\u2013")
    else:
        etree.SubElement(p_pr, qn("a:buNone"))


def _place(slide_ph, frame: Frame) -> None:
    """Give a slide placeholder the box the plan measured (a grown layout's): an explicit position, still a placeholder."""
    slide_ph.left, slide_ph.top = Pt(frame.x), Pt(frame.y)
    slide_ph.width, slide_ph.height = Pt(frame.w), Pt(frame.h)


def _pin(slide_ph, layout_ph, layout=None, slide_h: Optional[int] = None) -> None:
    """Give a slide placeholder its layout twin's box explicitly (some exports share one idx for all),
    clipped above the footers when ``layout`` is given (as the planner measured it)."""
    if layout_ph is None or None in (layout_ph.left, layout_ph.top, layout_ph.width, layout_ph.height):
        return
    height = usable_height(layout, layout_ph, slide_h) if layout is not None and slide_h else layout_ph.height
    box = (layout_ph.left, layout_ph.top, layout_ph.width, height)
    if (slide_ph.left, slide_ph.top, slide_ph.width, slide_ph.height) != box:
        slide_ph.left, slide_ph.top, slide_ph.width, slide_ph.height = box


class DeckWriter:
    """Writes :class:`SlidePlan` slides into an opened template."""

    def __init__(
        self,
        prs,
        colors: Mapping[str, str],
        fonts: Mapping[str, str],
        style: ParaStyle,
        footer_text: str,
        logo_box: Optional[LogoBox] = None,
    ) -> None:
        self.prs = prs
        #: where the title slide's logo goes, in inches (layouts.yaml ``logo:``)
        self.logo_box = logo_box if logo_box is not None else LogoBox()
        self.colors = colors
        self.heading = fonts.get("heading", "Calibri")
        self.body = fonts.get("body", "Calibri")
        self.east_asian = fonts.get("east_asian", "")
        self.complex = fonts.get("complex", "")
        self.style = style
        self.footer_text = clean(footer_text)
        self.chart_palette: Sequence[str] = (colors.get("primary", "#000000"), colors.get("accent", "#000000"))
        self.epoch = 315532800  # the embedded chart workbooks' date (set by the renderer)
        self.stamps = None  # drafts and embargoes (briefgen.render.common.stamps.Stamps), set by the caller
        self.stamp_look: Mapping[str, object] = {}
        self.stamp_measure = None  # measure(text, size, bold) -> points, the deck's font metrics
        #: the brief's language for Office (``fr-FR``) on every run; "" leaves the runs as written (an English brief)
        self.lang = ""
        self.logo_alt = "Logo"  # the logo's alternative text (the theme's ``logo`` label)

    def add(self, plan: SlidePlan, number: int, logo=None) -> None:
        """Append one slide for ``plan`` (``number`` is its 1-based position)."""
        layout = find_layout(self.prs, plan.layout)
        slide = self.prs.slides.add_slide(layout)
        used = set()
        title_ph = next((ph for ph in slide.placeholders if ph.placeholder_format.type in TITLE_TYPES), None)
        if title_ph is not None and plan.title:
            if plan.title_box is not None:
                _place(title_ph, plan.title_box)
            else:
                _pin(title_ph, placeholder(layout, TITLE_TYPES))
            self._title(title_ph, plan)
            used.add(title_ph.placeholder_format.idx)
        body_ph = None
        if plan.kind == "title":
            body_ph = next((ph for ph in slide.placeholders if ph.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE), None)
        if body_ph is None:
            body_ph = body_placeholder(slide, with_subtitle=True)
        if body_ph is not None and plan.body:
            if plan.body_box is not None:
                _place(body_ph, plan.body_box)
            elif plan.kind == "title":
                _pin(body_ph, placeholder(layout, (PP_PLACEHOLDER.SUBTITLE,)) or body_placeholder(layout), layout,
                     int(self.prs.slide_height))
            else:
                _pin(body_ph, body_placeholder(layout), layout, int(self.prs.slide_height))
            self._body(body_ph, plan)
            used.add(body_ph.placeholder_format.idx)
        for ph in list(slide.placeholders):  # no empty "click to add" boxes
            if ph.placeholder_format.idx not in used:
                ph._element.getparent().remove(ph._element)
        if plan.table is not None:
            self._table(slide, plan)
        if plan.figure is not None:
            self._figure(slide, plan)
        if plan.chart is not None:
            add_chart(slide, plan.chart, self.colors, self.chart_palette, self.body, self.epoch)
        if plan.kind == "title" and logo is not None:
            self._logo(slide, logo)
        if plan.footer:
            self._footer(slide, layout, number, plan)
        if self.stamps:
            add_stamps(slide, self.stamps, self.stamp_look, int(self.prs.slide_width), self.heading, self.stamp_measure)
        mark_scripts(slide._element, self.east_asian, self.complex)
        notes = clean(plan.notes, keep_newlines=True)
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
        if self.lang:
            self._mark_language(slide)

    def _mark_language(self, slide) -> None:
        """The brief's language on every run of ``slide``, its notes and its charts."""
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT

        mark_language(slide._element, self.lang)
        if slide.has_notes_slide:
            mark_language(slide.notes_slide._element, self.lang)
        for rel in slide.part.rels.values():
            if rel.reltype == RT.CHART and not rel.is_external:
                mark_language(rel.target_part._element, self.lang)

    def _title(self, ph, plan: SlidePlan) -> None:
        tf = ph.text_frame
        tf.clear()
        no_autofit(tf)
        para = tf.paragraphs[0]
        set_spacing(para, 0)
        add_runs(para, [Run(plan.title)], plan.title_size, self.heading)

    def _body(self, ph, plan: SlidePlan) -> None:
        tf = ph.text_frame
        tf.clear()
        no_autofit(tf)
        for i, item in enumerate(plan.body):
            para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            if plan.kind == "title":
                size = plan.subtitle_sizes[i] if i < len(plan.subtitle_sizes) else 16
                set_spacing(para, 0 if i == 0 else 6)
                _set_bullet(para, item, self.style, self.colors["accent"])
                add_runs(para, item.runs, size, self.body)
                continue
            before = self.style.before(item) if plan.kind != "quote" else 0
            set_spacing(para, before, self.style.line_spacing)
            _set_bullet(para, item, self.style, self.colors["accent"])
            add_runs(para, item.runs, sub_size(plan.body_size, item), self.body)

    def _table(self, slide, plan: SlidePlan) -> None:
        tp = plan.table
        lay = tp.layout
        heads = (tp.header, *tp.head_more)  # a header of several rows: every one set as header
        rows = len(heads) + len(tp.rows)
        height = lay.header_height + sum(lay.row_heights)
        shape = slide.shapes.add_table(rows, len(lay.widths), Pt(tp.x), Pt(tp.y), Pt(sum(lay.widths)), Pt(height))
        shape.name = "Table"
        table = shape.table
        for c, width in enumerate(lay.widths):
            table.columns[c].width = Pt(width)
        heights = (*(lay.head_heights or (lay.header_height,)), *lay.row_heights)
        for r, h in enumerate(heights):
            table.rows[r].height = Pt(h)
        for r, row in enumerate((*heads, *tp.rows)):
            head = r < len(heads)
            for c, runs in enumerate(row):
                cell = table.cell(r, c)
                cell.margin_left = cell.margin_right = Pt(CELL_PAD_X)
                cell.margin_top = cell.margin_bottom = Pt(CELL_PAD_Y)
                cell.fill.solid()
                if head:
                    cell.fill.fore_color.rgb = rgb(self.colors["primary"])
                else:
                    band = (r - len(heads)) % 2 == 1  # the first body row plain, then every other one shaded
                    cell.fill.fore_color.rgb = rgb(self.colors["shade" if band else "background"])
                tf = cell.text_frame
                tf.word_wrap = True
                para = tf.paragraphs[0]
                set_spacing(para, 0)
                align = tp.aligns[c] if c < len(tp.aligns) else None
                if align in ("center", "right"):
                    from pptx.enum.text import PP_ALIGN

                    para.alignment = PP_ALIGN.CENTER if align == "center" else PP_ALIGN.RIGHT
                color = self.colors["on_primary"] if head else self.colors["text"]
                add_runs(para, runs or (Run(" "),), lay.size, self.body, color, bold=head or None)
        if tp.note and tp.note_frame is not None:  # the source line under the table
            add_line_box(slide, tp.note_frame, "Table Source", [Run(tp.note)], tp.note_size, self.body, self.colors["muted"])

    def _figure(self, slide, plan: SlidePlan) -> None:
        fig = plan.figure
        x, y, w, h = fig.box
        pic = slide.shapes.add_picture(str(fig.path), Pt(x), Pt(y), Pt(w), Pt(h))
        c_nv_pr = pic._element.nvPicPr.cNvPr
        c_nv_pr.set("descr", fig.alt)
        c_nv_pr.set("name", "Figure")
        if fig.credit and fig.credit_frame is not None:
            add_line_box(slide, fig.credit_frame, "Credit", [Run(fig.credit)], fig.credit_size, self.body, self.colors["muted"])

    def _logo(self, slide, logo) -> None:
        from PIL import Image as PILImage

        with PILImage.open(logo) as img:
            px_w, px_h = img.size
        box = self.logo_box
        max_w, max_h = box.max_width * INCH, box.max_height * INCH
        scale = min(max_w / max(px_w, 1), max_h / max(px_h, 1))
        w, h = px_w * scale, px_h * scale
        x = self.prs.slide_width.pt - box.right * INCH - w
        pic = slide.shapes.add_picture(str(logo), Pt(x), Pt(box.top * INCH), Pt(w), Pt(h))
        pic._element.nvPicPr.cNvPr.set("descr", self.logo_alt)
        pic._element.nvPicPr.cNvPr.set("name", "Logo")

    def _footer(self, slide, layout, number: int, plan: SlidePlan) -> None:
        tree = slide.shapes._spTree
        next_id = max((int(e.get("id")) for e in tree.iter(qn("p:cNvPr")) if e.get("id", "").isdigit()), default=1) + 1
        for ph in layout.placeholders:
            kind = ph.placeholder_format.type
            text = plan.footer_text
            if kind not in FOOTER_TYPES or (kind == PP_PLACEHOLDER.FOOTER and not text):
                continue
            sp = copy.deepcopy(ph._element)
            sp.find(qn("p:nvSpPr")).find(qn("p:cNvPr")).set("id", str(next_id))
            next_id += 1
            sp_pr = sp.find(qn("p:spPr"))
            for child in list(sp_pr):
                sp_pr.remove(child)
            tx = sp.find(qn("p:txBody"))
            for p in tx.findall(qn("a:p")):
                tx.remove(p)
            p = etree.SubElement(tx, qn("a:p"))
            if kind == PP_PLACEHOLDER.SLIDE_NUMBER:
                fld = etree.SubElement(p, qn("a:fld"), id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", type="slidenum")
                etree.SubElement(fld, qn("a:rPr"), lang=self.lang or "en-US")
                etree.SubElement(fld, qn("a:t")).text = str(number)
            else:
                r = etree.SubElement(p, qn("a:r"))
                etree.SubElement(r, qn("a:rPr"), lang=self.lang or "en-US", sz=str(int(round(plan.footer_size * 100))))
                etree.SubElement(r, qn("a:t")).text = text
                body_pr = tx.find(qn("a:bodyPr"))
                if body_pr is not None:  # wrap inside the box as measured, never run past the slide's edge
                    body_pr.set("wrap", "square")
                    for node in list(body_pr):
                        if node.tag in (qn("a:spAutoFit"), qn("a:normAutofit")):
                            body_pr.remove(node)
            tree.append(sp)


def set_core_properties(prs, title: str, authors: Sequence[str], subject: str, keywords: Sequence[str], lang: str, epoch: int) -> None:
    """Core properties from the model; dates from ``epoch``; no template leftovers."""
    when = epoch_datetime(epoch)
    cp = prs.core_properties
    cp.title = clean(title)[:255]
    cp.author = clean("; ".join(authors))[:255]
    cp.subject = clean(subject)[:255]
    cp.keywords = clean(", ".join(keywords))[:255]
    cp.last_modified_by = cp.author
    cp.revision = 1
    cp.created = cp.modified = cp.last_printed = when
    for attr in ("category", "comments", "content_status", "identifier", "version"):
        setattr(cp, attr, "")
    cp.language = clean(lang)[:64]


def deterministic_zip(data: bytes, epoch: int, slides: int) -> bytes:
    """Rewrite the saved package: fixed timestamps, order and compression; a clean app.xml."""
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>briefgen</Application><PresentationFormat>Widescreen</PresentationFormat>"
        f"<Slides>{slides}</Slides><Notes>{slides}</Notes><HiddenSlides>0</HiddenSlides></Properties>"
    ).encode()
    return package_zip(data, epoch, {"docProps/app.xml": app})
