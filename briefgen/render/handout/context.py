"""The template context of the handout: the document, converted to escaped HTML.

The context is built in reading order (header, aside, main, endnotes, authors),
so footnote reference ids and heading levels come out in document order.
"""

from __future__ import annotations

import datetime as _dt
import logging
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Tuple

from markupsafe import Markup

from ... import model as m
from ..common.itemlists import unnamed_anchors
from .assets import ImageStore, logo_uri
from .contents import contents_lists, entries, estimated_pages
from .convert import HtmlWriter, esc
from .settings import load_settings

log = logging.getLogger(__name__)

#: Ids the handout itself gives to elements; a document anchor must not reuse them.
STRUCTURAL_IDS = ("bg-header", "bg-aside", "bg-main", "bg-summary", "bg-key-points",
                  "bg-recommendations", "bg-notes", "bg-about", "bg-footer", "bg-stamps",
                  "bg-contents", "bg-contents-title", "bg-contents-panel", "bg-contents-print", "bg-links")


def iso_timestamp(epoch: int) -> str:
    """``epoch`` as a W3C date-time in UTC (``2026-01-15T00:00:00Z``)."""
    moment = _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def label(labels: Dict[str, str], key: str, default: str) -> str:
    """A theme label, or its default when the theme lacks it."""
    value = labels.get(key)
    return value if value else default


@dataclass
class Note:
    """One endnote ready for the template."""

    number: int
    body: Markup
    backref: Optional[str]


def _note_body(writer: HtmlWriter, note: m.Footnote, back_label: str = "Back to reference {n}") -> Note:
    backref = f"ref-{note.number}" if writer.has_ref(note.number) else None
    link = Markup("")
    if backref:
        link = Markup(' <a href="#%s" class="backref" role="doc-backlink" aria-label="%s">'
                      '\u21a9</a>') % (backref, back_label.replace("{n}", str(note.number)))
    blocks = list(note.blocks)
    if blocks and isinstance(blocks[-1], m.Paragraph):
        head = writer.blocks(blocks[:-1])
        last = Markup("<p>%s%s</p>") % (writer.inlines(blocks[-1].inlines), link)
        body = Markup("\n").join([p for p in (head, last) if p])
    else:
        body = writer.blocks(blocks)
        if link:
            body = body + Markup("\n<p>%s</p>") % link
    return Note(note.number, body, backref)


def _anchors(doc: m.Document) -> List[Tuple[str, int]]:
    found = [(s.anchor, s.line) for s in doc.sections if s.anchor]
    for block in m.walk_blocks(m.all_body_blocks(doc)):
        if isinstance(block, m.SubHeading):
            found.append((block.anchor, block.line))
    return found


def build_context(ctx: Any, images: ImageStore, warn: Callable[[Optional[int], str], None],
                  for_print: bool = False, print_contents: bool = False) -> Dict[str, Any]:
    """Every value the templates use, converted and escaped; ``warn(line, message)``
    reports problems of the source. ``for_print``: the page WeasyPrint prints (link
    addresses as notes, no screen contents); ``print_contents``: with a contents page."""
    doc: m.Document = ctx.doc
    meta = doc.meta
    theme = ctx.layout.theme
    labels = dict(theme.labels)
    from .charts import ChartWriter

    charts = ChartWriter(ctx)
    writer = HtmlWriter(images.uri, warn, ctx.layout.theme.labels, charts, link_notes=for_print)
    writer.link_marks_letters = bool(doc.footnotes)

    reserved = set(STRUCTURAL_IDS) | {f"note-{n.number}" for n in doc.footnotes} | {
        f"ref-{n.number}" for n in doc.footnotes
    }
    for anchor, line in _anchors(doc):
        if anchor in reserved:
            warn(line, f"the heading anchor '{anchor}' is also an id of the handout; links to it may go astray")

    long_screen = estimated_pages(doc, ctx.layout) > load_settings(ctx.layout).contents.min_pages
    listing = (long_screen and not for_print) or print_contents
    item_lists = contents_lists(doc, labels) if listing else []
    if item_lists:  # the listed figures, tables and boxes without an id get one (_fig-2...)
        writer.item_ids = charts.item_ids = unnamed_anchors(doc)
    title = writer.inlines(meta.title)
    subtitle = writer.inlines(meta.subtitle)
    summary = writer.blocks(meta.summary)
    key_points = [writer.inlines(p) for p in meta.key_points]
    writer.start_section(titled=False)
    lede = writer.blocks(doc.lede)
    sections = []
    cited = [s for s in doc.sections if is_works_cited(s)]
    for section in doc.sections:
        if section in cited:
            continue
        sections.append(_section(writer, section))
    recommendations = [writer.inlines(r) for r in meta.recommendations]
    back_label = ctx.layout.theme.labels.get("back_to_reference", "Back to reference {n}")
    notes = [_note_body(writer, n, back_label) for n in doc.footnotes]
    works_cited = [_section(writer, section) for section in cited]  # after the notes, as the memo (Chicago 14.59)
    writer.start_section(titled=True)
    authors = [
        {"name": a.name, "role": a.role, "bio": writer.blocks(a.bio) if a.bio else Markup("")}
        for a in meta.authors
    ]
    with_bio = [a for a in authors if a["bio"]]

    extra = [(a, t) for a, t, present in (("bg-recommendations", label(labels, "recommendations", "Recommendations"), recommendations),
                                           ("bg-notes", label(labels, "notes", "Notes"), notes)) if present]
    toc = entries(doc, lambda nodes: writer.inlines(nodes, links=False), extra)
    last = {section.anchor for section in cited}
    toc = [e for e in toc if e.anchor not in last] + [e for e in toc if e.anchor in last]
    from ..common.stamps import stamps_for

    stamps = stamps_for(doc, labels, getattr(ctx.options, "draft", False))
    logo = logo_uri(theme.logo, str(theme.logo)) if theme.logo else None
    created = iso_timestamp(doc.epoch)
    description = m.blocks_text(meta.summary).replace("\n\n", " ").strip()
    return {
        "lang": doc.lang or "en",
        "title": title,
        "title_text": meta.title_text,
        "subtitle": subtitle,
        "subtitle_text": meta.subtitle_text,
        "short_title": meta.short_title or meta.title_text,
        "date": meta.date,
        "date_display": meta.date_display,
        "date_attr": meta.date if len(meta.date) >= 7 else "",
        "authors": authors,
        "authors_with_bio": with_bio,
        "author_names": list(meta.author_names),
        "organization": meta.organization,
        "keywords": list(meta.keywords),
        "summary": summary,
        "key_points": key_points,
        "lede": lede,
        "sections": sections,
        "recommendations": recommendations,
        "notes": notes,
        "works_cited": works_cited,
        "bibliography": any(isinstance(b, m.Bibliography) for s in doc.sections for b in s.blocks),
        "for_print": for_print,
        "contents": toc if (long_screen and not for_print and toc) else [],
        "print_contents": toc if (print_contents and toc) else [],
        "contents_lists": item_lists if (long_screen and not for_print and toc) else [],
        "print_contents_lists": item_lists if (print_contents and toc) else [],
        "links": [{"mark": mark, "href": href, "text": href.removeprefix("mailto:")} for href, mark in writer.links.items()],
        "label_links": label(labels, "links", "Links"),
        "label_contents": label(labels, "contents", "Contents"),
        "label_back_to_top": label(labels, "back_to_top", "Back to top"),
        "logo": Markup(logo) if logo else None,
        "labels": labels,
        "series": label(labels, "series", ""),
        "label_summary": label(labels, "summary", "Summary"),
        "label_key_points": label(labels, "key_points", "Key Points"),
        "label_recommendations": label(labels, "recommendations", "Recommendations"),
        "label_notes": label(labels, "notes", "Notes"),
        "label_skip": label(labels, "skip_to_text", "Skip to the text"),
        "label_authors": label(labels, "authors", "Authors"),
        "label_about": label(labels, "about_authors_plural", "About the Authors")
        if len(with_bio) > 1
        else label(labels, "about_authors", "About the Author"),
        "description": description,
        "created": created,
        "generator": f"briefgen {ctx.version}".strip(),
        "extra": meta.extra,
        "stamp_mark": stamps.mark,
        "stamp_embargo": stamps.embargo,
        "stamp_footer": stamps.footer,
        "theme": theme,
        "esc": esc,
    }


def is_works_cited(section: m.Section) -> bool:
    """True for the section the source layer adds for the works cited (its one block a Bibliography)."""
    return len(section.blocks) == 1 and isinstance(section.blocks[0], m.Bibliography) and not section.blocks[0].placed


def _section(writer: Any, section: m.Section) -> Dict[str, Any]:
    """One section ready for the template (its body written now, in reading order)."""
    titled = bool(m.plain_text(section.title).strip())
    writer.start_section(titled)
    return {
        "anchor": section.anchor,
        "titled": titled,
        "title": writer.inlines(section.title) if titled else Markup(""),
        "body": writer.blocks(section.blocks),
        "line": section.line,
    }
