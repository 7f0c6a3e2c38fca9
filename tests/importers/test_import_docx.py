"""``briefgen import DRAFT.docx`` (issue 27, item 2, and the import half of 3).

Every test runs the real command. The Word files are made with python-docx, with
LibreOffice and by hand after Google Docs' conventions (:mod:`docx_fixtures`);
hostile files are in ``test_import_docx_hostile.py``. What is checked: the
structure the source gets (front matter,
headings, lists that continue and restart, tables, notes with links, quotes,
pictures with alt text), a warning naming the Word paragraph for each thing
that cannot be kept, no word of the document lost, the imported source
building, and the real reports, built as handouts and saved as Word by
LibreOffice, coming back with the same headings and paragraphs.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import List

import pytest

from tests.support import ESSAY, SHARED, run_briefgen, tool_missing
from tests.support.docx_checks import assert_no_word_lost, body_of, import_doc, paragraph_of, source_words, warning_about
from tests.support.docx_fixtures import document_xml, make_google_like_docx, make_lo_docx, make_python_docx, para, png, rels, soffice, write_package

needs_soffice = pytest.mark.skipif(tool_missing("soffice"), reason="LibreOffice missing")
REAL = sorted(p for p in (SHARED / "real").glob("*.md") if p.name != "README.md") + [ESSAY]


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
    assert "Mixed: ***both* bold only**" in body  # bold and italic nest rather than run together
    assert "\n## The problem\n" in body and "\n### The record\n\n#### A heading by outline level\n" in body
    assert "- Bullet one\n- Bullet two\n  - Nested bullet" in body
    assert "1. Step one\n2. Step two" in body
    assert "> A minister said this in a speech." in body
    assert "::: pullquote\nAn intense quotation here.\n:::" in body  # Word's Intense Quote: briefgen's pull quote
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
    assert warning_about(warnings, "headers and footers").endswith("they hold: “DRAFT - not for circulation”")
    assert len(warnings) == len(expected) + 2, warnings  # nothing else was lost or changed


def test_python_docx_draft_loses_no_word_and_builds(pd_docx: Path, pd_import) -> None:
    project, _result, source, _warnings = pd_import
    assert_no_word_lost(pd_docx, source)
    built = run_briefgen(["build", "--only", "handout", "sources/pydraft.md"], cwd=project)
    assert built.returncode == 0, built.stderr
    handout = (project / "build" / "pydraft" / "handout.html").read_text(encoding="utf-8")
    assert "Words inside the text box." in handout and 'alt="A red square standing for the reserve"' in handout
    assert "<strong><em>both</em> bold only</strong>" in handout


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
    # a "Table 1." paragraph the build takes as a table's caption comes back as the caption, its label left to the build
    problems += [f"paragraph lost: {' '.join(w)[:80]}" for w in want_paras if f" {' '.join(w)} " not in flat
                 and not (len(w) > 2 and w[0] in ("Table", "Figure") and w[1].isdigit() and f" {' '.join(w[2:])} " in flat)]
    title = re.search(r'(?m)^title: "(.*)"$', original).group(1)
    if f'title: "{title}"' not in imported:
        problems.append(f"title differs: {title}")
    return problems


@needs_soffice
@pytest.mark.skipif(not REAL, reason="no shared real reports")
def test_real_reports_come_back_from_word(tmp_path: Path) -> None:
    """The shared real reports and the essay, built as handouts, saved as Word by LibreOffice and imported back.
    (Through briefgen's own docx output once it exists: issue 27, item 3.)"""
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


def test_pictures_briefgen_cannot_take_are_reported(tmp_path: Path) -> None:
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"

    def picture(rid: str, alt: str) -> str:
        return (f'<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="p" descr="{alt}"/><a:graphic><a:graphicData>'
                f'<a:blip r:embed="{rid}"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')

    docx = write_package(tmp_path / "pics.docx", {
        "word/document.xml": document_xml(para("Pictures follow.") + picture("r1", "A map of the basin") + picture("r2", "")
                                          + picture("r3", "The same map again") + picture("r4", "A vector drawing")),
        "word/_rels/document.xml.rels": rels(*[f'<Relationship Id="r{i}" Type="{rel}" Target="media/{name}"/>'
                                               for i, name in ((1, "a.png"), (2, "b.png"), (3, "c.png"), (4, "d.emf"))]),
        "word/media/a.png": png(), "word/media/b.png": png(6, 6), "word/media/c.png": png(),
        "word/media/d.emf": b"\x01\x00\x00\x00" + bytes(80),
    })
    project = tmp_path / "proj"
    project.mkdir()
    result, source, warnings = import_doc(project, docx)
    assert result.returncode == 0, result.stderr
    assert "![A map of the basin](pics-images/image-1.png)" in source
    assert "![](pics-images/image-2.png)" in source
    assert "![The same map again](pics-images/image-1.png)" in source  # the same bytes are saved once
    assert sorted(p.name for p in (project / "sources" / "pics-images").iterdir()) == ["image-1.png", "image-2.png"]
    assert "paragraph 3: a picture without alt text" in warning_about(warnings, "without alt text")
    assert ("paragraph 5: a picture ('A vector drawing') in a format briefgen does not take (d.emf; PNG, JPEG or GIF only)"
            in warning_about(warnings, "A vector drawing"))
