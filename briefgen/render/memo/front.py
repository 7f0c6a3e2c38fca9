"""The memo's own fixed parts: the summary box on page 1, the endnotes, "About the author(s)".

The masthead and the boxes they share with the one-pager are :mod:`briefgen.render.pdfkit.boxes`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, List

from ... import model as m
from ..pdfkit.boxes import box, box_items, box_label, heading_rule, theme_labels
from ..pdftags import tag

if TYPE_CHECKING:  # pragma: no cover
    from ..pdfkit.builder import BlockBuilder

log = logging.getLogger(__name__)


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
    labels = theme_labels(builder)
    pad = builder.cfg.settings.boxes.summary.padding
    inner = width - 2 * pad
    rows: List[Any] = []
    with builder.tags.group("Sect", title=labels.get("summary", "Summary")):
        if meta.summary:
            rows += box_label(builder, labels.get("summary", "Summary"))
            rows += builder.blocks(meta.summary, inner, "summary")
        if meta.key_points:
            rows += box_label(builder, labels.get("key_points", "Key Points"), 6 if meta.summary else 0)
            rows += box_items(builder, meta.key_points, "key_point", numbered=False, field="key_points")
    shaded = box(builder, "summary", rows, width)
    height = shaded.wrap(width, 1e9)[1] + shaded.getSpaceBefore()
    if height > room:
        line = meta.line_of("summary") if meta.summary else meta.line_of("key_points")
        builder.ctx.warn(line, "the summary and key points are too long for page 1; the summary box continues on page 2")
        return [shaded]
    return [KeepTogether([shaded])]


def notes_section(builder: "BlockBuilder", doc: m.Document, width: float, anchor: str = "") -> List[Any]:
    """The endnotes: each linked back to its first reference (``anchor``: the heading's link target, if any)."""
    if not doc.footnotes:
        return []
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph, TableStyle

    from ..pdfkit.guard import safe_table_class, tag_line

    label = theme_labels(builder).get("notes", "Notes")
    back_text = theme_labels(builder).get("back_to_note_text", "Back to the text of note {n}")
    tags = builder.tags
    out: List[Any] = []
    with tags.group("Sect", title=label):
        out.append(builder.heading((m.Text(label),), "h2", anchor, None, 0, rule=heading_rule(builder)))
        link = builder.writer.link_color
        note_style = builder.sheet["note"]
        widest = f"{max(note.number for note in doc.footnotes)}."
        # the number column: the note style's hanging indent, or as wide as the widest number ("231.")
        hang = max(note_style.leftIndent, stringWidth(widest, note_style.fontName, note_style.fontSize) + 0.5 * note_style.fontSize)
        Table = safe_table_class()
        with tags.group("L", attrs={"ListNumbering": "Decimal"}):
            for note in doc.footnotes:
                n = note.number
                back = f'<a href="#ref-{n}" color="{link}">{n}.</a>' if f"ref-{n}" in builder.writer.anchors else f"{n}."
                builder.writer.link_texts.setdefault(f"#ref-{n}", back_text.replace("{n}", str(n)))
                with tags.group("LI"):
                    number = tag(Paragraph(f'<a name="note-{n}"/>{back}', builder.sheet["note_number"]), tags.leaf("Lbl"))
                    with tags.group("LBody"):
                        flows = builder.blocks(note.blocks, width - hang, "note_text") or \
                            builder.paragraph([], "note_text", note.line)
                row = Table([[number, flows]], colWidths=[hang, width - hang], splitByRow=1, splitInRow=1, hAlign="LEFT")
                row.setStyle(TableStyle(builder.sheet.table_font() + [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]))
                # the space under a note is space after the row, not padding inside it: a note that fits but for
                # its space below stays on the page (a row taller than the room only by its padding could not
                # split either: its text fitted, so ReportLab found no line to break at and moved it whole)
                row.spaceAfter = builder.sheet["note_text"].spaceAfter
                out.append(tag_line([row], note.line)[0])
    return out


def _markup_of(paragraph: Any) -> str:
    """The markup a Paragraph was built from (kept by ReportLab as ``text``)."""
    return getattr(paragraph, "text", "") or ""


def authors_section(builder: "BlockBuilder", doc: m.Document, width: float) -> List[Any]:
    """About the author(s): each name with role, then the bio."""
    from reportlab.platypus import KeepTogether, Paragraph

    authors = doc.meta.authors
    if not authors or not any(author.bio for author in authors):
        return []  # names and roles alone are the masthead's byline: no section repeats them
    labels = theme_labels(builder)
    label = labels.get("about_authors_plural", "About the Authors") if len(authors) > 1 else labels.get("about_authors", "About the Author")
    out: List[Any] = []
    with builder.tags.group("Sect", title=label):
        out.append(builder.heading((m.Text(label),), "h2", "", None, 0, rule=heading_rule(builder)))
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


__all__ = ["summary_box", "notes_section", "authors_section"]
