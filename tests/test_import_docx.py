"""``briefgen import DRAFT.docx`` (issue 27, items 2 and 4, and the import half of 3).

Every test runs the real command. The Word files are made with python-docx and
with LibreOffice (:mod:`docx_fixtures`); the hostile ones are zips written entry
by entry. What is checked: the structure the source gets (front matter,
headings, lists that continue and restart, tables, notes with links, quotes,
pictures with alt text), a warning naming the Word paragraph for each thing
that cannot be kept, no word of the document lost, the imported source
building, and the real reports, built as handouts and saved as Word by
LibreOffice, coming back with the same headings and paragraphs.
"""

from __future__ import annotations

import collections
import http.server
import re
import shutil
import threading
import zipfile
from pathlib import Path
from typing import Dict, List

import pytest
from lxml import etree

from conftest import SHARED, run_briefgen, tool_missing
from docx_fixtures import (MACRO_TYPE, document_xml, make_google_like_docx, make_lo_docx, make_python_docx, para, png, rels,
                           soffice, write_package)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
needs_soffice = pytest.mark.skipif(tool_missing("soffice"), reason="LibreOffice missing")
REAL = sorted(p for p in (SHARED / "real").glob("*.md") if p.name != "README.md")


# ------------------------------------------------------------------ helpers


def import_doc(project: Path, docx: Path, *extra: str):
    """Run ``briefgen import`` in ``project``; the result, the source text (or None) and the warning lines."""
    result = run_briefgen(["import", str(docx), *extra], cwd=project)
    assert "Traceback" not in result.stderr, result.stderr
    source = project / "sources" / (docx.stem.lower() + ".md")
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    return result, (source.read_text(encoding="utf-8") if source.exists() else None), warnings


def docx_words(docx: Path) -> List[str]:
    """The words a reader of the document sees: body, tables, text boxes and notes, every change accepted.

    Deleted text (``w:delText``) and the old place of moved text (``w:moveFrom``) are not seen; comments,
    headers and footers are left out (the import reports them in warnings)."""
    words: List[str] = []
    with zipfile.ZipFile(docx) as package:
        for part in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
            if part not in package.namelist():
                continue
            root = etree.fromstring(package.read(part))
            for node in root.iter(f"{W}t"):
                if any(a.tag in (f"{W}moveFrom", MC_FALLBACK) for a in node.iterancestors()):
                    continue
                words += re.findall(r"[^\W_]+", node.text or "")
    return words


def source_words(text: str) -> List[str]:
    """The words of a source (front matter values and body), Markdown punctuation and link targets left out."""
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"!\[[^\]]*\]", " ", text)
    return re.findall(r"[^\W_]+", text)


def assert_no_word_lost(docx: Path, source: str) -> None:
    """Every word of the document is in the source, as often as it occurs there (a multiset check)."""
    have = collections.Counter(source_words(source))
    missing = collections.Counter(docx_words(docx)) - have
    assert not missing, f"words of {docx.name} missing from the source: {dict(missing)}"


def paragraph_of(docx: Path, needle: str) -> int:
    """The number of the Word paragraph holding ``needle``, counted as the import counts (every w:p from the top)."""
    with zipfile.ZipFile(docx) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    number = 0
    for node in root.iter(f"{W}p"):
        if any(a.tag == MC_FALLBACK for a in node.iterancestors()):
            continue
        number += 1
        if needle in "".join(t.text or "" for t in node.iter(f"{W}t") if next(t.iterancestors(f"{W}p")) is node):
            return number
    raise AssertionError(f"{needle!r} not in {docx}")


def warning_about(warnings: List[str], words: str) -> str:
    found = [w for w in warnings if words in w]
    assert len(found) == 1, f"expected one warning about {words!r}, got {found} in {warnings}"
    return found[0]


def body_of(source: str) -> str:
    return source.split("\n---\n", 1)[1]


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def pd_docx(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pd") / "pydraft.docx"
    make_python_docx(path)
    return path


@pytest.fixture(scope="module")
def lo_docx(tmp_path_factory) -> Path:
    if tool_missing("soffice"):
        pytest.skip("LibreOffice missing")
    return make_lo_docx(tmp_path_factory.mktemp("lo"))


@pytest.fixture(scope="module")
def pd_import(pd_docx: Path, tmp_path_factory):
    project = tmp_path_factory.mktemp("pdproj")
    return project, *import_doc(project, pd_docx)


@pytest.fixture(scope="module")
def lo_import(lo_docx: Path, tmp_path_factory):
    project = tmp_path_factory.mktemp("loproj")
    return project, *import_doc(project, lo_docx)


# ------------------------------------------------------------------ a draft made with python-docx


def test_python_docx_draft_maps_to_the_source_format(pd_import) -> None:
    project, result, source, warnings = pd_import
    assert result.returncode == 0, result.stderr
    front, body = source.split("\n---\n", 1)
    assert 'title: "Grain Reserves in a Crisis"' in front  # the Title paragraph wins over the property
    assert 'subtitle: "Why buffer stocks are back"' in front
    assert 'date: "2024-05-01"' in front
    assert '- name: "Ana Ruiz"' in front and '- name: "Ben Okafor"' in front
    assert "The lede has **bold words**, *italic words* and [a link to the data](https://example.org/grain?a=1&b=2)" in body
    assert r"with \*stars\*, \_underscores\_ and \[brackets\]." in body  # literal characters stay literal
    assert "\n## The problem\n" in body and "\n### The record\n" in body
    assert "- Bullet one\n- Bullet two\n  - Nested bullet" in body
    assert "1. Step one\n2. Step two" in body
    assert "> A minister said this in a speech." in body and "> An intense quotation here." in body
    assert "> An indented passage read as a quotation." in body
    assert "| cell 00 | cell 01 | cell 02 |\n|---|---|---|\n| cell 10 cell 11 |   | cell 12 |" in body
    assert "![A red square standing for the reserve](pydraft-images/image-1.png)" in body
    image = project / "sources" / "pydraft-images" / "image-1.png"
    assert image.read_bytes() == png()
    # tracked changes accepted: inserted and moved text in, deleted text and the move's old place out
    assert "Kept text inserted words moved words end." in body
    assert "deleted words" not in body and body.count("moved words") == 1
    # comments never enter the text
    assert "Source?" not in body and "Cleo Park" not in source
    # the text box's words follow the paragraph holding it
    assert body.index("Holder of a text box.") < body.index("Words inside the text box.")


def test_python_docx_draft_warns_at_each_paragraph(pd_docx: Path, pd_import) -> None:
    _project, _result, _source, warnings = pd_import
    expected = {
        "table 1 has merged cells": "cell 00",
        "a table inside a cell of table 1": "nested first",
        "the paragraph style 'Box'": "Boxed aside",
        "a content control": "Special parts",
        "a smart tag": "Special parts",
        "a DATE field": "Special parts",
        "a text box": "Holder of a text box",
        "comment by Cleo Park on “the anchored claim”: “Source?”": "A claim that a reviewer doubts",
    }
    for words, needle in expected.items():
        line = warning_about(warnings, words)
        assert f"pydraft.docx: warning: paragraph {paragraph_of(pd_docx, needle)}: " in line, line
    changes = warning_about(warnings, "unresolved tracked changes")
    assert "1 insertion, 1 deletion and 1 move" in changes
    assert f"paragraph {paragraph_of(pd_docx, 'Kept text')}" in changes
    assert len(warnings) == len(expected) + 1, warnings  # nothing else was lost or changed


def test_python_docx_draft_loses_no_word_and_builds(pd_docx: Path, pd_import) -> None:
    project, _result, source, _warnings = pd_import
    assert_no_word_lost(pd_docx, source)
    built = run_briefgen(["build", "--only", "handout", "sources/pydraft.md"], cwd=project)
    assert built.returncode == 0, built.stderr
    handout = (project / "build" / "pydraft" / "handout.html").read_text(encoding="utf-8")
    assert "Words inside the text box." in handout and 'alt="A red square standing for the reserve"' in handout


# ------------------------------------------------------------------ a draft saved by LibreOffice


@needs_soffice
def test_libreoffice_draft_maps_notes_lists_tables_and_quotes(lo_import) -> None:
    _project, result, source, _warnings = lo_import
    assert result.returncode == 0, result.stderr
    front, body = source.split("\n---\n", 1)
    assert 'title: "Grain Reserves and Price Shocks"' in front and '- name: "Cleo Park"' in front
    assert 'subtitle: "What a buffer stock can and cannot do"' in front and 'date: "2025-03-04"' in front
    assert "**strong words**, *leaning words* and [a link to grain](https://example.org/grain).[^1]" in body
    assert "[^1]: See [the FAO report](https://example.org/fao) on stocks." in body  # a footnote with its link
    assert "[^2]: An endnote about [stocks](https://example.org/stocks)." in body
    # a list that continues after a paragraph keeps counting; one that restarts starts again at 1
    assert "1. First step\n2. Second step\n   1. Sub step\n\nAn interrupting paragraph.[^2]\n\n3. Third step continues" in body
    assert "Another paragraph.\n\n1. Restarted one\n2. Restarted two" in body
    assert "- Bullet alpha\n- Bullet beta" in body
    assert "> A quoted passage from the minister." in body
    assert "| Spanning cell |   | 12% |" in body and "| Tall cell | 40 | inner one inner two |" in body
    assert "![Red squares in a grid](lodraft-images/image-1.png)" in body
    assert "Reviewers added this and kept this sentence." in body and "removedword" not in body


@needs_soffice
def test_libreoffice_draft_warnings_and_text(lo_docx: Path, lo_import) -> None:
    project, _result, source, warnings = lo_import
    for words, needle in {"has merged cells": "Country", "a table inside a cell": "inner one",
                          "the paragraph style 'Box'": "Boxed aside", "a text box": "Paragraph holding",
                          "a PAGE field": "of the draft", "comment by Eli Moss on “Anchored text here”: “Is this sourced?”": "Reviewers"}.items():
        line = warning_about(warnings, words)
        assert f"lodraft.docx: warning: paragraph {paragraph_of(lo_docx, needle)}: " in line, line
    assert "1 insertion, 1 deletion and 0 moves" in warning_about(warnings, "unresolved tracked changes")
    assert_no_word_lost(lo_docx, source)
    built = run_briefgen(["build", "--only", "memo", "sources/lodraft.md"], cwd=project)
    assert built.returncode == 0, built.stderr


# ------------------------------------------------------------------ Google Docs' conventions


def test_a_google_docs_style_export(tmp_path: Path) -> None:
    docx = make_google_like_docx(tmp_path / "gdoc.docx")
    project = tmp_path / "proj"
    project.mkdir()
    result, source, warnings = import_doc(project, docx)
    assert result.returncode == 0, result.stderr
    assert source.startswith('---\ntitle: "Water Rights After the Drought"\nsubtitle: "A memo from a shared Google document"\n')
    assert ("Farmers hold **senior** rights and *junior* ones; see [the state register](https://water.example.gov/register).[^1]"
            "\n\n## Who holds what\n\n- Basin one\n  - Upper reach\n- Basin two\n\n### Steps\n\n1. Measure the flow\n"
            "2. Publish the shares\n\n[^1]: Data from [the survey](https://water.example.gov/survey).\n") in source
    # no core properties: the author and date are placeholders, each said
    assert [w.split(": warning: ")[1][:14] for w in warnings] == ["no author in t", "no date in the"]
    assert_no_word_lost(docx, source)
    assert run_briefgen(["check", "sources/gdoc.md"], cwd=project).returncode == 0


# ------------------------------------------------------------------ the real reports, through LibreOffice


def _headings_and_paragraphs(source: str):
    """The headings (text) and the plain paragraphs (word lists) of a source's body."""
    body = body_of(source)
    body = re.sub(r"(?ms)^:::.*?^:::\s*$", "", body)  # slides, notes, charts: not in the handout's text flow
    headings, paragraphs = [], []
    for chunk in re.split(r"\n\s*\n", body):
        chunk = chunk.strip()
        if chunk.startswith("#"):
            headings.append(" ".join(source_words(chunk.lstrip("#"))))
        elif chunk and not chunk.startswith(("|", "-", "*", ">", "!", "[^", "Table:", ":")) and not re.match(r"\d+\.", chunk):
            paragraphs.append(source_words(re.sub(r"\[\^[^\]]+\]", "", chunk)))
    return headings, paragraphs


def same_headings_and_paragraphs(original: str, imported: str) -> List[str]:
    """What differs: the original's headings in order, each of its paragraphs' words in a row, and the title."""
    problems = []
    want_heads, want_paras = _headings_and_paragraphs(original)
    got_heads, _ = _headings_and_paragraphs(imported)
    if [h for h in got_heads if h in want_heads] != want_heads:
        problems.append(f"headings differ: {want_heads} / {got_heads}")
    flat = " " + " ".join(source_words(body_of(imported))) + " "
    problems += [f"paragraph lost: {' '.join(w)[:80]}" for w in want_paras if f" {' '.join(w)} " not in flat]
    title = re.search(r'(?m)^title: "(.*)"$', original).group(1)
    if f'title: "{title}"' not in imported:
        problems.append(f"title differs: {title}")
    return problems


@needs_soffice
@pytest.mark.skipif(not REAL, reason="no shared real reports")
def test_real_reports_come_back_from_word(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    for source in REAL:
        shutil.copyfile(source, tmp_path / "sources" / source.name)
    built = run_briefgen(["build", "--only", "handout", "-q"], cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    html = []
    for source in REAL:
        page = tmp_path / f"{source.stem}.html"
        shutil.copyfile(tmp_path / "build" / source.stem / "handout.html", page)
        html.append(page)
    soffice(tmp_path, html, "docx:MS Word 2007 XML")
    back = tmp_path / "back"
    back.mkdir()
    for source in REAL:
        result, imported, _warnings = import_doc(back, tmp_path / f"{source.stem}.docx")
        assert result.returncode == 0, result.stderr
        original = source.read_text(encoding="utf-8")
        assert same_headings_and_paragraphs(original, imported) == [], source.name
        (back / f"{source.stem}.imported").write_text(imported, encoding="utf-8")
    # the comparison fails when a heading or a paragraph goes missing
    original = REAL[0].read_text(encoding="utf-8")
    imported = (back / f"{REAL[0].stem}.imported").read_text(encoding="utf-8")
    heads, paras = _headings_and_paragraphs(original)
    assert len(heads) >= 3 and len(paras) >= 5
    no_heading = re.sub(r"(?m)^## .*$", "", imported, count=1)
    assert any("headings differ" in p for p in same_headings_and_paragraphs(original, no_heading))
    chunks = imported.split("\n\n")
    longest = " ".join(max(paras, key=len))
    kept = [c for c in chunks if longest not in " ".join(source_words(c))]
    assert len(kept) == len(chunks) - 1
    assert any("paragraph lost" in p for p in same_headings_and_paragraphs(original, "\n\n".join(kept)))
    checked = run_briefgen(["check", *[f"sources/{s.stem}.md" for s in REAL]], cwd=back)
    assert checked.returncode == 0, checked.stderr


# ------------------------------------------------------------------ the checks themselves fail when they should


def test_the_word_check_fails_on_a_lost_word(pd_docx: Path, pd_import) -> None:
    _project, _result, source, _warnings = pd_import
    with pytest.raises(AssertionError, match="Boxed"):
        assert_no_word_lost(pd_docx, source.replace("Boxed aside", "aside"))
    with pytest.raises(AssertionError, match="not in"):
        paragraph_of(pd_docx, "no such words anywhere")


# ------------------------------------------------------------------ hostile input (issue 27, item 4)


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: List[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
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
    package = Path(__file__).resolve().parent.parent / "briefgen" / "importers"
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
