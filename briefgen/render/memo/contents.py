"""The memo's contents page as flowables: a heading, one line per entry, then a page break.

Each line is a title paragraph (a link to the heading) set short of a number
column of fixed width, dot leaders from the end of its last line to the
number, and the page number (a link too), right-aligned in the column. The
title and the number are the content of one ``P`` under ``TOC > TOCI`` (read
as "Background 3"); the leaders are a layout artifact. Because the column's
width never depends on the numbers, a pass with placeholders lays out exactly
as the pass with the numbers (see :mod:`.navigation`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, List

from ..pdfkit.boxes import heading_rule, theme_labels
from ..pdfkit.page import artifact
from ..pdftags import tag
from .navigation import Entry, NavPlan

if TYPE_CHECKING:  # pragma: no cover
    from ..pdfkit.builder import BlockBuilder

log = logging.getLogger(__name__)

#: What the number column must hold: three digits ("999").
WIDEST_NUMBER = "999"


def contents_story(builder: "BlockBuilder", plan: NavPlan, width: float) -> List[Any]:
    """The contents heading, its lines and a page break (nothing when there are no entries)."""
    from reportlab.platypus import PageBreak

    from ... import model as m

    if not plan.entries:
        return []
    label = theme_labels(builder).get("contents", "Contents")
    tags = builder.tags
    out: List[Any] = []
    line_cls = contents_line_class()
    with tags.group("Sect", title=label):
        out.append(builder.heading((m.Text(label),), "h2", "", None, 0, rule=heading_rule(builder)))
        groups: List[str] = []
        for entry in plan.entries:
            if entry.group not in groups:
                groups.append(entry.group)
        for group in groups:  # the contents ("") first, then each list of figures, tables, boxes
            if group:  # a list's heading, under the contents' heading (and its bookmark)
                out.append(builder.heading((m.Text(group),), "h3", "", None, 1))
            with tags.group("TOC"):
                for entry in plan.entries:
                    if entry.group == group:
                        out.append(_line(builder, plan, entry, line_cls))
    out.append(PageBreak())
    log.debug("memo contents: %d entries, numbers %s", len(plan.entries), "set" if plan.pages else "placeholders")
    return out


def _line(builder: "BlockBuilder", plan: NavPlan, entry: Entry, line_cls: type) -> Any:
    """One contents line, a ``TOCI > P`` holding the title and the number (links to the entry's anchor)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    tags = builder.tags
    style = _style(builder, entry)
    column = stringWidth(WIDEST_NUMBER, style.fontName, style.fontSize) + style.fontSize
    with tags.group("TOCI"):
        owner = tags.leaf("P")
    page = plan.pages.get(entry.anchor) if plan.pages is not None else None
    title = builder.writer.text(entry.title, "body")
    if entry.number:
        title = builder.writer.text(entry.number, "body") + "\u2002" + title
    link = builder.writer.link_color
    if entry.anchor in builder.writer.anchors:
        title = f'<a href="#{entry.anchor}" color="{link}">{title}</a>'
        builder.writer.link_texts.setdefault(f"#{entry.anchor}", f"Go to {entry.title}")
    para = tag(builder.paragraph_cls(title, builder.sheet.derive(style.name, rightIndent=column)), owner)
    number = tag(builder.paragraph_cls(_number_markup(entry, page, builder), builder.sheet.derive(
        style.name, alignment=2, leftIndent=0, firstLineIndent=0, rightIndent=0)), owner)
    return line_cls(para, number, column, builder.sheet.theme_color("muted"))


def _style(builder: "BlockBuilder", entry: Entry) -> Any:
    """The entry's style: ``contents_entry`` (sections) or ``contents_sub`` (below), indented per level."""
    names = builder.cfg.style_names()
    name = "contents_entry" if entry.level == 0 else "contents_sub"
    if name not in names:
        name = "body"
    style = builder.sheet[name]
    indent = style.leftIndent + max(entry.level - 1, 0) * style.fontSize * 1.5
    if entry.group:  # a long caption's later lines hang under its title, the entries a little apart
        hang = style.fontSize * 1.5
        return builder.sheet.derive(name, leftIndent=indent + hang, alignment=0, firstLineIndent=-hang,
                                    spaceBefore=max(style.spaceBefore, style.fontSize * 0.3))
    return builder.sheet.derive(name, leftIndent=indent, alignment=0, firstLineIndent=0)


def _number_markup(entry: Entry, page: Any, builder: "BlockBuilder") -> str:
    """The page number (a link to the heading), or a non-breaking space before the numbers are known."""
    if page is None:
        return "\u00a0"
    if entry.anchor in builder.writer.anchors:
        return f'<a href="#{entry.anchor}">{page}</a>'
    return str(page)


def contents_line_class() -> type:
    """A flowable: the title paragraph, dot leaders and the right-aligned number paragraph."""
    from reportlab.platypus import Flowable

    class ContentsLine(Flowable):
        """One contents line (kept whole: a line of the contents never splits)."""

        def __init__(self, title: Any, number: Any, column: float, leader_color: Any) -> None:
            super().__init__()
            self.title = title
            self.number = number
            self.column = column
            self.leader_color = leader_color

        def wrap(self, availWidth: float, availHeight: float) -> tuple:  # ReportLab's names
            self.width = availWidth
            self.height = self.title.wrap(availWidth, availHeight)[1]
            self.number.wrap(self.column, availHeight)
            return availWidth, self.height

        def getSpaceBefore(self) -> float:  # ReportLab's name
            return self.title.getSpaceBefore()

        def getSpaceAfter(self) -> float:  # ReportLab's name
            return self.title.getSpaceAfter()

        def draw(self) -> None:
            canv = self.canv
            style = self.title.style
            self.title.drawOn(canv, 0, 0)
            lines = self.title.blPara.lines
            last = lines[-1] if lines else None
            extra = (last[0] if isinstance(last, tuple) else getattr(last, "extraSpace", 0.0)) if last else 0.0
            used = self.width - style.rightIndent - extra
            start = used + style.fontSize * 0.3
            stop = self.width - self.column + style.fontSize * 0.25
            baseline = self.title.height - style.fontSize - (max(len(lines), 1) - 1) * style.leading  # the last line's
            if stop - start > style.fontSize:
                with artifact(canv, "Layout"):
                    canv.saveState()
                    canv.setFillColor(self.leader_color)
                    step = style.fontSize * 0.45
                    x = stop - step
                    while x >= start:
                        canv.circle(x, baseline + style.fontSize * 0.06, style.fontSize * 0.055, stroke=0, fill=1)
                        x -= step
                    canv.restoreState()
            self.number.drawOn(canv, self.width - self.column, baseline - self.number.height + self.number.style.fontSize)

    return ContentsLine
