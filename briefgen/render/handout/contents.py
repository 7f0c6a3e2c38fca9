"""The handout's contents: which headings it lists and when a document gets one.

A document gets contents when it is *long*: longer than ``contents.min_pages``
printed pages (``handout/handout.yaml`` in the layout, default 8; read by
:mod:`~briefgen.render.handout.settings`). The print
PDF counts its real pages (see :mod:`briefgen.render.handout.pdf`); the screen
page, which has no pages, estimates them from its words
(``contents.words_per_page``, default 450), so both usually agree.

The contents lists each titled section (``<h2>``) and the headings directly
under it (``<h3>``), then the recommendations and the notes when the page has
them. Titles are set without links or note references (they sit in a link).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, List, Tuple

from markupsafe import Markup

from ... import model as m
from ..common.itemlists import listed_items
from .settings import load_settings

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class Entry:
    """One line of the contents: an anchor, its title (escaped HTML) and the entries under it."""

    anchor: str
    title: Markup
    children: Tuple["Entry", ...] = field(default_factory=tuple)


def word_count(doc: m.Document) -> int:
    """The words of the body, the summary and the notes (what the handout prints)."""
    parts = [m.blocks_text(m.all_body_blocks(doc)), m.blocks_text(doc.meta.summary)]
    parts += [m.blocks_text(note.blocks) for note in doc.footnotes]
    return sum(len(part.split()) for part in parts)


def estimated_pages(doc: m.Document, layout: Any) -> float:
    """The printed length the screen page assumes: words over ``words_per_page``."""
    return word_count(doc) / load_settings(layout).contents.words_per_page


def entries(doc: m.Document, inlines: Any, extra: List[Tuple[str, str]]) -> List[Entry]:
    """The contents of ``doc``: ``inlines(nodes)`` sets a title without links;
    ``extra`` adds ``(anchor, label)`` lines at the end (recommendations, notes)."""
    found: List[Entry] = []
    for section in doc.sections:
        if not section.anchor or not m.plain_text(section.title).strip():
            continue
        heads = [b for b in section.blocks if isinstance(b, m.SubHeading) and b.anchor]
        top = min((h.level for h in heads), default=0)
        children = tuple(Entry(h.anchor, inlines(h.inlines)) for h in heads if h.level == top)
        found.append(Entry(section.anchor, inlines(section.title), children))
    found.extend(Entry(anchor, Markup.escape(label)) for anchor, label in extra)
    return found


def contents_lists(doc: m.Document, labels: Any) -> List[Tuple[str, List[Entry]]]:
    """The lists of figures, tables and boxes after the contents: ``[(heading, entries)]``, each
    entry "Figure 2. Title" linking to the item (its id, or the ``_fig-2`` the handout gives it)."""
    return [(heading, [Entry(item.anchor, Markup.escape(item.text)) for item in items])
            for heading, items in listed_items(doc, labels)]
