"""A Word paragraph's content as inline spans: runs, links, notes, fields, tracked changes.

Tracked changes are accepted (insertions and moves kept, deletions dropped) and
counted. Field codes keep their result text; a ``HYPERLINK`` field becomes a
link. Content controls, smart tags and custom XML keep their text with a
warning. Images and text boxes found in a paragraph are handed back as extra
blocks, to follow the paragraph.
"""

from __future__ import annotations

import logging
import re
from typing import Callable, List, Optional

from lxml import etree

from ..blocks import Block, Span
from .context import R, Context, FieldFrame
from .images import read_drawing, read_vml
from .styles import W, norm

log = logging.getLogger(__name__)

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
SKIP = {"bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd", "pPr", "rPr", "lastRenderedPageBreak",
        "commentReference", "footnoteRef", "endnoteRef", "separator", "continuationSeparator", "annotationRef",
        "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd", "customXmlInsRangeStart",
        "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd", "sdtPr", "sdtEndPr", "noProof",
        "dayShort", "monthShort", "yearShort", "dayLong", "monthLong", "yearLong", "pgNum", "rPrChange", "pPrChange"}
CODE_RUN_STYLES = {"code", "htmlcode", "sourcetext", "verbatimchar", "htmltypewriter", "teletype", "codechar", "inlinecode"}
"""Character styles whose text is code (Word's *HTML Code*, LibreOffice's *Source Text*, pandoc's *Verbatim Char*)."""
LINK_SCHEMES = ("http://", "https://", "mailto:")

TextboxHandler = Callable[[etree._Element], List[Block]]


def local(node: etree._Element) -> str:
    """The element's local name (``""`` for comments and processing instructions)."""
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def field_name(instr: str) -> str:
    """The field's type (``HYPERLINK``, ``PAGE``, ``TOC``...), from its instruction text."""
    words = instr.split()
    return words[0].upper() if words else "?"


def hyperlink_target(instr: str) -> Optional[str]:
    """The URL of a ``HYPERLINK "url"`` field (``None`` for a local ``\\l`` link)."""
    match = re.match(r'\s*HYPERLINK\s+(?:\\[a-z]\s+)*"([^"]*)"', instr, re.I)
    if not match or re.search(r"\\l\b", instr[: match.start(1)]):
        return None
    return match.group(1)


class InlineReader:
    """Turns the children of a ``w:p`` (or a note's paragraph) into :class:`Span` lists."""

    def __init__(self, ctx: Context, on_textbox: TextboxHandler) -> None:
        self.ctx = ctx
        self.on_textbox = on_textbox
        self.extra: List[Block] = []

    def paragraph(self, para: etree._Element) -> List[Span]:
        """The spans of ``para``; images and text boxes in it go to :attr:`extra`."""
        spans: List[Span] = []
        self._walk(para, spans, Span())
        return spans

    # ------------------------------------------------------------------ the walk

    def _walk(self, node: etree._Element, out: List[Span], fmt: Span) -> None:
        for child in node:
            name = local(child)
            if not name or name in SKIP:
                continue
            handler = getattr(self, f"_on_{name}", None)
            if handler is not None:
                handler(child, out, fmt)
            elif child.tag.startswith(W) or child.tag.startswith(MC):
                self._unknown(child, out, fmt)
            elif child.tag.startswith(M):
                self._math(child, out, fmt)
            else:
                self._unknown(child, out, fmt)

    def _unknown(self, child: etree._Element, out: List[Span], fmt: Span) -> None:
        texts = [t for t in child.iter(f"{W}t")]
        if texts:
            self.ctx.issues.add(f"element:{local(child)}", self.ctx.paragraph,
                                f"the Word element <{local(child)}> is not understood: its text is kept as plain text")
            self._walk(child, out, fmt)

    def _math(self, child: etree._Element, out: List[Span], fmt: Span) -> None:
        text = "".join(t.text or "" for t in child.iter(f"{M}t"))
        if text:
            self.ctx.issues.add("math", self.ctx.paragraph, "an equation is kept as plain text (briefgen has no equations)")
            self._emit(out, fmt, text)

    def _emit(self, out: List[Span], fmt: Span, text: str, **extra: object) -> None:
        if any(not frame.in_result for frame in self.ctx.fields):
            return  # a field's instruction, not its visible result
        link = fmt.link
        for frame in self.ctx.fields:
            if field_name(frame.instr) == "HYPERLINK":
                target = hyperlink_target(frame.instr)
                link = target if target and target.lower().startswith(LINK_SCHEMES) else link
        span = Span(text, fmt.bold, fmt.italic, fmt.code, link, **extra)  # type: ignore[arg-type]
        out.append(span)
        if text:
            for buffer in self.ctx.comments_open.values():
                if len(buffer) < 40:  # enough for the quote in the warning
                    buffer.append(text)

    # ------------------------------------------------------------------ runs

    def _on_r(self, run: etree._Element, out: List[Span], fmt: Span) -> None:
        rpr = run.find(f"{W}rPr")
        bold, italic, code = fmt.bold, fmt.italic, fmt.code
        if rpr is not None:
            style = rpr.find(f"{W}rStyle")
            if style is not None:
                sb, si = self.ctx.styles.run_flags(style.get(f"{W}val"))
                bold, italic = bold or sb, italic or si
                if norm(self.ctx.styles.name(style.get(f"{W}val"))) in CODE_RUN_STYLES:
                    code = True
            for tag, attr in (("b", "bold"), ("i", "italic")):
                node = rpr.find(f"{W}{tag}")
                if node is not None:
                    on = (node.get(f"{W}val") or "true").lower() not in ("0", "false", "off")
                    bold, italic = (on, italic) if attr == "bold" else (bold, on)
            if rpr.find(f"{W}vanish") is not None and (rpr.find(f"{W}vanish").get(f"{W}val") or "1") not in ("0", "false"):
                if "".join(t.text or "" for t in run.iter(f"{W}t")).strip():
                    self.ctx.issues.add("hidden", self.ctx.paragraph, "hidden text is kept as ordinary text")
        here = Span("", bold, italic, code, fmt.link)
        for child in run:
            name = local(child)
            if name == "t":
                self._emit(out, here, child.text or "")
            elif name in ("tab", "ptab"):
                self._emit(out, here, " ")
            elif name in ("br", "cr"):
                if (child.get(f"{W}type") or "textWrapping") == "textWrapping":
                    self._emit(out, here, "", hard_break=True)
            elif name == "noBreakHyphen":
                self._emit(out, here, "-")
            elif name == "sym":
                code_point = int(child.get(f"{W}char") or "0", 16) if re.fullmatch(r"[0-9A-Fa-f]{1,6}", child.get(f"{W}char") or "") else 0
                if code_point >= 0xF000:
                    code_point -= 0xF000
                if code_point:
                    self._emit(out, here, chr(code_point))
                    self.ctx.issues.add("sym", self.ctx.paragraph, f"a symbol from the font '{child.get(f'{W}font')}' is kept as the character it maps to")
            elif name == "fldChar":
                self._on_fldChar(child)
            elif name == "instrText":
                if self.ctx.fields and not self.ctx.fields[-1].in_result:
                    self.ctx.fields[-1].instr += child.text or ""
            elif name in ("footnoteReference", "endnoteReference"):
                label = self.ctx.note_label(name[:-9], child.get(f"{W}id") or "")
                self._emit(out, here, "", note=label)
            elif name == "drawing":
                self._drawing(child)
            elif name == "pict":
                self._pict(child)
            elif name == "object":
                self._object(child)
            elif name == "AlternateContent":
                self._on_AlternateContent(child, out, here)
            elif name in ("delText", "delInstrText"):
                pass  # only inside w:del, which is dropped
            elif name not in SKIP and name != "rPr" and "".join(t.text or "" for t in child.iter(f"{W}t")):
                self._unknown(child, out, here)

    def _on_fldChar(self, node: etree._Element) -> None:
        kind = node.get(f"{W}fldCharType")
        if kind == "begin":
            if len(self.ctx.fields) < 64:
                self.ctx.fields.append(FieldFrame())
        elif kind == "separate" and self.ctx.fields:
            self.ctx.fields[-1].in_result = True
            self._report_field(self.ctx.fields[-1].instr)
        elif kind == "end" and self.ctx.fields:
            frame = self.ctx.fields.pop()
            if not frame.in_result:
                self._report_field(frame.instr)

    def _report_field(self, instr: str) -> None:
        name = field_name(instr)
        if name != "HYPERLINK":
            self.ctx.issues.add(f"field:{name}", self.ctx.paragraph,
                                f"a {name} field: its text as last shown is kept, the field itself is not")

    def _on_fldSimple(self, node: etree._Element, out: List[Span], fmt: Span) -> None:
        instr = node.get(f"{W}instr") or ""
        self._report_field(instr)
        target = hyperlink_target(instr) if field_name(instr) == "HYPERLINK" else None
        inner = Span("", fmt.bold, fmt.italic, fmt.code, target if target and target.lower().startswith(LINK_SCHEMES) else fmt.link)
        self._walk(node, out, inner)

    # ------------------------------------------------------------------ containers

    def _on_hyperlink(self, node: etree._Element, out: List[Span], fmt: Span) -> None:
        found = self.ctx.rel_target(node.get(f"{R}id"))
        url = None
        if found is not None:
            target, _external, _type = found
            url = target + ("#" + node.get(f"{W}anchor") if node.get(f"{W}anchor") else "")
        elif node.get(f"{R}id"):
            self.ctx.issues.add("brokenlink", self.ctx.paragraph, "a link whose target is missing from the document: its text is kept")
        if url and not url.lower().startswith(LINK_SCHEMES):
            self.ctx.issues.add("linkscheme", self.ctx.paragraph,
                                "a link that is not http:, https: or mailto: keeps its text only")
            url = None
        self._walk(node, out, Span("", fmt.bold, fmt.italic, fmt.code, url or fmt.link))

    def _on_ins(self, node: etree._Element, out: List[Span], fmt: Span) -> None:
        self.ctx.count_change("insertion")
        self._walk(node, out, fmt)

    def _on_moveTo(self, node: etree._Element, out: List[Span], fmt: Span) -> None:
        self.ctx.count_change("move")
        self._walk(node, out, fmt)

    def _on_del(self, node: etree._Element, out: List[Span], fmt: Span) -> None:
        self.ctx.count_change("deletion")

    def _on_moveFrom(self, node: etree._Element, out: List[Span], fmt: Span) -> None:
        pass  # counted once, at its moveTo

    def _on_smartTag(self, node: etree._Element, out: List[Span], fmt: Span) -> None:
        self.ctx.issues.add("smartTag", self.ctx.paragraph, "a smart tag: its text is kept, the tag is not")
        self._walk(node, out, fmt)

    def _on_customXml(self, node: etree._Element, out: List[Span], fmt: Span) -> None:
        self.ctx.issues.add("customXml", self.ctx.paragraph, "custom XML markup: its text is kept, the markup is not")
        self._walk(node, out, fmt)

    def _on_sdt(self, node: etree._Element, out: List[Span], fmt: Span) -> None:
        self.ctx.issues.add("sdt", self.ctx.paragraph, "a content control: its text is kept, the control is not")
        content = node.find(f"{W}sdtContent")
        if content is not None:
            self._walk(content, out, fmt)

    def _on_dir(self, node: etree._Element, out: List[Span], fmt: Span) -> None:
        self._walk(node, out, fmt)

    _on_bdo = _on_dir

    def _on_AlternateContent(self, node: etree._Element, out: List[Span], fmt: Span) -> None:
        choice = node.find(f"{MC}Choice")
        chosen = choice if choice is not None else node.find(f"{MC}Fallback")
        if chosen is not None:
            self._walk(chosen, out, fmt)

    def _on_commentRangeStart(self, node: etree._Element, out: List[Span], fmt: Span) -> None:
        cid = node.get(f"{W}id") or ""
        if len(self.ctx.comments_open) < 1000:
            self.ctx.comments_open[cid] = []
        self.ctx.comment_place.setdefault(cid, self.ctx.paragraph)

    def _on_commentRangeEnd(self, node: etree._Element, out: List[Span], fmt: Span) -> None:
        cid = node.get(f"{W}id") or ""
        if cid in self.ctx.comments_open:
            self.ctx.comment_anchor[cid] = "".join(self.ctx.comments_open.pop(cid))

    # ------------------------------------------------------------------ drawings

    def _drawing(self, node: etree._Element) -> None:
        for box in node.iter(f"{W}txbxContent"):
            self.ctx.issues.add("textbox", self.ctx.paragraph, "a text box: its text is kept as paragraphs after the one it sits in")
            self.extra.extend(self.on_textbox(box))
            return
        image = read_drawing(self.ctx, node)
        if image is not None:
            self.extra.append(image)

    def _pict(self, node: etree._Element) -> None:
        for box in node.iter(f"{W}txbxContent"):
            self.ctx.issues.add("textbox", self.ctx.paragraph, "a text box: its text is kept as paragraphs after the one it sits in")
            self.extra.extend(self.on_textbox(box))
            return
        image = read_vml(self.ctx, node)
        if image is not None:
            self.extra.append(image)

    def _on_drawing(self, node: etree._Element, out: List[Span], fmt: Span) -> None:
        self._drawing(node)

    def _on_pict(self, node: etree._Element, out: List[Span], fmt: Span) -> None:
        self._pict(node)

    def _on_object(self, node: etree._Element, out: List[Span], fmt: Span) -> None:
        self._object(node)

    def _object(self, node: etree._Element) -> None:
        self.ctx.issues.add("ole", self.ctx.paragraph,
                            "an embedded object (OLE): not imported, never opened or run")
