"""``briefgen import`` given hostile Word files (issue 27, item 4): the promises of SECURITY.md, one test each.

Each crafted file is a zip written entry by entry (:func:`docx_fixtures.write_package`). A server on
127.0.0.1 counts requests where a file names a URL: there must be none.
"""

from __future__ import annotations

import http.server
import re
import threading
import zipfile
from pathlib import Path
from typing import List

import pytest

from tests.support import ROOT
from tests.support.docx_checks import import_doc, warning_about
from tests.support.docx_fixtures import MACRO_TYPE, document_xml, make_python_docx, para, png, rels, write_package


@pytest.fixture(scope="module")
def pd_docx(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pd") / "pydraft.docx"
    make_python_docx(path)
    return path


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: List[str] = []

    def do_GET(self) -> None:  # (http.server's name)
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'<!ENTITY x "fetched">')

    def log_message(self, *args) -> None:
        pass


@pytest.fixture()
def listener():
    """An HTTP server on 127.0.0.1 that counts the requests it gets (there must be none)."""
    _Counter.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _refused(tmp_path: Path, docx: Path, *words: str) -> str:
    """Import ``docx``: exit 1, one located error holding ``words``, no traceback, nothing written."""
    project = tmp_path / "proj"
    project.mkdir(exist_ok=True)
    result, source, _warnings = import_doc(project, docx)
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors and errors[0].startswith(str(docx)), result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    assert source is None and not (project / "sources").exists()
    return result.stderr


LAUGHS = ('<!DOCTYPE w:document [<!ENTITY a "hahahahahahahahahaha">'
          + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)) + "]>")


def test_entities_and_dtds_are_refused(tmp_path: Path, listener: str) -> None:
    bomb = write_package(tmp_path / "laughs.docx", {"word/document.xml": document_xml(para("&j;"), LAUGHS)})
    _refused(tmp_path, bomb, "declares a DTD")
    xxe = write_package(tmp_path / "xxe.docx", {"word/document.xml": document_xml(
        para("&x;"), '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>')})
    assert "root:" not in _refused(tmp_path, xxe, "declares a DTD")
    remote = write_package(tmp_path / "remote.docx", {"word/document.xml": document_xml(
        para("&x;"), f'<!DOCTYPE w:document SYSTEM "{listener}/evil.dtd">')})
    _refused(tmp_path, remote, "declares a DTD")
    styles = write_package(tmp_path / "styles.docx", {
        "word/document.xml": document_xml(para("Fine text.")),
        "word/_rels/document.xml.rels": rels('<Relationship Id="rS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'),
        "word/styles.xml": f'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "{listener}/x">]><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&x;</w:styles>'})
    _refused(tmp_path, styles, "word/styles.xml", "declares a DTD")
    assert _Counter.hits == []


def test_zip_bombs_and_oversized_parts_are_refused_unread(tmp_path: Path) -> None:
    padded = document_xml(para("Bomb.") + "<!--" + " " * (20 * 1024 * 1024) + "-->")
    bomb = write_package(tmp_path / "bomb.docx", {"word/document.xml": padded})
    _refused(tmp_path, bomb, "word/document.xml", "zip bomb")
    huge = write_package(tmp_path / "huge.docx", {"word/document.xml": document_xml(para("Fine.")),
                                                  "word/media/big.png": png() + bytes(range(256)) * (33 * 4096)})
    _refused(tmp_path, huge, "word/media/big.png", "the limit is 32 MiB")


def test_unsafe_entry_names_are_never_written(tmp_path: Path) -> None:
    docx = write_package(tmp_path / "names.docx", {"word/document.xml": document_xml(para("Harmless text.")),
                                                   "../escape.txt": "x", "/abs.txt": "y", "word/../../up.txt": "z"})
    project = tmp_path / "proj"
    project.mkdir()
    result, source, warnings = import_doc(project, docx)
    assert result.returncode == 0, result.stderr
    assert "Harmless text." in source
    assert "unsafe names" in warning_about(warnings, "archive entries")
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file() and "proj" not in p.parts) == ["names.docx"]
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()) == ["sources/names.md"]


def test_linked_pictures_and_templates_are_never_fetched(tmp_path: Path, listener: str) -> None:
    drawing = ('<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="p" descr="A linked chart"/><a:graphic><a:graphicData>'
               '<a:blip r:link="rL"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')
    docx = write_package(tmp_path / "linked.docx", {
        "word/document.xml": document_xml(para("Before the picture.") + drawing + para("After.")),
        "word/_rels/document.xml.rels": rels(
            f'<Relationship Id="rL" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="{listener}/pic.png" TargetMode="External"/>',
            '<Relationship Id="rT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>'),
        "word/settings.xml": '<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:attachedTemplate r:id="rA"/></w:settings>',
        "word/_rels/settings.xml.rels": rels(
            f'<Relationship Id="rA" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="{listener}/t.dotm" TargetMode="External"/>'),
    })
    project = tmp_path / "proj"
    project.mkdir()
    result, source, warnings = import_doc(project, docx)
    assert result.returncode == 0, result.stderr
    assert "linked.docx: warning: paragraph 2: a linked picture ('A linked chart') points outside the document: never fetched" in warning_about(warnings, "linked picture")
    assert f"an attached template at '{listener}/t.dotm'" in warning_about(warnings, "attached template")
    assert "Before the picture." in source and "After." in source and "![" not in source
    assert _Counter.hits == []


def test_macros_ole_objects_and_embedded_files_are_never_extracted(tmp_path: Path) -> None:
    marker = b"MACRO-BYTES-" * 100
    ole = '<w:p><w:r><w:t>An object: </w:t></w:r><w:r><w:object><o:OLEObject ProgID="Excel.Sheet.12" r:id="rO"/></w:object></w:r></w:p>'
    docm = write_package(tmp_path / "draft.docm", {
        "word/document.xml": document_xml(para("Text of a macro document.") + ole),
        "word/vbaProject.bin": marker,
        "word/embeddings/oleObject1.bin": marker,
    }, main_type=MACRO_TYPE)
    project = tmp_path / "proj"
    project.mkdir()
    result, source, warnings = import_doc(project, docm)
    assert result.returncode == 0, result.stderr
    assert "word/vbaProject.bin" in warning_about(warnings, "carries macros")
    assert "never opened, run or extracted" in warning_about(warnings, "embedded file(s)")
    assert "paragraph 2: an embedded object (OLE)" in warning_about(warnings, "embedded object (OLE)")
    assert "Text of a macro document." in source
    written = [p for p in project.rglob("*") if p.is_file()]
    assert [p.name for p in written] == ["draft.md"] and not any(marker[:12] in p.read_bytes() for p in written)


def test_corrupt_files_are_clear_errors(tmp_path: Path, pd_docx: Path) -> None:
    text = tmp_path / "text.docx"
    text.write_text("just some text, not a zip")
    _refused(tmp_path, text, "not a readable zip archive")
    half = tmp_path / "half.docx"
    half.write_bytes(pd_docx.read_bytes()[: pd_docx.stat().st_size // 2])
    _refused(tmp_path, half, "half.docx: error:")
    empty = write_package(tmp_path / "nodoc.docx", {"word/other.xml": "<x/>"})
    _refused(tmp_path, empty, "no main document part")
    broken = write_package(tmp_path / "broken.docx", {"word/document.xml": document_xml(para("Unclosed")).replace("</w:body>", "")})
    _refused(tmp_path, broken, "not well-formed XML")
    nobody = write_package(tmp_path / "blank.docx", {"word/document.xml": document_xml(para(" "))})
    _refused(tmp_path, nobody, "no text to import")
    old = tmp_path / "old.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(100))
    _refused(tmp_path, old, "save it as .docx")
    deep = write_package(tmp_path / "deep.docx", {"word/document.xml": document_xml(
        "<w:p>" + "<w:sdt><w:sdtContent>" * 400 + "<w:r><w:t>x</w:t></w:r>" + "</w:sdtContent></w:sdt>" * 400 + "</w:p>")})
    _refused(tmp_path, deep, "deep.docx: error:")


def test_an_existing_source_is_kept_without_force(tmp_path: Path, pd_docx: Path) -> None:
    project = tmp_path / "proj"
    (project / "sources").mkdir(parents=True)
    mine = project / "sources" / "pydraft.md"
    mine.write_text("my own work\n")
    result, source, _warnings = import_doc(project, pd_docx)
    assert result.returncode == 1 and "sources/pydraft.md: error: already exists" in result.stderr
    assert source == "my own work\n" and not (project / "sources" / "pydraft-images").exists()
    result, source, _warnings = import_doc(project, pd_docx, "--force")
    assert result.returncode == 0 and source.startswith("---\ntitle:")


def test_every_parser_of_the_importer_is_the_hardened_one() -> None:
    from briefgen.importers.docx.package import hardened_parser

    parser = hardened_parser()
    assert not parser.resolve_entities if hasattr(parser, "resolve_entities") else True
    package = ROOT / "briefgen" / "importers"
    calls = []
    for path in package.rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search(r"\b(fromstring|etree\.parse|XMLParser|XML)\(", line):
                calls.append((path.name, line.strip()))
    assert calls and all("hardened_parser()" in line or "def hardened_parser" in line or "etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False" in line
                         for _name, line in calls), calls


def understate(data: bytes, name: bytes, size: int) -> bytes:
    """A zip whose local and central headers give ``name`` an uncompressed ``size`` it does not have."""
    out = bytearray(data)
    for signature, size_at, name_len_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        for match in re.finditer(re.escape(signature), data):
            start = match.start()
            length = int.from_bytes(data[start + name_len_at:start + name_len_at + 2], "little")
            if data[start + name_at:start + name_at + length] == name:
                out[start + size_at:start + size_at + 4] = size.to_bytes(4, "little")
    return bytes(out)


def test_limits_on_the_file_its_entries_and_lying_headers(tmp_path: Path) -> None:
    big = tmp_path / "big.docx"
    with big.open("wb") as out:
        out.truncate(65 * 1024 * 1024)  # sparse: no disk used
    _refused(tmp_path, big, "the file is 65 MiB; the limit is 64 MiB")
    many = write_package(tmp_path / "many.docx", {"word/document.xml": document_xml(para("x")),
                                                  **{f"word/n{i}.xml": "<x/>" for i in range(5001)}})
    _refused(tmp_path, many, "entries; the limit is 5000")
    lying = write_package(tmp_path / "lying.docx", {"word/document.xml": document_xml(para("A longer text than the header admits to."))})
    lying.write_bytes(understate(lying.read_bytes(), b"word/document.xml", 40))
    with zipfile.ZipFile(lying) as package:
        assert package.getinfo("word/document.xml").file_size == 40
    _refused(tmp_path, lying, "word/document.xml")


def test_nothing_is_written_through_a_symbolic_link(tmp_path: Path, pd_docx: Path) -> None:
    project = tmp_path / "proj"
    (project / "sources").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "sources" / "pydraft.md").symlink_to(elsewhere / "stolen.md")
    result, _source, _warnings = import_doc(project, pd_docx, "--force")
    assert result.returncode == 1 and "is a symbolic link" in result.stderr
    (project / "sources" / "pydraft.md").unlink()
    (project / "sources" / "pydraft-images").symlink_to(elsewhere, target_is_directory=True)
    result, _source, _warnings = import_doc(project, pd_docx)
    assert result.returncode == 1 and "is a symbolic link" in result.stderr
    assert list(elsewhere.iterdir()) == [] and not (project / "sources" / "pydraft.md").exists()


def test_damaged_copies_of_a_real_draft_never_crash(tmp_path: Path, pd_docx: Path) -> None:
    """Seeded damage (flipped bytes in the zip; XML parts cut or tags dropped): exit 0 or 1, never a traceback."""
    import random

    rng = random.Random(27)
    original = pd_docx.read_bytes()
    with zipfile.ZipFile(pd_docx) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    variants = []
    for _ in range(4):
        data = bytearray(original)
        for _flip in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        variants.append(bytes(data))
    xml_parts = [n for n in parts if n.endswith((".xml", ".rels"))]
    for _ in range(8):
        damaged = dict(parts)
        name = rng.choice(xml_parts)
        text = damaged[name]
        if rng.random() < 0.5:
            damaged[name] = text[: rng.randrange(len(text))]
        else:
            tags = [m.start() for m in re.finditer(rb"</?w:[a-zA-Z]+", text)] or [0]
            at = rng.choice(tags)
            damaged[name] = text[:at] + text[text.find(b">", at) + 1:]
        out = tmp_path / f"v{len(variants)}.docx"
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
            for part, data in damaged.items():
                package.writestr(part, data)
        variants.append(out.read_bytes())
    statuses = []
    for index, data in enumerate(variants):
        docx = tmp_path / f"damaged{index}.docx"
        docx.write_bytes(data)
        project = tmp_path / f"proj{index}"
        project.mkdir()
        result, source, _warnings = import_doc(project, docx)
        assert result.returncode in (0, 1), result.stderr
        assert "internal error" not in result.stderr, result.stderr
        statuses.append(result.returncode)
        if result.returncode == 1:
            assert ": error: " in result.stderr and source is None, result.stderr
    assert set(statuses) == {0, 1}, statuses  # both kinds of damage were met


def test_shapes_that_could_blow_up_stay_bounded(tmp_path: Path) -> None:
    """A row of 5,000 cells over many rows, and one field in each of 3,000 paragraphs: kept, reported once, quick."""
    wide_row = "<w:tr>" + "<w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc>" * 5000 + "</w:tr>"
    narrow = "<w:tr><w:tc><w:p><w:r><w:t>narrow</w:t></w:r></w:p></w:tc></w:tr>" * 2000
    fields = "".join(f'<w:p><w:r><w:t xml:space="preserve">Page {i} </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>{i}</w:t></w:r></w:fldSimple></w:p>'
                     for i in range(3000))
    docx = write_package(tmp_path / "shapes.docx", {"word/document.xml": document_xml(f"<w:tbl>{wide_row}{narrow}</w:tbl>" + fields)})
    project = tmp_path / "proj"
    project.mkdir()
    result, source, warnings = import_doc(project, docx)
    assert result.returncode == 0, result.stderr
    assert "table 1 has 5000 columns" in warning_about(warnings, "columns")
    page = warning_about(warnings, "a PAGE field")
    assert page.endswith("paragraph 7001: a PAGE field: its text as last shown is kept, the field itself is not (also paragraphs 7002, 7003, 7004, 7005, 7006, 7007, 7008, 7009 and 2991 more)"), page
    assert source.count("narrow") == 2000 and "Page 2999 2999" in source
