"""The one-page leave-behind (``onepager.pdf``), made with the ReportLab kit (:mod:`briefgen.render.pdfkit`).

``render(ctx) -> bytes`` sets, on exactly one page: the memo's masthead
(logo, organization, series, title, byline, date) across the page; under it
a main column at a reading measure (``onepager.measure`` characters a line,
:mod:`.columns`) holding the bottom line in the memo's summary box and the
recommendations box; and beside it a sidebar holding the key points, each
author with their contact line, and where to read the full brief
(``url:``). It reuses the memo's styles, fonts, boxes, page painter (band,
stamps) and guarded doc template; what is its own is read from
``memo.yaml``'s ``onepager:`` section (margins, ``min_size``, ``step``,
``measure``, ``min_measure``, ``gutter``, ``sidebar_min``) and the styles
``onepager_key_point``, ``onepager_contact`` and ``onepager_link``.

It fits by measuring (:mod:`.fit`): the whole story is measured at each text
scale from the memo's sizes down to ``onepager.min_size`` (the main column
narrowing with the type, so its lines keep the measure), and drawn at the
first that fits. When none does, the build fails with a located error at the
part to cut, saying how much.
"""

from __future__ import annotations

import logging
from typing import Any

from ..pdfkit.setup import guarded
from .derive import needs_derivation
from .fit import scales
from .page import Setup, fit_and_draw, raise_overflow, story

log = logging.getLogger(__name__)


def render(ctx: Any) -> bytes:
    """The one-pager's bytes for ``ctx``; a :class:`RenderError` when it cannot fit on one page."""
    return guarded(ctx, "one-pager", lambda: _render(ctx))


def _render(ctx: Any) -> bytes:
    setup = Setup(ctx)
    doc = ctx.doc
    if needs_derivation(doc.meta):
        from .derived import render_derived

        return render_derived(setup)
    ladder = scales(setup.base["summary"].fontSize, setup.min_size, setup.step)
    data, built = fit_and_draw(setup, ladder, lambda builder: story(setup, builder, doc))
    if data is not None:
        return data
    raise_overflow(setup, built[ladder[-1]] if ladder[-1] in built else None,
                   lambda builder: story(setup, builder, doc))
