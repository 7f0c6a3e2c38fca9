"""The docx's styles: a reference document's own, else Word's built-in ones set from the layout's theme.

With ``layouts/<name>/docx/reference.docx`` (or ``.dotx``) the document
starts from that file, as pandoc's ``--reference-doc``: its styles, page
setup, headers and footers are used as they are, and only the styles it
lacks are added (from the theme). Without one, python-docx's default
template is the start and Word's built-in styles (*Normal*, *Body Text*,
*Title*, *Subtitle*, *Heading 1–3*, *Quote*, *Intense Quote*, *Caption*...)
are given the theme's faces, colours and sizes.

:class:`StyleBook` hands out style ids by name and creates a missing style
the first time it is asked for; the renderer never writes direct formatting
where a style can say it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Tuple

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..ooxml.color import hex_digits

log = logging.getLogger(__name__)

BUILTIN_THEMED = ("Normal", "Body Text", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Quote",
                  "Intense Quote", "Caption", "List Paragraph")
"""Built-in styles the theme restyles when there is no reference document."""


@dataclass(frozen=True)
class Spec:
    """How to make a style the document lacks: type, parent, and properties from the theme."""

    kind: str  # paragraph | character | table
    base: str = ""
    font: str = ""  # body | heading | mono
    size: str = ""  # a theme size key, or "" to inherit
    scale: float = 1.0
    color: str = ""  # a theme colour key
    bold: bool = False
    italic: bool = False
    before: float = -1.0
    after: float = -1.0
    keep_next: bool = False
    border_top_bottom: bool = False
    indent: float = 0.0
    outline: int = -1
    underline: bool = False
    superscript: bool = False
    builtin_name: str = ""  # the name Word stores for a built-in style ("footnote text")


SPECS: Mapping[str, Spec] = {
    "Normal": Spec("paragraph", font="body", size="base", color="text", after=6),
    "Body Text": Spec("paragraph", "Normal", after=8),
    "Lede": Spec("paragraph", "Body Text", scale=1.12),
    "Title": Spec("paragraph", "Normal", font="heading", size="title", color="primary", bold=True, after=4, keep_next=True),
    "Subtitle": Spec("paragraph", "Normal", font="heading", size="subtitle", color="muted", after=8, keep_next=True),
    "Heading 1": Spec("paragraph", "Normal", font="heading", size="h2", color="primary", bold=True, before=16, after=6,
                      keep_next=True, outline=0, builtin_name="heading 1"),
    "Heading 2": Spec("paragraph", "Normal", font="heading", size="h3", color="primary", bold=True, before=12, after=4,
                      keep_next=True, outline=1, builtin_name="heading 2"),
    "Heading 3": Spec("paragraph", "Normal", font="heading", size="base", color="text", bold=True, before=10, after=3,
                      keep_next=True, outline=2, builtin_name="heading 3"),
    "Quote": Spec("paragraph", "Normal", italic=True, color="text", indent=28, before=4, after=8),
    "Intense Quote": Spec("paragraph", "Normal", font="heading", size="pullquote", color="accent", bold=True,
                          border_top_bottom=True, indent=14, before=12, after=12),
    "Caption": Spec("paragraph", "Normal", font="heading", size="small", color="muted", before=4, after=4,
                    builtin_name="caption"),
    "List Paragraph": Spec("paragraph", "Body Text", after=3),
    "Author": Spec("paragraph", "Normal", font="heading", bold=True, color="text", after=0),
    "Date": Spec("paragraph", "Normal", font="heading", color="muted", after=10),
    "Masthead": Spec("paragraph", "Normal", font="heading", size="small", color="primary", bold=True, after=10),
    "Brief Box": Spec("paragraph", "Normal", after=4),
    "Box Heading": Spec("paragraph", "Brief Box", font="heading", color="accent", bold=True, keep_next=True, before=2),
    "Box List": Spec("paragraph", "Brief Box", after=2),
    "Box Title": Spec("paragraph", "Brief Box", font="heading", color="primary", bold=True, keep_next=True, after=6),
    "Source Code": Spec("paragraph", "Normal", font="mono", size="small", after=0),
    "Table Contents": Spec("paragraph", "Normal", size="small", scale=1.05, before=0, after=0),
    "Table Heading": Spec("paragraph", "Table Contents", font="heading", bold=True),
    "footnote text": Spec("paragraph", "Normal", size="small", after=2, builtin_name="footnote text"),
    "Footnote Reference": Spec("character", superscript=True, builtin_name="footnote reference"),
    "Hyperlink": Spec("character", color="link", underline=True),
    "Brief Table": Spec("table"),
    "Brief Aside": Spec("table"),
}
"""The styles the docx uses, by name, with how to make each from the theme."""

DEFAULT_SIZES = {"base": 10.5, "small": 8.5, "title": 25, "subtitle": 13.5, "h2": 15, "h3": 12, "pullquote": 15}


def style_id(name: str) -> str:
    """The id Word gives a style name: the name without spaces (``Heading 1`` -> ``Heading1``)."""
    return "".join(ch for ch in name.title() if ch.isalnum()) if name.islower() else "".join(ch for ch in name if ch.isalnum())


class StyleBook:
    """The styles of one document: ids by name, missing ones made from the theme."""

    def __init__(self, document: Any, theme: Any, restyle: bool) -> None:
        self.document = document
        self.root = document.styles.element
        self.theme = theme
        self.made: list = []
        self.found: list = []
        self._ids: Dict[Tuple[str, str], str] = {}
        self._by_name: Dict[Tuple[str, str], Any] = {}
        for node in self.root.findall(qn("w:style")):
            name = node.find(qn("w:name"))
            kind = node.get(qn("w:type")) or "paragraph"
            if name is not None:
                self._by_name.setdefault((kind, name.get(qn("w:val"), "").lower()), node)
        if restyle:
            for name in BUILTIN_THEMED:
                node = self._node("paragraph", name)
                if node is None:
                    self.para(name)
                else:
                    self._apply(node, SPECS[name])

    def font_family(self, role: str) -> str:
        """The theme's family for ``body``, ``heading`` or ``mono``."""
        face = self.theme.fonts.get(role)
        return face.family if face is not None else ""

    def size(self, key: str) -> float:
        """A theme size in points (briefgen's defaults for keys the theme lacks)."""
        return float(self.theme.sizes.get(key, DEFAULT_SIZES.get(key, 10.5)))

    def color(self, key: str) -> str:
        """A theme colour as ``RRGGBB``."""
        return hex_digits(self.theme.colors.get(key, "#000000"))

    def para(self, name: str) -> str:
        """The id of paragraph style ``name``, made from the theme if the document lacks it."""
        return self._get("paragraph", name)

    def char(self, name: str) -> str:
        """The id of character style ``name``, made if missing."""
        return self._get("character", name)

    def table(self, name: str) -> str:
        """The id of table style ``name``, made if missing."""
        return self._get("table", name)

    def has(self, name: str) -> bool:
        """Whether the document defines the style ``name`` (by its name, or Word's name for a built-in)."""
        spec = SPECS.get(name)
        return self._node(spec.kind if spec else "paragraph", name) is not None

    def color_of(self, name: str) -> Optional[str]:
        """The ``#RRGGBB`` text colour style ``name`` sets itself, or None."""
        spec = SPECS.get(name)
        node = self._node(spec.kind if spec else "paragraph", name)
        color = node.find(f"{qn('w:rPr')}/{qn('w:color')}") if node is not None else None
        value = (color.get(qn("w:val")) or "") if color is not None else ""
        return "#" + value.upper() if len(value) == 6 and value.lower() != "auto" else None

    def _node(self, kind: str, name: str) -> Optional[Any]:
        spec = SPECS.get(name)
        for key in (name, spec.builtin_name if spec else ""):
            if key and (kind, key.lower()) in self._by_name:
                return self._by_name[(kind, key.lower())]
        return None

    def _get(self, kind: str, name: str) -> str:
        if (kind, name) in self._ids:
            return self._ids[(kind, name)]
        node = self._node(kind, name)
        if node is None:
            node = self._make(kind, name)
            self.made.append(name)
        else:
            self.found.append(name)
        sid = node.get(qn("w:styleId"))
        self._ids[(kind, name)] = sid
        return sid

    def _make(self, kind: str, name: str) -> Any:
        spec = SPECS.get(name, Spec(kind, "Normal" if kind == "paragraph" else ""))
        node = OxmlElement("w:style")
        node.set(qn("w:type"), kind)
        sid = style_id(spec.builtin_name or name)
        taken = {n.get(qn("w:styleId")) for n in self.root.findall(qn("w:style"))}
        while sid in taken:
            sid += "0"
        node.set(qn("w:styleId"), sid)
        if not spec.builtin_name and name not in BUILTIN_THEMED:
            node.set(qn("w:customStyle"), "1")
        el = OxmlElement("w:name")
        el.set(qn("w:val"), spec.builtin_name or name)
        node.append(el)
        if spec.base:
            base_id = self._get(spec.kind, spec.base)
            el = OxmlElement("w:basedOn")
            el.set(qn("w:val"), base_id)
            node.append(el)
        node.append(OxmlElement("w:qFormat"))
        self.root.append(node)
        self._by_name[(kind, (spec.builtin_name or name).lower())] = node
        self._apply(node, spec)
        return node

    def _apply(self, node: Any, spec: Spec) -> None:
        """Set ``spec``'s properties from the theme on the style element ``node``."""
        if spec.kind == "table":
            _table_borders(node, self.color("rule"))
            return
        if spec.kind == "paragraph":
            p_pr = _child(node, "w:pPr", before=("w:rPr", "w:tblPr"))
            _paragraph_props(p_pr, spec, self)
        r_pr = _child(node, "w:rPr")
        _run_props(r_pr, spec, self)


def _child(node: Any, tag: str, before: Tuple[str, ...] = ()) -> Any:
    """``node``'s child ``tag``, made (before any of ``before``) when missing."""
    found = node.find(qn(tag))
    if found is not None:
        return found
    el = OxmlElement(tag)
    for other in before:
        sibling = node.find(qn(other))
        if sibling is not None:
            sibling.addprevious(el)
            return el
    node.append(el)
    return el


def _replace(parent: Any, tag: str, attrs: Mapping[str, str], order: Tuple[str, ...]) -> Any:
    """Put one ``tag`` child with ``attrs`` in ``parent``, in schema ``order`` among its siblings."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(key), value)
    index = order.index(tag) if tag in order else len(order)
    for pos, sibling in enumerate(parent):
        name = sibling.tag.split("}")[-1]
        if ("w:" + name) in order and order.index("w:" + name) > index:
            parent.insert(pos, el)
            return el
    parent.append(el)
    return el


P_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
           "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
           "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
           "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
           "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
           "w:rPr", "w:sectPr", "w:pPrChange")
R_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
           "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden",
           "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
           "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
           "w:specVanish", "w:oMath")


def _paragraph_props(p_pr: Any, spec: Spec, book: StyleBook) -> None:
    if spec.keep_next:
        _replace(p_pr, "w:keepNext", {}, P_ORDER)
    if spec.before >= 0 or spec.after >= 0:
        attrs = {}
        if spec.before >= 0:
            attrs["w:before"] = str(int(spec.before * 20))
        if spec.after >= 0:
            attrs["w:after"] = str(int(spec.after * 20))
        leading = float(book.theme.sizes.get("leading", 1.3))
        attrs["w:line"] = str(int(240 * min(max(leading, 1.0), 2.0) * 0.92))
        attrs["w:lineRule"] = "auto"
        _replace(p_pr, "w:spacing", attrs, P_ORDER)
    if spec.border_top_bottom:
        bdr = _replace(p_pr, "w:pBdr", {}, P_ORDER)
        for side in ("top", "bottom"):
            el = OxmlElement(f"w:{side}")
            for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "6"), ("w:color", book.color("accent"))):
                el.set(qn(key), value)
            bdr.append(el)
    if spec.indent:
        twips = str(int(spec.indent * 20))
        _replace(p_pr, "w:ind", {"w:left": twips, "w:right": twips}, P_ORDER)
    if spec.outline >= 0:
        _replace(p_pr, "w:outlineLvl", {"w:val": str(spec.outline)}, P_ORDER)


def _run_props(r_pr: Any, spec: Spec, book: StyleBook) -> None:
    if spec.font:
        family = book.font_family(spec.font)
        if family:
            _replace(r_pr, "w:rFonts", {"w:ascii": family, "w:hAnsi": family, "w:cs": family, "w:eastAsia": family}, R_ORDER)
    for flag, tag in ((spec.bold, "w:b"), (spec.italic, "w:i")):
        if flag:
            _replace(r_pr, tag, {}, R_ORDER)
    if spec.color:
        _replace(r_pr, "w:color", {"w:val": book.color(spec.color)}, R_ORDER)
    if spec.size or spec.scale != 1.0:
        base = book.size(spec.size or "base")
        half = str(int(round(base * spec.scale * 2)))
        _replace(r_pr, "w:sz", {"w:val": half}, R_ORDER)
        _replace(r_pr, "w:szCs", {"w:val": half}, R_ORDER)
    if spec.underline:
        _replace(r_pr, "w:u", {"w:val": "single"}, R_ORDER)
    if spec.superscript:
        _replace(r_pr, "w:vertAlign", {"w:val": "superscript"}, R_ORDER)


def _table_borders(node: Any, color: str) -> None:
    """A table style with hairline borders between every cell."""
    tbl_pr = _child(node, "w:tblPr")
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", color)):
            el.set(qn(key), value)
        borders.append(el)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("left", "86"), ("right", "86")):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), value)
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.append(margins)


def set_language(document: Any, lang: str) -> None:
    """The document's default language (``w:lang`` in the style defaults), so spelling and hyphenation follow it."""
    root = document.styles.element
    defaults = _child(root, "w:docDefaults")
    rpr_default = _child(defaults, "w:rPrDefault")
    r_pr = _child(rpr_default, "w:rPr")
    _replace(r_pr, "w:lang", {"w:val": lang, "w:eastAsia": lang, "w:bidi": lang}, R_ORDER)


def clear_theme_fonts(document: Any) -> None:
    """Drop theme-font references (``w:asciiTheme``...) from the styles: they would override the theme's faces."""
    for fonts in document.styles.element.iter(qn("w:rFonts")):
        for key in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if fonts.get(qn(key)) is not None:
                del fonts.attrib[qn(key)]


def mark_rtl(root: Any) -> int:
    """Give every ``w:p`` under ``root`` whose text starts right-to-left Word's ``w:bidi`` (in schema order);
    the count marked. Arabic and Hebrew paragraphs then run right to left, with their punctuation where it belongs."""
    from ..common.bidi import base_direction

    marked = 0
    for p in root.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if base_direction(text) != "rtl":
            continue
        p_pr = p.find(qn("w:pPr"))
        if p_pr is None:
            p_pr = OxmlElement("w:pPr")
            p.insert(0, p_pr)
        _replace(p_pr, "w:bidi", {}, P_ORDER)
        marked += 1
    return marked
