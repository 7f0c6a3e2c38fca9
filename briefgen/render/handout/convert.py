"""Model inlines and blocks to HTML fragments, escaped, as :class:`markupsafe.Markup`.

Every piece of text from the model goes through :func:`esc`, which is
:func:`markupsafe.escape` plus ``=`` as ``&#61;``: the output never holds a
literal ``<`` from the source, and not even an attribute-looking ``onclick=``
survives for a naive scanner to mistake for markup.

:class:`HtmlWriter` carries the state a document needs while it is converted:
footnote reference ids (``ref-N``, then ``ref-N-2`` for a second use), the
heading level stack (``###`` under ``##`` is ``<h3>``; levels never skip), the
table counter and the image data URIs.
"""

from __future__ import annotations

import logging
import re
from typing import Callable, Dict, Iterable, List, Mapping, Optional, Tuple

from markupsafe import Markup, escape

from ... import model as m
from ..common import bidi
from ..common.boxlabels import DEFAULT_LABELS, box_label, label_separator
from ..common.tablecontent import column_aligns, glue_inlines, numeric_columns, table_header_rows

log = logging.getLogger(__name__)

#: Hebrew, Arabic, Syriac, Thaana, NKo... and their presentation forms.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")

Warn = Callable[[Optional[int], str], None]
ImageSrc = Callable[[m.Image, int], str]


def _dir(inlines: m.Inlines) -> Markup:
    """`` dir="rtl"`` for right-to-left text, `` dir="auto"`` for left-to-right
    text that holds some, else nothing."""
    text = m.plain_text(inlines)
    if not _RTL.search(text):
        return Markup("")
    return Markup(' dir="rtl"') if bidi.base_direction(text) == "rtl" else Markup(' dir="auto"')


def esc(value: object) -> Markup:
    """Escape ``value`` for HTML text or a double-quoted attribute.

    ``Markup`` values pass through unchanged; everything else is escaped, and
    ``=`` becomes ``&#61;``.
    """
    if isinstance(value, Markup):
        return value
    return Markup(str(escape(str(value))).replace("=", "&#61;"))


def _bare(address: str) -> str:
    address = address.strip().lower()
    for prefix in ("mailto:", "https://", "http://", "www."):
        address = address.removeprefix(prefix)
    return address.rstrip("/")


def shows_address(text: str, href: str) -> bool:
    """True when a link's text already is its address (``https://x.org/`` shown
    as ``x.org``, ``www.x.org`` or the full URL): print adds no note for it."""
    return bool(text.strip()) and _bare(text) == _bare(href)


def link_mark(number: int, letters: bool) -> str:
    """The mark of the ``number``-th link in print: ``3``, or ``c`` (``aa`` after ``z``) beside numbered endnotes."""
    if not letters:
        return str(number)
    text = ""
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


def join(parts: Iterable[Markup]) -> Markup:
    """Concatenate already-escaped fragments."""
    return Markup("").join(parts)


class HtmlWriter:
    """Converts one document's inlines and blocks to HTML.

    ``image_src(image, line)`` returns the ``src`` of an image (a data URI);
    ``warn(line, message)`` records a warning about the source.
    """

    def __init__(self, image_src: ImageSrc, warn: Warn, labels: Optional[Mapping[str, str]] = None,
                 chart: Optional[Callable[[m.Chart], Markup]] = None, link_notes: bool = False) -> None:
        #: words for screen readers, from the theme's labels (English defaults)
        self.labels = {"note_ref": "Note {n}", "table": "Table {n}", "table_continued": "{label} (continued)",
                       "link_ref": "Link {n}", **DEFAULT_LABELS}
        self.labels.update({k: v for k, v in (labels or {}).items() if k in self.labels})
        self._image_src = image_src
        self._warn = warn
        self._chart = chart  # draws a chart (handout/charts.py); None: charts are left out
        #: print: each external link is called by a mark (1, 2... or a, b... beside endnotes)
        #: that leads to its address in the "Links" list at the end, unless its text is the address
        self.link_notes = link_notes
        self.link_marks_letters = False
        self.links: Dict[str, str] = {}  # address -> its mark, in order of first use
        self._ref_uses: Dict[int, int] = {}
        self._tables = 0
        self._regions: Dict[str, int] = {}
        self._figures = 0
        self._boxes = 0
        self._levels: List[Tuple[int, int]] = []
        self._base = 1
        #: ids for listed figures, tables and boxes that have none, when the contents list them
        #: (``id(block) -> "_fig-2"``, :func:`~..common.itemlists.unnamed_anchors`)
        self.item_ids: Dict[int, str] = {}

    # ------------------------------------------------------------------ inlines

    def inlines(self, nodes: Iterable[m.Inline], links: bool = True) -> Markup:
        """Inline content; with ``links=False`` links and note references become text
        (for places that are themselves links or must not hold anchors)."""
        return join(self._inline(node, links) for node in nodes)

    def _inline(self, node: m.Inline, links: bool) -> Markup:
        if isinstance(node, m.Text):
            return esc(node.text)
        if isinstance(node, m.Emph):
            return Markup("<em>%s</em>") % self.inlines(node.children, links)
        if isinstance(node, m.Strong):
            return Markup("<strong>%s</strong>") % self.inlines(node.children, links)
        if isinstance(node, m.Code):
            return Markup("<code>%s</code>") % esc(node.text)
        if isinstance(node, m.LineBreak):
            return Markup("<br>")
        if isinstance(node, m.Link):
            inner = self.inlines(node.children, links=False)
            if not links:
                return inner
            cls = ' class="external"' if node.is_external else ""
            link = Markup('<a href="%s"%s>%s</a>') % (esc(node.href), Markup(cls), inner)
            if self.link_notes and node.is_external and not shows_address(m.plain_text(node.children), node.href):
                mark = self.links.setdefault(node.href, link_mark(len(self.links) + 1, self.link_marks_letters))
                link += Markup('<sup class="link-ref"><a href="#link-%s" aria-label="%s">%s</a></sup>') % (
                    mark, self.labels["link_ref"].replace("{n}", mark), mark)
            return link
        if isinstance(node, m.FootnoteRef):
            if not links:
                return Markup("")
            return self._noteref(node)
        log.debug("unknown inline %r ignored", node)
        return Markup("")

    def _noteref(self, node: m.FootnoteRef) -> Markup:
        uses = self._ref_uses.get(node.number, 0) + 1
        self._ref_uses[node.number] = uses
        ref_id = f"ref-{node.number}" if uses == 1 else f"ref-{node.number}-{uses}"
        label = self.labels["note_ref"].replace("{n}", str(node.number))
        return Markup(
            '<sup class="noteref"><a href="#note-%d" id="%s" role="doc-noteref" '
            'aria-label="%s">%d</a></sup>'
        ) % (node.number, ref_id, label, node.number)

    def has_ref(self, number: int) -> bool:
        """True once note ``number`` has been referenced in the text converted so far."""
        return number in self._ref_uses

    # ------------------------------------------------------------------ headings

    def start_section(self, titled: bool) -> None:
        """Reset the heading stack for a section: sub-headings go under its ``<h2>``
        (or directly under the ``<h1>`` for an untitled section)."""
        self._levels = []
        self._base = 2 if titled else 1

    def heading_level(self, source_level: int) -> int:
        """The HTML level for a sub-heading of ``source_level``: one deeper than the
        nearest shallower heading before it, never skipping a level, at most 6."""
        while self._levels and self._levels[-1][0] >= source_level:
            self._levels.pop()
        parent = self._levels[-1][1] if self._levels else self._base
        level = min(parent + 1, 6)
        self._levels.append((source_level, level))
        return level

    # ------------------------------------------------------------------ blocks

    def blocks(self, blocks: Iterable[m.Block]) -> Markup:
        """A sequence of blocks, one per line."""
        return Markup("\n").join(self.block(b) for b in blocks)

    DRAWS = (m.Paragraph, m.SubHeading, m.ListBlock, m.BlockQuote, m.PullQuote, m.CodeBlock, m.ThematicBreak,
             m.Table, m.Figure, m.Chart, m.Box, m.Bibliography)
    """The block kinds :meth:`block` draws (handout HTML and PDF); anything else is an error."""

    def block(self, block: m.Block) -> Markup:
        """One block as HTML."""
        if isinstance(block, m.Paragraph):
            # A paragraph holding right-to-left script takes its direction from
            # its first strong character (explicitly: WeasyPrint has no dir="auto").
            return Markup("<p%s>%s</p>") % (_dir(block.inlines), self.inlines(block.inlines))
        if isinstance(block, m.SubHeading):
            level = self.heading_level(block.level)
            return Markup('<h%d id="%s"%s>%s</h%d>') % (level, esc(block.anchor), _dir(block.inlines), self.inlines(block.inlines), level)
        if isinstance(block, m.ListBlock):
            return self._list(block)
        if isinstance(block, m.BlockQuote):
            return Markup("<blockquote>\n%s\n</blockquote>") % self.blocks(block.blocks)
        if isinstance(block, m.PullQuote):
            # Not an <aside>: a complementary landmark may not sit inside <main>.
            return Markup('<blockquote class="pullquote">\n%s\n</blockquote>') % self.blocks(block.blocks)
        if isinstance(block, m.CodeBlock):
            return Markup("<pre><code>%s</code></pre>") % esc(block.text)
        if isinstance(block, m.ThematicBreak):
            return Markup("<hr>")
        if isinstance(block, m.Table):
            return self._table(block)
        if isinstance(block, m.Figure):
            return self._figure(block)
        if isinstance(block, m.Chart):
            return self._chart(block) if self._chart is not None else Markup("")
        if isinstance(block, m.Box):
            return self._box(block)
        if isinstance(block, m.Bibliography):
            # a list without bullets (role="list": Safari drops the role of a list styled so), hanging indent in CSS
            items = Markup("\n").join(Markup("<li>%s</li>") % self.inlines(entry) for entry in block.entries)
            return Markup('<ul class="bibliography" role="list">\n%s\n</ul>') % items
        raise m.unhandled(block, "handout")

    def _box(self, box: m.Box) -> Markup:
        """A box or callout: a ``<section>`` of role ``note`` (parenthetic to the text, never a landmark)
        named by its heading, one level below the heading it sits under.

        Not an ``<aside>``: with role ``note`` the two read the same in a browser, but WeasyPrint tags an
        ``<aside>`` ``NonStruct`` (no structure for a screen reader) and a ``<section>`` ``Sect``, so the
        handout's PDF holds each box as a ``Sect`` whose first element is its title's heading."""
        self._boxes += 1
        parent = self._levels[-1][1] if self._levels else self._base
        level = min(parent + 1, 6)
        label = box_label(self.labels, box)
        title_id = f"{box.ident}-title" if box.ident else f"box-title-{self._boxes}"
        own = box.ident or self.item_ids.get(id(box), "")
        ident = Markup(' id="%s"') % own if own else Markup("")
        title = self.inlines(box.title)
        if title:
            head = Markup('<span class="box-label">%s%s</span>%s') % (label, label_separator(box), title)
        else:
            head = Markup('<span class="box-label">%s</span>') % label
        kind = "box" if not box.is_callout else f"callout callout-{box.kind}"
        return Markup('<section class="%s" role="note"%s aria-labelledby="%s">\n<h%d class="box-title" id="%s">%s</h%d>\n'
                      '%s\n</section>') % (kind, ident, title_id, level, title_id, head, level, self.blocks(box.blocks))

    def _list(self, block: m.ListBlock) -> Markup:
        items = []
        for item in block.items:
            # A list item holding a single paragraph is written without <p> (tight list).
            if len(item.blocks) == 1 and isinstance(item.blocks[0], m.Paragraph):
                body = self.inlines(item.blocks[0].inlines)
            else:
                body = Markup("\n") + self.blocks(item.blocks) + Markup("\n")
            items.append(Markup("<li>%s</li>") % body)
        inner = Markup("\n").join(items)
        if block.ordered:
            start = Markup(' start="%d"') % block.start if block.start != 1 else Markup("")
            return Markup("<ol%s>\n%s\n</ol>") % (start, inner)
        return Markup("<ul>\n%s\n</ul>") % inner

    def _table(self, table: m.Table) -> Markup:
        """A table with its caption (``<caption>``) and source note, aligned by content.

        Figures are right-aligned in tabular digits and kept on one line with
        their unit (``white-space: nowrap`` through the ``num`` class and
        non-breaking spaces from :func:`~briefgen.render.common.tablecontent.glue`).
        """
        self._tables += 1
        number = table.number or self._tables
        label = self.labels["table"].replace("{n}", str(number))
        aligns = column_aligns(table)
        numeric = numeric_columns(table)
        # each table's region needs its own name (a source may number two tables alike)
        region = label
        self._regions[region] = self._regions.get(region, 0) + 1
        if self._regions[region] > 1:
            region = f"{label} ({self._regions[label]})"

        def cell(tag: str, c: m.TableCell, i: int) -> Markup:
            classes = [f"align-{aligns[i]}"] if aligns[i] != "left" else []
            if numeric[i]:
                classes.append("num")
            cls = Markup(' class="%s"') % " ".join(classes) if classes else Markup("")
            scope = Markup(' scope="col"') if tag == "th" else Markup("")
            return Markup("<%s%s%s>%s</%s>") % (Markup(tag), scope, cls, self.inlines(glue_inlines(c.inlines)),
                                                Markup(tag))

        # an empty header cell (over a column of row labels, or a spacer) heads nothing: a <td>;
        # body rows that are the rest of a multi-row header join the <thead> (repeated on every page)
        heads = table_header_rows(table)
        head = Markup("</tr><tr>").join(
            join(cell("th" if m.plain_text(c.inlines).strip() else "td", c, i) for i, c in enumerate(row))
            for row in (table.header, *table.rows[:heads]))
        # The first body row names the table's continuation pages in print (the
        # stylesheet's string-set: "Table 1 (continued)" over a page the table runs onto).
        continued = self.labels["table_continued"].replace("{label}", label)
        rows = Markup("\n").join(
            Markup("<tr%s>%s</tr>") % (Markup(' data-continued="%s"') % continued if r == 0 else Markup(""),
                                       join(cell("td", c, i) for i, c in enumerate(row)))
            for r, row in enumerate(table.rows[heads:])
        )
        caption = Markup("")
        if table.caption:
            caption = Markup('<caption><span class="table-label">%s.</span> %s</caption>\n') % (
                label, self.inlines(table.caption))
        own = table.ident or self.item_ids.get(id(table), "")
        ident = Markup(' id="%s"') % own if own else Markup("")
        html = Markup(
            '<div class="table-wrap"%s role="region" aria-label="%s" tabindex="0">\n'
            "<table>\n%s<thead><tr>%s</tr></thead>\n<tbody>\n%s\n</tbody>\n</table>\n</div>"
        ) % (ident, region, caption, head, rows)
        if table.note:
            html += Markup('\n<div class="table-note">\n%s\n</div>') % self.blocks(table.note)
        return html

    def _figure(self, fig: m.Figure) -> Markup:
        self._figures += 1
        alt = fig.alt.strip()
        if not alt:
            self._warn(fig.line, "image has no alt text")
        src = self._image_src(fig.image, fig.line)
        img = Markup('<img src="%s" alt="%s" width="%d" height="%d" decoding="async">') % (
            Markup(src),
            esc(alt),
            fig.image.width,
            fig.image.height,
        )
        caption = self.inlines(fig.caption)
        credit = fig.credit.strip()
        own = fig.ident or self.item_ids.get(id(fig), "")
        opening = Markup('<figure id="%s">') % own if own else Markup("<figure>")
        if not caption and not credit:
            return Markup("%s\n%s\n</figure>") % (opening, img)
        parts = []
        if caption:
            parts.append(Markup('<span class="caption">%s</span>') % caption)
        if credit:
            parts.append(Markup('<span class="credit">%s</span>') % esc(credit))
        return Markup("%s\n%s\n<figcaption>%s</figcaption>\n</figure>") % (opening, img, Markup(" ").join(parts))
