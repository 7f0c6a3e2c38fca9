"""Citations end to end (#23): a brief citing a .bib and a CSL-JSON file, through the real command.

The brief (``tests/fixtures/cite-brief/``) cites 27 works made from the Notes of the CRS
reports in ``shared/real-long/`` (CRS reports, government documents, laws and bills, news,
web pages with access dates, datasets): 14 in ``refs.bib``, 13 in ``more.json``. Each
output is read back with the tool its readers use (pdfplumber, the HTML, python-pptx,
the docx's XML) and must hold every formatted citation; the bibliography lists each
work once in the style's order; ``csl:`` switches the format everywhere; rebuilds are
byte-identical. Hostile inputs end in located errors through ``briefgen check``.
"""

from __future__ import annotations

import html
import re
import shutil
import zipfile
from pathlib import Path
from typing import Dict, List

import pytest

from briefgen import model as m
from tests.support import FIXTURES, run_briefgen

FIXTURE = FIXTURES / "cite-brief"
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}
OUTPUTS = ("memo.pdf", "handout.html", "handout.pdf", "deck.pptx", "brief.docx")

FIRST_NOTE = ("Valerie Heitshusen, Electing the Speaker of the House of Representatives: Frequently Asked Questions, "
              "CRS Report no. R44243 (Washington, DC: Congressional Research Service, 2026), 4, "
              "https://www.congress.gov/crs-product/R44243.")
SHORT_NOTE = "Lawhorn, Economic Development Administration: An Overview of Programs and Appropriations (FY2012–FY2026), 20."
LAW_NOTE = "Inflation Reduction Act of 2022, Pub. L. No. 117-169, 136 Stat. 1818 (2022), § 60113."
WEB_NOTE = "accessed April 9, 2026, https://www.ukmto.org/recent-incidents."
APA_IN_TEXT = "(Heitshusen, 2026, p. 4)"
APA_ENTRY = ("Heitshusen, V. (2026). Electing the Speaker of the House of Representatives: Frequently asked questions "
             "(CRS Report No. R44243). Congressional Research Service. https://www.congress.gov/crs-product/R44243")


def squash(text: str) -> str:
    """Text compared across outputs: no spaces, no hyphens (PDF lines break URLs and words at them)."""
    return re.sub(r"[\s\-\u00ad\u2010]", "", html.unescape(text))


def pdf_text(path: Path) -> str:
    """The PDF's text as its reader hears it: without the page furniture (running heads, folios),
    which the tagged PDF marks as artifacts, so a note split across pages reads as one."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return "\n".join(page.filter(is_content).extract_text() or "" for page in pdf.pages)


def is_content(obj: Dict[str, object]) -> bool:
    """Not an artifact: ``/Artifact`` marked content is a page's furniture, no part of the text."""
    return obj.get("tag") != "Artifact"


def deck_parts(path: Path) -> List[Dict[str, str]]:
    from pptx import Presentation

    slides = []
    for slide in Presentation(str(path)).slides:
        title = slide.shapes.title.text if slide.shapes.title is not None else ""
        body = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        slides.append({"title": title, "body": body, "notes": notes})
    return slides


def docx_parts(path: Path) -> Dict[str, str]:
    with zipfile.ZipFile(path) as package:
        parts = {}
        for name in ("word/document.xml", "word/footnotes.xml"):
            xml = package.read(name).decode("utf-8")
            parts[name] = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
        parts["refs"] = str(len(re.findall(r"<w:footnoteReference ", package.read("word/document.xml").decode())))
    return parts


def text_of(out: Path, name: str) -> str:
    path = out / name
    if name.endswith(".pdf"):
        return pdf_text(path)
    if name.endswith(".pptx"):
        return "\n".join(p["body"] + "\n" + p["notes"] for p in deck_parts(path))
    if name.endswith(".docx"):
        parts = docx_parts(path)
        return parts["word/document.xml"] + parts["word/footnotes.xml"]
    return re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))


def project(tmp: Path, csl: str = "") -> Path:
    """A project folder holding the fixture brief (``csl:`` set when given)."""
    root = tmp / "proj"
    shutil.copytree(FIXTURE, root / "sources")
    if csl:
        brief = root / "sources" / "brief.md"
        brief.write_text(brief.read_text(encoding="utf-8").replace("bibliography:\n", f"csl: {csl}\nbibliography:\n", 1),
                         encoding="utf-8")
    return root


def build(root: Path, out: str, only: str = "memo,handout,handout-pdf,deck,docx") -> Path:
    result = run_briefgen(["build", "sources/brief.md", "--only", only, "--out", out, "-q"], root, env=EPOCH, timeout=900)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return root / out / "brief"


def model(root: Path) -> m.Document:
    from briefgen.source import load_source

    return load_source(root / "sources" / "brief.md", root).doc


@pytest.fixture(scope="module")
def notes_build(tmp_path_factory):
    root = project(tmp_path_factory.mktemp("cite-notes"))
    return root, build(root, "out"), model(root)


@pytest.fixture(scope="module")
def apa_build(tmp_path_factory):
    root = project(tmp_path_factory.mktemp("cite-apa"), "apa")
    return root, build(root, "out", "memo,handout,deck,docx"), model(root)


def test_the_fixture_cites_every_kind_of_source_from_both_files(notes_build):
    from briefgen import cite

    bib = cite.load_bibliographies(["refs.bib", "more.json"], FIXTURE, "brief.md")
    kinds = {entry.type for entry in bib.entries.values()}
    assert len(bib.keys()) >= 20
    assert {"report", "legislation", "bill", "regulation", "article-newspaper", "webpage", "dataset"} <= kinds
    doc = notes_build[2]
    block = doc.sections[-1].blocks[0]
    assert isinstance(block, m.Bibliography)
    assert sorted(block.keys) == sorted(bib.keys())  # every work cited, each listed once
    assert len(set(block.keys)) == len(block.keys)


def test_notes_hold_full_then_short_forms_numbered_with_hand_written_notes(notes_build):
    doc = notes_build[2]
    texts = {n.number: m.blocks_text(n.blocks) for n in doc.footnotes}
    assert texts[1] == FIRST_NOTE
    assert texts[11] == SHORT_NOTE  # the second citation of a work: the short note
    assert texts[17] == LAW_NOTE
    assert texts[15].endswith(WEB_NOTE)
    assert texts[4] == ("The House has done so since 1789 (Heitshusen, Electing the Speaker of the House of "
                        "Representatives: Frequently Asked Questions, 2), a point the author makes twice.")
    assert sorted(texts) == list(range(1, 27))
    first = doc.sections[0].blocks[0]
    assert isinstance(first, m.Paragraph)
    assert first.inlines[:2] == (m.Text("The Speaker is elected by a majority of Members voting."), m.FootnoteRef(1, "1"))
    said = m.plain_text(doc.sections[0].blocks[1].inlines)  # e-mail, cross-reference and escaped @ stay as written
    assert "user@example.org" in said and "a literal @heitshusen2026." in said  # (@fig-… is a cross-reference: tests/render/test_boxes.py)


@pytest.mark.parametrize("name", OUTPUTS)
def test_every_output_holds_every_note_and_every_entry(notes_build, name):
    _, out, doc = notes_build
    text = squash(text_of(out, name))
    missing = [n.number for n in doc.footnotes if squash(m.blocks_text(n.blocks)) not in text]
    if name == "deck.pptx":  # a slide's speaker notes stop at their word limit: the last notes of a long one may go
        missing = [n for n in missing if n < 25]  # the last slide (notes 17-26) runs past it
    assert missing == [], f"{name} lacks notes {missing}"
    entries = doc.sections[-1].blocks[0].entries
    absent = [m.plain_text(e)[:40] for e in entries if squash(m.plain_text(e)) not in text]
    assert absent == [], f"{name} lacks bibliography entries {absent}"
    assert text.count(squash(FIRST_NOTE)) >= 1


def test_the_handout_lists_each_work_once_in_the_styles_order_with_links(notes_build):
    _, out, doc = notes_build
    page = (out / "handout.html").read_text(encoding="utf-8")
    listing = re.search(r'<section class="section" aria-labelledby="bibliography">\s*<h2 id="bibliography">Bibliography</h2>'
                        r'\s*<ul class="bibliography" role="list">(.*?)</ul>', page, re.S)
    assert listing is not None
    items = [html.unescape(re.sub(r"<[^>]+>", "", li)) for li in re.findall(r"<li>(.*?)</li>", listing.group(1), re.S)]
    assert len(items) == 27
    keys = [re.split(r"[.,]", i.lower().lstrip("“\""))[0] for i in items if not i.startswith("———")]
    assert keys == sorted(keys)  # Chicago: alphabetical by author (or title)
    assert '<a href="https://doi.org/10.1177/0263774X15614653" class="external">' in listing.group(1)
    assert 'href="#note-1" id="ref-1" role="doc-noteref"' in page and 'id="note-26"' in page  # notes with back-links


def test_the_memo_tags_the_bibliography_as_a_list(notes_build):
    import pikepdf

    _, out, _ = notes_build
    with pikepdf.open(out / "memo.pdf") as pdf:
        found = []

        def walk(node, depth=0):
            kids = node.get("/K")
            if node.get("/S") == "/L" and node.get("/A") is not None and "None" in str(node.get("/A")):
                found.append(len([k for k in (kids if isinstance(kids, pikepdf.Array) else [kids]) if isinstance(k, pikepdf.Dictionary)]))
            if isinstance(kids, pikepdf.Array):
                for kid in kids:
                    if isinstance(kid, pikepdf.Dictionary):
                        walk(kid, depth + 1)
            elif isinstance(kids, pikepdf.Dictionary):
                walk(kids, depth + 1)

        walk(pdf.Root.StructTreeRoot)
    assert found == [27]  # one list of 27 items, without numbering


def test_deck_notes_of_the_citing_slide_and_the_sources_slides(notes_build):
    _, out, doc = notes_build
    slides = deck_parts(out / "deck.pptx")
    house = next(s for s in slides if s["title"].startswith("The House and its Speaker"))
    assert squash(FIRST_NOTE) in squash(house["notes"])
    sources = [s for s in slides if s["title"].startswith("Sources")]
    assert sources
    shown = squash("\n".join(s["body"] for s in sources))
    assert all(squash(m.plain_text(e)) in shown for e in doc.sections[-1].blocks[0].entries)


def test_docx_citations_are_real_footnotes(notes_build):
    _, out, _ = notes_build
    parts = docx_parts(out / "brief.docx")
    assert parts["refs"] == "26"
    assert squash(FIRST_NOTE) in squash(parts["word/footnotes.xml"])
    assert squash(FIRST_NOTE) not in squash(parts["word/document.xml"])


def test_switching_csl_changes_the_format_everywhere(apa_build):
    _, out, doc = apa_build
    assert doc.footnotes == (m.Footnote(1, "aside", doc.footnotes[0].blocks, doc.footnotes[0].line),)
    assert "(Heitshusen, 2026, p. 2)" in m.blocks_text(doc.footnotes[0].blocks)
    assert m.plain_text(doc.sections[-1].title) == "References"
    for name in ("memo.pdf", "handout.html", "deck.pptx", "brief.docx"):
        text = squash(text_of(out, name))
        assert squash(APA_IN_TEXT) in text or name == "deck.pptx", name  # the deck's bullets are shortened
        assert squash(APA_ENTRY) in text, name
        assert squash(FIRST_NOTE) not in text, name
    notes = "\n".join(p["notes"] for p in deck_parts(out / "deck.pptx"))
    assert APA_IN_TEXT in notes


def test_rebuilds_are_byte_identical(notes_build, tmp_path):
    root, out, _ = notes_build
    again = build(root, "again")
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (again / name).read_bytes(), name


# ---------------------------------------------------------------- check and hostile input


def check(folder: Path, brief: str) -> "tuple[int, str]":
    (folder / "brief.md").write_text(brief, encoding="utf-8")
    result = run_briefgen(["check", "brief.md"], folder)
    assert "Traceback" not in result.stderr
    return result.returncode, result.stderr


FRONT = '---\ntitle: "T"\ndate: "2026"\nauthors:\n  - name: "A"\n    bio: "B."\n{extra}---\n\n## S\n\n{body}\n'


def test_check_validates_citations_without_rendering(tmp_path):
    shutil.copy(FIXTURE / "refs.bib", tmp_path / "refs.bib")
    code, err = check(tmp_path, FRONT.format(extra="bibliography: refs.bib\n", body="Text [@heitshusen226, p. 4]."))
    assert code == 1
    assert "brief.md:12:7: error: unknown citation key '@heitshusen226' in refs.bib; did you mean '@heitshusen2026'?" in err
    assert not (tmp_path / "build").exists()
    code, err = check(tmp_path, FRONT.format(extra="bibliography: refs.bib\n", body="Text [@heitshusen2026, p. 4]."))
    assert code == 0, err


@pytest.mark.parametrize("extra, files, expected", [
    ("bibliograpy: refs.bib\n", {}, "brief.md:7:1: error: unknown front matter field 'bibliograpy'; did you mean 'bibliography'?"),
    ("bibliography: refs.bib\ncsl: harvard\n", {}, "brief.md:8:6: error: unknown citation style 'harvard'"),
    ("csl: apa\n", {}, "brief.md:7:6: error: 'csl' needs 'bibliography'"),
    ("bibliography: ../outside.bib\n", {}, "brief.md:7:15: error: '../outside.bib' is outside the source's folder"),
    ("bibliography: bad.bib\n", {"bad.bib": "@book{ok, title={Fine}}\n\n@book{bad,\n  title = {Unclosed\n"},
     "bad.bib:3:1: error:"),
    ("bibliography: loop.bib\n", {"loop.bib": "@misc{a, crossref={b}}\n@misc{b, crossref={a}}\n"},
     "loop.bib:1:1: error: crossref loop: a -> b -> a"),
])
def test_bad_bibliographies_are_located_errors(tmp_path, extra, files, expected):
    (tmp_path / "src").mkdir()
    (tmp_path / "outside.bib").write_text("@book{heitshusen2026, title={X}}\n", encoding="utf-8")
    shutil.copy(FIXTURE / "refs.bib", tmp_path / "src" / "refs.bib")
    for name, text in files.items():
        (tmp_path / "src" / name).write_text(text, encoding="utf-8")
    code, err = check(tmp_path / "src", FRONT.format(extra=extra, body="Text [@heitshusen2026]."))
    assert code == 1
    assert expected in err, err


def test_a_huge_bibliography_is_refused_by_its_size(tmp_path):
    with open(tmp_path / "huge.bib", "wb") as handle:
        handle.truncate(5 * 1024 * 1024 + 1)
    code, err = check(tmp_path, FRONT.format(extra="bibliography: huge.bib\n", body="Text [@a]."))
    assert code == 1 and "brief.md:7:15: error: bibliography 'huge.bib' is 5120 KiB; the limit is 5120 KiB" in err


def test_latex_and_html_in_fields_are_shown_as_text(tmp_path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "x.bib").write_text(r"""@report{evil,
  author = {G{\"o}del, Kurt},
  title = {Costs \input{/etc/passwd} of <script>alert(1)</script> {\'e}t{\'e} 50\%},
  institution = {<b>Agency</b>},
  url = {javascript:alert(1)},
  year = 2020,
}
""", encoding="utf-8")
    (tmp_path / "sources" / "brief.md").write_text(FRONT.format(extra="bibliography: x.bib\n", body="Text [@evil]."),
                                                   encoding="utf-8")
    result = run_briefgen(["build", "sources/brief.md", "--only", "handout,memo", "--out", "out", "-q"], tmp_path, env=EPOCH)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "brief" / "handout.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Agency&lt;/b&gt;" in page and r"\input{/etc/passwd}" in page and "été" in page.lower()
    assert 'href="javascript' not in page
    memo = pdf_text(tmp_path / "out" / "brief" / "memo.pdf")
    assert "<script>alert(1)</script>" in memo and "Gödel" in memo


def test_a_brief_without_citations_has_no_bibliography(tmp_path):
    from briefgen.source import load_source

    (tmp_path / "brief.md").write_text(FRONT.format(extra="", body="Mail a@b.org about [@x] and [^1].\n\n[^1]: A note."),
                                       encoding="utf-8")
    doc = load_source(tmp_path / "brief.md").doc
    assert not any(isinstance(b, m.Bibliography) for b in m.iter_blocks(doc))
    assert "[@x]" in m.plain_text(doc.sections[0].blocks[0].inlines)
    assert [n.number for n in doc.footnotes] == [1]


# ---------------------------------------------------------------- the layout's house style


def house_project(tmp: Path, style: str, layout_line: bool = True) -> Path:
    """A project whose layout ``house`` sets ``citations.style``; the brief names it unless told not to."""
    root = tmp / "house"
    shutil.copytree(FIXTURE, root / "sources")
    (root / "layouts" / "house").mkdir(parents=True)
    (root / "layouts" / "house" / "theme.yaml").write_text(
        f"extends: default\nname: house\ncitations:\n  style: {style}\n", encoding="utf-8")
    if layout_line:
        brief = root / "sources" / "brief.md"
        brief.write_text(brief.read_text(encoding="utf-8").replace("bibliography:\n", "layout: house\nbibliography:\n", 1),
                         encoding="utf-8")
    return root


def first_paragraph(root: Path, layout: str = "") -> str:
    from briefgen.source import load_source

    doc = load_source(root / "sources" / "brief.md", root, layout=layout or None).doc
    return m.plain_text(doc.sections[0].blocks[0].inlines) + " | " + m.plain_text(doc.sections[-1].title)


def test_the_layout_picks_the_house_style_and_the_source_overrides_it(tmp_path):
    root = house_project(tmp_path, "apa")
    assert first_paragraph(root).startswith("The Speaker is elected by a majority of Members voting (Heitshusen, 2026, p. 4).")
    assert first_paragraph(root).endswith("| References")
    assert first_paragraph(root, layout="default").endswith("| Bibliography")  # --layout replaces the source's
    brief = root / "sources" / "brief.md"
    brief.write_text(brief.read_text(encoding="utf-8").replace("layout: house\n", "layout: house\ncsl: chicago-author-date\n"),
                     encoding="utf-8")
    assert first_paragraph(root).startswith("The Speaker is elected by a majority of Members voting (Heitshusen 2026, 4).")


def test_a_csl_file_in_the_layout_is_a_build_input(tmp_path):
    from briefgen.cite import styles

    root = house_project(tmp_path, "house.csl")
    csl = root / "layouts" / "house" / "house.csl"
    shutil.copy(styles.STYLES_DIR / "apa.csl", csl)
    out = build(root, "out", "handout")
    assert APA_IN_TEXT in (out / "handout.html").read_text(encoding="utf-8")
    shutil.copy(styles.STYLES_DIR / "chicago-author-date.csl", csl)
    again = build(root, "out", "handout")  # no --force: the style file changed, so the handout is stale
    assert "(Heitshusen 2026, 4)" in (again / "handout.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("style, expected", [
    ("harvard", "theme.yaml:4:10: error: unknown citation style 'harvard'"),
    ("house.csl", "house.csl:1:1: error: not a CSL style"),
])
def test_a_bad_house_style_is_an_error_in_the_layout(tmp_path, style, expected):
    root = house_project(tmp_path, style)
    (root / "layouts" / "house" / "house.csl").write_text("<style/>\n", encoding="utf-8")
    result = run_briefgen(["check", "sources/brief.md"], root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert str(root / "layouts" / "house" / expected) in result.stderr, result.stderr


def test_each_citation_is_located_at_its_own_line_and_column(tmp_path):
    shutil.copy(FIXTURE / "refs.bib", tmp_path / "refs.bib")
    body = ("First [@heitshusen2026] and\nagain [@heitshusen2026, p. 2] and\na third [@heitshusen2026, p. 3] and\n"
            "[@lawhorn20266].\n\n- item [@lawhorn2026]\n- item [@lawhorn2026], \\@lawhorn2026x and [@lawhorn2026x]")
    code, err = check(tmp_path, FRONT.format(extra="bibliography: refs.bib\n", body=body))
    assert code == 1
    assert err.splitlines() == [
        "brief.md:15:2: error: unknown citation key '@lawhorn20266' in refs.bib; did you mean '@lawhorn2026'?",
        "brief.md:18:44: error: unknown citation key '@lawhorn2026x' in refs.bib; did you mean '@lawhorn2026'?",
    ]


def test_the_handout_pdf_tags_the_works_cited_as_a_list(notes_build):
    import pikepdf

    _, out, _ = notes_build
    items = []
    with pikepdf.open(out / "handout.pdf") as pdf:
        def walk(node, parent):
            kids = node.get("/K")
            kids = [k for k in (kids if isinstance(kids, pikepdf.Array) else [kids]) if isinstance(k, pikepdf.Dictionary)]
            if node.get("/S") == "/L" and parent == "/Sect":
                items.append(len([k for k in kids if k.get("/S") == "/LI"]))
            for kid in kids:
                walk(kid, str(node.get("/S")))

        walk(pdf.Root.StructTreeRoot, "")
    assert sum(items) == 27 + 26  # the works cited and the notes, each item an LI (lists split at page ends)


def test_formatted_citations_are_cached_and_a_bad_cache_entry_is_formatted_again(tmp_path, monkeypatch):
    from briefgen.source import citecache, load_source

    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "cache"))
    citecache.clear_kept()
    fresh = load_source(FIXTURE / "brief.md").doc
    kept = list((tmp_path / "cache" / "citations").glob("*.json"))
    assert len(kept) == 1
    citecache.clear_kept()
    assert load_source(FIXTURE / "brief.md").doc == fresh  # from the disk cache
    kept[0].write_text('{"citations": [[]]}', encoding="utf-8")  # a damaged entry
    citecache.clear_kept()
    assert load_source(FIXTURE / "brief.md").doc == fresh
    kept[0].write_text('{"style_name": "apa", "note_style": false, "citations": [], "bibliography": []}', encoding="utf-8")
    citecache.clear_kept()
    assert load_source(FIXTURE / "brief.md").doc == fresh  # a result for other citations is not used
