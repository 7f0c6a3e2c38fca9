"""The memo's fixed parts: masthead, summary box, recommendations, notes, authors."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, List, Sequence

from ... import model as m
from ..pdftags import tag
from .markup import flatten, text_runs

if TYPE_CHECKING:  # pragma: no cover
    from .flowables import BlockBuilder

log = logging.getLogger(__name__)


def _labels(builder: "BlockBuilder") -> Any:
    return builder.cfg.theme.labels


def masthead(builder: "BlockBuilder", doc: m.Document, width: float) -> List[Any]:
    """Organization, series and date, the title block, the byline, a heavy rule."""
    from reportlab.platypus import Image, Spacer, Table, TableStyle
    from reportlab.platypus.flowables import HRFlowable

    cfg, sheet, meta = builder.cfg, builder.sheet, doc.meta
    series = _labels(builder).get("series", "")
    left: List[Any] = []
    logo = cfg.theme.logo
    if logo is not None:
        from reportlab.lib.utils import ImageReader

        lh = cfg.length("masthead.logo_height", 32)
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
    thin = cfg.length("masthead.thin_rule", 0.5)
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
    out.append(HRFlowable(width="100%", thickness=cfg.length("masthead.rule_width", 2.5),
                          color=sheet.theme_color("primary"), spaceBefore=2,
                          spaceAfter=cfg.length("masthead.space_after", 16)))
    out.append(Spacer(1, 0))
    return out


def _box(builder: "BlockBuilder", key: str, rows: List[Any], width: float) -> Any:
    """A shaded box: one table row per flowable, so it is measured like a block."""
    from reportlab.platypus import TableStyle

    from .guard import safe_table_class

    Table = safe_table_class()
    cfg, sheet = builder.cfg, builder.sheet
    pad = cfg.length(f"boxes.{key}.padding", 12)
    table = Table([[r] for r in rows], colWidths=[width], splitByRow=1, splitInRow=1)
    commands = sheet.table_font() + [
        ("BACKGROUND", (0, 0), (-1, -1), sheet.color(f"boxes.{key}.background", "shade")),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
    ]
    rule_w = cfg.length(f"boxes.{key}.rule_width", 0)
    if rule_w > 0:
        commands.append(("LINEABOVE", (0, 0), (-1, 0), rule_w, sheet.color(f"boxes.{key}.rule", "primary")))
    last = len(rows) - 1
    for i, row in enumerate(rows):
        # Table cells ignore their flowables' spacing: turn it into padding.
        top = pad if i == 0 else row.getSpaceBefore()
        bottom = pad if i == last else row.getSpaceAfter()
        commands.append(("TOPPADDING", (0, i), (-1, i), top))
        commands.append(("BOTTOMPADDING", (0, i), (-1, i), bottom))
    table.setStyle(TableStyle(commands))
    table.spaceBefore = cfg.length(f"boxes.{key}.space_before", 0)
    table.spaceAfter = cfg.length(f"boxes.{key}.space_after", 12)
    return table


def _label(builder: "BlockBuilder", text: str, extra_space: float = 0) -> List[Any]:
    """A box's label line, read as the box's heading (H2)."""
    if not text:
        return []
    return builder.paragraph(text_runs(text), "box_label", None, tag_as=builder.tags.heading(2), spaceBefore=extra_space)


def summary_box(builder: "BlockBuilder", doc: m.Document, width: float, room: float) -> List[Any]:
    """The shaded summary box: summary blocks, then key points.

    The box is kept whole on page 1. Only when it is taller than the ``room``
    left under the masthead does it split between rows (with a warning),
    rather than leave page 1 empty.
    """
    from reportlab.platypus import KeepTogether

    meta = doc.meta
    if not meta.summary and not meta.key_points:
        return []
    labels = _labels(builder)
    pad = builder.cfg.length("boxes.summary.padding", 12)
    inner = width - 2 * pad
    rows: List[Any] = []
    with builder.tags.group("Sect", title=labels.get("summary", "Summary")):
        if meta.summary:
            rows += _label(builder, labels.get("summary", "Summary"))
            rows += builder.blocks(meta.summary, inner, "summary")
        if meta.key_points:
            rows += _label(builder, labels.get("key_points", "Key Points"), 6 if meta.summary else 0)
            rows += _items(builder, meta.key_points, "key_point", numbered=False, field="key_points")
    box = _box(builder, "summary", rows, width)
    height = box.wrap(width, 1e9)[1] + box.getSpaceBefore()
    if height > room:
        line = meta.line_of("summary") if meta.summary else meta.line_of("key_points")
        builder.ctx.warn(line, "the summary and key points are too long for page 1; the summary box continues on page 2")
        return [box]
    return [KeepTogether([box])]


def _items(builder: "BlockBuilder", items: Sequence[m.Inlines], style_name: str, numbered: bool, field: str = "") -> List[Any]:
    from reportlab.platypus import Paragraph

    sheet = builder.sheet
    base = sheet[style_name]
    indent = builder.cfg.length("lists.indent", 16) + (4 if numbered else 0)
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
            out.append(tag(para, node, label))
            builder.report(builder.ctx.doc.meta.line_of(f"{field}.{i}") if field else None)
    return out


def recommendations_box(builder: "BlockBuilder", doc: m.Document, width: float) -> List[Any]:
    """The numbered recommendations, in a box after the body."""
    from reportlab.platypus import KeepTogether

    recs = doc.meta.recommendations
    if not recs:
        return []
    title = _labels(builder).get("recommendations", "Recommendations")
    with builder.tags.group("Sect", title=title):
        rows = _label(builder, title)
        rows += _items(builder, recs, "recommendation", numbered=True, field="recommendations")
    return [KeepTogether([_box(builder, "recommendations", rows, width)])]


def notes_section(builder: "BlockBuilder", doc: m.Document, width: float) -> List[Any]:
    """The endnotes: each linked back to its first reference."""
    if not doc.footnotes:
        return []
    from reportlab.platypus import Paragraph

    label = _labels(builder).get("notes", "Notes")
    tags = builder.tags
    out: List[Any] = []
    with tags.group("Sect", title=label):
        out.append(builder.heading((m.Text(label),), "h2", "", None, 0, rule=_rule(builder)))
        link = builder.writer.link_color
        with tags.group("L", attrs={"ListNumbering": "Decimal"}):
            for note in doc.footnotes:
                n = note.number
                back = f'<a href="#ref-{n}" color="{link}">{n}.</a>' if f"ref-{n}" in builder.writer.anchors else f"{n}."
                builder.writer.link_texts.setdefault(f"#ref-{n}", f"Back to the text of note {n}")
                head = f'<a name="note-{n}"/>{back}\u2002'
                with tags.group("LI"):
                    label_node = tags.leaf("Lbl")
                    with tags.group("LBody"):
                        flows = builder.blocks(note.blocks, width, "note") or builder.paragraph([], "note", note.line)
                first = flows[0]
                if hasattr(first, "text") and hasattr(first, "frags"):
                    flows[0] = tag(Paragraph(head + _markup_of(first), first.style), getattr(first, "_pdftag", None))
                else:
                    flows.insert(0, tag(Paragraph(head, builder.sheet["note"]), label_node))
                out.extend(flows)
    return out


def _markup_of(paragraph: Any) -> str:
    """The markup a Paragraph was built from (kept by ReportLab as ``text``)."""
    return getattr(paragraph, "text", "") or ""


def authors_section(builder: "BlockBuilder", doc: m.Document, width: float) -> List[Any]:
    """About the author(s): each name with role, then the bio."""
    from reportlab.platypus import KeepTogether, Paragraph

    authors = doc.meta.authors
    if not authors:
        return []
    labels = _labels(builder)
    label = labels.get("about_authors_plural", "About the Authors") if len(authors) > 1 else labels.get("about_authors", "About the Author")
    out: List[Any] = []
    with builder.tags.group("Sect", title=label):
        out.append(builder.heading((m.Text(label),), "h2", "", None, 0, rule=_rule(builder)))
        muted = "#" + builder.sheet.theme_color("muted").hexval()[2:]
        for author in authors:
            name = builder.writer.text(author.name, "heading", weight="bold")
            role = builder.writer.text(author.role, "heading")
            text = f"<b>{name}</b>" + (f'<font color="{muted}">\u2002{role}</font>' if author.role else "")
            head = tag(Paragraph(text, builder.sheet["about_name"]), builder.tags.leaf("P"))
            builder.report(author.line)
            bio = builder.blocks(author.bio, width, "bio")
            out.append(KeepTogether([head] + bio[:1]))
            out.extend(bio[1:])
    return out


def _rule(builder: "BlockBuilder") -> Any:
    width = builder.cfg.length("headings.rule_above", 0)
    if width <= 0:
        return None
    return (width, builder.sheet.theme_color("rule"), 6.0)


__all__ = ["masthead", "summary_box", "recommendations_box", "notes_section", "authors_section"]
