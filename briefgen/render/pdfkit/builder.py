"""Model blocks to ReportLab flowables: the block builder every ReportLab output uses.

:class:`BlockBuilder` turns paragraphs, lists, quotes, pull quotes, code,
tables and figures into platypus flowables. All text goes through
:class:`~briefgen.render.pdfkit.markup.MarkupWriter`; problems it records (glyphs
no font has, links to unknown anchors) become one warning per source line.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Sequence

from ... import model as m
from ..common import bidi
from ..pdftags import Artifact, Node, tag
from .config import MemoConfig, PageGeometry
from .flowables import (continuation, heading_level, heading_paragraph_class, limited_paragraph_class, spoken_text,
                        tag_bullets)
from .fonts import FontSet, describe_chars
from .guard import tag_line
from .placement import KEEP_ATTR, KEEP_LINES, mark_float
from .markup import MarkupWriter, Run, attr, flatten, runs_length
from .seams import last_line_chars, seamless_pieces
from .styles import Stylesheet
from .figures import build_figure
from .quotes import build_block_quote, build_code_block, build_pull_quote
from .tables import build_table
from .tagmap import MemoTags

log = logging.getLogger(__name__)


class BlockBuilder:
    """Builds flowables for model blocks; shared state for one render."""

    def __init__(self, ctx: Any, cfg: MemoConfig, sheet: Stylesheet, fonts: FontSet,
                 writer: MarkupWriter, geo: PageGeometry) -> None:
        self.ctx = ctx
        self.cfg = cfg
        self.sheet = sheet
        self.fonts = fonts
        self.writer = writer
        self.geo = geo
        self.split_at = cfg.settings.paragraphs.split_at
        self.heading_cls = heading_paragraph_class()
        self._outline_level = -1
        self._outline_seq = 0
        self.outline_depth = cfg.settings.headings.outline_depth
        self.section_number = ""
        self.image_cache: Dict[tuple, bytes] = {}
        self.max_nesting = cfg.settings.lists.max_nesting
        self._nesting = 0
        self._flattened_lines: set = set()
        self._sub_count = 0
        self._number_subs = cfg.settings.headings.number_subheadings
        self.tags = MemoTags(ctx.doc.lang or "")
        #: tables and figures float to the next page's top when they do not fit (the memo's body)
        self.floats = True
        self._figures = 0
        self.paragraph_cls = limited_paragraph_class()
        self.max_word_space = cfg.settings.paragraphs.max_word_space
        #: ids cross-references may name: a reference to one this output does not show is plain text, quietly
        self.xref_ids = set(m.xref_targets(ctx.doc))

    def start_section(self, number: str) -> None:
        """Note the current section's number (for numbered subheadings)."""
        self.section_number = number
        self._sub_count = 0

    # ------------------------------------------------------------------ problems
    def report(self, line: Optional[int]) -> None:
        """Turn what the markup writer recorded into warnings for ``line``."""
        missing, dangling, controls = self.writer.take_problems()
        dangling = {href for href in dangling if href[1:] not in self.xref_ids}  # plain text where not shown
        if missing:
            self.ctx.warn(line, f"no font has glyphs for: {describe_chars(missing)}")
        for href in sorted(dangling):
            self.ctx.warn(line, f"link to '{href}' has no target in the memo; set as plain text")
        if controls:
            self.ctx.warn(line, f"dropped {controls} control character(s)")

    # ------------------------------------------------------------------ paragraphs
    def paragraph(self, runs: List[Run], style_name: str, line: Optional[int], *, tag_as: Any = "P",
                  width: Optional[float] = None, anchor: str = "", **changes: Any) -> List[Any]:
        """One model paragraph as one or more Paragraph flowables (long ones split
        without a seam, :mod:`.seams`, at ``width``: the column's unless given).

        ``tag_as`` is the structure role of a new node (``P``, ``Caption``…),
        or a node or artifact to use; every flowable of the paragraph shares it.
        ``anchor`` names a link target at its start (a cross-reference's ``#fig-id``),
        set only when the document links to it.
        """

        info = self.sheet.info(style_name)
        rtl = self.fonts.shaping and bidi.base_direction("".join(r.text for r in runs)) == "rtl"
        if rtl:
            changes = {**changes, "alignment": 2}  # TA_RIGHT: a right-to-left paragraph
        style = self.sheet.derive(style_name, **changes) if changes else self.sheet[style_name]
        self.writer.weight = self.fonts.style_of(style.fontName)
        pieces = self._pieces(runs, style, info, width) if runs_length(runs) > self.split_at else [runs]
        owner = tag_as if isinstance(tag_as, (Node, Artifact)) else self.tags.leaf(tag_as)
        if isinstance(owner, Node) and not owner.spoken:
            owner.spoken = spoken_text(runs, info.upper)
        out: List[Any] = []
        last = len(pieces) - 1
        for i, piece in enumerate(pieces):
            markup = self.writer.runs(piece, info.role, info.upper)
            if i == 0 and anchor and anchor in self.writer.anchors:
                markup = f'<a name="{attr(anchor)}"/>{markup}'
            if len(pieces) == 1:
                st = style
            else:
                st = self.sheet.derive(style.name, **continuation(i, last, style))
                if i < last and st.alignment == 4:
                    st = self.sheet.derive(st.name, justifyLastLine=1)
            para = self.paragraph_cls(markup, st)
            para.max_word_space = self.max_word_space
            out.append(tag(para, owner))
        self.writer.weight = "regular"
        if rtl:
            self._check_rtl(out, runs, line)
        self.report(line)
        return out

    def _pieces(self, runs: List[Run], style: Any, info: Any, width: Optional[float]) -> List[List[Run]]:
        """A long paragraph's runs in pieces that each end with a full line."""
        from reportlab.platypus import Paragraph

        measure_width = (width or self.geo.column_width) - style.leftIndent - style.rightIndent

        def measure(piece: List[Run]) -> int:
            state = self.writer.state()
            try:
                return last_line_chars(Paragraph(self.writer.runs(piece, info.role, info.upper), style), measure_width)
            finally:
                self.writer.restore(state)

        return seamless_pieces(runs, self.split_at, measure)

    def _check_rtl(self, paras: List[Any], runs: List[Run], line: Optional[int]) -> None:
        """Warn when a right-to-left paragraph is more than one line or one style
        run: the memo reorders words only within those (see :mod:`..bidi`)."""
        styled = len({(r.bold, r.italic, r.code, r.href) for r in runs if r.text.strip()}) > 1
        lines = 0
        for para in paras:
            para.wrap(self.geo.column_width, 1e6)
            lines += len(para.blPara.lines)
        if lines > 1 or styled:
            self.ctx.warn(line, "the memo orders a right-to-left paragraph's words right to left only within "
                                "one line and one style: this one wraps or mixes styles, so its lines may read "
                                "out of order there (the handout and its PDF set it right)")

    def heading(self, inlines: m.Inlines, style_name: str, anchor: str, line: Optional[int],
                level: int, number: str = "", title_text: str = "", rule: Optional[tuple] = None) -> Any:
        """A heading paragraph with anchor, optional number and outline entry."""
        info = self.sheet.info(style_name)
        self.writer.weight = self.fonts.style_of(self.sheet[style_name].fontName)
        markup = self.writer.inlines(inlines, info.role, info.upper)
        self.writer.weight = "regular"
        if number:
            num_style = self.sheet["section_number"]
            markup = f'<font color="#{num_style.textColor.hexval()[2:]}">{number}</font>\u2002{markup}'
        if anchor and anchor in self.writer.anchors:
            markup = f'<a name="{attr(anchor)}"/>{markup}'
        style = self.sheet[style_name]
        if style.keepWithNext:  # kept with the first lines of what follows, not all of it (:mod:`.placement`)
            style = self.sheet.derive(style_name, keepWithNext=0)
        para = tag(self.heading_cls(markup, style), self.tags.heading(heading_level(style_name, level)))
        setattr(para, KEEP_ATTR, KEEP_LINES if self.sheet[style_name].keepWithNext else 0)
        para.anchor_name = anchor  # where a long memo's contents and running heads find it (render/memo/navigation)
        if 0 <= level < self.outline_depth:
            level = min(level, self._outline_level + 1)
            self._outline_level = level
            self._outline_seq += 1
            para.outline_key = f"h{self._outline_seq}"
            title = title_text or m.plain_text(inlines)
            para.outline_title = (f"{number} {title}" if number else title).strip() or "—"
            para.outline_level = level
        para.rule = rule
        self.report(line)
        return para

    # ------------------------------------------------------------------ blocks
    def blocks(self, blocks: Sequence[m.Block], width: float, style: str = "body", depth: int = 0) -> List[Any]:
        """Flowables for a sequence of blocks set in ``width`` points."""
        out: List[Any] = []
        for block in blocks:
            out.extend(self.block(block, width, style, depth))
        return out

    def block(self, block: m.Block, width: float, style: str = "body", depth: int = 0) -> List[Any]:
        """Flowables for one block, each tagged with the block's source line."""
        return tag_line(self._block(block, width, style, depth), getattr(block, "line", None))

    DRAWS = (m.Paragraph, m.SubHeading, m.ListBlock, m.BlockQuote, m.PullQuote, m.CodeBlock, m.ThematicBreak,
             m.Table, m.Figure, m.Chart, m.Box, m.Bibliography)
    """The block kinds :meth:`_block` draws (memo, one-pager, notes handout); anything else is an error."""

    def _block(self, block: m.Block, width: float, style: str, depth: int) -> List[Any]:
        if isinstance(block, m.Paragraph):
            return self.paragraph(flatten(block.inlines), style, block.line, width=width)
        if isinstance(block, m.SubHeading):
            name = f"h{min(max(block.level, 3), 6)}"
            number = ""
            if self._number_subs and self.section_number and block.level == 3:
                self._sub_count += 1
                number = f"{self.section_number.rstrip('.')}.{self._sub_count}"
            return [self.heading(block.inlines, name, block.anchor, block.line, block.level - 2, number)]
        if isinstance(block, (m.ListBlock, m.BlockQuote)):
            if self._nesting >= self.max_nesting:
                return self._flattened(block, width, style, depth)
            self._nesting += 1
            try:
                if isinstance(block, m.ListBlock):
                    return [self.list_block(block, width, depth)]
                return build_block_quote(self, block, width, depth)
            finally:
                self._nesting -= 1
        if isinstance(block, m.PullQuote):
            return build_pull_quote(self, block, width)
        if isinstance(block, m.CodeBlock):
            return build_code_block(self, block)
        if isinstance(block, m.ThematicBreak):
            from reportlab.platypus.flowables import HRFlowable

            return [HRFlowable(width="30%", thickness=0.75, color=self.sheet.theme_color("rule"),
                               spaceBefore=8, spaceAfter=12, hAlign="CENTER")]
        if isinstance(block, m.Table):
            return self._floating(build_table(self, block, width))
        if isinstance(block, m.Figure):
            return self._floating(build_figure(self, block, width))
        if isinstance(block, m.Chart):
            from .charts import build_chart

            return self._floating(build_chart(self, block, width))
        if isinstance(block, m.Box):
            from .asides import build_box

            return self._floating(build_box(self, block, width, depth))
        if isinstance(block, m.Bibliography):
            from .bibliography import build_bibliography

            return build_bibliography(self, block, width)
        raise m.unhandled(block, "PDF block builder")

    def figure_label(self) -> str:
        """The next figure's label: the theme's ``labels.figure`` ("Figure {n}"), numbered in reading order."""
        self._figures += 1
        wording = self.ctx.layout.theme.labels.get("figure", "Figure {n}")
        return wording.replace("{n}", str(self._figures))

    @property
    def figure_count(self) -> int:
        """How many figures are labelled so far (the last label's number)."""
        return self._figures

    def enter_box(self) -> None:
        """Content of a box follows: its tables and figures stay in it (they do not float)."""
        self._nesting += 1

    def leave_box(self) -> None:
        """The box's content is built."""
        self._nesting -= 1

    def _floating(self, flows: List[Any]) -> List[Any]:
        """Mark a table's or figure's main flowable as a float (:mod:`.placement`)
        when it stands in the page's flow (not inside a list, quote or box)."""
        if flows and self._nesting == 0 and self.floats:
            mark_float(flows[0])
        return flows

    def _flattened(self, block: m.Block, width: float, style: str, depth: int) -> List[Any]:
        """Lists and quotes nested deeper than ``lists.max_nesting``: set flat.

        ReportLab measures nested containers again at each level, so the cost
        grows exponentially with depth; past the limit the text is kept and
        the extra indentation dropped.
        """
        line = getattr(block, "line", None)
        if line not in self._flattened_lines:
            self._flattened_lines.add(line)
            self.ctx.warn(line, f"lists and quotes nested deeper than {self.max_nesting} levels are set flat in the memo")
        inner: List[m.Block] = []
        if isinstance(block, m.ListBlock):
            for item in block.items:
                inner.extend(item.blocks)
        else:
            inner.extend(block.blocks)  # type: ignore[attr-defined]
        return self.blocks(inner, width, style, depth)

    def list_block(self, block: m.ListBlock, width: float, depth: int) -> Any:
        """A (nested) bullet or numbered list."""
        from reportlab.platypus import ListFlowable, ListItem

        indent = self.cfg.settings.lists.indent
        body = self.sheet["list_item"]
        if block.ordered:  # the number column holds the widest number ("107.") and a gap
            from reportlab.pdfbase.pdfmetrics import stringWidth

            widest = f"{max(block.start, 0) + len(block.items) - 1}."
            indent = max(indent, stringWidth(widest, self.fonts.name("body"), body.fontSize) + 0.5 * body.fontSize)
        inner = width - indent
        items = []
        labels: List[Any] = []
        with self.tags.group("L", attrs={"ListNumbering": "Decimal" if block.ordered else "Disc"}):
            for item in block.items:
                with self.tags.group("LI"):
                    labels.append(self.tags.leaf("Lbl"))
                    with self.tags.group("LBody"):
                        flows = self.blocks(item.blocks, inner, "list_item", depth + 1) or \
                            [self.paragraph([], "list_item", item.line)[0]]
                items.append(ListItem(flows))
        kw: Dict[str, Any] = dict(
            leftIndent=indent,
            bulletFontName=self.fonts.name("body"),
            bulletFontSize=body.fontSize,
            bulletColor=self.sheet.theme_color("accent"),
            spaceAfter=self.cfg.settings.lists.space_after,
        )
        if block.ordered:
            kinds = self.cfg.settings.lists.ordered
            kind = kinds[depth % len(kinds)]
            flowable = ListFlowable(items, bulletType=kind if kind in ("1", "a", "A", "i", "I") else "1",
                                    start=max(block.start, 0) if kind == "1" else max(block.start, 1),
                                    bulletFormat="%s.", **kw)
        else:
            bullets = self.cfg.settings.lists.bullets
            mark = bullets[depth % len(bullets)]
            mark = mark if all(self.fonts.covers("body", c) for c in mark) else "•"
            flowable = ListFlowable(items, bulletType="bullet", start=mark, **kw)
        tag_bullets(flowable, labels)
        return flowable
