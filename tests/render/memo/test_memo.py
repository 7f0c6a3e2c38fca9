"""The PDF memo: build from fixture documents (and the real essay) and read back.

Every check reads the PDF with the real tools: pdftotext, pdffonts, pdfinfo
(poppler) and pypdf.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Dict, List

import pytest

pypdf = pytest.importorskip("pypdf")

from briefgen import model as m  # noqa: E402
from briefgen.render.memo import render  # noqa: E402
from briefgen.render.pdfkit.markup import MarkupWriter, Run, flatten, split_runs  # noqa: E402

from tests.support import memo_fixtures as fx  # noqa: E402

from tests.support import ROOT  # noqa: E402


# --------------------------------------------------------------------------- helpers


def tool(*args: str) -> str:
    """Run a poppler tool and return its stdout."""
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def body_only(text: str, doc: m.Document) -> str:
    """Squashed text without running heads and footers (they interrupt paragraphs)."""
    text = squash(text)
    # a long memo's running heads name the section (render/memo/navigation.py): "3 Section 3 heading"
    titled = [m.plain_text(s.title) for s in doc.sections if s.title]
    sections = [f"{i}{t}" for i, t in enumerate(titled, start=1)] + ["Notes", "Contents", "About the Authors"]
    named = "|".join(re.escape(squash(t)) for t in sorted(sections, key=len, reverse=True))
    head = re.escape(squash(doc.meta.short_title or doc.meta.title_text)) + f"(?:PolicyMemo|{named})?"
    foot = re.escape(squash(doc.meta.organization)) + r"Page\d+of\d+"
    return re.sub(foot + "|" + head, "", text)


def squash(text: str) -> str:
    """Text without whitespace, hyphens or soft hyphens (line breaks and hyphenation vanish).

    CJK is kept (the fallback face draws it); characters beyond the Basic
    Multilingual Plane are dropped: no face has the fixture's (the renderer
    warns), so what a text extractor reports for their empty boxes varies.
    """
    return re.sub(r"[\s\-\u00ad\u2010\U00010000-\U0010FFFF]+", "", text)


def shown_text(inlines: m.Inlines) -> str:
    """Plain text of inlines as the memo shows it (footnote numbers included)."""
    out = []
    for node in inlines:
        if isinstance(node, m.FootnoteRef):
            out.append(str(node.number))
        elif isinstance(node, (m.Emph, m.Strong, m.Link)):
            out.append(shown_text(node.children))
        else:
            out.append(m.plain_text((node,)))
    return "".join(out)


def pdf_text(path: Path, first: int = 0, last: int = 0) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return tool(*args, str(path), "-")


def page_count(path: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", tool("pdfinfo", str(path)), re.M).group(1))


def outline_titles(reader: "pypdf.PdfReader") -> List[object]:
    def walk(items: list) -> List[object]:
        out: List[object] = []
        for it in items:
            out.append(walk(it) if isinstance(it, list) else it.title)
        return out

    return walk(reader.outline)


def write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- shared artefacts


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("memo")


@pytest.fixture(scope="module")
def rich(workdir: Path) -> Dict[str, object]:
    doc = fx.rich_document(workdir)
    ctx = fx.context(doc)
    data = render(ctx)
    return {"doc": doc, "ctx": ctx, "data": data, "path": write(workdir, "rich.pdf", data)}


@pytest.fixture(scope="module")
def small(workdir: Path) -> m.Document:
    return fx.document([fx.section(1, [fx.para(fx.sentences(9, 5), line=10)])])


# --------------------------------------------------------------------------- content and order


def test_every_paragraph_in_order(rich: dict) -> None:
    doc: m.Document = rich["doc"]  # type: ignore[assignment]
    text = body_only(pdf_text(rich["path"]), doc)  # type: ignore[arg-type]
    pos = 0
    blocks = list(doc.lede) + [b for s in doc.sections for b in s.blocks]
    checked = 0
    for block in blocks:
        if not isinstance(block, m.Paragraph):
            continue
        want = squash(shown_text(block.inlines))
        found = text.find(want, pos)
        assert found >= 0, f"paragraph at line {block.line} missing or out of order: {want[:60]}"
        pos = found + len(want)
        checked += 1
    assert checked >= 8


def test_parts_order_and_labels(rich: dict) -> None:
    text = squash(pdf_text(rich["path"]))  # type: ignore[arg-type]
    marks = ["CENTERFORCIVICPOLICY", "POLICYMEMO", "RebuildingTrust", "BOTTOMLINE", "KEYPOINTS",
             "Everycityhasabridge", "1Section1heading", "3Section3heading", "RECOMMENDATIONS",
             "1.Fundanassetmanagementoffice", "Notes", "1.Firstnotewitha", "AbouttheAuthors",
             "AdaLovelaceSeniorFellow,EconomicStudies", "GraceHopperdirects"]
    pos = 0
    for mark in marks:
        found = text.find(squash(mark), pos)
        assert found >= 0, f"{mark} missing or out of order"
        pos = found + 1


def test_summary_and_key_points_on_page_one(rich: dict) -> None:
    page1 = squash(pdf_text(rich["path"], 1))  # type: ignore[arg-type]
    for want in ("Cities underinvest in maintenance", "Maintenance backlogs grow 4% a year.",
                 "Capital rules favour new builds.", "Ada Lovelace", "August 2018"):
        assert squash(want) in page1
    assert "Rebuilding Trust" not in pdf_text(rich["path"], 1).splitlines()[0]  # no running head on page 1


def test_markup_injection_is_literal(rich: dict) -> None:
    text = pdf_text(rich["path"])  # type: ignore[arg-type]
    flat = " ".join(text.split())
    for want in ('<font color="[[[getattr(pow,', "AT&T", "x<y and y>z", "&amp; &lt;b&gt;"):
        assert want in flat, want


def test_page_x_of_y_on_every_page(rich: dict) -> None:
    path = rich["path"]
    pages = page_count(path)  # type: ignore[arg-type]
    assert pages >= 5
    for n in range(1, pages + 1):
        text = pdf_text(path, n)  # type: ignore[arg-type]
        assert f"Page {n} of {pages}" in text, n
        assert "Center for Civic Policy" in text
        if n > 1:
            assert "Rebuilding Trust" in text.split("\n", 3)[0] + text  # running head


def test_running_head_only_after_first_page(rich: dict) -> None:
    first = pdf_text(rich["path"], 1)  # type: ignore[arg-type]
    second = pdf_text(rich["path"], 2)  # type: ignore[arg-type]
    assert second.lstrip().startswith("Rebuilding Trust")
    assert not first.lstrip().startswith("Rebuilding Trust\n")


# --------------------------------------------------------------------------- fonts and metadata


def test_fonts_all_embedded_no_base14(rich: dict) -> None:
    out = tool("pdffonts", str(rich["path"]))
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        assert " yes " in row[row.index("TrueType"):] if "TrueType" in row else False, row
        assert not re.search(r"Helvetica|Times|Courier|Symbol|ZapfDingbats", row), row
    names = " ".join(rows)
    assert "IBMPlexSerif" in names and "IBMPlexSansCond" in names and "IBMPlexMono" in names


def test_metadata(rich: dict) -> None:
    reader = pypdf.PdfReader(str(rich["path"]))
    info = reader.metadata
    assert info.title == "Rebuilding Trust in Public Infrastructure"
    assert info.author == "Ada Lovelace, Grace Hopper"
    assert info.subject.startswith("Cities underinvest in maintenance")
    assert info["/Keywords"] == "infrastructure, budgets, maintenance"
    assert info.creator == "briefgen 0.0-test"
    assert info["/CreationDate"].startswith("D:20180801000000")


def test_glyph_warning_lists_characters(rich: dict) -> None:
    msgs = [str(w) for w in rich["ctx"].warnings]  # type: ignore[attr-defined]
    cjk = [w for w in msgs if "no font has glyphs" in w]
    # 中文 is drawn by the default layout's CJK fallback face; what no face has is named
    assert cjk == ["fixture.md:303: warning: no font has glyphs for: U+12000 '\U00012000', U+20000 '\U00020000'"], msgs


# --------------------------------------------------------------------------- navigation


def test_outline_matches_sections(rich: dict) -> None:
    reader = pypdf.PdfReader(str(rich["path"]))
    # a long memo's contents page (render/memo/navigation.py) and, under it, the list of its captioned figures
    contents = ["Contents", ["Figures"]] if len(reader.pages) > 8 else []
    assert outline_titles(reader) == contents + [
        "1 Section 1 heading", ["A subheading"], "2 Section 2 heading", "3 Section 3 heading",
        "Notes", "About the Authors",
    ]
    flat = [it for it in reader.outline if not isinstance(it, list)]
    for item in flat:
        page = reader.get_destination_page_number(item)
        assert squash(item.title) in squash(pdf_text(rich["path"], page + 1)), item.title  # type: ignore[arg-type]
    pages = [reader.get_destination_page_number(it) for it in flat]
    assert pages == sorted(pages) and pages[-1] > pages[0]


def test_links_external_and_endnotes_both_ways(rich: dict) -> None:
    path = rich["path"]
    reader = pypdf.PdfReader(str(path))
    page_index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    uris, internal = [], set()
    for i, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            action = a.get("/A")
            if action is not None and "/URI" in action:
                uris.append(action["/URI"])
            elif a.get("/Dest") is not None:
                internal.add((i, page_index[a["/Dest"][0].idnum]))
    assert "https://example.org/a?b=1&c=2" in uris
    assert "https://example.org/n1" in uris

    def page_of(needle: str) -> int:
        for n in range(len(reader.pages)):
            if squash(needle) in squash(pdf_text(path, n + 1)):
                return n
        raise AssertionError(needle)

    ref_page, notes_page = page_of("S1.5"), page_of("First note with a")
    assert (ref_page, notes_page) in internal  # reference -> note
    assert (notes_page, ref_page) in internal  # note -> back to the reference
    heading = next(it for it in reader.outline if not isinstance(it, list) and it.title == "2 Section 2 heading")
    assert (page_of("see section two"), reader.get_destination_page_number(heading)) in internal


# --------------------------------------------------------------------------- paper and print profile


def _box(page: object, name: str) -> List[float]:
    return [float(v) for v in page[name]]  # type: ignore[index]


def test_letter_by_default(rich: dict) -> None:
    assert "612 x 792 pts (letter)" in tool("pdfinfo", str(rich["path"]))


def test_a4_option_and_press_profile(small: m.Document, workdir: Path) -> None:
    a4 = write(workdir, "a4.pdf", render(fx.context(small, paper="a4")))
    assert re.search(r"Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)", tool("pdfinfo", str(a4)))
    office = pypdf.PdfReader(str(write(workdir, "office.pdf", render(fx.context(small)))))
    press = pypdf.PdfReader(str(write(workdir, "press.pdf", render(fx.context(small, profile="press")))))
    assert _box(office.pages[0], "/MediaBox") == [0, 0, 612, 792]
    assert "/TrimBox" not in office.pages[0]
    for page in press.pages:
        media, trim, bleed = (_box(page, k) for k in ("/MediaBox", "/TrimBox", "/BleedBox"))
        assert media[2] > 612 + 2 * 9 and media[3] > 792 + 2 * 9
        assert trim[2] - trim[0] == pytest.approx(612) and trim[3] - trim[1] == pytest.approx(792)
        assert bleed[0] == pytest.approx(trim[0] - 9) and bleed[3] == pytest.approx(trim[3] + 9)
        assert media[0] < bleed[0]


def test_two_renders_byte_identical(rich: dict) -> None:
    again = render(fx.context(rich["doc"]))  # type: ignore[arg-type]
    assert again == rich["data"]


# --------------------------------------------------------------------------- tables and figures


def test_table_header_repeats_on_later_pages(rich: dict) -> None:
    path = rich["path"]
    pages_with_rows = []
    for n in range(1, page_count(path) + 1):  # type: ignore[arg-type]
        text = pdf_text(path, n)  # type: ignore[arg-type]
        if re.search(r"r\d+c1 value", text):
            pages_with_rows.append(n)
            assert "Heading 1" in text and "Heading 3" in text, n
    assert len(pages_with_rows) >= 3
    squashed = squash(pdf_text(path))  # type: ignore[arg-type]
    assert "r200c3value" in squashed
    assert "Z" * 3000 in squashed  # the unbreakable word is all there


def _image_placements(path: Path) -> List[List[float]]:
    reader = pypdf.PdfReader(str(path))
    found = []
    for page in reader.pages:
        content = page.get_contents().get_data().decode("latin-1")
        for mt in re.finditer(r"([\d.]+) 0 0 ([\d.]+) ([\d.-]+) ([\d.-]+) cm\s*/(\S+) Do", content):
            w, h, x, y = (float(g) for g in mt.groups()[:4])
            found.append([x, y, w, h])
    return found


def test_huge_image_fits_the_page(rich: dict) -> None:
    placements = _image_placements(rich["path"])  # type: ignore[arg-type]
    assert len(placements) == 2
    for x, y, w, h in placements:
        assert x >= 0 and y >= 0 and x + w <= 612 and y + h <= 792, (x, y, w, h)
    tall = max(placements, key=lambda p: p[3])
    assert tall[3] / tall[2] == pytest.approx(1.5, rel=0.01)  # aspect kept
    assert tall[3] < 792 - 72 * 1.8


# --------------------------------------------------------------------------- scale


def test_long_paragraph_and_many_sections(workdir: Path) -> None:
    body = fx.sentences(3, 3100)  # ~400 KB in one paragraph
    assert len(body) > 390_000
    secs = [fx.section(1, [fx.para(body, line=5)])]
    secs += [fx.section(i, [fx.para(f"Short section {i}.", line=i)]) for i in range(2, 501)]
    doc = fx.document(secs)
    path = write(workdir, "big.pdf", render(fx.context(doc)))
    text = body_only(pdf_text(path), doc)
    assert squash(body) in text  # nothing lost at the split points
    reader = pypdf.PdfReader(str(path))
    titles = outline_titles(reader)
    assert titles[0] == "Contents"  # a long memo's contents page
    assert len(titles) == 1 + 500 + 1 and titles[500] == "500 Section 500 heading"


# --------------------------------------------------------------------------- markup unit checks


def test_split_runs_keeps_text_and_formatting() -> None:
    runs = flatten((m.Text(fx.sentences(1, 40)), m.Strong((m.Text(fx.sentences(2, 40)),)), m.Text("Z" * 5000)))
    pieces = split_runs(runs, 2000)
    assert len(pieces) > 5
    assert "".join(r.text for p in pieces for r in p) == "".join(r.text for r in runs)
    assert all(sum(len(r.text) for r in p) <= 2000 for p in pieces)
    assert any(r.bold for p in pieces for r in p) and not all(r.bold for p in pieces for r in p)


def test_markup_escapes_everything() -> None:
    from briefgen.render.pdfkit.fonts import register_theme_fonts
    from briefgen.layout import load_layout

    fonts = register_theme_fonts(load_layout("default", ROOT).theme)
    writer = MarkupWriter(fonts, {"known"}, "#000000")
    out = writer.runs([Run('<font color="red">&amp;</font>'), Run("t", href='https://x.org/?a="b"&c'),
                       Run("u", href="#unknown"), Run("\x07bell")], "body")
    assert "<font color" not in out.replace('<font name="', "")
    assert "&lt;font color=\"red\"&gt;&amp;amp;&lt;/font&gt;" in out
    assert 'href="https://x.org/?a=&quot;b&quot;&amp;c"' in out
    assert "#unknown" not in out and writer.dangling == {"#unknown"} and writer.controls == 1


# --------------------------------------------------------------------------- the real parser


def _load(path: Path) -> m.Document:
    source = pytest.importorskip("briefgen.source")
    if not hasattr(source, "load_source"):
        pytest.skip("parser not available")
    return source.load_source(path, project_dir=ROOT).doc


@pytest.mark.skipif(not (ROOT / "sources" / "essay.md").is_file(), reason="no essay yet")
def test_essay_memo(workdir: Path) -> None:
    doc = _load(ROOT / "sources" / "essay.md")
    ctx = fx.context(doc)
    path = write(workdir, "essay.pdf", render(ctx))
    text = body_only(pdf_text(path), doc)
    pos = 0
    for block in m.all_body_blocks(doc):
        if isinstance(block, m.Paragraph):
            want = squash(shown_text(block.inlines))
            pos = text.find(want, pos)
            assert pos >= 0, block.line
    page1 = squash(pdf_text(path, 1))
    assert squash(m.blocks_text(doc.meta.summary))[:200] in page1
    for row in tool("pdffonts", str(path)).splitlines()[2:]:
        assert "Helvetica" not in row and " yes yes " in row, row
    titles = [t for t in outline_titles(pypdf.PdfReader(str(path))) if isinstance(t, str)]
    assert [t.split(" ", 1)[1] for t in titles[: len(doc.sections)]] == [s.title and m.plain_text(s.title) for s in doc.sections]


CORPUS = Path("/work/shared/corpus")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="no shared corpus")
@pytest.mark.parametrize("name", ["32_very_long_word", "34_table_200_rows", "37_huge_image_dimensions",
                                  "39_cjk_emoji_rtl", "46_reportlab_markup_injection", "47_html_entities"])
def test_corpus_cases(name: str, workdir: Path) -> None:
    from briefgen.errors import BriefgenError

    try:
        doc = _load(CORPUS / f"{name}.md")
    except BriefgenError:
        pytest.skip("the parser rejects this case")
    ctx = fx.context(doc)
    path = write(workdir, f"{name}.pdf", render(ctx))
    flat = " ".join(pdf_text(path).split())
    if name == "46_reportlab_markup_injection":
        for want in ("x<y and y>z", "AT&T", "<font color"):
            assert want in flat
        assert not Path("/tmp/briefgen_pwned_46").exists()
    if name == "34_table_200_rows":
        assert "note for row 199" in flat
    if name == "47_html_entities":
        assert "&bogus;" in flat
    if name == "39_cjk_emoji_rtl":
        warned = "".join(str(w) for w in ctx.warnings)
        for ch in "😀":
            if ch in m.blocks_text(list(m.all_body_blocks(doc))) + doc.meta.title_text:
                assert f"U+{ord(ch):04X}" in warned
        for ch in "中简한שא":  # the fallback faces draw these
            assert f"U+{ord(ch):04X}" not in warned


# --------------------------------------------------------------------------- layouts


def _project_layout(root: Path, memo_yaml: str) -> object:
    from briefgen.layout import load_layout

    folder = root / "layouts" / "child"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "theme.yaml").write_text("extends: default\nname: child\n", encoding="utf-8")
    (folder / "memo.yaml").write_text(memo_yaml, encoding="utf-8")
    return load_layout("child", root)


def test_child_layout_overrides_memo_yaml(workdir: Path) -> None:
    from briefgen.render import RenderContext

    layout = _project_layout(workdir / "proj1", "page:\n  columns: 2\nheadings:\n  numbered: false\n"
                             "  number_subheadings: true\nstyles:\n  h2:\n    parent: base\n    font: heading\n"
                             "    size: 20\n")
    doc = fx.document([fx.section(1, [fx.para(fx.sentences(1, 60), line=3),
                                      m.SubHeading((fx.T("Sub"),), 3, "sub", 4)])])
    path = write(workdir, "child.pdf", render(RenderContext(doc=doc, layout=layout)))
    titles = outline_titles(pypdf.PdfReader(str(path)))
    assert titles[0] == "Section 1 heading"  # not numbered
    assert titles[1] == ["Sub"]  # subheading numbers need numbered sections
    # two columns: page 2's body text starts in two places on the same baselines
    lines = tool("pdftotext", "-layout", "-f", "2", "-l", "2", str(path), "-").splitlines()
    assert sum(1 for ln in lines if re.search(r"\S\s{4,}\S", ln)) > 10


def test_bad_memo_yaml_is_a_layout_error(workdir: Path) -> None:
    from briefgen.errors import LayoutError
    from briefgen.render import RenderContext

    layout = _project_layout(workdir / "proj2", "page:\n  margin_top: wide\n")
    with pytest.raises(LayoutError, match="margin_top"):
        render(RenderContext(doc=fx.document([fx.section(1, [fx.para("x")])]), layout=layout))


def test_a_bad_memo_yaml_value_is_located_at_its_line_when_the_layout_loads(workdir: Path) -> None:
    """A value is checked once, when memo.yaml loads (not when some output first reads it), and the
    error names the file along the chain that sets it, at the key's line and column."""
    from briefgen.errors import LayoutError
    from briefgen.render.pdfkit.config import load_memo_config

    layout = _project_layout(workdir / "proj3", "page:\n  columns: 1\nonepager:\n  step: tiny\n")
    with pytest.raises(LayoutError) as caught:
        load_memo_config(layout, layout.theme)
    (diag,) = caught.value.diagnostics
    assert diag.path.endswith("child/memo.yaml") and (diag.line, diag.col) == (4, 3), str(diag)
    assert "onepager.step: 'tiny' is not a length" in diag.message
    # negative case: the same file with a good value loads, with the typed field set
    good = _project_layout(workdir / "proj4", "page:\n  columns: 1\nonepager:\n  step: 0.5pt\n")
    assert load_memo_config(good, good.theme).settings.onepager.step == 0.5


def test_deep_nesting_is_flattened_not_lost(workdir: Path) -> None:
    block: m.Block = fx.para("deep text level 39", line=9)
    for i in range(60):
        block = m.BlockQuote((block,), 9) if i % 2 else m.ListBlock((m.ListItem((block,), 9),), False, 1, 9)
    ctx = fx.context(fx.document([fx.section(1, [block])]))
    path = write(workdir, "deep.pdf", render(ctx))
    assert "deep text level 39" in pdf_text(path)
    assert any("nested deeper than" in str(w) and w.line == 9 for w in ctx.warnings)
