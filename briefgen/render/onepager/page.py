"""What every one-pager shares, derived or not: the set-up, the story of a brief with a summary, the
contact lines, measuring, fitting at a ladder of sizes, and the located error when nothing fits.

The page is a masthead across the text block, then two frames side by side: the main column, as wide as
``onepager.measure`` characters at the size being tried (:mod:`.columns`), and the sidebar. The story is
read, tagged and painted in that order: masthead, main column, sidebar.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

from ... import model as m
from ...errors import RenderError, error
from ..pdfkit.setup import PdfJob
from .columns import LINE_SLACK, RAGGED_SLACK, Columns, mean_char_em, plan_columns
from .fit import PartSize, cut_advice, fit, scales

log = logging.getLogger(__name__)

PARTS = (("summary", "bottom line"), ("key_points", "key points"), ("recommendations", "recommendations"))


class Setup:
    """What every attempt shares: the kit's job (settings, fonts, geometry, stamps) and the base styles."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.job = job = PdfJob(ctx, geometry=onepager_geometry)
        self.cfg, self.geo = job.cfg, job.geo
        self.base = job.stylesheet()
        self.own = job.cfg.settings.onepager
        self.min_size = self.own.min_size
        self.step = self.own.step
        self.scale: Optional[float] = None
        """The scale the last successful :func:`fit_and_draw` drew at."""

    def builder(self, scale: float) -> Any:
        """A block builder whose styles are scaled by ``scale``."""
        return self.job.builder(self.job.stylesheet(size=scale, space=scale))

    def columns(self, builder: Any, text: str) -> Columns:
        """The columns at ``builder``'s sizes for a main column that sets ``text`` (its mean character width)."""
        from reportlab.lib.enums import TA_JUSTIFY
        from reportlab.pdfbase.pdfmetrics import stringWidth

        style = builder.sheet["summary"]
        sample = " ".join(text.split()) or SAMPLE
        em = mean_char_em(stringWidth(sample, style.fontName, 1.0), len(sample))
        own = self.own
        slack = LINE_SLACK if style.alignment == TA_JUSTIFY else RAGGED_SLACK
        cols = plan_columns(self.geo.frame_width, style.fontSize, em, builder.cfg.settings.boxes.summary.padding,
                            own.measure, own.min_measure, own.gutter, own.sidebar_min, slack)
        log.debug("one-pager at %.2f pt: main column %.0f pt (about %.0f characters), sidebar %.0f pt",
                  style.fontSize, cols.main, cols.chars, cols.side)
        return cols


SAMPLE = "The committee asked whether the agency had spent its funds as the law directs, and found that it had."
"""The text whose mean character width sizes the main column when the column has no text of its own."""


@dataclass
class Story:
    """The one-pager's flowables by frame (masthead, main column, sidebar), its columns, and the parts the
    author can cut (by field: ``(flowables, width)``; a derived one-pager's ``visual``: the block placed)."""

    masthead: List[Any]
    main: List[Any]
    side: List[Any]
    cols: Columns
    parts: Dict[str, Any] = field(default_factory=dict)

    def height(self, room: float) -> float:
        """The height the page needs: the masthead and the taller of the two columns (an upper bound)."""
        return measure(self.masthead, self.cols.main + self.cols.gutter + self.cols.side, room) + max(
            measure(self.main, self.cols.main, room), measure(self.side, self.cols.side, room) if self.side else 0.0)

    def flowables(self) -> List[Any]:
        """Everything in reading order, a frame break between the frames (main column, then sidebar)."""
        from reportlab.platypus.doctemplate import FrameBreak

        return [*self.masthead, FrameBreak(), *self.main, FrameBreak(), *self.side]


def onepager_geometry(cfg: Any, paper: str) -> Any:
    """The memo's page geometry with ``onepager.margin_*`` (the memo's margins by default)."""
    import dataclasses

    from ..pdfkit.config import page_geometry

    geo = page_geometry(cfg, paper)
    own = cfg.settings.onepager

    def margin(value: Optional[float], page: float) -> float:
        return page if value is None else value

    return dataclasses.replace(
        geo,
        top=margin(own.margin_top, geo.top),
        bottom=margin(own.margin_bottom, geo.bottom),
        left=margin(own.margin_left, geo.left),
        right=margin(own.margin_right, geo.right),
        columns=1,
    )


def story(setup: Setup, builder: Any, doc: m.Document) -> Story:
    """The one-pager of a brief with a summary: the masthead; the main column (the bottom line in the summary
    box, the recommendations box); the sidebar (the key points, each author's contact line, the link)."""
    from ..pdfkit.boxes import box, box_items, box_label, masthead, recommendations_box

    meta, labels = doc.meta, builder.cfg.theme.labels
    cols = setup.columns(builder, " ".join(_part_text(doc, k) for k in ("summary", "recommendations")))
    top = list(masthead(builder, doc, setup.geo.frame_width))
    main: List[Any] = []
    side: List[Any] = []
    parts: dict = {}
    pad = builder.cfg.settings.boxes.summary.padding
    # Each label before its text, so the tag tree reads in the order the page is painted.
    if meta.summary:
        rows = box_label(builder, labels.get("summary", "Summary"))
        parts["summary"] = (builder.blocks(meta.summary, cols.main - 2 * pad, "summary"), cols.main)
        main.append(box(builder, "summary", rows + parts["summary"][0], cols.main))
    if meta.recommendations:
        parts["recommendations"] = (recommendations_box(builder, doc, cols.main), cols.main)
        main += parts["recommendations"][0]
    side_width = cols.side or cols.main
    if meta.key_points and not main:  # nothing else for the main column: the key points are its text
        label = box_label(builder, labels.get("key_points", "Key Points"))
        items = box_items(builder, meta.key_points, "key_point", numbered=False, field="key_points")
        parts["key_points"] = (items, cols.main)
        main.append(box(builder, "summary", label + items, cols.main))
    elif meta.key_points:
        label = box_label(builder, labels.get("key_points", "Key Points"))  # tagged before its items
        items = box_items(builder, meta.key_points, "onepager_key_point", numbered=False, field="key_points")
        parts["key_points"] = (items, side_width)
        side.append(sidebar_box(builder, label + items, side_width))
    side += contact_lines(builder, doc)
    if not cols.side:  # no room for a sidebar: one column
        main, side = main + side, []
    return Story(top, main, side, cols, parts)


def sidebar_box(builder: Any, rows: List[Any], width: float) -> Any:
    """The sidebar's key points: under the summary box's rule, level with it, with no shade or side padding
    (a narrow column keeps its width for the text)."""
    from reportlab.platypus import TableStyle

    from ..pdfkit.guard import safe_table_class

    Table = safe_table_class()
    sheet = builder.sheet
    own = builder.cfg.settings.boxes.summary
    table = Table([[r] for r in rows], colWidths=[width])
    commands = sheet.table_font() + [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]
    if own.rule_width > 0:
        commands.append(("LINEABOVE", (0, 0), (-1, 0), own.rule_width, sheet.rgb(own.rule)))
    for i, row in enumerate(rows):
        commands.append(("TOPPADDING", (0, i), (-1, i), own.padding if i == 0 else row.getSpaceBefore()))
        commands.append(("BOTTOMPADDING", (0, i), (-1, i), row.getSpaceAfter()))
    table.setStyle(TableStyle(commands))
    table.spaceBefore, table.spaceAfter = own.space_before, 0
    return table


def contact_lines(builder: Any, doc: m.Document) -> List[Any]:
    """Each author who gives a ``contact:``, with their role and contact, then where to read the full
    brief (``url:``). An author without one gets no line: the masthead's byline already names them, and a
    line of name and role again would only repeat it."""
    from reportlab.platypus import Paragraph

    from ..pdfkit.markup import text_runs

    meta, labels = doc.meta, builder.cfg.theme.labels
    out: List[Any] = []
    for author in meta.authors:
        if not author.contact:
            continue
        name = builder.writer.text(author.name, "heading", weight="bold")
        tail = " · ".join(builder.writer.text(t, "heading") for t in (author.role, author.contact) if t)
        out.append(Paragraph(f"<b>{name}</b>" + (f"\u2002{tail}" if tail else ""), builder.sheet["onepager_contact"]))
        builder.report(author.line)
    if meta.url:
        template = labels.get("read_more") or "Read the full brief: {url}"
        before, _, after = template.partition("{url}")
        runs = text_runs(before) + text_runs(meta.url, href=meta.url) + text_runs(after)
        out += builder.paragraph(runs, "onepager_link", meta.line_of("url"))
    return out


def measure(flowables: List[Any], width: float, height: float) -> float:
    """The height ``flowables`` take in a frame ``width`` wide (spacing counted in full: an upper bound)."""
    total = 0.0
    for flowable in flowables:
        inner = getattr(flowable, "_content", None)  # KeepTogether: measure what it holds
        if isinstance(inner, list):
            total += measure(inner, width, height)
            continue
        total += flowable.wrap(width, height)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def fit_and_draw(setup: Setup, ladder: Tuple[float, ...], make: Callable[[Any], Story]) -> Tuple[Optional[bytes], dict]:
    """Draw the story ``make(builder)`` at the first scale of ``ladder`` that fits one page.

    Returns ``(bytes, built)``, or ``(None, built)`` when no scale fits;
    ``built`` maps each scale tried to ``(builder, story)``. A story drawn on
    one page kept each column in its frame: a column that ran over would have
    pushed the next frame's text (or the sidebar's) onto a second page.
    """
    room = setup.geo.frame_height
    built: dict = {}

    def measured(scale: float) -> float:
        builder = setup.builder(scale)
        built[scale] = (builder, make(builder))
        height = built[scale][1].height(room)
        log.debug("one-pager at %.0f%%: %.0f pt of %.0f", scale * 100, height, room)
        return height

    start = 0
    while start < len(ladder):  # each pass moves on by at least one scale: the loop ends
        result = fit(ladder[start:], measured, room)
        if result.scale is None:
            break
        data, pages = _draw(setup, *built[result.scale])
        if pages == 1:
            log.info("one-pager: fitted at %.0f%% of the memo's sizes", result.scale * 100)
            setup.scale = result.scale
            return data, built
        start = ladder.index(result.scale) + 1
    return None, built


def raise_overflow(setup: Setup, smallest: Optional[tuple], make: Callable[[Any], Story]) -> None:
    """Fail with a located error naming the part to cut (``smallest``: what the smallest scale built).

    The part is the tallest of the column that runs over (the sidebar's key points, or the main column's
    bottom line or recommendations)."""
    doc, geo = setup.ctx.doc, setup.geo
    room = geo.frame_height
    if smallest is None:
        builder = setup.builder(scales(setup.base["summary"].fontSize, setup.min_size, setup.step)[-1])
        smallest = (builder, make(builder))
    builder, built = smallest
    overflow = max(built.height(room) - room, builder.sheet["summary"].leading)
    side_over = bool(built.side) and measure(built.side, built.cols.side, room) > measure(built.main, built.cols.main, room)
    sizes = []
    for key, label in PARTS:
        in_side = key == "key_points" and built.parts[key][1] != built.cols.main if key in built.parts else False
        if key in built.parts and in_side == side_over:
            flows, width = built.parts[key]
            text = _part_text(doc, key)
            style = {"summary": "summary", "key_points": "onepager_key_point" if in_side else "key_point",
                     "recommendations": "recommendation"}[key]
            sizes.append(PartSize(key, label, measure(flows, width, room), len(text.split()), builder.sheet[style].leading,
                                  text_lines(flows), text_lines(flows, paragraphs=True)))
    part, advice = cut_advice(sizes, overflow)
    line, col = doc.meta.position(part.key) if part else (None, None)
    message = (f"the one-pager does not fit on one page even at the smallest sizes "
               f"(onepager.min_size {setup.min_size:g}pt): {advice}")
    raise RenderError([error(doc.source, line, message, col)])


def text_lines(flowables: List[Any], paragraphs: bool = False) -> int:
    """How many lines of text the (already wrapped) paragraphs in ``flowables`` are set in
    (``paragraphs``: how many paragraphs instead)."""
    count = 0
    stack = list(flowables)
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(item)
        elif getattr(item, "blPara", None) is not None:
            count += 1 if paragraphs else len(getattr(item.blPara, "lines", ()))
        elif isinstance(getattr(item, "_content", None), list):
            stack.extend(item._content)
        elif getattr(item, "_cellvalues", None) is not None:
            stack.extend(item._cellvalues)
    return count


def _part_text(doc: m.Document, key: str) -> str:
    meta = doc.meta
    if key == "summary":
        return m.blocks_text(meta.summary)
    items = meta.key_points if key == "key_points" else meta.recommendations
    return " ".join(m.plain_text(i) for i in items)


def _draw(setup: Setup, builder: Any, built: Story) -> Tuple[bytes, int]:
    """Draw ``built`` with the kit's guarded template and page painter: ``(bytes, pages)``.

    The page template has three frames: the masthead across the text block, then the main column and the
    sidebar side by side under it (their tops level)."""
    from reportlab.platypus import Frame, PageTemplate

    job, geo, cols = setup.job, setup.geo, built.cols
    painter = job.painter(builder.sheet, "", stamp_sheet=setup.base)
    head = min(measure(built.masthead, geo.frame_width, geo.frame_height) + 0.5, geo.frame_height)
    below = geo.frame_height - head

    def frame(x: float, y: float, width: float, height: float, name: str) -> Any:
        return Frame(x, y, max(width, 1.0), max(height, 1.0), leftPadding=0, rightPadding=0, topPadding=0,
                     bottomPadding=0, id=name, showBoundary=0)

    frames = [frame(geo.left, geo.bottom + below, geo.frame_width, head, "masthead"),
              frame(geo.left, geo.bottom, cols.main, below, "main"),
              frame(geo.left + cols.main + cols.gutter, geo.bottom, cols.side, below, "sidebar")]
    templates = [PageTemplate("first", frames, onPage=painter.first_page, onPageEnd=painter.decorate)]
    pdf = job.build(built.flowables(), builder, painter, templates, max_pages=3)  # more than one page already means "does not fit"
    return pdf.data, pdf.pages
