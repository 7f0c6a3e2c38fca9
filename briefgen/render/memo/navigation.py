"""A long memo's navigation: its contents page and the section named in its running heads.

A memo longer than ``contents.min_pages`` pages (``memo.yaml``, default 8, the
handout's default too) gets, after the masthead and the summary box, a
contents page: each titled section and the headings under it down to
``contents.depth`` levels, with dot leaders, the page each starts on and a
link to it; the body then starts on a new page. Its running heads name the
section the page opens in (``running_head.section``: ``right``, ``left`` or
``off``). A short memo is set exactly as before (same bytes).

Page numbers come from the layout itself, in passes of the same story: the
contents' numbers sit in a column of fixed width, so their values never move
a line; the first pass with the contents records where every heading lands
(:class:`HeadingPages`) and the next sets those numbers and section titles.
The recorded places are compared between passes; a difference (never seen)
costs one more pass, no more.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from ... import model as m
from ..common.itemlists import KINDS, listed_items

log = logging.getLogger(__name__)

SIDES = ("right", "left", "off")
#: The anchor of the memo's Notes heading when the contents lists it (no slug has an underscore).
NOTES_ANCHOR = "_notes"


@dataclass(frozen=True)
class NavSettings:
    """``contents:`` and ``running_head:`` in ``memo.yaml``."""

    min_pages: int = 8
    depth: int = 2
    section_side: str = "right"
    lists: Tuple[str, ...] = KINDS

    def wants_contents(self, pages: int) -> bool:
        """True when a memo of ``pages`` pages gets a contents page (``min_pages`` 0: never)."""
        return self.min_pages > 0 and pages > self.min_pages

    def surely_long(self, doc: m.Document) -> bool:
        """True when the memo's words alone put it past twice ``min_pages`` (at :data:`WORDS_PER_PAGE`):
        it is set with its contents at once, without the plain pass that would only count its pages."""
        return self.min_pages > 0 and word_count(doc) > 2 * self.min_pages * WORDS_PER_PAGE


def nav_settings(cfg: Any) -> NavSettings:
    """The navigation settings of a :class:`~..pdfkit.config.MemoConfig`, checked (errors at the key's line)."""
    min_pages = cfg.integer("contents.min_pages", 8)
    if min_pages < 0:
        raise cfg.invalid("contents.min_pages", min_pages, "a whole number, 0 or more (0: no contents page)")
    depth = cfg.integer("contents.depth", 2)
    if not 1 <= depth <= 5:
        raise cfg.invalid("contents.depth", depth, "1 to 5 (1: sections only; 2: and the headings under them)")
    side = cfg.text("running_head.section", "right").strip().lower()
    if side not in SIDES:
        raise cfg.invalid("running_head.section", side, "right, left or off")
    lists = cfg.strings("contents.lists", list(KINDS)) if cfg.raw("contents.lists") != [] else []
    for kind in lists:
        if kind not in KINDS:
            raise cfg.invalid("contents.lists", kind, "a list of figures, tables, boxes ([] for none)")
    return NavSettings(min_pages=min_pages, depth=depth, section_side=side, lists=tuple(dict.fromkeys(lists)))


#: Words on a printed page, for the estimate (the handout's ``contents.words_per_page`` default too).
WORDS_PER_PAGE = 450


def word_count(doc: m.Document) -> int:
    """The words of the body, the summary and the notes."""
    parts = [m.blocks_text(m.all_body_blocks(doc)), m.blocks_text(doc.meta.summary)]
    parts += [m.blocks_text(note.blocks) for note in doc.footnotes]
    return sum(len(part.split()) for part in parts)


@dataclass(frozen=True)
class Entry:
    """One contents line: heading ``anchor``, its ``title`` (plain text), number ("" if none), ``level`` (0: section);
    a line of a list of figures, tables or boxes has the list's heading as its ``group``."""

    anchor: str
    title: str
    number: str
    level: int
    group: str = ""


def contents_entries(doc: m.Document, numbered: bool, number_format: str, depth: int,
                     notes_label: str = "") -> List[Entry]:
    """The contents of the memo's body (numbered as :func:`..memo.body` numbers sections), then the notes."""
    out: List[Entry] = []
    n = 0
    for section in doc.sections:
        if not section.title:
            continue
        n += 1
        number = number_format.replace("{n}", str(n)) if numbered else ""
        out.append(Entry(section.anchor, m.plain_text(section.title).strip(), number, 0))
        for block in section.blocks:
            if isinstance(block, m.SubHeading) and block.anchor and 1 <= block.level - 2 < depth:
                out.append(Entry(block.anchor, m.plain_text(block.inlines).strip(), "", block.level - 2))
    if notes_label:
        out.append(Entry(NOTES_ANCHOR, notes_label, "", 0))
    return out


def list_entries(doc: m.Document, labels: Any, kinds: Tuple[str, ...]) -> List[Entry]:
    """The lines of the lists of figures, tables and boxes (``contents.lists``), after the contents' own."""
    return [Entry(item.anchor, item.text, "", 1, heading)
            for heading, items in listed_items(doc, labels, kinds) for item in items]


@dataclass
class HeadingPages:
    """Where each heading landed in one pass: anchor -> page, and each section heading's
    ``(page, at the frame's top, title)`` in order (for the running heads)."""

    pages: Dict[str, int] = field(default_factory=dict)
    sections: List[Tuple[int, bool, str]] = field(default_factory=list)
    drawn: frozenset = frozenset()
    """Anchors set inside other flowables (the captions of listed figures, tables and boxes): their
    page is the one their ``<a name>`` is drawn on, seen on the canvas."""

    def attach(self, template: Any) -> None:
        """Record after every flowable the template sets (chained after any ``afterFlowable`` already there)."""
        before = getattr(template, "afterFlowable", None)

        def after(flowable: Any) -> None:
            if before is not None:
                before(flowable)
            self.watch_canvas(template)
            self.record(template, flowable)

        template.afterFlowable = after

    def watch_canvas(self, template: Any) -> None:
        """Once the canvas exists (after the masthead, before any caption), note the page each
        anchor of :attr:`drawn` is drawn on."""
        canv = getattr(template, "canv", None)
        if not self.drawn or canv is None or getattr(canv, "_nav_watched", False):
            return
        plain = canv.bookmarkHorizontal

        def bookmark(key: str, *args: Any, **kw: Any) -> Any:
            if key in self.drawn and key not in self.pages:
                self.pages[key] = int(template.page)
            return plain(key, *args, **kw)

        canv.bookmarkHorizontal = bookmark
        canv._nav_watched = True

    def record(self, template: Any, flowable: Any) -> None:
        """Note a heading's page (and, for a section heading, whether it opens its frame)."""
        anchor = getattr(flowable, "anchor_name", None)
        if anchor is None:
            return
        page = int(template.page)
        if anchor and anchor not in self.pages:
            self.pages[anchor] = page
        if getattr(flowable, "outline_level", -1) == 0:
            frame = getattr(template, "frame", None)
            used = (frame._y1 + frame._height - frame._y) if frame is not None else 0.0
            own = float(getattr(flowable, "height", 0.0)) + float(flowable.getSpaceAfter())
            frames = list(getattr(getattr(template, "pageTemplate", None), "frames", []) or [frame])
            first = frame is frames[0]  # the top of a page's second column does not open the page
            self.sections.append((page, first and used - own < 1.0, str(getattr(flowable, "outline_title", "") or "")))

    def section_at(self, page: int) -> str:
        """The section a page opens in: the last section heading set on an earlier page, or one opening this page."""
        found = ""
        for at, top, title in self.sections:
            if at < page or (at == page and top):
                found = title
            else:
                break
        return found

    def same_places(self, other: "HeadingPages") -> bool:
        """True when two passes put every heading on the same page."""
        return self.pages == other.pages and [s[:2] for s in self.sections] == [s[:2] for s in other.sections]


@dataclass(frozen=True)
class NavPlan:
    """What one pass of a long memo sets: the contents' ``entries`` with the ``pages`` found by
    the previous pass (None: placeholders), and the running heads' sections (``heads``)."""

    entries: Tuple[Entry, ...]
    settings: NavSettings
    pages: Optional[Dict[str, int]] = None
    heads: Optional[HeadingPages] = None
