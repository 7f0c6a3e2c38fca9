"""Word documents for the import tests, made two ways: with python-docx and with LibreOffice.

python-docx has no API for tracked changes, content controls, smart tags,
fields, text boxes or hyperlinks, so those are written as WordprocessingML into
the paragraphs it makes. LibreOffice converts a flat ODT (written here) with
footnotes, endnotes, continuing and restarting lists, merged and nested table
cells, a tracked change, a comment, a picture and a text box.
"""

from __future__ import annotations

import base64
import datetime
import io
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from typing import List

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (f'xmlns:w="{W_NS}" xmlns:v="urn:schemas-microsoft-com:vml" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


def png(width: int = 4, height: int = 3) -> bytes:
    """A small red PNG, made without any library."""
    raw = b"".join(b"\x00" + b"\xcc\x22\x22" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _xml(fragment: str):
    from docx.oxml import parse_xml

    return parse_xml(f"<w:wrap {NSDECL}>{fragment}</w:wrap>")


def _append_raw(paragraph, fragment: str) -> None:
    for child in list(_xml(fragment)):
        paragraph._p.append(child)


def make_python_docx(path: Path) -> None:
    """A draft with every feature the importer maps, and every one it can only warn about."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.shared import Inches

    doc = docx.Document()
    props = doc.core_properties
    props.author = "Ana Ruiz; Ben Okafor"
    props.title = "A property title"
    props.created = datetime.datetime(2024, 5, 1, 9, 0)
    props.keywords = "grain, reserves"
    doc.add_paragraph("Grain Reserves in a Crisis", style="Title")
    doc.add_paragraph("Why buffer stocks are back", style="Subtitle")
    lede = doc.add_paragraph("The lede has ")
    lede.add_run("bold words").bold = True
    lede.add_run(", ")
    lede.add_run("italic words").italic = True
    lede.add_run(" and ")
    rid = doc.part.relate_to("https://example.org/grain?a=1&b=2", RT.HYPERLINK, is_external=True)
    _append_raw(lede, f'<w:hyperlink r:id="{rid}"><w:r><w:t>a link to the data</w:t></w:r></w:hyperlink>'
                      '<w:r><w:t xml:space="preserve">, with *stars*, _underscores_ and [brackets].</w:t></w:r>')
    mixed = doc.add_paragraph("Mixed: ")
    both = mixed.add_run("both")
    both.bold = both.italic = True
    mixed.add_run(" bold only").bold = True
    doc.add_heading("The problem", 1)
    doc.add_paragraph("Prices doubled in a year.")
    doc.add_paragraph("Bullet one", style="List Bullet")
    doc.add_paragraph("Bullet two", style="List Bullet")
    doc.add_paragraph("Nested bullet", style="List Bullet 2")
    doc.add_paragraph("Step one", style="List Number")
    doc.add_paragraph("Step two", style="List Number")
    doc.add_paragraph("A minister said this in a speech.", style="Quote")
    doc.add_paragraph("An intense quotation here.", style="Intense Quote")
    indented = doc.add_paragraph("An indented passage read as a quotation.")
    indented.paragraph_format.left_indent = Inches(0.75)
    doc.add_heading("The record", 2)
    outlined = doc.add_paragraph("A heading by outline level")
    outlined._p.get_or_add_pPr().append(_xml('<w:outlineLvl w:val="2"/>')[0])
    table = doc.add_table(rows=4, cols=3)
    for r in range(4):
        for c in range(3):
            table.cell(r, c).text = f"cell {r}{c}"
    table.cell(1, 0).merge(table.cell(1, 1))
    table.cell(2, 2).merge(table.cell(3, 2))
    inner = table.cell(3, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "nested first"
    inner.cell(0, 1).text = "nested words"
    doc.styles.add_style("Box", WD_STYLE_TYPE.PARAGRAPH)
    doc.add_paragraph("Boxed aside in a custom style.", style="Box")
    doc.add_picture(io.BytesIO(png()), width=Inches(1))
    doc.inline_shapes[0]._inline.docPr.set("descr", "A red square standing for the reserve")
    changes = doc.add_paragraph("Kept text ")
    _append_raw(changes,
                '<w:ins w:id="901" w:author="Rev" w:date="2024-05-02T00:00:00Z"><w:r><w:t xml:space="preserve">inserted words </w:t></w:r></w:ins>'
                '<w:del w:id="902" w:author="Rev" w:date="2024-05-02T00:00:00Z"><w:r><w:delText xml:space="preserve">deleted words </w:delText></w:r></w:del>'
                '<w:moveTo w:id="903" w:author="Rev" w:date="2024-05-02T00:00:00Z"><w:r><w:t xml:space="preserve">moved words </w:t></w:r></w:moveTo>'
                '<w:r><w:t>end.</w:t></w:r>')
    moved = doc.add_paragraph("Source of the move: ")
    _append_raw(moved, '<w:moveFrom w:id="904" w:author="Rev" w:date="2024-05-02T00:00:00Z"><w:r><w:t>moved words</w:t></w:r></w:moveFrom>')
    commented = doc.add_paragraph("A claim that a reviewer doubts: ")
    run = commented.add_run("the anchored claim")
    doc.add_comment(run, text="Source?", author="Cleo Park")
    special = doc.add_paragraph("Special parts: ")
    _append_raw(special,
                '<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t xml:space="preserve">controlled text </w:t></w:r></w:sdtContent></w:sdt>'
                '<w:smartTag w:uri="urn:x" w:element="place"><w:r><w:t xml:space="preserve">Paris </w:t></w:r></w:smartTag>'
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DATE \\@ "d MMMM yyyy" </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>5 May 2024</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
    boxed = doc.add_paragraph("Holder of a text box.")
    _append_raw(boxed, '<w:r><w:pict><v:shape style="width:100pt;height:40pt"><v:textbox><w:txbxContent>'
                       '<w:p><w:r><w:t>Words inside the text box.</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>')
    doc.sections[0].header.paragraphs[0].text = "DRAFT - not for circulation"
    doc.save(str(path))


def make_lo_docx(folder: Path) -> Path:
    """A draft written as flat ODT and converted to .docx by LibreOffice."""
    source = folder / "lodraft.fodt"
    source.write_text(FODT.replace("@IMG@", base64.b64encode(png()).decode()).replace(">\n<", "><"), encoding="utf-8")
    soffice(folder, [source], "docx")
    return folder / "lodraft.docx"


def soffice(folder: Path, files: List[Path], to: str) -> None:
    """``soffice --headless --convert-to TO`` in ``folder``, with a profile of its own."""
    profile = folder / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", to,
                    "--outdir", str(folder), *map(str, files)], check=True, capture_output=True, timeout=300)
    shutil.rmtree(profile, ignore_errors=True)


_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
       'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" '
       'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"')

FODT = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {_NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>Grain Reserves and Price Shocks</dc:title><meta:initial-creator>Cleo Park</meta:initial-creator><dc:creator>Cleo Park</dc:creator><meta:creation-date>2025-03-04T10:00:00</meta:creation-date></office:meta>
<office:styles>
<style:style style:name="Box" style:family="paragraph"><style:paragraph-properties fo:border="0.5pt solid #000000"/></style:style>
<style:style style:name="Strong" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
<text:list-style style:name="Num"><text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."/><text:list-level-style-number text:level="2" style:num-format="a" style:num-suffix=")"/></text:list-style>
<text:list-style style:name="Bul"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/><text:list-level-style-bullet text:level="2" text:bullet-char="◦"/></text:list-style>
</office:styles>
<office:automatic-styles><style:style style:name="T1" style:family="text"><style:text-properties fo:font-style="italic"/></style:style></office:automatic-styles>
<office:body><office:text>
<text:tracked-changes>
<text:changed-region text:id="ct1"><text:insertion><office:change-info><dc:creator>Dana</dc:creator><dc:date>2025-03-05T10:00:00</dc:date></office:change-info></text:insertion></text:changed-region>
<text:changed-region text:id="ct2"><text:deletion><office:change-info><dc:creator>Dana</dc:creator><dc:date>2025-03-05T10:00:00</dc:date></office:change-info><text:p>removedword </text:p></text:deletion></text:changed-region>
</text:tracked-changes>
<text:p text:style-name="Title">Grain Reserves and Price Shocks</text:p>
<text:p text:style-name="Subtitle">What a buffer stock can and cannot do</text:p>
<text:p text:style-name="Text_20_body">The lede paragraph has <text:span text:style-name="Strong">strong words</text:span>, <text:span text:style-name="T1">leaning words</text:span> and <text:a xlink:type="simple" xlink:href="https://example.org/grain">a link to grain</text:a>.<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p text:style-name="Footnote">See <text:a xlink:type="simple" xlink:href="https://example.org/fao">the FAO report</text:a> on stocks.</text:p></text:note-body></text:note></text:p>
<text:h text:style-name="Heading_20_1" text:outline-level="1">Why reserves matter</text:h>
<text:p text:style-name="Text_20_body">Reviewers <text:change-start text:change-id="ct1"/>added this <text:change-end text:change-id="ct1"/>and <text:change text:change-id="ct2"/>kept this sentence. <office:annotation><dc:creator>Eli Moss</dc:creator><dc:date>2025-03-06T10:00:00</dc:date><text:p>Is this sourced?</text:p></office:annotation>Anchored text here<office:annotation-end/> ends.</text:p>
<text:list text:style-name="Num" xml:id="list1"><text:list-item><text:p>First step</text:p></text:list-item><text:list-item><text:p>Second step</text:p><text:list><text:list-item><text:p>Sub step</text:p></text:list-item></text:list></text:list-item></text:list>
<text:p text:style-name="Text_20_body">An interrupting paragraph.<text:note text:id="edn1" text:note-class="endnote"><text:note-citation>i</text:note-citation><text:note-body><text:p text:style-name="Endnote">An endnote about <text:a xlink:type="simple" xlink:href="https://example.org/stocks">stocks</text:a>.</text:p></text:note-body></text:note></text:p>
<text:list text:style-name="Num" text:continue-list="list1"><text:list-item><text:p>Third step continues</text:p></text:list-item></text:list>
<text:p text:style-name="Text_20_body">Another paragraph.</text:p>
<text:list text:style-name="Num"><text:list-item text:start-value="1"><text:p>Restarted one</text:p></text:list-item><text:list-item><text:p>Restarted two</text:p></text:list-item></text:list>
<text:list text:style-name="Bul"><text:list-item><text:p>Bullet alpha</text:p></text:list-item><text:list-item><text:p>Bullet beta</text:p></text:list-item></text:list>
<text:p text:style-name="Quotations">A quoted passage from the minister.</text:p>
<text:h text:style-name="Heading_20_2" text:outline-level="2">Numbers</text:h>
<table:table table:name="T1"><table:table-column table:number-columns-repeated="3"/>
<table:table-row><table:table-cell><text:p>Country</text:p></table:table-cell><table:table-cell><text:p>Stocks</text:p></table:table-cell><table:table-cell><text:p>Share</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell table:number-columns-spanned="2"><text:p>Spanning cell</text:p></table:table-cell><table:covered-table-cell/><table:table-cell><text:p>12%</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell table:number-rows-spanned="2"><text:p>Tall cell</text:p></table:table-cell><table:table-cell><text:p>40</text:p></table:table-cell><table:table-cell><table:table table:name="Inner"><table:table-column table:number-columns-repeated="2"/><table:table-row><table:table-cell><text:p>inner one</text:p></table:table-cell><table:table-cell><text:p>inner two</text:p></table:table-cell></table:table-row></table:table></table:table-cell></table:table-row>
<table:table-row><table:covered-table-cell/><table:table-cell><text:p>41</text:p></table:table-cell><table:table-cell><text:p>9%</text:p></table:table-cell></table:table-row>
</table:table>
<text:p text:style-name="Box">Boxed aside text.</text:p>
<text:p text:style-name="Text_20_body"><draw:frame draw:name="img1" svg:width="2cm" svg:height="2cm" text:anchor-type="as-char"><draw:image><office:binary-data>@IMG@</office:binary-data></draw:image><svg:title>Chart title</svg:title><svg:desc>Red squares in a grid</svg:desc></draw:frame></text:p>
<text:p text:style-name="Text_20_body"><draw:frame draw:name="tb1" svg:width="5cm" svg:height="2cm" text:anchor-type="paragraph"><draw:text-box><text:p>Text in a box.</text:p></draw:text-box></draw:frame>Paragraph holding a text box.</text:p>
<text:p text:style-name="Text_20_body">Page <text:page-number text:select-page="current">1</text:page-number> of the draft.</text:p>
</office:text></office:body></office:document>"""


# ------------------------------------------------------------------ hostile packages, written zip entry by zip entry

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Default Extension="png" ContentType="image/png"/>'
                 '<Override PartName="/word/document.xml" ContentType="@MAIN@"/></Types>')
MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"
PACKAGE_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                'Target="word/document.xml"/></Relationships>')


def document_xml(body: str, prolog: str = "") -> str:
    """A ``word/document.xml`` with ``body`` inside ``w:body`` (``prolog`` before the root: a DOCTYPE...)."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document {NSDECL} '
            'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:o="urn:schemas-microsoft-com:office:office">'
            f"<w:body>{body}</w:body></w:document>")


def para(text: str) -> str:
    """One plain ``w:p``."""
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def rels(*rows: str) -> str:
    """A relationships part holding ``rows``."""
    return ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(rows) + "</Relationships>")


def write_package(path: Path, parts: dict, main_type: str = MAIN_TYPE) -> Path:
    """A .docx (a zip) holding ``parts`` (name -> text or bytes) besides the content types and package relationships."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml", CONTENT_TYPES.replace("@MAIN@", main_type))
        out.writestr("_rels/.rels", PACKAGE_RELS)
        for name, data in parts.items():
            out.writestr(name, data)
    return path


def make_google_like_docx(path: Path) -> Path:
    """A .docx written by hand after Google Docs' export conventions (no network here to export a real one):
    lower-case style names (``heading 1``, ``normal``), ``w:b w:val="1"``, a ``_gjdgxs`` bookmark, a list per
    ``abstractNum`` with ``●`` bullets, ``w:hyperlink`` runs coloured ``1155cc``, footnotes with their
    separators, and no core properties part."""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    styles = (f'<w:styles {NSDECL}>'
              '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="normal"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
              '<w:pPr><w:keepNext w:val="1"/><w:spacing w:before="400" w:after="120"/></w:pPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/></w:style>'
              '</w:styles>')
    numbering = (f'<w:numbering {NSDECL}>'
                 '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl>'
                 '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="○"/></w:lvl></w:abstractNum>'
                 '<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num></w:numbering>')
    footnotes = (f'<w:footnotes {NSDECL}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:id="1"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                 '<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Data from </w:t></w:r><w:hyperlink r:id="rId9"><w:r><w:rPr><w:color w:val="1155cc"/>'
                 '<w:u w:val="single"/></w:rPr><w:t>the survey</w:t></w:r></w:hyperlink><w:r><w:t>.</w:t></w:r></w:p></w:footnote></w:footnotes>')

    def p(style: str, runs: str, num: str = "") -> str:
        ppr = f'<w:pPr><w:pStyle w:val="{style}"/>{num}</w:pPr>' if style else (f"<w:pPr>{num}</w:pPr>" if num else "")
        return f"<w:p>{ppr}{runs}</w:p>"

    def r(text: str, props: str = "") -> str:
        return f'<w:r><w:rPr><w:rFonts w:ascii="Arial"/>{props}<w:rtl w:val="0"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'

    bullet = '<w:numPr><w:ilvl w:val="{}"/><w:numId w:val="1"/></w:numPr>'
    body = (p("Title", '<w:bookmarkStart w:colFirst="0" w:colLast="0" w:name="_gjdgxs"/><w:bookmarkEnd w:id="0"/>' + r("Water Rights After the Drought"))
            + p("Subtitle", r("A memo from a shared Google document"))
            + p("", r("Farmers hold ") + r("senior", '<w:b w:val="1"/>') + r(" rights and ") + r("junior", '<w:i w:val="1"/>')
                + r(" ones; see ") + '<w:hyperlink r:id="rId8"><w:r><w:rPr><w:color w:val="1155cc"/><w:u w:val="single"/></w:rPr>'
                '<w:t>the state register</w:t></w:r></w:hyperlink>' + r(".") + '<w:r><w:footnoteReference w:customMarkFollows="0" w:id="1"/></w:r>')
            + p("Heading1", r("Who holds what"))
            + p("", r("Basin one"), bullet.format(0)) + p("", r("Upper reach"), bullet.format(1)) + p("", r("Basin two"), bullet.format(0))
            + p("Heading2", r("Steps"))
            + p("", r("Measure the flow"), '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr>')
            + p("", r("Publish the shares"), '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr>')
            + '<w:sectPr><w:pgSz w:w="12240" w:h="15840"/></w:sectPr>')
    document_rels = rels(
        f'<Relationship Id="rId1" Type="{rel}styles" Target="styles.xml"/>',
        f'<Relationship Id="rId2" Type="{rel}numbering" Target="numbering.xml"/>',
        f'<Relationship Id="rId3" Type="{rel}footnotes" Target="footnotes.xml"/>',
        f'<Relationship Id="rId8" Type="{rel}hyperlink" Target="https://water.example.gov/register" TargetMode="External"/>')
    footnote_rels = rels(f'<Relationship Id="rId9" Type="{rel}hyperlink" Target="https://water.example.gov/survey" TargetMode="External"/>')
    return write_package(path, {"word/document.xml": document_xml(body), "word/_rels/document.xml.rels": document_rels,
                                "word/styles.xml": styles, "word/numbering.xml": numbering, "word/footnotes.xml": footnotes,
                                "word/_rels/footnotes.xml.rels": footnote_rels})
