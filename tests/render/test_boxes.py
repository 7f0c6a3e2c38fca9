"""Boxes, callouts and cross-references (#25 item 1, #28 item 5), through the real command.

One brief with two numbered boxes (one long enough to run over pages), three callouts,
and references to a section, a figure, a table, a chart and the boxes is built into
every output and read back with the tools its readers use: pikepdf and poppler for the
PDFs (the memo's structure tree holds each box as an ``Aside`` titled "Box 1. …", the
long box's later pages say "(continued)", references are links to named destinations),
the HTML (a ``<section role="note">`` with its heading; axe in Chromium finds nothing; each box a
``Sect`` headed by its title in the handout's PDF), python-pptx and
the deck checker for the deck (a box has a slide of its own, titled, which the checker
passes), the docx's XML (a one-cell table in its own style, bookmarks and hyperlinks).
A brief whose one-pager has room shows its box there; an unknown id is a located error.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Dict, List

import pytest

from tests.support import handout_fixtures as hf
from tests.support import make_project, no_traceback, pdftotext, run_briefgen
from tests.support.tagged_fixtures import struct_elements

pikepdf = pytest.importorskip("pikepdf")

_LONG = ("The Agreed Framework of October 1994 committed North Korea to freeze and eventually dismantle its "
         "graphite-moderated reactors and related facilities, in exchange for two light-water reactors and annual "
         "shipments of heavy fuel oil. ") * 4

BRIEF = """---
title: Boxes in a Policy Memo
date: 2024-01-02
summary: A short summary.
authors:
  - name: A. Writer
    bio: Writes.
---

## Background {#sec-background}

The text refers to @box-framework, to @box-long, to [@tbl-fuel], to @fig-picture, to @fig-trend
and to @sec-options.

::: {.box #box-framework title="What Was the Agreed Framework?"}
The Agreed Framework froze North Korea's plutonium program in 1994.

- Two light-water reactors were promised.
- Heavy fuel oil was shipped each year.

Table: Heavy fuel oil shipped {#tbl-fuel}

| Year | Tonnes |
|---|---:|
| 1995 | 150,000 |
| 1996 | 500,000 |
:::

Some text after the first box, which continues the argument of the section.

::: {.callout kind=warning title="Numbers are estimates"}
The figures in this memo are estimates from open sources.
:::

::: {.callout kind=definition}
**Enrichment** raises the share of the fissile isotope uranium-235.
:::

![A bar chart picture](fig.png "Fuel deliveries by year"){#fig-picture}

::: {.chart type=bar #fig-trend}
Title: Shipments by year
Alt: Two bars, the second higher.

| Year | Tonnes |
|---|---:|
| 1995 | 150 |
| 1996 | 500 |
:::

## Options {#sec-options}

An options paragraph before the long box.

::: {.box #box-long title="A Long History of Talks"}
""" + "\n\n".join(f"Round {i}. {_LONG}" for i in range(1, 13)) + """
:::

A closing paragraph after the long box.
"""

ONEPAGER = """---
title: A One-Pager With a Box
date: 2024-01-02
authors:
  - name: A. Writer
    bio: Writes.
---

## Background

The Agreed Framework of 1994 froze North Korea's plutonium program for eight years. It collapsed in 2002.

::: {.box title="What Was the Agreed Framework?"}
A 1994 deal: North Korea froze its reactors in return for fuel oil and two light-water reactors.
:::

## Options

Talks could resume on a freeze first. That would buy time.
"""

PLAIN = """---
title: No Boxes Here
date: 2024-01-02
authors:
  - name: A. Writer
    bio: Writes.
---

## Background

A paragraph and nothing set apart.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("boxes")
    (root / "sources").mkdir()
    (root / "sources" / "boxes.md").write_text(BRIEF, encoding="utf-8")
    (root / "sources" / "onebox.md").write_text(ONEPAGER, encoding="utf-8")
    (root / "sources" / "plain.md").write_text(PLAIN, encoding="utf-8")
    hf.make_png(root / "sources" / "fig.png")
    result = run_briefgen(["build", "--only", "all", "--out", "out", "-q"], root, env={"SOURCE_DATE_EPOCH": "1700000000"},
                          timeout=900)
    assert result.returncode == 0, result.stderr
    return root / "out"


# --------------------------------------------------------------------------- memo


def _elements(pdf) -> List[tuple]:
    """``(role, /T, text of its first kid heading)`` for every structure element, in tree order."""
    out: List[tuple] = []
    stack = [pdf.Root.StructTreeRoot.K]
    while stack:
        elem = stack.pop()
        if not isinstance(elem, pikepdf.Dictionary) or elem.get("/Type") != "/StructElem":
            continue
        out.append((str(elem.S)[1:], str(elem.get("/T", ""))))
        kids = elem.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        stack.extend(reversed(kids))
    return out


def test_memo_tags_each_box_as_an_aside_with_its_title(built):
    with pikepdf.open(built / "boxes" / "memo.pdf") as pdf:
        asides = [t for role, t in _elements(pdf) if role == "Aside"]
        assert asides == ["Box 1. What Was the Agreed Framework?", "Warning: Numbers are estimates", "Definition",
                          "Box 2. A Long History of Talks"]
        assert dict(pdf.Root.StructTreeRoot.RoleMap) == {"/Aside": pikepdf.Name.Sect}
        roles = [role for role, _ in _elements(pdf)]
        first = roles.index("Aside")
        assert roles[first + 1] == "H3"  # its title line is its heading
    # the negative: a brief without boxes has no Aside and needs no role map
    with pikepdf.open(built / "plain" / "memo.pdf") as pdf:
        assert "Aside" not in [role for role, _ in _elements(pdf)]
        assert "/RoleMap" not in pdf.Root.StructTreeRoot


def test_memo_passes_the_pdfua_checker(built):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "pdfua", "check", str(built / "boxes" / "memo.pdf")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and "PASS" in result.stdout, result.stdout + result.stderr


def test_a_long_box_splits_across_pages_with_continued(built):
    pages = pdftotext(built / "boxes" / "memo.pdf").split("\f")
    holding = [i for i, page in enumerate(pages) if "Round" in page]
    assert len(holding) >= 2, "the long box should run over at least two pages"
    first, rest = holding[0], holding[1:]
    assert "Box 2. A Long History of Talks" in pages[first] and "(continued)" not in pages[first]
    for i in rest:
        assert "Box 2. A Long History of Talks (continued)" in pages[i], i
    words = " ".join(pages).split()
    assert sum(1 for w in words if w == "Round") == 12  # every paragraph of the box is there, once
    # the continued title is a pagination artifact: the tree reads the title once
    with pikepdf.open(built / "boxes" / "memo.pdf") as pdf:
        assert [t for role, t in _elements(pdf) if role == "Aside"].count("Box 2. A Long History of Talks") == 1


def _links(pdf) -> Dict[str, int]:
    """Each internal link's text (its /Contents) and the 0-based page its destination is on."""
    pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
    out: Dict[str, int] = {}
    for page in pdf.pages:
        for annot in page.get("/Annots", []):
            dest = annot.get("/Dest")
            if isinstance(dest, pikepdf.Array) and len(dest):
                out.setdefault(str(annot.get("/Contents", "")), pages.get(dest[0].objgen, -1))
    return out


def test_memo_references_read_as_labels_and_link_to_their_targets(built):
    pages = pdftotext(built / "boxes" / "memo.pdf").split("\f")
    text = " ".join(" ".join(pages).split())
    assert ("The text refers to Box 1, to Box 2, to Table 1, to Figure 1, to Figure 2 and to Options." in text), text[:600]
    assert "@box" not in text and "@fig" not in text and "@tbl" not in text
    with pikepdf.open(built / "boxes" / "memo.pdf") as pdf:
        links = _links(pdf)
    where = {"Box 1": "Box 1. What Was", "Box 2": "Box 2. A Long History", "Table 1": "Table 1. Heavy fuel",
             "Figure 1": "Figure 1. Fuel deliveries", "Figure 2": "Figure 2. Shipments", "Options": "Options"}
    for label, printed in where.items():
        assert label in links, (label, links)
        target = next(i for i, page in enumerate(pages) if printed in " ".join(page.split()) and
                      (label != "Options" or i > 0 or page.count("Options") > 1))
        assert links[label] == target, (label, links[label], target)


# --------------------------------------------------------------------------- handout


def test_handout_sets_each_box_in_a_note_section_with_a_heading(built):
    html = (built / "boxes" / "handout.html").read_text(encoding="utf-8")
    asides = re.findall(r'<section class="([^"]+)" role="note"( id="[^"]+")? aria-labelledby="([^"]+)">\n<h(\d) '
                        r'class="box-title" id="([^"]+)">(.*?)</h\d>', html)
    assert [(a[0], a[1], a[5]) for a in asides] == [
        ("box", ' id="box-framework"', '<span class="box-label">Box 1. </span>What Was the Agreed Framework?'),
        ("callout callout-warning", "", '<span class="box-label">Warning: </span>Numbers are estimates'),
        ("callout callout-definition", "", '<span class="box-label">Definition</span>'),
        ("box", ' id="box-long"', '<span class="box-label">Box 2. </span>A Long History of Talks'),
    ]
    assert all(a[2] == a[4] for a in asides)  # named by its heading
    assert all(a[3] == "3" for a in asides)  # one level under the section's h2
    for ident, label in (("box-framework", "Box 1"), ("box-long", "Box 2"), ("tbl-fuel", "Table 1"),
                         ("fig-picture", "Figure 1"), ("fig-trend", "Figure 2"), ("sec-options", "Options")):
        assert f'<a href="#{ident}">{label}</a>' in html, ident
        assert f'id="{ident}"' in html, ident


def _subtrees(elements: List[tuple]) -> List[tuple]:
    """``(role, parent's role, text of its whole subtree)`` for each element of ``struct_elements``."""
    out = []
    for i, (depth, role, _) in enumerate(elements):
        end = next((j for j in range(i + 1, len(elements)) if elements[j][0] <= depth), len(elements))
        parent = next((elements[j][1] for j in range(i - 1, -1, -1) if elements[j][0] < depth), "")
        out.append((role, parent, "".join(t for _, _, t in elements[i:end]).strip()))
    return out


def box_headings(pdf_path: Path) -> List[tuple]:
    """``(role of the element holding it, its text)`` for each H3 of a handout PDF (the boxes' titles)."""
    return [(parent, " ".join(text.split())) for role, parent, text in _subtrees(struct_elements(pdf_path))
            if role == "H3"]


def test_handout_pdf_tags_each_box_as_a_section_headed_by_its_title(built):
    # WeasyPrint tags an <aside> NonStruct: the box is a <section role="note">, a Sect in the PDF
    assert box_headings(built / "boxes" / "handout.pdf") == [
        ("Sect", "Box 1. What Was the Agreed Framework?"), ("Sect", "Warning: Numbers are estimates"),
        ("Sect", "Definition"), ("Sect", "Box 2. A Long History of Talks")]
    roles = [(role, parent) for role, parent, text in _subtrees(struct_elements(built / "boxes" / "handout.pdf"))
             if "Round 12." in text and role == "P"]
    assert roles == [("P", "Sect")]  # the long box's text on a later page: still in a Sect


def test_box_headings_sees_a_box_left_without_structure(tmp_path):
    # the negative case: the same heading in an <aside> (WeasyPrint's NonStruct) is reported as such
    from weasyprint import HTML

    html = ('<html lang="en"><head><title>t</title></head><body><main><h2>S</h2><aside class="box">'
            '<h3>Box 1. A title</h3><p>Text.</p></aside></main></body></html>')
    HTML(string=html).write_pdf(tmp_path / "aside.pdf", pdf_variant="pdf/ua-1")
    assert box_headings(tmp_path / "aside.pdf") == [("NonStruct", "Box 1. A title")]


def test_handout_pdf_prints_the_boxes(built):
    text = " ".join(pdftotext(built / "boxes" / "handout.pdf").split())
    assert "Box 1. What Was the Agreed Framework?" in text
    assert "Warning: Numbers are estimates" in text
    assert text.count("Round") == 12


@pytest.mark.slow
def test_handout_boxes_pass_axe(built):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    from tests.render.handout.test_handout import CHROMIUM, CHROMIUM_ARGS, open_page

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for width in (375, 1280):
                page, _ = open_page(browser, built / "boxes" / "handout.html", width)
                assert page.locator("section.box[role=note]").count() == 2
                violations = Axe().run(page).response["violations"]
                assert violations == [], json.dumps([(v["id"], [n["target"] for n in v["nodes"]]) for v in violations])
                page.close()
        finally:
            browser.close()


# --------------------------------------------------------------------------- deck


def _slides(path: Path) -> List[Dict[str, object]]:
    from pptx import Presentation

    out = []
    for slide in Presentation(str(path)).slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        body = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame and sh != slide.shapes.title]
        links = [r.hyperlink.address for sh in slide.shapes if sh.has_text_frame
                 for p in sh.text_frame.paragraphs for r in p.runs if r.hyperlink.address]
        out.append({"title": title, "body": " ".join(body), "layout": slide.slide_layout.name, "links": links})
    return out


def test_deck_gives_each_box_a_titled_slide_the_checker_passes(built):
    from tests.support.checkers.deck_check import check_deck

    slides = _slides(built / "boxes" / "deck.pptx")
    titles = [s["title"] for s in slides]
    for title in ("Box 1. What Was the Agreed Framework?", "Warning: Numbers are estimates", "Definition",
                  "Box 2. A Long History of Talks"):
        assert title in titles, titles
    box = slides[titles.index("Box 1. What Was the Agreed Framework?")]
    assert "froze North Korea" in str(box["body"]) and "\u201c" not in str(box["body"])  # bullets, never a quote
    boxed = {i + 1 for i, t in enumerate(titles) if t.startswith(("Box ", "Warning", "Definition"))}
    findings = [f for f in check_deck(built / "boxes" / "deck.pptx") if f.slide in boxed]
    assert findings == []


LEDE_BOX = """---
title: A Box Before the First Heading
date: 2024-01-02
summary: A short summary.
authors:
  - name: A. Writer
    bio: Writes.
---

The lede opens the brief with a sentence of its own before the box.

::: {.box title="What Was the Agreed Framework?"}
The Agreed Framework froze North Korea's plutonium program in 1994. It collapsed in 2002.
:::

## Background

The background section follows the box and makes its argument in two sentences. It ends here.
"""


def _notes(path: Path) -> List[str]:
    from pptx import Presentation

    return [s.notes_slide.notes_text_frame.text if s.has_notes_slide else "" for s in Presentation(str(path)).slides]


def test_deck_gives_a_box_in_the_lede_its_slide_before_the_first_section(tmp_path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "lede.md").write_text(LEDE_BOX, encoding="utf-8")
    result = run_briefgen(["build", "--only", "deck", "--out", "out", "-q"], tmp_path,
                          env={"SOURCE_DATE_EPOCH": "1700000000"}, timeout=900)
    assert result.returncode == 0, result.stderr
    deck = tmp_path / "out" / "lede" / "deck.pptx"
    titles = [s["title"] for s in _slides(deck)]
    assert "Box 1. What Was the Agreed Framework?" in titles, titles
    box = titles.index("Box 1. What Was the Agreed Framework?")
    assert titles.index("Bottom Line") < box < titles.index("Background")  # where the brief has it
    assert "froze North Korea" in str(_slides(deck)[box]["body"])
    notes = _notes(deck)
    said = "\n".join(notes)
    assert "The lede opens the brief" in notes[box]  # the lede's text is said with it
    assert said.count("The Agreed Framework froze") == 1  # the box's text once, on its slide's notes
    assert "The lede opens the brief" not in "".join(notes[box + 1:])


def test_deck_references_are_plain_text(built):
    slides = _slides(built / "boxes" / "deck.pptx")
    text = " ".join(str(s["body"]) for s in slides)
    assert "Box 1" in text and "@box" not in text
    assert all(not link.startswith("#") for s in slides for link in s["links"])


# --------------------------------------------------------------------------- docx, one-pager, notes


def test_docx_box_is_a_bordered_one_cell_table_in_its_style_and_references_link(built):
    with zipfile.ZipFile(built / "boxes" / "brief.docx") as package:
        xml = package.read("word/document.xml").decode("utf-8")
        styles = package.read("word/styles.xml").decode("utf-8")
    boxes = re.findall(r'<w:tblStyle w:val="BriefAside"/>.*?<w:tblCaption w:val="([^"]+)"/>', xml)
    assert boxes == ["Box 1. What Was the Agreed Framework?", "Warning: Numbers are estimates", "Definition",
                     "Box 2. A Long History of Talks"]
    assert 'w:styleId="BriefAside"' in styles and 'w:styleId="BoxTitle"' in styles
    assert xml.count("<w:tblBorders>") >= 4
    for ident in ("box_framework", "box_long", "tbl_fuel", "fig_picture", "fig_trend", "sec_options"):
        assert f'w:name="h_{ident}"' in xml, ident
        assert f'w:anchor="h_{ident}"' in xml, ident


def test_one_pager_carries_a_box_within_its_page(built):
    pdf = built / "onebox" / "onepager.pdf"
    text = " ".join(pdftotext(pdf).split())
    assert "Box 1. What Was the Agreed Framework?" in text and "fuel oil" in text
    with pikepdf.open(pdf) as doc:
        assert len(doc.pages) == 1
        assert "Box 1. What Was the Agreed Framework?" in [t for role, t in _elements(doc) if role == "Aside"]


def test_notes_handout_shows_the_box_slides(built):
    text = " ".join(pdftotext(built / "boxes" / "deck-notes.pdf").split())
    assert "Box 1. What Was the Agreed Framework?" in text


def test_rebuilds_are_byte_identical(built, tmp_path):
    again = tmp_path / "again"
    again.mkdir()
    (again / "sources").mkdir()
    (again / "sources" / "boxes.md").write_text(BRIEF, encoding="utf-8")
    hf.make_png(again / "sources" / "fig.png")
    result = run_briefgen(["build", "sources/boxes.md", "--only", "memo,handout,deck,docx", "--out", "out", "-q"], again,
                          env={"SOURCE_DATE_EPOCH": "1700000000"}, timeout=600)
    assert result.returncode == 0, result.stderr
    for name in ("memo.pdf", "handout.html", "deck.pptx", "brief.docx"):
        assert (again / "out" / "boxes" / name).read_bytes() == (built / "boxes" / name).read_bytes(), name


# --------------------------------------------------------------------------- errors


def test_an_unknown_id_is_a_located_error_with_a_suggestion(tmp_path):
    project = make_project(tmp_path, [])
    bad = BRIEF.replace("[@tbl-fuel]", "[@tbl-fule]").replace("to @fig-trend", "to @fig-nothing")
    (project / "sources" / "bad.md").write_text(bad, encoding="utf-8")
    hf.make_png(project / "sources" / "fig.png")
    result = run_briefgen(["build", "sources/bad.md", "--only", "memo,handout"], project)
    assert result.returncode == 1
    no_traceback(result.stderr)
    lines = bad.split("\n")
    row = next(i for i, text in enumerate(lines, 1) if "[@tbl-fule]" in text)
    col = lines[row - 1].index("[@tbl-fule]") + 1
    assert (f"sources/bad.md:{row}:{col}: error: '[@tbl-fule]' refers to no figure, table, box or section; "
            "did you mean '@tbl-fuel'?") in result.stderr
    assert "'@fig-nothing' refers to no figure, table, box or section" in result.stderr
    assert not (project / "build" / "bad" / "memo.pdf").exists()


def test_a_bad_callout_kind_is_a_located_error(tmp_path):
    project = make_project(tmp_path, [])
    text = PLAIN + "\n::: {.callout kind=tip}\nA tip.\n:::\n"
    (project / "sources" / "bad.md").write_text(text, encoding="utf-8")
    row = text.split("\n").index("::: {.callout kind=tip}") + 1
    result = run_briefgen(["build", "sources/bad.md", "--only", "memo"], project)
    assert result.returncode == 1
    no_traceback(result.stderr)
    assert f"sources/bad.md:{row}:15: error: unknown callout kind 'tip' (known: note, warning, definition)" in result.stderr


def test_references_read_the_layouts_labels(tmp_path):
    """A layout that calls a box "Encadré" gets "Encadré 1" in every reference (and a doc without any is kept)."""
    from briefgen import model as m
    from briefgen.model.xrefs import resolve
    from briefgen.source import load_source

    (tmp_path / "boxes.md").write_text(BRIEF, encoding="utf-8")
    hf.make_png(tmp_path / "fig.png")
    doc = load_source(tmp_path / "boxes.md").doc
    labels = {"box": "Encadré {n}", "figure": "Fig. {n}", "table": "Tableau {n}"}
    links = [(m.plain_text(n.children), n.href) for n in m.links(resolve(doc, labels))]
    assert links == [("Encadré 1", "#box-framework"), ("Encadré 2", "#box-long"), ("Tableau 1", "#tbl-fuel"),
                     ("Fig. 1", "#fig-picture"), ("Fig. 2", "#fig-trend"), ("Options", "#sec-options")]
    (tmp_path / "plain.md").write_text(PLAIN, encoding="utf-8")
    plain = load_source(tmp_path / "plain.md").doc
    assert resolve(plain, labels) is plain
