"""Write the example organization's own PowerPoint template and its font metrics.

The Meridian Institute (``layouts/example-org``) brings a template of its own,
unlike briefgen's: other layout names (``Meridian Cover``, ``Meridian Text``...),
in another order, with placeholders elsewhere (the title on a teal band, the
text in a narrower column, a half-teal cover), its theme colors set to the
layout's palette and Arial as the major and minor theme font. It also carries
two sample slides and a thumbnail, as templates saved by PowerPoint do; the
deck removes them. The deck measures Arial with Liberation Sans, its
metric-compatible twin, so this script also writes those metrics.

Run after changing this file or ``layouts/example-org/theme.yaml`` (needs
fontTools and the Liberation fonts, e.g. Debian's fonts-liberation2)::

    python tools/make_org_template.py [LAYOUT_DIR]

The output is byte-for-byte deterministic.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path
from typing import Dict, List, Mapping, Sequence, Tuple
from xml.sax.saxutils import escape, quoteattr

ROOT = Path(__file__).resolve().parents[1]
LAYOUT_DIR = ROOT / "layouts" / "example-org"
LIBERATION = (Path("/usr/share/fonts/truetype/liberation2"), Path("/usr/share/fonts/truetype/liberation"))
METRIC_STYLES = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bold_italic": "BoldItalic"}
FONT = "Arial"
BRAND_AMBER = "#E8AA3C"  # the diamond of the logo: decoration on teal, never text on white
EMU = 914400
SLIDE_W, SLIDE_H = 12192000, 6858000  # 13.333 x 7.5 in
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS = (f'xmlns:a="{NS_A}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.presentationml"

#: Theme color slot -> theme.yaml color key (or a literal #RRGGBB).
SLOTS: Tuple[Tuple[str, str], ...] = (
    ("dk1", "text"), ("lt1", "background"), ("dk2", "primary"), ("lt2", "shade"),
    ("accent1", "primary"), ("accent2", "accent"), ("accent3", BRAND_AMBER), ("accent4", "muted"),
    ("accent5", "rule"), ("accent6", "link"), ("hlink", "link"), ("folHlink", "muted"),
)

Box = Tuple[float, float, float, float]  # x, y, w, h in inches

# Geometry (inches). Content slides: a teal band across the top holds the title;
# the text sits in a narrower column; a hairline and the footer at the bottom.
BAND = (0.0, 0.0, 13.333, 1.45)
BAND_RULE = (0.0, 1.45, 13.333, 0.07)
TITLE = (0.75, 0.2, 11.83, 1.25)
BODY = (0.75, 1.85, 8.9, 4.85)
FOOT_RULE = (0.75, 6.9, 11.83, 0.014)
FOOTER = (0.75, 6.97, 9.0, 0.38)
NUMBER = (11.58, 6.97, 1.0, 0.38)


def _in(value: float) -> int:
    return int(round(value * EMU))


def _xfrm(box: Box) -> str:
    x, y, w, h = box
    return f'<a:xfrm><a:off x="{_in(x)}" y="{_in(y)}"/><a:ext cx="{_in(w)}" cy="{_in(h)}"/></a:xfrm>'


def _fill(scheme: str) -> str:
    return f'<a:solidFill><a:schemeClr val="{scheme}"/></a:solidFill>'


def _lvl(n: int, size: float, color: str, *, bold: bool = False, italic: bool = False, algn: str = "l",
         font: str = "+mn-lt", bullet: str = "", marl: float = 0.0, before: int = 0) -> str:
    """One ``a:lvlNpPr`` paragraph style."""
    bu = (f'<a:buClr><a:schemeClr val="accent2"/></a:buClr><a:buFont typeface="Arial"/><a:buChar char="{bullet}"/>'
          if bullet else "<a:buNone/>")
    indent = f' marL="{_in(marl)}" indent="{-_in(0.32) if bullet else 0}"'
    return (f'<a:lvl{n}pPr algn="{algn}"{indent}><a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
            f'<a:spcBef><a:spcPts val="{before * 100}"/></a:spcBef>{bu}'
            f'<a:defRPr sz="{int(size * 100)}" b="{int(bold)}" i="{int(italic)}">{_fill(color)}'
            f'<a:latin typeface="{font}"/></a:defRPr></a:lvl{n}pPr>')


def _ph(sid: int, name: str, kind: str, box: Box, *, idx: int = 0, anchor: str = "t", lst: str = "",
        prompt: str = "", quarter: bool = False) -> str:
    """A placeholder shape; ``kind`` "obj" is the untyped content placeholder."""
    attrs = (f' type="{kind}"' if kind != "obj" else "") + (' sz="quarter"' if quarter else "") + (f' idx="{idx}"' if idx else "")
    if kind == "sldNum":
        body = ('<a:p><a:fld id="{5C0A2B8E-6F1D-4E7A-9B1C-3D2E4F5A6B7C}" type="slidenum"><a:rPr lang="en-GB"/>'
                "<a:t>&#8249;#&#8250;</a:t></a:fld></a:p>")
    elif prompt:
        body = f'<a:p><a:r><a:rPr lang="en-GB"/><a:t>{escape(prompt)}</a:t></a:r></a:p>'
    else:
        body = '<a:p><a:endParaRPr lang="en-GB"/></a:p>'
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name={quoteattr(name)}/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
            f"<p:nvPr><p:ph{attrs}/></p:nvPr></p:nvSpPr><p:spPr>{_xfrm(box)}</p:spPr>"
            f'<p:txBody><a:bodyPr vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" '
            f'anchor="{anchor}"><a:noAutofit/></a:bodyPr><a:lstStyle>{lst}</a:lstStyle>{body}</p:txBody></p:sp>')


def _shape(sid: int, name: str, box: Box, scheme: str, geometry: str = "rect") -> str:
    """A decorative filled shape without text (drawn by the layout, not editable on slides)."""
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{name}"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
            f'<p:spPr>{_xfrm(box)}<a:prstGeom prst="{geometry}"><a:avLst/></a:prstGeom>{_fill(scheme)}'
            f"<a:ln><a:noFill/></a:ln></p:spPr></p:sp>")


def _footers(color: str = "accent4", number: str = "tx2") -> str:
    return (_ph(20, "Footer Placeholder", "ftr", FOOTER, idx=11, quarter=True, anchor="ctr", lst=_lvl(1, 11, color))
            + _ph(21, "Slide Number Placeholder", "sldNum", NUMBER, idx=12, quarter=True, anchor="ctr",
                  lst=_lvl(1, 12, number, bold=True, algn="r")))


def _title(sid: int = 2, box: Box = TITLE, kind: str = "title", lst: str = "", anchor: str = "ctr") -> str:
    return _ph(sid, "Title", kind, box, anchor=anchor, lst=lst, prompt="Headline")


def layouts() -> List[Tuple[str, str, str, bool, str]]:
    """The layouts in template order: (name, type, shapes, show master shapes, background)."""
    on_teal = _lvl(1, 20, "bg2")
    return [
        ("Meridian Text", "obj",
         _title() + _ph(3, "Text", "obj", BODY, idx=1, prompt="Text")
         + _shape(9, "Column Rule", (10.15, 1.95, 0.03, 4.65), "accent5") + _footers(), True, ""),
        ("Meridian Headline Only", "titleOnly", _title() + _footers(), True, ""),
        ("Meridian Cover", "title",
         _shape(7, "Cover Panel", (0.0, 0.0, 8.4, 7.5), "tx2") + _shape(8, "Cover Edge", (8.4, 0.0, 0.1, 7.5), "accent3")
         + _shape(9, "Diamond", (9.75, 2.75, 2.7, 2.7), "bg2", "diamond")
         + _shape(10, "Diamond Core", (10.55, 3.55, 1.1, 1.1), "accent3", "diamond")
         + _title(box=(0.8, 1.0, 7.15, 3.2), kind="ctrTitle", anchor="b", lst=_lvl(1, 40, "bg1", font="+mj-lt"))
         + _shape(11, "Cover Rule", (0.9, 4.35, 1.3, 0.08), "accent3")
         + _ph(3, "Subtitle", "subTitle", (0.8, 4.6, 7.15, 2.45), idx=1, lst=on_teal, prompt="Subtitle"), False, ""),
        ("Meridian Divider", "secHead",
         _shape(7, "Divider Bar", (0.9, 2.1, 0.1, 2.95), "accent3")
         + _shape(8, "Divider Diamond", (12.2, 0.55, 0.45, 0.45), "accent3", "diamond")
         + _title(box=(1.25, 1.95, 10.8, 2.15), anchor="b", lst=_lvl(1, 40, "bg1", font="+mj-lt"))
         + _ph(3, "Section Text", "body", (1.25, 4.2, 10.8, 0.9), idx=1, lst=on_teal, prompt="Section text")
         + _footers("bg2", "accent3"), False, "tx2"),
        ("Meridian Statement", "obj",
         _title() + _shape(7, "Statement Bar", (1.15, 2.15, 0.1, 4.1), "accent3")
         + _ph(3, "Statement", "body", (1.55, 1.95, 10.3, 4.5), idx=1, anchor="ctr",
               lst=_lvl(1, 28, "tx2", italic=True), prompt="Statement") + _footers(), True, "bg2"),
        ("Meridian Blank", "blank", _footers(), False, ""),
    ]


def _master(count: int) -> str:
    shapes = (_shape(7, "Band", BAND, "tx2") + _shape(8, "Band Rule", BAND_RULE, "accent3")
              + _shape(9, "Foot Rule", FOOT_RULE, "accent5")
              + _title(lst="") + _ph(3, "Text", "body", BODY, idx=1, prompt="Text") + _footers())
    title = _lvl(1, 32, "bg1", font="+mj-lt")
    body = "".join(_lvl(n, size, "tx1", bullet=char, marl=0.32 + 0.4 * (n - 1), before=10 if n == 1 else 4)
                   for n, size, char in ((1, 22, "\u2022"), (2, 18, "\u2013"), (3, 16, "\u2022"), (4, 16, "\u2013"), (5, 16, "\u2022")))
    ids = "".join(f'<p:sldLayoutId id="{2147483649 + i}" r:id="rId{i + 1}"/>' for i in range(count))
    return (f'{DECL}<p:sldMaster {NS}><p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg>'
            f'<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{shapes}</p:spTree></p:cSld>'
            '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" '
            'accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>'
            f"<p:sldLayoutIdLst>{ids}</p:sldLayoutIdLst><p:txStyles><p:titleStyle>{title}</p:titleStyle>"
            f"<p:bodyStyle>{body}</p:bodyStyle><p:otherStyle>{_lvl(1, 18, 'tx1')}</p:otherStyle></p:txStyles></p:sldMaster>")


def _layout_xml(name: str, kind: str, shapes: str, show_master: bool, bg: str) -> str:
    background = f"<p:bg><p:bgPr>{_fill(bg)}<a:effectLst/></p:bgPr></p:bg>" if bg else ""
    show = "" if show_master else ' showMasterSp="0"'
    return (f'{DECL}<p:sldLayout {NS} type="{kind}" preserve="1"{show}><p:cSld name={quoteattr(name)}>{background}'
            f'<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{shapes}</p:spTree></p:cSld>'
            "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>")


def _sample_slide(placeholders: Sequence[Tuple[str, int, Sequence[str]]]) -> str:
    """A sample slide filling placeholders (type, idx, paragraphs) of its layout."""
    shapes = ""
    for sid, (kind, idx, paras) in enumerate(placeholders, 2):
        attrs = (f' type="{kind}"' if kind != "obj" else "") + (f' idx="{idx}"' if idx else "")
        body = "".join(f'<a:p><a:r><a:rPr lang="en-GB"/><a:t>{escape(p)}</a:t></a:r></a:p>' for p in paras)
        shapes += (f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="Sample {sid}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
                   f"<p:nvPr><p:ph{attrs}/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>{body}</p:txBody></p:sp>")
    return (f'{DECL}<p:sld {NS}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
            f"<p:grpSpPr/>{shapes}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>")


SAMPLES = (  # (layout name, placeholders): the sample slides a template file carries
    ("Meridian Cover", [("ctrTitle", 0, ["SAMPLE SLIDE: the title of a Meridian Brief"]),
                        ("subTitle", 1, ["Delete this slide: it only shows the cover."])]),
    ("Meridian Text", [("title", 0, ["SAMPLE SLIDE: a headline"]),
                       ("obj", 1, ["Sample text in the narrow column", "A second sample point"])]),
)


def theme_xml(colors: Mapping[str, str]) -> bytes:
    """python-pptx's stock theme with the Meridian palette and Arial as major and minor font."""
    import pptx
    from lxml import etree

    from briefgen.render.deck.make_template import apply_theme

    with zipfile.ZipFile(Path(pptx.__file__).parent / "templates" / "default.pptx") as z:
        base = z.read("ppt/theme/theme1.xml")
    root = etree.fromstring(apply_theme(base, {}, FONT, FONT, name="Meridian"))
    scheme = root.find(f"{{{NS_A}}}themeElements/{{{NS_A}}}clrScheme")
    for slot, key in SLOTS:
        node = scheme.find(f"{{{NS_A}}}{slot}")
        for child in list(node):
            node.remove(child)
        value = key if key.startswith("#") else colors[key]
        etree.SubElement(node, f"{{{NS_A}}}srgbClr", val=value.lstrip("#").upper())
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rels(items: Sequence[Tuple[str, str]]) -> str:
    body = "".join(f'<Relationship Id="rId{i + 1}" Type="{kind if kind.startswith("http") else REL + "/" + kind}" Target="{target}"/>'
                   for i, (kind, target) in enumerate(items))
    return f'{DECL}<Relationships xmlns="{PKG_REL}">{body}</Relationships>'


def _thumbnail() -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (256, 144), "#FFFFFF")
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, 161, 143), fill="#0F5257")
    draw.polygon([(208, 50), (236, 78), (208, 106), (180, 78)], fill=BRAND_AMBER)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return out.getvalue()


def build_template(colors: Mapping[str, str]) -> bytes:
    """The template's bytes for the layout's theme colors."""
    specs = layouts()
    from briefgen.render.deck.make_template import content_types

    names = [s[0] for s in specs]
    parts: Dict[str, bytes] = {}
    n_layouts, n_slides = len(specs), len(SAMPLES)
    parts["[Content_Types].xml"] = content_types(n_layouts, n_slides)
    parts["_rels/.rels"] = _rels([("officeDocument", "ppt/presentation.xml"), (f"{PKG_REL}/metadata/core-properties", "docProps/core.xml"),
                                  ("extended-properties", "docProps/app.xml"),
                                  (f"{PKG_REL}/metadata/thumbnail", "docProps/thumbnail.jpeg")]).encode()
    parts["docProps/thumbnail.jpeg"] = _thumbnail()
    parts["docProps/core.xml"] = (
        f'{DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Meridian Institute presentation template</dc:title>'
        "<dc:creator>Meridian Institute Communications</dc:creator><cp:revision>3</cp:revision>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2019-03-01T09:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2019-03-01T09:00:00Z</dcterms:modified></cp:coreProperties>').encode()
    parts["docProps/app.xml"] = (
        f'{DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>Microsoft Office PowerPoint</Application><PresentationFormat>Widescreen</PresentationFormat>"
        f"<Slides>{n_slides}</Slides></Properties>").encode()
    slide_ids = "".join(f'<p:sldId id="{256 + i}" r:id="rId{6 + i}"/>' for i in range(n_slides))
    parts["ppt/presentation.xml"] = (
        f'{DECL}<p:presentation {NS} saveSubsetFonts="1"><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>'
        f'<p:sldIdLst>{slide_ids}</p:sldIdLst><p:sldSz cx="{SLIDE_W}" cy="{SLIDE_H}"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>').encode()
    parts["ppt/_rels/presentation.xml.rels"] = _rels(
        [("slideMaster", "slideMasters/slideMaster1.xml"), ("presProps", "presProps.xml"), ("viewProps", "viewProps.xml"),
         ("theme", "theme/theme1.xml"), ("tableStyles", "tableStyles.xml")]
        + [("slide", f"slides/slide{i + 1}.xml") for i in range(n_slides)]).encode()
    parts["ppt/presProps.xml"] = f"{DECL}<p:presentationPr {NS}/>".encode()
    parts["ppt/viewProps.xml"] = f'{DECL}<p:viewPr {NS}><p:normalViewPr/><p:gridSpacing cx="76200" cy="76200"/></p:viewPr>'.encode()
    parts["ppt/tableStyles.xml"] = f'{DECL}<a:tblStyleLst xmlns:a="{NS_A}" def="{{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}}"/>'.encode()
    parts["ppt/theme/theme1.xml"] = theme_xml(colors)
    parts["ppt/slideMasters/slideMaster1.xml"] = _master(n_layouts).encode()
    parts["ppt/slideMasters/_rels/slideMaster1.xml.rels"] = _rels(
        [("slideLayout", f"../slideLayouts/slideLayout{i + 1}.xml") for i in range(n_layouts)] + [("theme", "../theme/theme1.xml")]).encode()
    for i, spec in enumerate(specs):
        parts[f"ppt/slideLayouts/slideLayout{i + 1}.xml"] = _layout_xml(*spec).encode()
        parts[f"ppt/slideLayouts/_rels/slideLayout{i + 1}.xml.rels"] = _rels([("slideMaster", "../slideMasters/slideMaster1.xml")]).encode()
    for i, (layout_name, placeholders) in enumerate(SAMPLES):
        parts[f"ppt/slides/slide{i + 1}.xml"] = _sample_slide(placeholders).encode()
        parts[f"ppt/slides/_rels/slide{i + 1}.xml.rels"] = _rels(
            [("slideLayout", f"../slideLayouts/slideLayout{names.index(layout_name) + 1}.xml")]).encode()
    from briefgen.render.deck.make_template import zip_parts

    return zip_parts(parts)


def write_metrics(out_dir: Path) -> List[Path]:
    """Liberation Sans metrics (Arial's metric twin) as ``liberation-sans-<style>.json``."""
    from briefgen.render.deck.make_metrics import font_metrics

    folder = next((d for d in LIBERATION if (d / "LiberationSans-Regular.ttf").is_file()), None)
    if folder is None:
        raise SystemExit("Liberation Sans not found (install fonts-liberation2)")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for style, suffix in METRIC_STYLES.items():
        data = font_metrics(folder / f"LiberationSans-{suffix}.ttf")
        path = out_dir / f"liberation-sans-{style.replace('_', '-')}.json"
        path.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main(argv: List[str]) -> int:
    """Write ``deck/template.pptx`` and ``deck/metrics/`` of the example-org layout."""
    from briefgen.layout import load_layout

    folder = Path(argv[0]) if argv else LAYOUT_DIR
    theme = load_layout(folder.name, folder.parent.parent if argv else ROOT).theme
    data = build_template(theme.colors)
    out = folder / "deck" / "template.pptx"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"wrote {out} ({len(data)} bytes)")
    # Arial's metrics serve every layout: they live in the default layout.
    for path in write_metrics(ROOT / "layouts" / "default" / "deck" / "metrics"):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
