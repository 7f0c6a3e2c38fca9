"""Boxes and front matter every ReportLab output shares: the masthead, shaded boxes, box labels and items.

:func:`box` sets rows in a shaded table so it is measured and split like one
block; :func:`box_label` is a box's heading (read as H2); :func:`box_items`
the bulleted or numbered items inside (tagged as a list).
:func:`recommendations_box` is the numbered recommendations in their box;
:func:`heading_rule` the hairline above section headings, if the layout asks for one.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, List, Sequence

from ... import model as m
from ..pdftags import tag
from .markup import flatten, text_runs

if TYPE_CHECKING:  # pragma: no cover
    from .builder import BlockBuilder

log = logging.getLogger(__name__)


def theme_labels(builder: "BlockBuilder") -> Any:
    """The theme's labels (``labels:`` in theme.yaml)."""
    return builder.cfg.theme.labels


def masthead(builder: "BlockBuilder", doc: m.Document, width: float) -> List[Any]:
    """Organization, series and date, the title block, the byline, a heavy rule."""
    from reportlab.platypus import Image, Spacer, Table, TableStyle
    from reportlab.platypus.flowables import HRFlowable

    cfg, sheet, meta = builder.cfg, builder.sheet, doc.meta
    series = theme_labels(builder).get("series", "")
    left: List[Any] = []
    logo = cfg.theme.logo
    if logo is not None:
        from reportlab.lib.utils import ImageReader

        lh = cfg.settings.masthead.logo_height
        iw, ih = ImageReader(str(logo)).getSize()
        left.append(Image(str(logo), width=lh * iw / max(ih, 1), height=lh, hAlign="LEFT"))
    if meta.organization:
        left.extend(builder.paragraph(text_runs(meta.organization), "organization", meta.line_of("organization")))
    right = builder.paragraph(text_runs(series), "series", None, alignment=2) if series else []
    top = Table([[left or "", right or ""]], colWidths=[width * 0.62, width * 0.38])
    top.setStyle(TableStyle(sheet.table_font() + [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    thin = cfg.settings.masthead.thin_rule
    out: List[Any] = [top, HRFlowable(width="100%", thickness=thin, color=sheet.theme_color("primary"),
                                      spaceBefore=0, spaceAfter=0)]
    out.extend(builder.paragraph(flatten(meta.title), "title", meta.line_of("title"), tag_as=builder.tags.heading(1)))
    if meta.subtitle:
        out.extend(builder.paragraph(flatten(meta.subtitle), "subtitle", meta.line_of("subtitle")))
    byline: List[Any] = []
    for author in meta.authors:
        markup_name = builder.writer.text(author.name, "heading", weight="bold")
        role = builder.writer.text(author.role, "heading") if author.role else ""
        muted = "#" + sheet.theme_color("muted").hexval()[2:]
        text = f"<b>{markup_name}</b>" + (f'<font color="{muted}">\u2002{role}</font>' if role else "")
        from reportlab.platypus import Paragraph

        byline.append(tag(Paragraph(text, sheet["byline"]), builder.tags.leaf("P")))
        builder.report(author.line)
    date = builder.paragraph(text_runs(meta.date_display), "dateline", meta.line_of("date")) if meta.date_display else []
    if byline or date:
        row = Table([[byline or "", date or ""]], colWidths=[width * 0.7, width * 0.3])
        row.setStyle(TableStyle(sheet.table_font() + [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ]))
        out.append(row)
    out.append(HRFlowable(width="100%", thickness=cfg.settings.masthead.rule_width,
                          color=sheet.theme_color("primary"), spaceBefore=2,
                          spaceAfter=cfg.settings.masthead.space_after))
    out.append(Spacer(1, 0))
    return out


def box(builder: "BlockBuilder", key: str, rows: List[Any], width: float) -> Any:
    """A shaded box (``boxes.<key>`` in memo.yaml): one table row per flowable, so it is measured like a block."""
    from reportlab.platypus import TableStyle

    from .guard import safe_table_class

    Table = safe_table_class()
    cfg, sheet = builder.cfg, builder.sheet
    own = cfg.settings.boxes.shaded(key)
    pad = own.padding
    one_alignment(rows, width - 2 * pad)
    table = Table([[r] for r in rows], colWidths=[width], splitByRow=1, splitInRow=1)
    commands = sheet.table_font() + [
        ("BACKGROUND", (0, 0), (-1, -1), sheet.rgb(own.background)),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
    ]
    rule_w = own.rule_width
    if rule_w > 0:
        commands.append(("LINEABOVE", (0, 0), (-1, 0), rule_w, sheet.rgb(own.rule)))
    last = len(rows) - 1
    for i, row in enumerate(rows):
        # Table cells ignore their flowables' spacing: turn it into padding.
        top = pad if i == 0 else row.getSpaceBefore()
        bottom = pad if i == last else row.getSpaceAfter()
        commands.append(("TOPPADDING", (0, i), (-1, i), top))
        commands.append(("BOTTOMPADDING", (0, i), (-1, i), bottom))
    table.setStyle(TableStyle(commands))
    table.spaceBefore = own.space_before
    table.spaceAfter = own.space_after
    return table


def one_alignment(rows: List[Any], inner: float) -> None:
    """A box is set all justified or all ragged right: when one of its justified paragraphs
    would stretch its word spaces past the limit (and so be set ragged), all are set ragged,
    so the box does not mix a justified paragraph with a ragged one."""
    from reportlab.lib.styles import ParagraphStyle

    limited = [r for r in rows if getattr(r, "max_word_space", 0) and getattr(r, "style", None) is not None
               and r.style.alignment == 4]
    ragged = False
    for row in limited:
        row.wrap(inner, 1e9)
        ragged = ragged or row.style.alignment != 4
    if ragged:
        for row in limited:
            if row.style.alignment == 4:
                row.style = ParagraphStyle(row.style.name + "|ragged", parent=row.style, alignment=0)


def box_label(builder: "BlockBuilder", text: str, extra_space: float = 0) -> List[Any]:
    """A box's label line, read as the box's heading (H2)."""
    if not text:
        return []
    return builder.paragraph(text_runs(text), "box_label", None, tag_as=builder.tags.heading(2), spaceBefore=extra_space)


def box_items(builder: "BlockBuilder", items: Sequence[m.Inlines], style_name: str, numbered: bool, field: str = "") -> List[Any]:
    """``items`` as a bulleted (or ``numbered``) list in style ``style_name``; ``field`` locates each item in the front matter.
    Justified items keep the word-spacing limit (``paragraphs.max_word_space``) of body text."""
    from .flowables import limited_paragraph_class

    Paragraph = limited_paragraph_class()
    sheet = builder.sheet
    base = sheet[style_name]
    indent = builder.cfg.settings.lists.indent + (4 if numbered else 0)
    accent = sheet.theme_color("accent")
    style = sheet.derive(style_name, leftIndent=indent, bulletIndent=0, bulletColor=accent,
                         bulletFontName=builder.fonts.name("heading", "bold") if numbered else base.bulletFontName)
    out: List[Any] = []
    info = sheet.info(style_name)
    tags = builder.tags
    with tags.group("L", attrs={"ListNumbering": "Decimal" if numbered else "Disc"}):
        for i, inlines in enumerate(items, 1):
            markup = builder.writer.runs(flatten(inlines), info.role, info.upper)
            with tags.group("LI"):
                label = tags.leaf("Lbl")
                with tags.group("LBody"):
                    node = tags.leaf("P")
            para = Paragraph(markup, style, bulletText=f"{i}." if numbered else "•")
            para.max_word_space = builder.cfg.settings.paragraphs.max_word_space
            out.append(tag(para, node, label))
            builder.report(builder.ctx.doc.meta.line_of(f"{field}.{i}") if field else None)
    return out


def recommendations_box(builder: "BlockBuilder", doc: m.Document, width: float) -> List[Any]:
    """The numbered recommendations, in a box after the body.

    The box may break between recommendations (a whole box moved to the next page left a hole at
    the foot of the last body page); its label stays with the first recommendation, and the last
    recommendation with the one before it."""
    from reportlab.platypus import TableStyle

    recs = doc.meta.recommendations
    if not recs:
        return []
    title = theme_labels(builder).get("recommendations", "Recommendations")
    with builder.tags.group("Sect", title=title):
        label = box_label(builder, title)
        items = box_items(builder, recs, "recommendation", numbered=True, field="recommendations")
    rows = label + items
    table = box(builder, "recommendations", rows, width)
    last = len(rows) - 1
    keep = [("NOSPLIT", (0, 0), (0, min(len(label), last)))]
    if last - 1 > len(label):
        keep.append(("NOSPLIT", (0, last - 1), (0, last)))
    table.setStyle(TableStyle(keep))
    table.splitInRow = 0  # ReportLab's in-row split does not keep NOSPLIT rows together
    return [table]


def heading_rule(builder: "BlockBuilder") -> Any:
    """The rule above section headings (``headings.rule_above``): ``(width, color, gap)``, or None."""
    width = builder.cfg.settings.headings.rule_above
    if width <= 0:
        return None
    return (width, builder.sheet.theme_color("rule"), 6.0)


__all__ = ["box", "box_items", "box_label", "heading_rule", "masthead", "recommendations_box", "theme_labels"]
