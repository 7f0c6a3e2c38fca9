"""Setting a derived one-pager (a report without ``summary:`` or ``key_points:``) with the ReportLab kit.

The plan (what to say) comes from :mod:`.derive`; this module sets it, on
the page of :mod:`.page`: the masthead; in the main column (at the reading
measure) the summary box holding the lead and the visible line "Summary
drawn from the report's text", the first table or chart whose measured
height fits the room left, the recommendations (if any); in the sidebar,
where a brief's key points go, the contact lines and the link. Each
section's heading and opening sentences (its gist) run in order from the
foot of the main column into the sidebar, split where the columns come out
most even. It tries the plans
of :data:`.derive.BUDGETS` from the richest down; each richer plan is tried
only at sizes close to the memo's (``READABLE_STEP``), so a long report fits
by taking less text, not by setting it tiny. The leanest plan is tried down
to ``onepager.min_size``.

The build warns at the front matter, naming the fields that would make the
one-pager better; a report with too little text to stand for it, or whose
leanest plan does not fit, fails with a located error.
"""

from __future__ import annotations

import logging
from typing import Any, List

from ...errors import NothingToShow, RenderError, error
from .page import Setup, Story, fit_and_draw, measure
from .derive import BUDGETS, DERIVED_NOTE, FILL, MIN_WORDS, Plan, plan, title_position, warning_text
from .columns import balance
from .fit import scales

log = logging.getLogger(__name__)

FILL_SHARE = 0.1
"""A page left more than this share empty is filled with more of each section (see :func:`fill`)."""

READABLE_STEP = 1.0
"""A plan richer than the leanest is set at most this many points below the memo's summary size."""


def render_derived(setup: Setup) -> bytes:
    """The derived one-pager's bytes.

    A body without prose raises :class:`NothingToShow` (located at the title: the build makes it a warning
    and no file when the one-pager was not asked for by name); a plan that does not fit, a :class:`RenderError`.
    """
    ctx = setup.ctx
    doc = ctx.doc
    line, col = title_position(doc)
    first = plan(doc, BUDGETS[0])
    if not first.meaningful:
        raise NothingToShow([error(doc.source, line, (
            f"the one-pager has nothing to show: no 'summary:' or 'key_points:' in the front matter and fewer than "
            f"{MIN_WORDS} words of prose in the body to draw one from ({first.words}); add 'summary:' and 'key_points:'"), col)])
    ctx.warn(line, warning_text(first.missing), col)
    base = setup.base["summary"].fontSize
    full = scales(base, setup.min_size, setup.step)
    readable = tuple(s for s in full if s * base >= base - READABLE_STEP - 1e-9) or full[:1]
    room = setup.geo.frame_height
    tried: list = []
    built: dict = {}
    for index, budget in enumerate(BUDGETS):
        current = first if index == 0 else plan(doc, budget)
        last = index == len(BUDGETS) - 1
        key = (current.lead, current.gists, current.visuals)
        if not current.meaningful or (key in tried and not last):
            continue  # the same plan again would not fit at the same sizes
        tried.append(key)
        ladder = full if last else readable
        data, built = fit_and_draw(setup, ladder, lambda builder, p=current: derived_story(setup, builder, p))
        if data is not None:
            log.info("one-pager: derived from the report's text (%s, %d words)", budget, current.words)
            return fill(setup, data, built) if index == 0 else data
    smallest = built.get(full[-1])
    over = f": {smallest[1].height(room) - room:.0f} pt over" if smallest else ""
    raise RenderError([error(doc.source, line, (
        f"the one-pager drawn from the report's text does not fit on one page even with one sentence a section "
        f"at the smallest sizes (onepager.min_size {setup.min_size:g}pt){over}; shorten the title and authors' lines, "
        f"or add 'summary:' and 'key_points:'"), col)])


def fill(setup: Setup, data: bytes, built: dict) -> bytes:
    """``data``, or a fuller page: when the richest plan left more than :data:`FILL_SHARE` of the page empty
    (a short report, or a table too tall for the room), the :data:`.derive.FILL` plans are tried in turn at
    the same size, and the last that still fits on one page is kept (never one that loses a table or chart
    the page had)."""
    doc, scale = setup.ctx.doc, setup.scale
    room = setup.geo.frame_height
    if scale is None or scale not in built:
        return data
    parts = built[scale][1].parts
    if room - built[scale][1].height(room) <= FILL_SHARE * room:
        return data
    for budget in FILL:  # a finite ladder: at most len(FILL) more drawings
        richer = plan(doc, budget)
        more, tried = fit_and_draw(setup, (scale,), lambda builder, p=richer: derived_story(setup, builder, p))
        if more is None or (parts.get("visual") is not None and tried[scale][1].parts.get("visual") is None):
            break
        data, parts = more, tried[scale][1].parts
        log.info("one-pager: filled with more of each section (%s)", budget)
        if room - tried[scale][1].height(room) <= FILL_SHARE * room:
            break
    return data


def derived_story(setup: Setup, builder: Any, chosen: Plan) -> Story:
    """The derived one-pager: the masthead; the main column (the lead in the summary box with the visible
    note, the first sections' gists, a table or chart that fits, the recommendations); the sidebar (the
    other sections' gists, the authors' contact lines, the link).

    A gist is a section's heading and opening sentences. They run in order from the foot of the main
    column (set as the lead is) into the sidebar (set as key points are), split where the two columns come
    out most even (:func:`.columns.balance`), after room is kept in the main column for the table or chart.
    Its parts hold ``{"visual": block}`` when a table or chart was placed (no parts to cut: its text is the
    report's, not the author's)."""
    from ..pdfkit.boxes import box, box_label, masthead, recommendations_box
    from ..pdfkit.markup import text_runs
    from .page import contact_lines, sidebar_box

    doc, full = setup.ctx.doc, setup.geo.frame_height
    labels = builder.cfg.theme.labels
    cols = setup.columns(builder, " ".join([p.text for p in chosen.lead] + [g.passage.text for g in chosen.gists]))
    width, side_width = cols.main, cols.side or cols.main
    top = list(masthead(builder, doc, setup.geo.frame_width))
    note = labels.get("derived") or DERIVED_NOTE
    rows: List[Any] = box_label(builder, labels.get("summary", "Summary"))
    for passage in chosen.lead:
        rows += builder.paragraph(text_runs(passage.text), "summary", passage.line)
    rows += builder.paragraph(text_runs(note, italic=True), "note", None)
    main: List[Any] = [box(builder, "summary", rows, width)]

    pad = builder.cfg.settings.boxes.summary.padding

    def gist(b: Any, item: Any, style: str) -> List[Any]:
        # in the main column, indented as the box's text is: the column's measure is the box's
        indent = {"leftIndent": pad, "rightIndent": pad} if style == "summary" else {}
        return (b.paragraph(text_runs(item.heading), "h4", item.line, tag_as=b.tags.heading(2), **indent)
                + b.paragraph(text_runs(item.passage.text), style, item.passage.line, **indent))

    recs = (lambda b: list(recommendations_box(b, doc, width))) if doc.meta.recommendations else (lambda b: [])
    main_base = measure(top, setup.geo.frame_width, full) + measure(main, width, full) + scratch_height(setup, builder, width, recs)
    visual = first_visual(setup, builder, chosen, width, full - main_base)
    if visual is not None:
        main_base += scratch_height(setup, builder, width, lambda b: b.block(visual, width))
    in_main = [scratch_height(setup, builder, width, lambda b, g=g: gist(b, g, "summary")) for g in chosen.gists]
    in_side = [scratch_height(setup, builder, side_width, lambda b, g=g: gist(b, g, "onepager_key_point")) for g in chosen.gists]
    side_base = measure(top, setup.geo.frame_width, full) + pad
    side_base += scratch_height(setup, builder, side_width, lambda b: contact_lines(b, doc))
    split = balance(main_base, in_main, side_base, in_side) if cols.side else len(chosen.gists)
    for item in chosen.gists[:split]:
        main += gist(builder, item, "summary")
    if visual is not None:
        main += builder.block(visual, width)
    main += recs(builder)
    side: List[Any] = []  # made after the main column: the tags read main column, then sidebar
    for item in chosen.gists[split:]:
        side += gist(builder, item, "onepager_key_point")
    side = ([sidebar_box(builder, side, side_width)] if side else []) + contact_lines(builder, doc)
    if not cols.side:  # no room for a sidebar: one column
        main, side = main + side, []
    return Story(top, main, side, cols, {"visual": visual} if visual is not None else {})


def scratch_height(setup: Setup, builder: Any, width: float, make: Any) -> float:
    """The height of ``make(scratch)`` built with a scratch builder at ``builder``'s sizes (no warnings kept)."""
    ctx = setup.ctx
    before = list(ctx.warnings)
    try:
        return measure(make(setup.job.builder(builder.sheet)), width, setup.geo.frame_height)
    finally:
        ctx.warnings[:] = before


def first_visual(setup: Setup, builder: Any, chosen: Plan, width: float, room: float) -> Any:
    """The first table or chart of the plan whose measured height fits ``room``, or None.

    Each candidate is measured with a scratch builder at the same sizes, so a
    candidate left out leaves no warning and no node in the structure tree.
    """
    if room <= 0 or not chosen.visuals:
        return None
    for block in chosen.visuals:
        height = scratch_height(setup, builder, width, lambda b, v=block: b.block(v, width))
        log.debug("one-pager: %s at line %d is %.0f pt tall; %.0f pt left", type(block).__name__, block.line, height, room)
        if height <= room:
            return block
    return None
