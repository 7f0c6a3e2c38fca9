"""The docx output (issue 27, items 1 and 3): Word opens it, it holds the whole brief in Word's own
structures (built-in headings, numbering, footnotes, tables, native charts), a Word template's styles
win, two builds are byte-identical, and essay -> docx -> import gives back the same brief.

Every check is a function with a negative case that must fail it (``test_checks_fail_...``).
"""

from __future__ import annotations

import collections
import re
import subprocess
import zipfile
from itertools import count
from pathlib import Path
from typing import Dict, List

import pytest
from lxml import etree

from tests.support import ESSAY, ROOT, SHARED, make_project, pdftotext, run_briefgen, tool_missing
from tests.support.docx_checks import import_doc, source_words
from tests.support.docx_full_source import write_full
from tests.importers.test_import_docx import same_headings_and_paragraphs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}
needs_soffice = pytest.mark.skipif(tool_missing("soffice"), reason="LibreOffice (soffice) is not installed")
_PROFILES = count(1)
REAL = sorted(p for p in (SHARED / "real").glob("crs-*.md")) if (SHARED / "real").is_dir() else []


# ------------------------------------------------------------------ helpers and checks


def soffice_convert(src: Path, out: Path, to: str) -> Path:
    """Convert ``src`` with LibreOffice in its own profile; the converted file's path."""
    out.mkdir(parents=True, exist_ok=True)
    profile = out / f"lo-docx-{next(_PROFILES)}"
    done = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", to,
                           "--outdir", str(out), str(src)], capture_output=True, text=True, timeout=240)
    target = out / (src.stem + "." + to.split(":")[0])
    assert done.returncode == 0 and target.is_file(), done.stderr + done.stdout
    return target


def part(docx: Path, name: str) -> etree._Element:
    """A part of the package, parsed."""
    with zipfile.ZipFile(docx) as z:
        return etree.fromstring(z.read(name))


def paragraphs_by_style(docx: Path) -> List[tuple]:
    """``(style id, text)`` of every body paragraph."""
    out = []
    for p in part(docx, "word/document.xml").iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        out.append((style.get(f"{W}val") if style is not None else "", "".join(t.text or "" for t in p.iter(f"{W}t"))))
    return out


def style_names(docx: Path) -> Dict[str, str]:
    """Style id -> name."""
    return {s.get(f"{W}styleId"): s.find(f"{W}name").get(f"{W}val") for s in part(docx, "word/styles.xml").iter(f"{W}style")}


def heading_problems(docx: Path, want: List[tuple]) -> List[str]:
    """Headings ``(level, text)`` not found in Word's built-in *heading N* style, in order."""
    names = style_names(docx)
    got = [(int(names[s][-1]), t) for s, t in paragraphs_by_style(docx) if names.get(s, "").lower().startswith("heading ")]
    return [] if got == want else [f"headings {got} != {want}"]


def missing_words(text: str, words: List[str]) -> Dict[str, int]:
    """Words of ``text`` not in ``words`` (as often as they occur)."""
    return dict(collections.Counter(re.findall(r"[^\W_]+", text)) - collections.Counter(words))


def model_text(source: Path) -> str:
    """Every paragraph, note, table cell and box item of a source, from the model."""
    from briefgen import model as m
    from briefgen.source import load_source

    doc = load_source(source).doc
    meta = doc.meta
    parts = [meta.title_text, meta.subtitle_text, m.blocks_text(meta.summary)]
    parts += [m.plain_text(k) for k in meta.key_points + meta.recommendations]
    parts += [a.name + " " + a.role + " " + m.blocks_text(a.bio) for a in meta.authors]
    def shown(blocks) -> str:  # a chart shows its title (and a timeline its events); its alt text is not printed
        return m.blocks_text([b for b in blocks if not isinstance(b, m.Chart)])

    parts += [shown(doc.lede)] + [m.plain_text(s.title) + " " + shown(s.blocks) for s in doc.sections]
    parts += [m.blocks_text(n.blocks) for n in doc.footnotes]
    for block in m.walk_blocks(m.all_body_blocks(doc)):
        if isinstance(block, m.Chart):
            parts += [block.title] + [e.text for e in block.events]
    return "\n".join(parts)


def footnote_problems(docx: Path, notes: List[str]) -> List[str]:
    """Each note in ``footnotes.xml`` (in order), each cited once from the text."""
    root = part(docx, "word/footnotes.xml")
    found = [" ".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in n.iter(f"{W}p")).strip()
             for n in root.findall(f"{W}footnote") if n.get(f"{W}type") is None]
    refs = [r.get(f"{W}id") for r in part(docx, "word/document.xml").iter(f"{W}footnoteReference")]
    ids = [n.get(f"{W}id") for n in root.findall(f"{W}footnote") if n.get(f"{W}type") is None]
    problems = [] if refs == ids else [f"references {refs} != notes {ids}"]
    if [re.findall(r"[^\W_]+", f) for f in found] != [re.findall(r"[^\W_]+", n) for n in notes]:
        problems.append(f"notes {found} != {notes}")
    return problems


def table_problems(docx: Path) -> List[str]:
    """Data tables (more than one row) whose first row does not repeat as a header."""
    problems = []
    for tbl in part(docx, "word/document.xml").iter(f"{W}tbl"):
        rows = tbl.findall(f"{W}tr")
        if len(rows) > 1 and rows[0].find(f"{W}trPr/{W}tblHeader") is None:
            problems.append("a table without a repeating header row")
    return problems


def alt_problems(docx: Path) -> List[str]:
    """Drawings (pictures, charts) without alt text."""
    return [f"no alt text: {d.get('name')}" for d in part(docx, "word/document.xml").iter(f"{WP}docPr")
            if not (d.get("descr") or "").strip()]


def chart_problems(docx: Path) -> List[str]:
    """Charts that are not chart parts with an embedded workbook holding their categories."""
    problems = []
    with zipfile.ZipFile(docx) as z:
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        for ref in part(docx, "word/document.xml").iter(f"{C}chart"):
            name = "word/" + targets[ref.get(f"{R}id")]
            chart = etree.fromstring(z.read(name))
            external = chart.find(f"{C}externalData")
            rel_name = name.replace("charts/", "charts/_rels/") + ".rels"
            if external is None or rel_name not in z.namelist():
                problems.append(f"{name}: no embedded data")
                continue
            chart_rels = {r.get("Id"): r.get("Target") for r in etree.fromstring(z.read(rel_name))}
            workbook = "word/" + chart_rels[external.get(f"{R}id")].replace("../", "")
            with zipfile.ZipFile(z.open(workbook)) as book:
                strings = book.read("xl/sharedStrings.xml").decode()
            cats = [v.text for v in chart.iter(f"{C}v")]
            if not any(c and c in strings for c in cats):
                problems.append(f"{name}: the workbook lacks the chart's categories")
    return problems


# ------------------------------------------------------------------ builds shared by the tests


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> dict:
    """The full brief built as docx twice (two projects), and once converted to PDF by LibreOffice."""
    out = {}
    for key in ("a", "b"):
        project = tmp_path_factory.mktemp(f"full-{key}")
        source = write_full(project)
        result = run_briefgen(["build", "sources/full.md", "--only", "docx"], project, env=EPOCH)
        assert result.returncode == 0, result.stderr
        out[key] = project / "build" / "full" / "brief.docx"
        out["source"] = source
    return out


@pytest.fixture(scope="module")
def essay(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("essay-docx"))
    result = run_briefgen(["build", "sources/essay.md", "--only", "docx,memo"], project, env=EPOCH)
    assert result.returncode == 0, result.stderr
    return project


# ------------------------------------------------------------------ the tests


@needs_soffice
def test_writer_opens_it_and_its_text_covers_the_source(full: dict, tmp_path: Path) -> None:
    pdf = soffice_convert(full["a"], tmp_path, "pdf")
    words = re.findall(r"[^\W_]+", pdftotext(pdf))
    assert missing_words(model_text(full["source"]), words) == {}
    assert "Fund a small reserve" in " ".join(words)


def test_headings_are_word_built_in_headings(full: dict) -> None:
    want = [(1, "Background"), (2, "Costs in detail"), (3, "A smaller heading"), (1, "Charts"), (1, "About the Authors")]
    assert heading_problems(full["a"], want) == []
    names = style_names(full["a"])
    assert {names[s].lower() for s, _t in paragraphs_by_style(full["a"])} >= {"title", "subtitle", "body text", "quote", "caption"}


def test_notes_are_word_footnotes(full: dict) -> None:
    notes = ["A study of reserves, 2019.", "A note with two paragraphs. Its second paragraph.",
             "FAO, Food Outlook, 2023, https://www.fao.org/outlook."]
    assert footnote_problems(full["a"], notes) == []
    rels = part(full["a"], "word/_rels/footnotes.xml.rels")
    assert [r.get("Target") for r in rels] == ["https://www.fao.org/outlook"]


def test_lists_are_word_numbering(full: dict) -> None:
    doc = part(full["a"], "word/document.xml")
    levels = [(p.find(f"{W}pPr/{W}numPr/{W}ilvl").get(f"{W}val"), "".join(t.text for t in p.iter(f"{W}t")))
              for p in doc.iter(f"{W}p") if p.find(f"{W}pPr/{W}numPr") is not None]
    assert ("1", "Nested one") in levels and ("0", "Third step") in levels and ("0", "First bullet") in levels
    numbering = part(full["a"], "word/numbering.xml")
    starts = [s.get(f"{W}val") for s in numbering.iter(f"{W}startOverride")]
    assert "3" in starts  # "3. Third step" starts at 3


def test_tables_repeat_their_header_and_right_align_figures(full: dict) -> None:
    assert table_problems(full["a"]) == []
    doc = part(full["a"], "word/document.xml")
    cells = [(c.find(f".//{W}jc").get(f"{W}val") if c.find(f".//{W}jc") is not None else "left",
              "".join(t.text for t in c.iter(f"{W}t"))) for c in doc.iter(f"{W}tc")]
    assert ("right", "$1,204") in cells and ("left", "Storage") in cells
    styles = dict(paragraphs_by_style(full["a"]))
    caption_id = next(s for s, n in style_names(full["a"]).items() if n.lower() == "caption")
    captions = [t for s, t in paragraphs_by_style(full["a"]) if s == caption_id]
    assert "Table 1. Costs of a reserve, FY2024" in captions and "Source: Example Institute analysis." in captions
    assert any(t.startswith("Figure 5. Reserve history") for t in captions) and styles


def test_pictures_and_charts_have_alt_text_and_embedded_data(full: dict) -> None:
    assert alt_problems(full["a"]) == []
    descr = [d.get("descr") for d in part(full["a"], "word/document.xml").iter(f"{WP}docPr")]
    assert "A bar of wheat stored in a silo" in descr and "Bars rise from 10 to 30 over three years." in descr
    assert chart_problems(full["a"]) == []
    with zipfile.ZipFile(full["a"]) as z:
        assert len([n for n in z.namelist() if re.fullmatch(r"word/charts/chart\d+\.xml", n)]) == 3


def test_properties_and_two_builds_byte_identical(full: dict) -> None:
    assert full["a"].read_bytes() == full["b"].read_bytes()
    core = part(full["a"], "docProps/core.xml")
    text = {el.tag.split("}")[-1]: el.text for el in core}
    assert text["title"] == "Grain Reserves and Food Security" and text["creator"] == "Ada Analyst; Ben Writer"
    assert text["keywords"] == "grain, reserves, food security" and text["language"] == "en"
    assert text["created"].startswith("2023-11-14T22:13")  # SOURCE_DATE_EPOCH
    with zipfile.ZipFile(full["a"]) as z:
        infos = z.infolist()
    assert {i.date_time for i in infos} == {(2023, 11, 14, 22, 13, 20)}
    assert [i.filename for i in infos[2:]] == sorted(i.filename for i in infos[2:])


def test_only_all_manifest_incremental_and_not_default(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    result = run_briefgen(["build", "sources/essay.md", "--only", "memo"], project, env=EPOCH)
    assert result.returncode == 0 and not (project / "build" / "essay" / "brief.docx").exists()
    first = run_briefgen(["build", "sources/essay.md", "--only", "docx"], project, env=EPOCH)
    assert first.returncode == 0 and "built: build/essay/brief.docx" in first.stderr, first.stderr
    again = run_briefgen(["build", "sources/essay.md", "--only", "docx"], project, env=EPOCH)
    assert "up to date: build/essay/brief.docx" in again.stderr, again.stderr
    # a Word template in the source's layout is an input: adding one rebuilds the docx and nothing else
    source = project / "sources" / "essay.md"
    source.write_text(source.read_text(encoding="utf-8").replace("---\n", "---\nlayout: wordorg\n", 1), encoding="utf-8")
    (project / "layouts" / "wordorg").mkdir(parents=True)
    (project / "layouts" / "wordorg" / "theme.yaml").write_text("extends: default\nname: wordorg\n", encoding="utf-8")
    before = run_briefgen(["build", "sources/essay.md", "--only", "docx,memo"], project, env=EPOCH)
    assert before.returncode == 0, before.stderr
    import docx

    (project / "layouts" / "wordorg" / "docx").mkdir()
    docx.Document().save(str(project / "layouts" / "wordorg" / "docx" / "reference.docx"))
    later = run_briefgen(["build", "sources/essay.md", "--only", "docx,memo"], project, env=EPOCH)
    assert "built: build/essay/brief.docx" in later.stderr and "up to date: build/essay/memo.pdf" in later.stderr, later.stderr
    every = run_briefgen(["build", "sources/essay.md", "--only", "all"], project, env=EPOCH)
    assert "up to date: build/essay/brief.docx" in every.stderr, every.stderr


def _reference_layout(project: Path, reference: Path, name: str = "wordorg") -> None:
    folder = project / "layouts" / name
    (folder / "docx").mkdir(parents=True)
    (folder / "theme.yaml").write_text(f"extends: default\nname: {name}\n", encoding="utf-8")
    (folder / "docx" / ("reference" + reference.suffix)).write_bytes(reference.read_bytes())


def _heading_look(docx_path: Path) -> tuple:
    style = next(s for s in part(docx_path, "word/styles.xml").iter(f"{W}style")
                 if s.find(f"{W}name").get(f"{W}val").lower() == "heading 1")
    color = style.find(f"{W}rPr/{W}color")
    fonts = style.find(f"{W}rPr/{W}rFonts")
    return (color.get(f"{W}val") if color is not None else None, fonts.get(f"{W}ascii") if fonts is not None else None)


def test_a_reference_docx_supplies_the_styles(tmp_path: Path) -> None:
    import docx
    from docx.shared import Pt, RGBColor

    ref = docx.Document()
    heading = ref.styles["Heading 1"]
    heading.font.color.rgb = RGBColor(0xC0, 0x10, 0x80)
    heading.font.name = "Comic Neue"
    heading.font.size = Pt(22)
    ref.sections[0].header.paragraphs[0].text = "Meridian Institute, internal"
    ref.save(str(tmp_path / "reference.docx"))
    project = make_project(tmp_path / "p")
    _reference_layout(project, tmp_path / "reference.docx")
    source = project / "sources" / "essay.md"
    source.write_text(source.read_text(encoding="utf-8").replace("---\n", "---\nlayout: wordorg\n", 1), encoding="utf-8")
    result = run_briefgen(["build", "sources/essay.md", "--only", "docx"], project, env=EPOCH)
    assert result.returncode == 0, result.stderr
    out = project / "build" / "essay" / "brief.docx"
    assert _heading_look(out) == ("C01080", "Comic Neue")
    with zipfile.ZipFile(out) as z:
        headers = [n for n in z.namelist() if n.startswith("word/header")]
        assert any(b"Meridian Institute, internal" in z.read(n) for n in headers)
    assert heading_problems(out, [(1, h) for h in re.findall(r"(?m)^## (.*)$", source.read_text(encoding="utf-8"))]
                            + [(1, "About the Author")]) == []
    # without the template, the theme's primary colour and heading face
    plain = make_project(tmp_path / "q")
    assert run_briefgen(["build", "sources/essay.md", "--only", "docx"], plain, env=EPOCH).returncode == 0
    assert _heading_look(plain / "build" / "essay" / "brief.docx") == ("1B365D", "IBM Plex Sans Condensed")


@needs_soffice
def test_a_libreoffice_template_as_reference(tmp_path: Path) -> None:
    templates = sorted(Path("/usr/lib/libreoffice/share/template/common").rglob("*.ott"))
    if not templates:
        pytest.skip("no LibreOffice Writer templates installed")
    ref = soffice_convert(templates[0], tmp_path / "conv", "docx:MS Word 2007 XML")
    project = make_project(tmp_path / "p", sources=(ESSAY,))
    _reference_layout(project, ref, "lotemplate")
    source = project / "sources" / "essay.md"
    source.write_text(source.read_text(encoding="utf-8").replace("---\n", "---\nlayout: lotemplate\n", 1), encoding="utf-8")
    result = run_briefgen(["build", "sources/essay.md", "--only", "docx"], project, env=EPOCH)
    assert result.returncode == 0, result.stderr
    out = project / "build" / "essay" / "brief.docx"
    ref_styles = {s.get(f"{W}styleId"): etree.tostring(s) for s in part(ref, "word/styles.xml").iter(f"{W}style")}
    out_styles = {s.get(f"{W}styleId"): etree.tostring(s) for s in part(out, "word/styles.xml").iter(f"{W}style")}
    kept = [sid for sid in ref_styles if out_styles.get(sid) == ref_styles[sid]]
    assert len(kept) == len(ref_styles)  # the template's styles as they were; briefgen only adds what is missing
    assert soffice_convert(out, tmp_path / "pdf", "pdf").stat().st_size > 0


def _notes(source: str) -> List[List[str]]:
    return [source_words(re.sub(r"<([^>]+)>", r"\1", n)) for n in re.findall(r"(?ms)^\[\^[^\]]+\]: (.*?)(?=\n\s*\n(?! {4})|\n\[\^|\Z)", source)]


def test_essay_round_trip_through_word(essay: Path) -> None:
    """essay -> docx -> import -> a source whose memo has the same headings and paragraphs."""
    back = essay / "back"
    back.mkdir()
    result, imported, _warnings = import_doc(back, essay / "build" / "essay" / "brief.docx")
    assert result.returncode == 0, result.stderr
    original = ESSAY.read_text(encoding="utf-8")
    assert same_headings_and_paragraphs(original, imported) == []
    built = run_briefgen(["build", "sources/brief.md", "--only", "memo"], back, env=EPOCH)
    assert built.returncode == 0, built.stderr
    # Letters only, spaces dropped: a word the memo hyphenates at a line end ("diplo-/matic") reads whole.
    want = "".join(re.findall(r"[^\W_]+", pdftotext(essay / "build" / "essay" / "memo.pdf", "-raw")))
    got = "".join(re.findall(r"[^\W_]+", pdftotext(back / "build" / "brief" / "memo.pdf", "-raw")))
    _heads, paragraphs = same_headings_and_paragraphs.__globals__["_headings_and_paragraphs"](original)
    for words in paragraphs:  # every body paragraph of the essay's memo is in the round-tripped memo
        phrase = "".join(words[:12])
        assert phrase in want and phrase in got, " ".join(words[:12])
    # briefgen's own front matter comes back from its styles: the same memo, word for word, page for page
    assert pdftotext(back / "build" / "brief" / "memo.pdf") == pdftotext(essay / "build" / "essay" / "memo.pdf")
    assert _warnings == [], _warnings  # no style left unmapped (Masthead, Author, Date, the boxes, Lede)


def test_front_matter_round_trips_through_word(essay: Path) -> None:
    """The fields the docx writes in briefgen's own styles are read back as the same fields (the model's text)."""
    from briefgen import model as bm
    from briefgen.source import load_source

    back = essay / "back-front"
    back.mkdir()
    result, _imported, _w = import_doc(back, essay / "build" / "essay" / "brief.docx")
    assert result.returncode == 0, result.stderr
    one = load_source(ESSAY, ROOT).doc
    two = load_source(back / "sources" / "brief.md", back).doc

    def fields(doc) -> dict:
        meta = doc.meta
        return {"title": bm.plain_text(meta.title), "date": meta.date, "organization": meta.organization,
                "summary": bm.blocks_text(meta.summary), "key_points": [bm.plain_text(k) for k in meta.key_points],
                "recommendations": [bm.plain_text(r) for r in meta.recommendations],
                "authors": [(a.name, a.role, bm.blocks_text(a.bio)) for a in meta.authors],
                "pullquotes": sum(isinstance(b, bm.PullQuote) for b in bm.all_body_blocks(doc)),
                "timelines": [[(e.when, e.text) for e in b.events] for b in bm.all_body_blocks(doc) if isinstance(b, bm.Chart)]}

    assert fields(two) == fields(one)
    assert fields(one)["summary"] and fields(one)["recommendations"] and fields(one)["timelines"]  # the check has teeth


def test_notes_round_trip_through_word(full: dict, tmp_path: Path) -> None:
    result, imported, _warnings = import_doc(tmp_path, full["a"])
    assert result.returncode == 0, result.stderr
    original = full["source"].read_text(encoding="utf-8")
    assert _notes(imported) == _notes(original) and len(_notes(original)) == 3
    assert same_headings_and_paragraphs(original, imported) == []


@needs_soffice
@pytest.mark.skipif(not REAL, reason="no shared real reports")
def test_real_reports_round_trip_through_briefgens_docx(tmp_path: Path) -> None:
    project = make_project(tmp_path, sources=REAL)
    built = run_briefgen(["build", "--only", "docx", "-q"], project, env=EPOCH)
    assert built.returncode == 0, built.stderr
    for source in REAL:
        out = project / "build" / source.stem / "brief.docx"
        assert table_problems(out) == [] and alt_problems(out) == []
        back = tmp_path / "back" / source.stem
        back.mkdir(parents=True)
        result, imported, _w = import_doc(back, out)
        original = source.read_text(encoding="utf-8")
        assert result.returncode == 0 and same_headings_and_paragraphs(original, imported) == [], source.name
        assert _notes(imported) == _notes(original), source.name


# ------------------------------------------------------------------ the checks fail when they should


def test_checks_fail_on_broken_documents(full: dict, tmp_path: Path) -> None:
    def edited(name: str, old: bytes, new: bytes) -> Path:
        target = tmp_path / f"{len(list(tmp_path.iterdir()))}.docx"
        with zipfile.ZipFile(full["a"]) as src, zipfile.ZipFile(target, "w") as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                dst.writestr(info, data.replace(old, new) if info.filename == name else data)
        return target

    want = [(1, "Background"), (2, "Costs in detail"), (3, "A smaller heading"), (1, "Charts"), (1, "About the Authors")]
    assert heading_problems(edited("word/document.xml", b'w:val="Heading1"', b'w:val="BodyText"'), want)
    assert table_problems(edited("word/document.xml", b"<w:tblHeader/>", b""))
    assert alt_problems(edited("word/document.xml", b'descr="A bar of wheat stored in a silo"', b'descr=""'))
    assert chart_problems(edited("word/charts/chart1.xml", b"c:externalData", b"c:extLst"))
    notes = ["A study of reserves, 2019.", "A note with two paragraphs. Its second paragraph.", "FAO."]
    assert footnote_problems(full["a"], notes)
    assert missing_words("Reserves smooth prices", ["Reserves", "prices"]) == {"smooth": 1}
    text = full["source"].read_text(encoding="utf-8")
    assert same_headings_and_paragraphs(text, text.replace("## Charts", ""))
    assert _notes(text.replace("A study of reserves", "A study")) != _notes(text)


def test_a_dotx_template_and_a_broken_one(tmp_path: Path) -> None:
    """A ``.dotx`` serves as the template; an unreadable one is a located error and the last docx stays."""
    import docx
    from docx.shared import RGBColor

    ref = docx.Document()
    ref.styles["Heading 1"].font.color.rgb = RGBColor(0x12, 0x34, 0x56)
    ref.save(str(tmp_path / "t.docx"))
    doc_ct = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    dot_ct = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
    with zipfile.ZipFile(tmp_path / "t.docx") as src, zipfile.ZipFile(tmp_path / "reference.dotx", "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, data.replace(doc_ct, dot_ct) if info.filename == "[Content_Types].xml" else data)
    project = make_project(tmp_path / "p")
    _reference_layout(project, tmp_path / "reference.dotx")
    source = project / "sources" / "essay.md"
    source.write_text(source.read_text(encoding="utf-8").replace("---\n", "---\nlayout: wordorg\n", 1), encoding="utf-8")
    result = run_briefgen(["build", "sources/essay.md", "--only", "docx"], project, env=EPOCH)
    assert result.returncode == 0, result.stderr
    out = project / "build" / "essay" / "brief.docx"
    assert _heading_look(out)[0] == "123456"
    good = out.read_bytes()
    (project / "layouts" / "wordorg" / "docx" / "reference.dotx").write_bytes(b"PK\x03\x04 not a zip")
    broken = run_briefgen(["build", "sources/essay.md", "--only", "docx"], project, env=EPOCH)
    assert broken.returncode == 1 and "Traceback" not in broken.stderr
    assert re.search(r"layouts/wordorg/docx/reference\.dotx: error: cannot read the Word template", broken.stderr), broken.stderr
    assert out.read_bytes() == good


def test_layouts_new_from_docx(tmp_path: Path) -> None:
    """A layout started from a Word template: the template copied, colours read, styles found and made reported."""
    import docx
    from docx.shared import RGBColor

    ref = docx.Document()
    ref.styles["Heading 1"].font.color.rgb = RGBColor(0x0F, 0x52, 0x57)
    ref.save(str(tmp_path / "Org Template.docx"))
    project = make_project(tmp_path / "p")
    result = run_briefgen(["layouts", "new", "orgword", "--from-docx", str(tmp_path / "Org Template.docx")], project)
    assert result.returncode == 0, result.stderr
    assert "styles found in it: Normal, Body Text, Title, Subtitle, Heading 1" in result.stderr
    assert re.search(r"will make from the theme: Lede, .*Brief Box", result.stderr), result.stderr
    folder = project / "layouts" / "orgword"
    assert (folder / "docx" / "reference.docx").read_bytes() == (tmp_path / "Org Template.docx").read_bytes()
    assert 'primary: "#0F5257"' in (folder / "theme.yaml").read_text(encoding="utf-8")
    built = run_briefgen(["build", "sources/essay.md", "--only", "docx,memo", "--layout", "orgword"], project, env=EPOCH)
    assert built.returncode == 0, built.stderr
    assert _heading_look(project / "build" / "essay" / "brief.docx")[0] == "0F5257"
    again = run_briefgen(["layouts", "new", "orgword", "--from-docx", str(tmp_path / "Org Template.docx")], project)
    assert again.returncode != 0 and "already exists" in again.stderr
    odt = run_briefgen(["layouts", "new", "other", "--from-docx", str(ESSAY)], project)
    assert odt.returncode == 1 and "not a Word document or template" in odt.stderr and "Traceback" not in odt.stderr


V = "{urn:schemas-microsoft-com:vml}"


def _watermarks(docx: Path) -> List[etree._Element]:
    """The text watermarks (Word's ``PowerPlusWaterMarkObject`` WordArt shapes) in the document's headers."""
    with zipfile.ZipFile(docx) as z:
        headers = [etree.fromstring(z.read(n)) for n in sorted(z.namelist()) if re.fullmatch(r"word/header\d+\.xml", n)]
    return [s for h in headers for s in h.iter(f"{V}shape") if (s.get("id") or "").startswith("PowerPlusWaterMarkObject")]


def _grey_share(pdf: Path, page: int, folder: Path) -> float:
    """The share of a page's pixels in the watermark's light grey (LibreOffice's rendering, as a picture)."""
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", str(page), "-l", str(page), str(pdf), str(folder / "pg")], check=True, timeout=120)
    image = Image.open(next(folder.glob("pg*.png"))).convert("RGB")
    colors = image.getcolors(maxcolors=1 << 24) or []
    # silver (#C0C0C0) at half opacity over white is (223, 223, 223): a flat grey text's anti-aliasing seldom hits
    grey = sum(n for n, (r, g, b) in colors if r == g == b and 218 <= r <= 228)
    return grey / (image.width * image.height)


@needs_soffice
def test_a_draft_is_a_word_watermark_and_a_footer(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    result = run_briefgen(["build", "sources/essay.md", "--only", "docx", "--draft"], project, env=EPOCH)
    assert result.returncode == 0, result.stderr
    out = project / "build" / "essay" / "brief.docx"
    with zipfile.ZipFile(out) as z:
        footers = b"".join(z.read(n) for n in z.namelist() if n.startswith("word/footer"))
    marks = _watermarks(out)
    assert len(marks) == 1 and marks[0].get("type") == "#_x0000_t136", marks  # WordArt, as Design > Watermark writes
    style = marks[0].get("style")
    assert "rotation:315" in style and "mso-position-horizontal:center" in style and "z-index:-" in style  # behind the text
    assert marks[0].find(f"{V}textpath").get("string") == "DRAFT"
    assert b"Draft of 2023-11-14 22:13 UTC" in footers
    again = run_briefgen(["build", "sources/essay.md", "--only", "docx", "--draft", "--out", "again"], project, env=EPOCH)
    assert again.returncode == 0 and (project / "again" / "essay" / "brief.docx").read_bytes() == out.read_bytes()
    final = run_briefgen(["build", "sources/essay.md", "--only", "docx", "--out", "final"], project, env=EPOCH)
    assert final.returncode == 0
    with zipfile.ZipFile(project / "final" / "essay" / "brief.docx") as z:
        assert not any(n.startswith("word/header") for n in z.namelist())
    # LibreOffice Writer draws it (a grey diagonal word on every page); the final document, no grey (the negative)
    drawn = _grey_share(soffice_convert(out, tmp_path / "draft-pdf", "pdf"), 3, tmp_path / "draft-pdf")
    plain = _grey_share(soffice_convert(project / "final" / "essay" / "brief.docx", tmp_path / "final-pdf", "pdf"), 3, tmp_path / "final-pdf")
    assert drawn > 0.015 and plain < 0.005, (drawn, plain)


def test_an_embargo_is_the_watermark_and_a_draft_under_embargo_keeps_its_line(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    source = project / "sources" / "essay.md"
    source.write_text(source.read_text(encoding="utf-8").replace("---\n", '---\nembargo: "2027-01-10T06:00:00+01:00"\n', 1), encoding="utf-8")
    result = run_briefgen(["build", "sources/essay.md", "--only", "docx"], project, env=EPOCH)
    assert result.returncode == 0, result.stderr
    marks = _watermarks(project / "build" / "essay" / "brief.docx")
    assert [m.find(f"{V}textpath").get("string") for m in marks] == ["Embargoed until 10 January 2027, 06:00 UTC+01:00"]
    drafted = run_briefgen(["build", "sources/essay.md", "--only", "docx", "--draft", "--out", "d"], project, env=EPOCH)
    assert drafted.returncode == 0, drafted.stderr
    out = project / "d" / "essay" / "brief.docx"
    assert [m.find(f"{V}textpath").get("string") for m in _watermarks(out)] == ["DRAFT"]
    with zipfile.ZipFile(out) as z:
        headers = b"".join(z.read(n) for n in z.namelist() if n.startswith("word/header"))
    assert b">Embargoed until 10 January 2027, 06:00 UTC+01:00<" in headers


def test_right_to_left_paragraphs_run_right_to_left(tmp_path: Path) -> None:
    project = make_project(tmp_path, sources=())
    (project / "sources" / "r.md").write_text(
        '---\ntitle: "RTL"\ndate: "2024-01"\nlang: ar\nauthors:\n  - name: "A"\n    bio: "B"\n---\n\n## القسم\n\n'
        "هذه فقرة باللغة العربية.[^1]\n\nAn English paragraph.\n\n[^1]: ملاحظة.\n", encoding="utf-8")
    result = run_briefgen(["build", "sources/r.md", "--only", "docx"], project, env=EPOCH)
    assert result.returncode == 0, result.stderr
    out = project / "build" / "r" / "brief.docx"
    bidi = {"".join(t.text for t in p.iter(f"{W}t")): p.find(f"{W}pPr/{W}bidi") is not None
            for p in part(out, "word/document.xml").iter(f"{W}p")}
    assert bidi["القسم"] and bidi["هذه فقرة باللغة العربية."] and not bidi["An English paragraph."]
    assert part(out, "word/footnotes.xml").find(f".//{W}bidi") is not None
    names = style_names(out)
    assert part(out, "word/styles.xml").find(f".//{W}docDefaults//{W}lang").get(f"{W}val") == "ar-SA" and names  # Word wants a region (briefgen.language.office_tag)
