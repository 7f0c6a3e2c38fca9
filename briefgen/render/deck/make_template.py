"""Write briefgen's own PowerPoint template, ``layouts/default/deck/template.pptx``.

The template is made for briefgen rather than borrowed: 16:9, one master with
named layouts (``Title Slide``, ``Section Header``, ``Title and Content``,
``Quote``, ``Title Only``, ``Blank``), placeholders a presenter can edit, and
colors and fonts taken from ``layouts/default/theme.yaml``. The output is
byte-for-byte deterministic; run after changing this file or the theme::

    python -m briefgen.render.deck.make_template [OUT.pptx [PROJECT_DIR]]

:func:`apply_theme` is also used at render time to recolor this template for a
layout that changes ``theme.yaml`` but brings no template of its own.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path
from typing import Dict, List, Mapping, Tuple
from xml.sax.saxutils import escape, quoteattr

from ..common.units import EMU_PER_INCH

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_OUT = ROOT / "layouts" / "default" / "deck" / "template.pptx"
SLIDE_W, SLIDE_H = 12192000, 6858000  # 13.333 x 7.5 in
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
)
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.presentationml"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)

#: Theme color slot -> theme.yaml color key.
COLOR_SLOTS: Tuple[Tuple[str, str], ...] = (
    ("dk1", "text"), ("lt1", "background"), ("dk2", "primary"), ("lt2", "shade"),
    ("accent1", "primary"), ("accent2", "accent"), ("accent3", "link"), ("accent4", "muted"),
    ("accent5", "rule"), ("accent6", "shade"), ("hlink", "link"), ("folHlink", "link"),
)


def _in(value: float) -> int:
    return int(round(value * EMU_PER_INCH))


def apply_theme(theme_xml: bytes, colors: Mapping[str, str], major: str, minor: str, name: str = "briefgen") -> bytes:
    """Return ``theme_xml`` with its color scheme and major/minor latin fonts replaced."""
    from lxml import etree

    root = etree.fromstring(theme_xml)
    scheme = root.find(f"{{{NS_A}}}themeElements/{{{NS_A}}}clrScheme")
    if scheme is not None:
        scheme.set("name", name)
        for slot, key in COLOR_SLOTS:
            value = colors.get(key)
            node = scheme.find(f"{{{NS_A}}}{slot}")
            if value is None or node is None:
                continue
            for child in list(node):
                node.remove(child)
            etree.SubElement(node, f"{{{NS_A}}}srgbClr", val=value.lstrip("#").upper())
    fonts = root.find(f"{{{NS_A}}}themeElements/{{{NS_A}}}fontScheme")
    if fonts is not None:
        fonts.set("name", name)
        for tag, face in (("majorFont", major), ("minorFont", minor)):
            latin = fonts.find(f"{{{NS_A}}}{tag}/{{{NS_A}}}latin")
            if latin is not None and face:
                latin.set("typeface", face)
    root.set("name", name)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --------------------------------------------------------------------------- shapes


def _fill(scheme: str) -> str:
    return f'<a:solidFill><a:schemeClr val="{scheme}"/></a:solidFill>'


def _ph(sid: int, name: str, ph: str, box: Tuple[float, float, float, float], *, idx: int = 0,
        anchor: str = "t", lst: str = "", prompt: str = "", size: str = "") -> str:
    """A placeholder shape at ``box`` (x, y, w, h in inches)."""
    attrs = f' type="{ph}"' if ph != "obj" else ""
    if size:
        attrs += f' sz="{size}"'
    if idx:
        attrs += f' idx="{idx}"'
    x, y, w, h = box
    body = f'<a:p><a:r><a:rPr lang="en-US"/><a:t>{escape(prompt)}</a:t></a:r></a:p>' if prompt else '<a:p><a:endParaRPr lang="en-US"/></a:p>'
    if ph == "sldNum":
        body = '<a:p><a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" type="slidenum"><a:rPr lang="en-US"/><a:t>&#8249;#&#8250;</a:t></a:fld></a:p>'
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name={quoteattr(name)}/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
        f"<p:nvPr><p:ph{attrs}/></p:nvPr></p:nvSpPr>"
        f'<p:spPr><a:xfrm><a:off x="{_in(x)}" y="{_in(y)}"/><a:ext cx="{_in(w)}" cy="{_in(h)}"/></a:xfrm></p:spPr>'
        f'<p:txBody><a:bodyPr vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="{anchor}">'
        f"<a:noAutofit/></a:bodyPr><a:lstStyle>{lst}</a:lstStyle>{body}</p:txBody></p:sp>"
    )


def _rect(sid: int, name: str, box: Tuple[float, float, float, float], scheme: str) -> str:
    """A decorative filled rectangle (no text)."""
    x, y, w, h = box
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{name}"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{_in(x)}" y="{_in(y)}"/><a:ext cx="{_in(w)}" cy="{_in(h)}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{_fill(scheme)}<a:ln><a:noFill/></a:ln></p:spPr></p:sp>'
    )


def _lvl(n: int, size: int, color: str = "", *, bold: bool = False, italic: bool = False, algn: str = "l",
         font: str = "+mn-lt", bullet: str = "", marl: float = 0.0, spc_before: int = 0) -> str:
    fill = _fill(color) if color else ""
    attrs = f' sz="{size * 100}"' + (' b="1"' if bold else ' b="0"') + (' i="1"' if italic else "")
    bu = (
        f'<a:buClr><a:schemeClr val="accent2"/></a:buClr><a:buFont typeface="Arial"/><a:buChar char="{bullet}"/>'
        if bullet else "<a:buNone/>"
    )
    indent = f' marL="{_in(marl)}" indent="{-_in(0.32) if bullet else 0}"'
    return (
        f'<a:lvl{n}pPr algn="{algn}"{indent}><a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
        f'<a:spcBef><a:spcPts val="{spc_before * 100}"/></a:spcBef>{bu}'
        f'<a:defRPr{attrs}>{fill}<a:latin typeface="{font}"/></a:defRPr></a:lvl{n}pPr>'
    )


# Geometry (inches): margins 0.6, title band on top, footer strip at the bottom.
TITLE_BOX = (0.6, 0.35, 12.13, 1.15)
BODY_BOX = (0.6, 1.75, 12.13, 4.95)
FOOTER_BOX = (0.6, 6.92, 9.4, 0.4)
NUMBER_BOX = (10.73, 6.92, 2.0, 0.4)
ACCENT_BAR = (0.7, 1.52, 1.1, 0.06)


def _master() -> str:
    shapes = "".join(
        [
            _ph(2, "Title Placeholder 1", "title", TITLE_BOX, anchor="b", prompt="Slide title"),
            _ph(3, "Text Placeholder 2", "body", BODY_BOX, idx=1, prompt="Bullet text"),
            _ph(4, "Footer Placeholder 3", "ftr", FOOTER_BOX, idx=11, size="quarter", anchor="ctr"),
            _ph(5, "Slide Number Placeholder 4", "sldNum", NUMBER_BOX, idx=12, size="quarter", anchor="ctr"),
            _rect(6, "Accent Bar", ACCENT_BAR, "accent2"),
        ]
    )
    title = _lvl(1, 32, "tx2", font="+mj-lt")
    body = "".join(
        _lvl(n, size, "tx1", bullet=char, marl=0.32 + 0.4 * (n - 1), spc_before=10 if n == 1 else 4)
        for n, size, char in ((1, 22, "\u2022"), (2, 18, "\u2013"), (3, 16, "\u2022"), (4, 16, "\u2013"), (5, 16, "\u2022"))
    )
    other = _lvl(1, 18, "tx1")
    return (
        f"{DECL}<p:sldMaster {NS}><p:cSld><p:bg><p:bgRef idx=\"1001\"><a:schemeClr val=\"bg1\"/></p:bgRef></p:bg>"
        f'<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{shapes}</p:spTree></p:cSld>'
        '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" '
        'accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>'
        "<p:sldLayoutIdLst>"
        + "".join(f'<p:sldLayoutId id="{2147483649 + i}" r:id="rId{i + 1}"/>' for i in range(len(LAYOUTS)))
        + f"</p:sldLayoutIdLst><p:txStyles><p:titleStyle>{title}</p:titleStyle><p:bodyStyle>{body}</p:bodyStyle>"
        f"<p:otherStyle>{other}</p:otherStyle></p:txStyles></p:sldMaster>"
    )


def _FOOT() -> str:  # upper case: read beside the module's other part constants
    return (
    _ph(4, "Footer Placeholder 3", "ftr", FOOTER_BOX, idx=11, size="quarter", anchor="ctr", lst=_lvl(1, 11, "accent4"))
    + _ph(5, "Slide Number Placeholder 4", "sldNum", NUMBER_BOX, idx=12, size="quarter", anchor="ctr", lst=_lvl(1, 11, "accent4", algn="r"))
)


def _layouts() -> List[Tuple[str, str, str, bool, str]]:
    """(name, type, shapes, show master shapes, background scheme color)."""
    on_dark = _lvl(1, 20, "bg1")
    return [
        ("Title Slide", "title", "".join([
            _ph(2, "Title 1", "ctrTitle", (0.9, 1.45, 11.5, 2.55), anchor="b", lst=_lvl(1, 40, "bg1", font="+mj-lt", bold=True), prompt="Title"),
            _rect(6, "Accent Bar", (0.98, 4.2, 1.4, 0.07), "accent2"),
            _ph(3, "Subtitle 2", "subTitle", (0.9, 4.45, 11.5, 2.3), idx=1, lst=on_dark, prompt="Subtitle"),
        ]), False, "tx2"),
        ("Section Header", "secHead", "".join([
            _rect(6, "Accent Bar", (0.9, 2.0, 0.09, 3.0), "accent2"),
            _ph(2, "Title 1", "title", (1.25, 2.0, 11.0, 2.1), anchor="b", lst=_lvl(1, 40, "tx2", font="+mj-lt", bold=True), prompt="Section title"),
            _ph(3, "Text Placeholder 2", "body", (1.25, 4.2, 11.0, 0.8), idx=1, lst=_lvl(1, 20, "accent4"), prompt="Section text"),
        ]) + _FOOT(), False, "bg2"),
        ("Title and Content", "obj", _ph(2, "Title 1", "title", TITLE_BOX, anchor="b", prompt="Title")
         + _ph(3, "Content Placeholder 2", "obj", BODY_BOX, idx=1, prompt="Text") + _FOOT(), True, ""),
        ("Quote", "obj", _ph(2, "Title 1", "title", TITLE_BOX, anchor="b", prompt="Title")
         + _rect(7, "Quote Bar", (1.2, 2.05, 0.09, 3.6), "accent2")
         + _ph(3, "Quote Placeholder 2", "body", (1.55, 1.95, 10.4, 3.8), idx=1, anchor="ctr",
               lst=_lvl(1, 28, "tx2", italic=True), prompt="Quotation") + _FOOT(), True, ""),
        ("Title Only", "titleOnly", _ph(2, "Title 1", "title", TITLE_BOX, anchor="b", prompt="Title") + _FOOT(), True, ""),
        ("Blank", "blank", _FOOT(), False, ""),
    ]


LAYOUTS = ("Title Slide", "Section Header", "Title and Content", "Quote", "Title Only", "Blank")


def _layout_xml(name: str, kind: str, shapes: str, show_master: bool, bg: str) -> str:
    background = f'<p:bg><p:bgPr>{_fill(bg)}<a:effectLst/></p:bgPr></p:bg>' if bg else ""
    show = "" if show_master else ' showMasterSp="0"'
    return (
        f'{DECL}<p:sldLayout {NS} type="{kind}" preserve="1"{show}><p:cSld name={quoteattr(name)}>{background}'
        f'<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{shapes}</p:spTree></p:cSld>'
        "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"
    )


def _rels(items: List[Tuple[str, str]], base: str = REL) -> str:
    body = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{kind if kind.startswith("http") else base + "/" + kind}" Target="{target}"/>'
        for i, (kind, target) in enumerate(items)
    )
    return f'{DECL}<Relationships xmlns="{PKG_REL}">{body}</Relationships>'


def build_template(colors: Mapping[str, str], heading_font: str, body_font: str) -> bytes:
    """The template's bytes for the given theme colors and deck fonts."""
    import pptx

    base = Path(pptx.__file__).parent / "templates" / "default.pptx"
    with zipfile.ZipFile(base) as z:
        theme = apply_theme(z.read("ppt/theme/theme1.xml"), colors, heading_font, body_font)
        pres_props = z.read("ppt/presProps.xml")
    layouts = _layouts()
    parts: Dict[str, bytes] = {}
    parts["[Content_Types].xml"] = content_types(len(layouts))
    parts["_rels/.rels"] = _rels([("officeDocument", "ppt/presentation.xml"), (f"{PKG_REL}/metadata/core-properties", "docProps/core.xml"),
                                  ("extended-properties", "docProps/app.xml")]).encode()
    parts["docProps/core.xml"] = (
        f'{DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>briefgen deck template</dc:title><cp:revision>1</cp:revision>'
        '<dcterms:created xsi:type="dcterms:W3CDTF">1980-01-01T00:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">1980-01-01T00:00:00Z</dcterms:modified></cp:coreProperties>'
    ).encode()
    parts["docProps/app.xml"] = (
        f'{DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>briefgen</Application><PresentationFormat>Widescreen</PresentationFormat><Slides>0</Slides></Properties>"
    ).encode()
    parts["ppt/presentation.xml"] = (
        f'{DECL}<p:presentation {NS} saveSubsetFonts="1"><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>'
        f'<p:sldSz cx="{SLIDE_W}" cy="{SLIDE_H}"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>'
    ).encode()
    parts["ppt/_rels/presentation.xml.rels"] = _rels([("slideMaster", "slideMasters/slideMaster1.xml"), ("presProps", "presProps.xml"),
                                                       ("viewProps", "viewProps.xml"), ("theme", "theme/theme1.xml"),
                                                       ("tableStyles", "tableStyles.xml")]).encode()
    parts["ppt/presProps.xml"] = pres_props
    parts["ppt/viewProps.xml"] = f'{DECL}<p:viewPr {NS}><p:normalViewPr/><p:gridSpacing cx="76200" cy="76200"/></p:viewPr>'.encode()
    parts["ppt/tableStyles.xml"] = f'{DECL}<a:tblStyleLst xmlns:a="{NS_A}" def="{{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}}"/>'.encode()
    parts["ppt/theme/theme1.xml"] = theme
    parts["ppt/slideMasters/slideMaster1.xml"] = _master().encode()
    parts["ppt/slideMasters/_rels/slideMaster1.xml.rels"] = _rels(
        [("slideLayout", f"../slideLayouts/slideLayout{i + 1}.xml") for i in range(len(layouts))] + [("theme", "../theme/theme1.xml")]
    ).encode()
    for i, spec in enumerate(layouts):
        parts[f"ppt/slideLayouts/slideLayout{i + 1}.xml"] = _layout_xml(*spec).encode()
        parts[f"ppt/slideLayouts/_rels/slideLayout{i + 1}.xml.rels"] = _rels([("slideMaster", "../slideMasters/slideMaster1.xml")]).encode()
    return zip_parts(parts)


def content_types(n_layouts: int, n_slides: int = 0) -> bytes:
    """``[Content_Types].xml`` for a package with one master, ``n_layouts``
    layouts and ``n_slides`` slides (also used by tools/make_org_template.py)."""
    overrides = [("/ppt/presentation.xml", f"{CT}.presentation.main+xml"), ("/ppt/slideMasters/slideMaster1.xml", f"{CT}.slideMaster+xml"),
                 ("/ppt/presProps.xml", f"{CT}.presProps+xml"), ("/ppt/viewProps.xml", f"{CT}.viewProps+xml"),
                 ("/ppt/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml"),
                 ("/ppt/tableStyles.xml", f"{CT}.tableStyles+xml")]
    overrides += [(f"/ppt/slideLayouts/slideLayout{i + 1}.xml", f"{CT}.slideLayout+xml") for i in range(n_layouts)]
    overrides += [(f"/ppt/slides/slide{i + 1}.xml", f"{CT}.slide+xml") for i in range(n_slides)]
    overrides += [("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
                  ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml")]
    return (
        f'{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="png" ContentType="image/png"/><Default Extension="jpeg" ContentType="image/jpeg"/>'
        + "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in overrides) + "</Types>"
    ).encode()


def zip_parts(parts: Dict[str, bytes]) -> bytes:
    """A zip of ``parts`` in the given order with fixed timestamps (reproducible bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return out.getvalue()


def main(argv: List[str]) -> int:
    """Write the template from the default layout's theme."""
    from briefgen.layout import load_layout

    out = Path(argv[0]) if argv else DEFAULT_OUT
    theme = load_layout("default", Path(argv[1]) if len(argv) > 1 else ROOT).theme
    data = build_template(theme.colors, theme.deck_fonts.get("heading", "Calibri"), theme.deck_fonts.get("body", "Calibri"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"wrote {out} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
