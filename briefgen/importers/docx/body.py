"""The body of a Word document as blocks: headings, paragraphs, lists, quotes, tables.

Headings come from the *Heading N* styles or an outline level (on the
paragraph or its style); lists from Word numbering (``w:numPr``, on the
paragraph or its style), numbered per list instance, so a list that continues
after a paragraph keeps counting and one that restarts starts again; block
quotes from the *Quote*, *Intense Quote* and LibreOffice *Quotations* styles,
or a paragraph indented on the left by half an inch or more. A paragraph style
the importer does not know keeps its text, with one warning per style.
"""

from __future__ import annotations

import logging
import re
from typing import Dict, List, Optional

from lxml import etree

from ..blocks import Block, CodeLine, Heading, ListItem, Paragraph, Quote, Span, Table, Timeline
from .context import Context
from .front import Front, role_of
from .inline import MC, InlineReader, local
from .styles import W, num_pr, norm

log = logging.getLogger(__name__)

MAX_COLUMNS = 64
"""Wider tables are written as paragraphs (Word's own limit is 63 columns)."""
QUOTE_INDENT = 720
"""Twips (half an inch): a plain paragraph indented this far on the left is a block quote."""


def plain(spans: List[Span]) -> str:
    """The text of ``spans``."""
    return "".join(" " if s.hard_break else s.text for s in spans)


class BodyReader:
    """Reads ``w:body`` (or a text box's content) into :attr:`blocks`; title and subtitle into :attr:`meta`."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.blocks: List[Block] = []
        self.title: List[Span] = []
        self.subtitle: List[Span] = []
        self.counters: Dict[str, List[int]] = {}
        self.restarted: set = set()
        self.captions: set = set()
        self.pending: List[Span] = []
        self.table_count = 0
        self.front = Front()
        """briefgen's own front matter styles (masthead, byline, date, boxes): see :mod:`.front`."""

    def read(self, container: etree._Element, depth: int = 0) -> None:
        """Read the block-level children of ``container`` (the parser bounds the depth at 256)."""
        for child in container:
            name = local(child)
            if name == "p":
                self.paragraph(child)
            elif name == "tbl":
                box = one_cell(child)
                if box is not None:  # a one-cell table is a box (briefgen's own, a sidebar): its blocks as they are
                    self.read(box, depth + 1)
                else:
                    self.table(child)
            elif name == "sdt":
                self.ctx.issues.add("sdt", self.ctx.paragraph + 1, "a content control: its text is kept, the control is not")
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self.read(content, depth + 1)
            elif name == "customXml":
                self.ctx.issues.add("customXml", self.ctx.paragraph + 1, "custom XML markup: its text is kept, the markup is not")
                self.read(child, depth + 1)
            elif name == "AlternateContent":
                chosen = child.find(f"{MC}Choice")
                chosen = chosen if chosen is not None else child.find(f"{MC}Fallback")
                if chosen is not None:
                    self.read(chosen, depth + 1)
            elif name == "altChunk":
                self.ctx.issues.add("altChunk", self.ctx.paragraph + 1,
                                    "an imported chunk of another document (altChunk): not imported, its text is lost")
            elif name in ("ins", "moveTo"):
                self.ctx.count_change("insertion" if name == "ins" else "move")
                self.read(child, depth + 1)
            elif name in ("del", "moveFrom"):
                self.ctx.count_change("deletion") if name == "del" else None

    # ------------------------------------------------------------------ paragraphs

    def paragraph(self, para: etree._Element) -> None:
        """One ``w:p``: classified by style, numbering and indentation."""
        self.ctx.paragraph += 1
        number = self.ctx.paragraph
        inline = InlineReader(self.ctx, self.textbox)
        spans = inline.paragraph(para)
        ppr = para.find(f"{W}pPr")
        mark = ppr.find(f"{W}rPr") if ppr is not None else None
        if mark is not None and mark.find(f"{W}del") is not None:
            self.ctx.count_change("deletion")  # the paragraph mark was deleted: join with the next
            self.pending = self.pending + spans
            self.blocks.extend(inline.extra)
            return
        if self.pending:
            spans, self.pending = self.pending + spans, []
        self.add(para, ppr, spans, number)
        self.blocks.extend(inline.extra)

    def add(self, para: etree._Element, ppr: Optional[etree._Element], spans: List[Span], number: int) -> None:
        """Make the block ``spans`` belongs in."""
        style_node = ppr.find(f"{W}pStyle") if ppr is not None else None
        sid = style_node.get(f"{W}val") if style_node is not None else self.ctx.styles.default_para
        text = plain(spans).strip()
        role = self.ctx.styles.role(sid)
        if role == "code" and not any(s.note for s in spans):
            self.blocks.append(CodeLine(plain(spans), number))
            return
        if not text and not any(s.note for s in spans):
            return
        front = role_of([s.name for s in self.ctx.styles.chain(sid)])
        if front:
            numbering = (num_pr(ppr.find(f"{W}numPr")) if ppr is not None else None) or self.ctx.styles.numbering(sid)
            ordered = bool(numbering) and numbering[0] != "0" and not self.ctx.numbering.is_bullet(*numbering)
            if self.front.take(front, spans, ordered):
                return
        level = self.ctx.styles.heading_level(sid)
        outline = ppr.find(f"{W}outlineLvl") if ppr is not None else None
        if outline is not None and (outline.get(f"{W}val") or "").isdigit():
            value = int(outline.get(f"{W}val"))
            level = value + 1 if value < 9 else None
        if role == "title":
            if not self.title:
                self.title = spans
                return
            level = 1
        if role == "subtitle" and not self.subtitle and not any(isinstance(b, Heading) for b in self.blocks):
            self.subtitle = spans
            return
        if level is not None:
            self.blocks.append(Heading(level, spans, number))
            return
        numbering = num_pr(ppr.find(f"{W}numPr")) if ppr is not None else None
        numbering = numbering or self.ctx.styles.numbering(sid)
        if numbering and numbering[0] != "0":
            level = numbering[1]
            styled = re.fullmatch(r"list(bullet|number)(\d)", norm(self.ctx.styles.name(sid)))
            if styled and level == 0:
                level = min(int(styled.group(2)) - 1, 8)  # Word's "List Bullet 2" is a second level by its style
            self.blocks.append(self.list_item(numbering[0], level, spans, number))
            return
        if role == "unknown":
            name = self.ctx.styles.name(sid)
            self.ctx.issues.add(f"style:{name}", number,
                                f"the paragraph style '{name}' has no briefgen equivalent: its text is kept as a plain paragraph")
        if norm(self.ctx.styles.name(sid)) == "caption":
            self.captions.add(id(spans))
        if role == "quote" or (role != "unknown" and self.indented(ppr)):
            pull = any(norm(s.name) == "intensequote" for s in self.ctx.styles.chain(sid))
            self.blocks.append(Quote(spans, number, pull=pull))
            return
        self.blocks.append(Paragraph(spans, number))

    @staticmethod
    def indented(ppr: Optional[etree._Element]) -> bool:
        """Whether the paragraph is indented on the left like a block quote (not a hanging indent)."""
        ind = ppr.find(f"{W}ind") if ppr is not None else None
        if ind is None:
            return False
        value = ind.get(f"{W}left") or ind.get(f"{W}start") or "0"
        hanging = ind.get(f"{W}hanging") or "0"
        try:
            return int(value) >= QUOTE_INDENT and int(hanging) == 0
        except ValueError:
            return False

    def list_item(self, num_id: str, level: int, spans: List[Span], number: int) -> ListItem:
        """A list item numbered like Word: list instances of one definition (``abstractNum``) share their
        counters, an instance's ``startOverride`` restarts them, and deeper levels restart under a new item."""
        numbering = self.ctx.numbering
        key = numbering.abstract_of.get(num_id) or num_id
        counters = self.counters.setdefault(key, [0] * 9)
        if (num_id, level) in numbering.overrides and (num_id, level) not in self.restarted:
            self.restarted.add((num_id, level))
            counters[level] = numbering.overrides[(num_id, level)]
        elif counters[level] == 0:
            counters[level] = numbering.start(num_id, level)
        else:
            counters[level] += 1
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        ordinal = None if numbering.is_bullet(num_id, level) else counters[level]
        return ListItem(level, ordinal, spans, number, key)

    def textbox(self, box: etree._Element) -> List[Block]:
        """A text box's paragraphs, read as blocks of their own (to follow the paragraph holding the box)."""
        saved = self.blocks
        self.blocks = []
        self.read(box, 1)
        inner, self.blocks = self.blocks, saved
        return inner

    # ------------------------------------------------------------------ tables

    def table(self, tbl: etree._Element, nested: bool = False) -> None:
        """A ``w:tbl`` as a pipe table; merged and nested cells keep their text, with a warning."""
        if not nested:
            self.table_count += 1
        first = self.ctx.paragraph + 1
        rows: List[List[List[Span]]] = []
        merged = False
        for tr in tbl.iter(f"{W}tr"):
            if self.owner_table(tr) is not tbl:
                continue
            if tr.find(f"{W}trPr/{W}del") is not None:
                self.ctx.count_change("deletion")
                continue
            row: List[List[Span]] = []
            trpr = tr.find(f"{W}trPr")
            before = tr.find(f"{W}trPr/{W}gridBefore") if trpr is not None else None
            for _ in range(int(before.get(f"{W}val") or 0) if before is not None and (before.get(f"{W}val") or "").isdigit() else 0):
                row.append([])
            for tc in tr.iter(f"{W}tc"):
                if self.owner_table(tc) is not tbl:
                    continue
                tcpr = tc.find(f"{W}tcPr")
                span = tcpr.find(f"{W}gridSpan") if tcpr is not None else None
                vmerge = tcpr.find(f"{W}vMerge") if tcpr is not None else None
                width = int(span.get(f"{W}val")) if span is not None and (span.get(f"{W}val") or "").isdigit() else 1
                cell = self.cell(tc)
                if vmerge is not None and (vmerge.get(f"{W}val") or "continue") == "continue":
                    merged = True
                    if plain(cell).strip():
                        row.append(cell)
                    else:
                        row.append([])
                else:
                    row.append(cell)
                if width > 1:
                    merged = True
                    row.extend([] for _ in range(min(width, 64) - 1))
            rows.append(row)
        if merged and not nested:
            self.ctx.issues.add(f"merged:{self.table_count}", first,
                                f"table {self.table_count} has merged cells: each text is kept in its first cell, "
                                "the cells it spanned are left empty")
        width = max((len(r) for r in rows), default=0)
        if not width:
            return
        if width > MAX_COLUMNS:
            self.ctx.issues.add(f"wide:{self.table_count}", first, f"table {self.table_count} has {width} columns (Word allows "
                                f"{MAX_COLUMNS - 1}): each row is written as a paragraph, its cells separated by ' · '")
            for row in rows:
                spans = [s for cell in row if plain(cell).strip() for s in cell + [Span(" · ")]][:-1]
                if spans:
                    self.blocks.append(Paragraph(spans, first))
            return
        rows = [r + [[] for _ in range(width - len(r))] for r in rows]
        caption = None
        if self.blocks and isinstance(self.blocks[-1], Paragraph) and id(self.blocks[-1].spans) in self.captions:
            label = plain(self.blocks[-1].spans)
            caption = drop_label(self.blocks.pop().spans)
            timeline = as_timeline(tbl, label, caption, rows, first)
            if timeline is not None:
                self.blocks.append(timeline)
                return
        self.blocks.append(Table(rows, caption, first))

    @staticmethod
    def owner_table(tc: etree._Element) -> Optional[etree._Element]:
        node = tc.getparent()
        while node is not None and local(node) != "tbl":
            node = node.getparent()
        return node

    def cell(self, tc: etree._Element) -> List[Span]:
        """A cell's content as one line of spans; paragraphs joined by a space, a nested table flattened."""
        out: List[Span] = []
        saved = self.blocks
        for child in tc:
            name = local(child)
            if name == "p" or name == "sdt":
                self.blocks = []
                self.read(etree_wrap(child))
                for block in self.blocks:
                    spans = getattr(block, "spans", None)
                    if spans is None and isinstance(block, Table):
                        spans = [s for row in block.rows for c in row for s in c + [Span(" ")]]
                    if spans is None:
                        saved.append(block)  # a picture in a cell goes just before the table
                        continue
                    if out:
                        out.append(Span(" "))
                    out.extend(spans)
            elif name == "tbl":
                self.ctx.issues.add(f"nested:{self.table_count}", self.ctx.paragraph + 1,
                                    f"a table inside a cell of table {self.table_count}: its text is kept in that cell, "
                                    "its rows and columns are not")
                self.blocks = []
                self.table(child, nested=True)
                for block in self.blocks:
                    if isinstance(block, Table):
                        text = " ".join(plain(c) for row in block.rows for c in row if plain(c).strip())
                        if out:
                            out.append(Span(" "))
                        out.append(Span(text))
        self.blocks = saved
        return out


_LABEL = re.compile(r"^\s*(?:table|figure|tab\.|fig\.)\s*\d+\s*[.:\u2013\u2014-]?\s*", re.I)


def drop_label(spans: List[Span]) -> List[Span]:
    """A caption without its leading "Table 1." / "Figure 2:" label (briefgen numbers tables and figures itself)."""
    match = _LABEL.match(plain(spans))
    if not match or not plain(spans)[match.end():].strip():
        return spans
    cut, out = match.end(), []
    for span in spans:
        length = 1 if span.hard_break else len(span.text)
        if cut >= length:
            cut -= length
            continue
        out.append(Span(span.text[cut:], span.bold, span.italic, span.code, span.link, span.note, span.hard_break) if cut else span)
        cut = 0
    return out


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def when_of(shown: str) -> Optional[str]:
    """A timeline date as the source writes it from the way briefgen shows it (``Mar 2001`` -> ``2001-03``,
    ``Jun 12, 2018`` -> ``2018-06-12``, ``1953``), or None when it is not one of those forms."""
    text = " ".join(shown.replace(",", " ").split())
    if re.fullmatch(r"\d{3,4}", text):
        return text
    match = re.fullmatch(r"([A-Za-z]{3}) (?:(\d{1,2}) )?(\d{4})", text)
    if not match or match.group(1).lower() not in _MONTHS:
        return None
    month = _MONTHS.index(match.group(1).lower()) + 1
    return f"{match.group(3)}-{month:02d}" + (f"-{int(match.group(2)):02d}" if match.group(2) else "")


def as_timeline(tbl: etree._Element, label: str, caption: List[Span], rows: List[List[List[Span]]], number: int) -> Optional[Timeline]:
    """The timeline briefgen's docx wrote as a table (a "Figure N." caption, columns of dates and "Event"), or None."""
    if not re.match(r"\s*figure\s*\d", label, re.I) or len(rows) < 2 or any(len(r) != 2 for r in rows):
        return None
    if plain(rows[0][1]).strip() != "Event":
        return None
    events = []
    for row in rows[1:]:
        when = when_of(plain(row[0]))
        if when is None or not plain(row[1]).strip():
            return None
        events.append((when, " ".join(plain(row[1]).split())))
    desc = tbl.find(f"{W}tblPr/{W}tblDescription")
    head = plain(rows[0][0]).strip()
    return Timeline(" ".join(plain(caption).split()), " ".join((desc.get(f"{W}val") or "").split()) if desc is not None else "",
                    events, "" if head == "Date" else head, number)


def one_cell(tbl: etree._Element) -> Optional[etree._Element]:
    """The ``w:tc`` of a table of one row and one cell (no nested table), or None."""
    rows = tbl.findall(f"{W}tr")
    cells = rows[0].findall(f"{W}tc") if len(rows) == 1 else []
    if len(cells) != 1 or cells[0].find(f".//{W}tbl") is not None:
        return None
    return cells[0]


def etree_wrap(node: etree._Element) -> List[etree._Element]:
    """``[node]``, so that :meth:`BodyReader.read` can be given one element."""
    return [node]
