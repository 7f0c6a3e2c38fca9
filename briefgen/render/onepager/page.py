"""What every one-pager shares, derived or not: the set-up, the story of a brief with a summary, the
contact lines, measuring, fitting at a ladder of sizes, and the located error when nothing fits.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, List, Optional, Tuple

from ... import model as m
from ...errors import RenderError, error
from ..pdfkit.setup import PdfJob
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
        self.min_size = job.cfg.settings.onepager.min_size
        self.step = job.cfg.settings.onepager.step
        self.scale: Optional[float] = None
        """The scale the last successful :func:`fit_and_draw` drew at."""

    def builder(self, scale: float) -> Any:
        """A block builder whose styles are scaled by ``scale``."""
        return self.job.builder(self.job.stylesheet(size=scale, space=scale))


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


def story(builder: Any, doc: m.Document, width: float) -> Tuple[List[Any], dict]:
    """The one-pager's flowables, and the flowables of each part the author can cut (by field)."""
    from ..pdfkit.boxes import box, box_items, box_label, masthead, recommendations_box

    meta, labels = doc.meta, builder.cfg.theme.labels
    out: List[Any] = list(masthead(builder, doc, width))
    parts: dict = {}
    pad = builder.cfg.settings.boxes.summary.padding
    rows: List[Any] = []
    # Each label before its text, so the tag tree reads in the order the page is painted.
    if meta.summary:
        rows += box_label(builder, labels.get("summary", "Summary"))
        parts["summary"] = builder.blocks(meta.summary, width - 2 * pad, "summary")
        rows += parts["summary"]
    if meta.key_points:
        rows += box_label(builder, labels.get("key_points", "Key Points"), 6 if meta.summary else 0)
        parts["key_points"] = box_items(builder, meta.key_points, "key_point", numbered=False, field="key_points")
        rows += parts["key_points"]
    if rows:
        out.append(box(builder, "summary", rows, width))
    if meta.recommendations:
        recs = recommendations_box(builder, doc, width)
        parts["recommendations"] = recs
        out += recs
    out += contact_lines(builder, doc)
    return out, parts


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


def fit_and_draw(setup: Setup, ladder: Tuple[float, ...], make: Callable[[Any], Tuple[List[Any], dict]]
                 ) -> Tuple[Optional[bytes], dict]:
    """Draw the story ``make(builder)`` at the first scale of ``ladder`` that fits one page.

    Returns ``(bytes, built)``, or ``(None, built)`` when no scale fits;
    ``built`` maps each scale tried to ``(builder, flowables, parts)``.
    """
    width, room = setup.geo.frame_width, setup.geo.frame_height
    built: dict = {}

    def measured(scale: float) -> float:
        builder = setup.builder(scale)
        flows, parts = make(builder)
        built[scale] = (builder, flows, parts)
        return measure(flows, width, room)

    start = 0
    while start < len(ladder):  # each pass moves on by at least one scale: the loop ends
        result = fit(ladder[start:], measured, room)
        if result.scale is None:
            break
        data, pages = _draw(setup, *built[result.scale][:2])
        if pages == 1:
            log.info("one-pager: fitted at %.0f%% of the memo's sizes", result.scale * 100)
            setup.scale = result.scale
            return data, built
        start = ladder.index(result.scale) + 1
    return None, built


def raise_overflow(setup: Setup, smallest: Optional[tuple], make: Callable[[Any], Tuple[List[Any], dict]]) -> None:
    """Fail with a located error naming the part to cut (``smallest``: what the smallest scale built)."""
    doc, geo = setup.ctx.doc, setup.geo
    width, room = geo.frame_width, geo.frame_height
    if smallest is None:
        builder = setup.builder(scales(setup.base["summary"].fontSize, setup.min_size, setup.step)[-1])
        smallest = (builder, *make(builder))
    builder, flows, parts = smallest
    overflow = max(measure(flows, width, room) - room, builder.sheet["summary"].leading)
    sizes = []
    for key, label in PARTS:
        if key in parts:
            text = _part_text(doc, key)
            style = {"summary": "summary", "key_points": "key_point", "recommendations": "recommendation"}[key]
            height = measure(parts[key], width, room)
            sizes.append(PartSize(key, label, height, len(text.split()), builder.sheet[style].leading,
                                  text_lines(parts[key]), text_lines(parts[key], paragraphs=True)))
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


def _draw(setup: Setup, builder: Any, flows: List[Any]) -> Tuple[bytes, int]:
    """Draw ``flows`` with the kit's guarded template and page painter: ``(bytes, pages)``."""
    job = setup.job
    painter = job.painter(builder.sheet, "", stamp_sheet=setup.base)
    templates = job.single_frame("first", "onepager", painter.first_page, painter)
    built = job.build(flows, builder, painter, templates, max_pages=3)  # more than one page already means "does not fit"
    return built.data, built.pages
