"""The print-ready PDF policy memo, made with ReportLab's platypus and the kit (:mod:`briefgen.render.pdfkit`).

``render(ctx) -> bytes`` lays out, in order: the masthead, a shaded summary box
on page 1, then the parts listed in ``memo.yaml``'s ``order`` (by default the
body, the recommendations box, the endnotes and "About the author(s)").
Every visual choice is read from the layout's ``theme.yaml`` and ``memo.yaml``
(see :mod:`..pdfkit.settings`, :mod:`..pdfkit.styles`); all text is escaped
(:mod:`..pdfkit.markup`). What is the memo's own: this story and its order,
the page budget (:mod:`.budget`), the summary box, endnotes and authors
(:mod:`.front`).

The output is deterministic: ReportLab's invariant mode, the creation date
taken from ``doc.epoch`` and font names derived from the font files' bytes.

The memo is a tagged PDF: the block builder makes the structure tree in
source order while it builds the story (:mod:`..pdfkit.tagmap`), and
:mod:`briefgen.render.pdftags` marks what is drawn and writes the tree.
"""

from __future__ import annotations

import logging
import time
from typing import Any, List, Optional, Set

from ... import model as m
from ..pdfkit.boxes import heading_rule, masthead, recommendations_box
from ..pdfkit.builder import BlockBuilder
from ..pdfkit.config import load_memo_config
from ..pdfkit.page import build_templates, press_marks
from ..pdfkit.setup import PdfJob, guarded
from .contents import contents_story
from .front import authors_section, notes_section, summary_box
from .navigation import NOTES_ANCHOR, HeadingPages, NavPlan, contents_entries, list_entries, nav_settings

log = logging.getLogger(__name__)

PARTS = ("body", "recommendations", "notes", "authors")


def one_rule(head: List[Any]) -> List[Any]:
    """The masthead without its closing rule (its space kept): a ruled box follows."""
    from reportlab.platypus import Spacer
    from reportlab.platypus.flowables import HRFlowable

    return [Spacer(1, f.getSpaceBefore() + f.getSpaceAfter()) if isinstance(f, HRFlowable) and i >= len(head) - 2
            else f for i, f in enumerate(head)]


def render(ctx: Any) -> bytes:
    """Render ``ctx.doc`` as a PDF memo and return its bytes.

    Raises :class:`~briefgen.errors.RenderError` (or ``LayoutError`` for a bad
    layout) for problems the user can fix; never a raw traceback.
    """
    return guarded(ctx, "memo", lambda: _render(ctx))


def _render(ctx: Any) -> bytes:
    """Set the memo; over its page budget, again with each of the layout's tighter settings (see :mod:`.budget`)."""
    from .budget import NORMAL, budget_report, has_pullquotes, page_budget, section_lengths, tightenings

    cfg = load_memo_config(ctx.layout, ctx.layout.theme)
    budget, origin = page_budget(ctx.doc, cfg)
    before = list(ctx.warnings)
    nav = nav_settings(cfg)
    navigable = not budget and "body" in cfg.strings("order", list(PARTS))
    if navigable and nav.surely_long(ctx.doc):
        with_contents = _render_long(ctx, cfg, nav, before)
        if with_contents is not None:
            return with_contents
    data, tracker, pages, lines_per_page = _render_once(ctx, cfg, NORMAL)
    if navigable and nav.wants_contents(pages):
        return _render_long(ctx, cfg, nav, before, known_long=True) or data
    if not budget or pages <= budget:
        return data
    first = (data, tracker, pages, list(ctx.warnings))
    closest = (tracker, pages, lines_per_page)  # the figure is what is left to cut after the tightest setting
    tried = False
    for tight in tightenings(cfg):
        if tight.pullquotes_inline and tight.leading == 1.0 and tight.space == 1.0 and not has_pullquotes(ctx.doc):
            continue
        ctx.warnings[:] = before  # each setting reports only its own warnings
        data, tracker, pages, lines = _render_once(ctx, cfg, tight)
        if pages <= budget:
            log.info("memo: within its %d-page budget with %s", budget, tight)
            return data
        tried = True
        closest = (tracker, pages, lines)
    data, tracker, pages, warnings = first  # nothing fitted: ship the memo as the layout sets it, and say how far over
    ctx.warnings[:] = warnings
    left, left_pages, left_lines = closest
    message = budget_report(left_pages, left.end, budget, origin, section_lengths(tracker.starts, tracker.end), left_lines,
                            tightened=tried)
    if message and origin == "page_budget":
        line, col = ctx.doc.meta.position("page_budget")
        ctx.warn(line, message, col)
    elif message:
        ctx.warn(None, message, path=cfg.origin)
    return data


def _render_long(ctx: Any, cfg: Any, nav: Any, before: List[Any], known_long: bool = False) -> Optional[bytes]:
    """A memo over ``contents.min_pages``: set with its contents page and the sections in its running heads,
    first with placeholder page numbers (recording where each heading lands), then with the numbers.

    None when the memo has no titled section, or was only estimated long (``known_long`` False) and its
    contents pass shows it is not: then it is set as a short memo."""
    from .budget import NORMAL

    order = cfg.strings("order", list(PARTS))
    heads = cfg.settings.headings
    notes_label = theme_labels_of(ctx).get("notes", "Notes") if ctx.doc.footnotes and "notes" in order else ""
    entries = tuple(contents_entries(ctx.doc, heads.numbered, heads.number_format, nav.depth, notes_label))
    if not any(entry.level == 0 and entry.anchor != NOTES_ANCHOR for entry in entries):
        return None  # no titled section: nothing to list or name in a running head
    if "body" in order:
        entries += tuple(list_entries(ctx.doc, theme_labels_of(ctx), nav.lists))
    drawn = frozenset(entry.anchor for entry in entries if entry.group)
    plan = NavPlan(entries, nav)
    data = b""
    for attempt in range(3):  # placeholders, numbers, and (never seen) once more if a heading moved
        found = HeadingPages(drawn=drawn)
        ctx.warnings[:] = before  # each pass reports only its own warnings
        data, _tracker, pages, _lines = _render_once(ctx, cfg, NORMAL, plan, found)
        if not known_long and not nav.wants_contents(pages):
            log.info("memo: estimated long, but %d pages with its contents; set as a short memo", pages)
            ctx.warnings[:] = before
            return None
        if plan.heads is not None and plan.heads.same_places(found):
            log.info("memo: %d pages with a contents page (%d entries), %d passes", pages, len(entries), attempt + 1)
            return data
        plan = NavPlan(entries, nav, dict(found.pages), found)
    log.warning("memo: headings still moved between passes; the contents' page numbers may be off")
    return data


def theme_labels_of(ctx: Any) -> Any:
    """The theme's generated labels."""
    return ctx.layout.theme.labels


def _render_once(ctx: Any, cfg: Any, tight: Any, plan: Optional[NavPlan] = None,
                 found: Optional[HeadingPages] = None) -> tuple:
    """One setting of the memo: ``(bytes, tracker, pages, body lines per page)``; with ``plan``, a long
    memo's contents page and running heads, recording into ``found`` where every heading lands."""
    from reportlab.platypus import NextPageTemplate

    from .budget import Tracker, inline_pullquotes

    started = time.perf_counter()
    doc: m.Document = inline_pullquotes(ctx.doc) if tight.pullquotes_inline else ctx.doc
    job = PdfJob(ctx, doc=doc, cfg=cfg)
    geo = job.geo
    sheet = job.stylesheet(leading=tight.leading, space=tight.space)
    order = cfg.strings("order", list(PARTS))
    for part in order:
        if part not in PARTS:
            raise cfg.invalid("order", part, f"one of {', '.join(PARTS)}")
    anchors = collect_anchors(doc, order)
    if plan is not None and any(e.anchor == NOTES_ANCHOR for e in plan.entries):
        anchors.add(NOTES_ANCHOR)
    if plan is not None:  # the captions of listed figures, tables and boxes
        anchors.update(e.anchor for e in plan.entries if e.group)
    builder = job.builder(sheet, anchors)

    width = geo.frame_width
    story: List[Any] = [NextPageTemplate("later")]
    head = masthead(builder, doc, width)
    used = sum(f.wrap(width, geo.frame_height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in head)
    box = summary_box(builder, doc, width, geo.frame_height - used)
    if box and cfg.settings.boxes.summary.rule_width > 0:
        head = one_rule(head)  # the box's own rule is the rule under the title block
    story += head + box
    if plan is not None:
        story += contents_story(builder, plan, width)
    # the works cited follow the notes (Chicago's order) when the notes come after the body
    later = "notes" in order and order.index("notes") > order.index("body") if "body" in order else False
    for part in order:
        if part == "body":
            story += body(builder, doc, geo.column_width, works_cited=not later)
        elif part == "recommendations":
            story += recommendations_box(builder, doc, geo.column_width)
        elif part == "notes":
            story += notes_section(builder, doc, geo.column_width, NOTES_ANCHOR if plan is not None else "")
            if later:
                story += works_cited(builder, doc, geo.column_width)
        elif part == "authors":
            story += authors_section(builder, doc, geo.column_width)

    marks = press_marks(cfg) if ctx.options.print_profile == "press" else None
    painter = job.painter(sheet, job.labels.get("page", "Page {page} of {pages}"), bleed=marks.bleed if marks else 0.0)
    tracker = Tracker()
    if plan is not None and plan.heads is not None and plan.settings.section_side != "off":
        painter.section_at = plan.heads.section_at
        painter.section_side = plan.settings.section_side

    def watch(template: Any) -> None:
        tracker.attach(template)
        if found is not None:
            found.attach(template)

    stats: dict = {"untagged_text": 0}
    built = job.build(story, builder, painter, build_templates(geo, painter), max_pages=job.max_pages, marks=marks,
                      rewrap=marks is not None, stats=stats, watch=watch)
    drawn = getattr(getattr(built.template, "canv", None), "_pdftags", None)
    if drawn is not None and drawn.untagged_text:
        log.warning("memo: %d text object(s) drawn outside any tag (set as artifacts)", drawn.untagged_text)
    if drawn is not None:
        stats["untagged_text"] += drawn.untagged_text
    log.info("memo: %d bytes in %.2fs (%s)", len(built.data), time.perf_counter() - started, stats)
    return built.data, tracker, built.pages, geo.frame_height / max(sheet["body"].leading, 1.0)


def is_works_cited(section: m.Section) -> bool:
    """True for the section the source layer adds for the works cited (its one block a Bibliography)."""
    return len(section.blocks) == 1 and isinstance(section.blocks[0], m.Bibliography) and not section.blocks[0].placed


def works_cited(builder: BlockBuilder, doc: m.Document, width: float) -> List[Any]:
    """The works cited after the notes: an unnumbered heading as the notes have, then the list."""
    out: List[Any] = []
    for section in (s for s in doc.sections if is_works_cited(s)):
        with builder.tags.group("Sect", title=m.plain_text(section.title)):
            out.append(builder.heading(section.title, "h2", section.anchor, section.line, 0, rule=heading_rule(builder)))
            builder.start_section("")
            out.extend(builder.blocks(section.blocks, width))
    return out


def body(builder: BlockBuilder, doc: m.Document, width: float, works_cited: bool = True) -> List[Any]:
    """The lede and every section, headings numbered if the layout says so (``works_cited``:
    with the section of the works cited, else it is left for :func:`works_cited`)."""
    out: List[Any] = []
    for block in doc.lede:
        style = "lede" if isinstance(block, m.Paragraph) else "body"
        out.extend(builder.block(block, width, style))
    numbered = builder.cfg.settings.headings.numbered
    fmt = builder.cfg.settings.headings.number_format
    rule = heading_rule(builder)
    n = 0
    for section in doc.sections:
        if not works_cited and is_works_cited(section):
            continue
        if section.title:
            n += 1
            number = fmt.replace("{n}", str(n)) if numbered else ""
            out.append(builder.heading(section.title, "h2", section.anchor, section.line, 0, number, rule=rule))
            builder.start_section(number)
        else:
            builder.start_section("")
        out.extend(builder.blocks(section.blocks, width))
    return out


def collect_anchors(doc: m.Document, parts: Any = PARTS) -> Set[str]:
    """Every in-document link target the memo will define (given the parts shown)."""
    anchors: Set[str] = set()
    if "body" in parts:
        for section in doc.sections:
            if section.title and section.anchor:
                anchors.add(section.anchor)
        for block in m.walk_blocks(m.all_body_blocks(doc)):
            if isinstance(block, m.SubHeading) and block.anchor:
                anchors.add(block.anchor)
        # cross-reference targets: numbered figures, tables and boxes with an id
        anchors.update(ident for ident, target in m.xref_targets(doc).items() if target.kind != "section" and target.number)
    if "notes" not in parts:
        return anchors
    numbers = {n.number for n in doc.footnotes}
    anchors.update(f"note-{n}" for n in numbers)
    meta = doc.meta
    shown: List[Any] = [meta.title, meta.subtitle, meta.summary, meta.key_points, doc.footnotes]
    if "recommendations" in parts:
        shown.append(meta.recommendations)
    if "authors" in parts:
        shown.extend(a.bio for a in meta.authors)
    if "body" in parts:
        shown.append(doc.lede)
        shown.extend((s.title, s.blocks) for s in doc.sections)
    anchors.update(f"ref-{r.number}" for r in m.footnote_refs(shown) if r.number in numbers)
    return anchors
