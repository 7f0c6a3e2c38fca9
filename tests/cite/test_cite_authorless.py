"""Works without an author, organisations as authors, and CSL-JSON's rich-text titles (#23 follow-ups).

A narrative ``@key`` of a work without an author printed nothing in a note style when the
style renders no names for it (a law, a bill, a hearing), and "(Inflation Reduction Act of
2022 2022)" in author-date styles; ``[-@key]`` of an authorless work left a note reading
"."; an edited book named "J. Smith" and its editor twice. CSL substitutes the editor, then
the title, for a missing author: what stands for the author is what a narrative citation
names. CSL-JSON titles read citeproc-js's ``<i>``, ``<b>``, ``<sup>``, ``<sub>`` and
``<span class="nocase">`` (APA's sentence case keeps the nocase words); any other tag stays
literal text, escaped in the handout. Checked in the engine for the three shipped styles,
then through the real command in the memo (poppler), the handout's HTML and the docx's XML.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Dict, List

import pytest

from briefgen import cite
from tests.support import pdftotext, run_briefgen

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}

BIB = """@report{noauthor2024,
  title = {Shipping Through the Strait of Hormuz},
  year = {2024},
  institution = {Maritime Institute},
}
@report{crs2023,
  author = {{Congressional Research Service}},
  title = {Federal Budget Process Basics},
  year = {2023},
  number = {R46240},
  type = {CRS Report},
}
@book{edited2020,
  editor = {Smith, Jane},
  title = {Ports and Policy},
  year = {2020},
  publisher = {Harbor Press},
  address = {Boston},
}
"""

JSON = [
    {"id": "gao2022", "type": "report", "author": [{"literal": "Government Accountability Office"}],
     "title": "Port Security in the United States", "issued": {"date-parts": [[2022]]}, "publisher": "GAO"},
    {"id": "law", "type": "legislation", "title": "Inflation Reduction Act of 2022", "number": "117-169",
     "container-title": "Stat.", "volume": "136", "page": "1818", "issued": {"date-parts": [[2022]]}},
    {"id": "bill", "type": "bill", "title": "Ports Act", "number": "H.R. 1234", "authority": "117th Congress",
     "issued": {"date-parts": [[2021]]}},
    {"id": "untitled", "type": "report", "publisher": "Nobody", "issued": {"date-parts": [[2015]]}},
    {"id": "rich", "type": "report", "author": [{"family": "Doe", "given": "Jane"}],
     "title": "Shipping Through the <span class=\"nocase\">Strait of Hormuz</span> After the <i>Ever Given</i>: "
              "H<sub>2</sub>O, 10<sup>6</sup> Tonnes and <span class=\"nocase\">Congress</span>",
     "issued": {"date-parts": [[2021]]}, "publisher": "Think Tank"},
    {"id": "iphone", "type": "article-journal", "author": [{"family": "Roe", "given": "Ann"}],
     "title": "<span class=\"nocase\">iPhone</span> Exports and the Rule of Law",
     "container-title": "Journal of Trade", "issued": {"date-parts": [[2022]]}},
    {"id": "hostile", "type": "report", "author": [{"family": "Poe", "given": "Ed"}],
     "title": "Stray </i> Tags <script>alert(1)</script> <span class=\"x\">Kept</span> <b>Open \ue000",
     "issued": {"date-parts": [[2022]]}},
]


@pytest.fixture(scope="module")
def bib(tmp_path_factory) -> cite.Bibliography:
    folder = tmp_path_factory.mktemp("authorless")
    (folder / "refs.bib").write_text(BIB, encoding="utf-8")
    (folder / "more.json").write_text(json.dumps(JSON), encoding="utf-8")
    return cite.load_bibliographies(["refs.bib", "more.json"], folder, "brief.md", 1, 1)


def fmt(bib: cite.Bibliography, style: str, text: str) -> cite.CitationResult:
    return cite.format_citations(bib, cite.load_style(style), cite.citations_in(text, "brief.md"))


def parts(result: cite.CitationResult) -> List[tuple]:
    return [(cite.plain(c.in_text), cite.plain(c.note) if c.note is not None else None) for c in result.citations]


def entry(result: cite.CitationResult, key: str) -> cite.RichText:
    return next(item.text for item in result.bibliography if item.key == key)


# ------------------------------------------------------------------ narrative and suppressed authors

def test_note_style_names_the_title_or_organisation_in_the_text(bib):
    got = parts(fmt(bib, "chicago-notes", "@noauthor2024 @law @bill @crs2023 @gao2022 @edited2020"))
    assert got[0] == ("Shipping Through the Strait of Hormuz",
                      "Shipping Through the Strait of Hormuz (Maritime Institute, 2024).")
    assert got[1] == ("Inflation Reduction Act of 2022", "Inflation Reduction Act of 2022, Pub. L. No. 117-169, "
                                                          "136 Stat. 1818 (2022).")
    assert got[2][0] == "Ports Act" and got[2][1].startswith("Ports Act, H.R. 1234")
    assert got[3][0] == "Congressional Research Service"
    assert got[3][1].startswith("Congressional Research Service, Federal Budget Process Basics, CRS Report no. R46240")
    assert got[4][0] == "Government Accountability Office"
    assert got[5] == ("Smith", "Jane Smith, ed., Ports and Policy (Boston: Harbor Press, 2020).")


def test_note_style_never_leaves_an_empty_note(bib):
    got = parts(fmt(bib, "chicago-notes", "[@untitled] [@untitled] [-@noauthor2024] [-@noauthor2024] [-@law] "
                                          "[-@crs2023] [-@crs2023]"))
    notes = [note for _, note in got]
    assert all(re.search(r"\w", note) for note in notes), notes
    assert notes[0] == notes[1] == "(Nobody, 2015)."  # no author, no title: the full note again, never "."
    assert notes[2] == "Shipping Through the Strait of Hormuz (Maritime Institute, 2024)."
    assert notes[3] == "Shipping Through the Strait of Hormuz."
    assert notes[4].startswith("Inflation Reduction Act of 2022, Pub. L. No. 117-169")
    assert notes[5] == "Federal Budget Process Basics, CRS Report no. R46240 (2023)."  # the author's name left out
    assert notes[6] == "Federal Budget Process Basics."


@pytest.mark.parametrize("style, expected", [
    ("chicago-author-date", ["Shipping Through the Strait of Hormuz (2024)", "Inflation Reduction Act of 2022 (2022)",
                             "Ports Act (2021)", "Congressional Research Service (2023)",
                             "Government Accountability Office (2022)", "Smith (2020)",
                             "(Shipping Through the Strait of Hormuz 2024, 3)", "(2024)", "(2022)", "(2023)"]),
    ("apa", ["Shipping Through the Strait of Hormuz (2024)", "Inflation Reduction Act of 2022 (2022)",
             "Ports Act (2021)", "Congressional Research Service (2023)", "Government Accountability Office (2022)",
             "Smith (2020)", "(Shipping Through the Strait of Hormuz, 2024, p. 3)", "(2024)", "(2022)", "(2023)"]),
])
def test_author_date_narrative_puts_the_title_where_the_author_stands(bib, style, expected):
    result = fmt(bib, style, "@noauthor2024 @law @bill @crs2023 @gao2022 @edited2020 [@noauthor2024, p. 3] "
                             "[-@noauthor2024] [-@law] [-@crs2023]")
    assert [in_text for in_text, _ in parts(result)] == expected


def test_the_title_standing_for_the_author_keeps_its_formatting(bib):
    narrative = fmt(bib, "chicago-author-date", "@noauthor2024").citations[0].in_text
    assert narrative[0] == cite.Run("Shipping Through the Strait of Hormuz", italic=True)
    note_text = fmt(bib, "chicago-notes", "@noauthor2024").citations[0].in_text
    assert note_text == (cite.Run("Shipping Through the Strait of Hormuz", italic=True),)


def test_an_edited_book_names_its_editor_once(bib):
    chicago = fmt(bib, "chicago-notes", "[@edited2020]")
    assert cite.plain(entry(chicago, "edited2020")) == "Smith, Jane, ed. Ports and Policy. Boston: Harbor Press, 2020."
    apa = fmt(bib, "apa", "[@edited2020]")
    assert cite.plain(entry(apa, "edited2020")) == "Smith, J. (Ed.). (2020). Ports and policy. Harbor Press."
    assert parts(apa)[0][0] == "(Smith, 2020)"


def test_organisations_are_one_name_in_every_style(bib):
    for style, expected in (("chicago-notes", "Congressional Research Service. Federal Budget Process Basics."),
                            ("apa", "Congressional Research Service. (2023). Federal budget process basics"),
                            ("chicago-author-date", "Congressional Research Service. 2023. Federal Budget")):
        result = fmt(bib, style, "[@crs2023] [@gao2022]")
        assert cite.plain(entry(result, "crs2023")).startswith(expected), style
        assert cite.plain(entry(result, "gao2022")).startswith("Government Accountability Office."), style


# ------------------------------------------------------------------ CSL-JSON rich text


def test_nocase_keeps_proper_nouns_in_apa_sentence_case(bib):
    text = entry(fmt(bib, "apa", "[@rich] [@iphone]"), "rich")
    assert cite.plain(text) == ("Doe, J. (2021). Shipping through the Strait of Hormuz after the Ever Given: "
                                "H2O, 106 tonnes and Congress. Think Tank.")
    iphone = cite.plain(entry(fmt(bib, "apa", "[@iphone]"), "iphone"))
    assert iphone.startswith("Roe, A. (2022). iPhone exports and the rule of law.")
    chicago = cite.plain(fmt(bib, "chicago-notes", "[@iphone]").citations[0].note)
    assert "“iPhone Exports and the Rule of Law,”" in chicago


def test_rich_text_tags_become_runs(bib):
    runs = entry(fmt(bib, "apa", "[@rich]"), "rich")
    by_text: Dict[str, cite.Run] = {r.text: r for r in runs}
    assert by_text["Ever Given"].italic is False  # roman inside the italic title (CSL's flip-flop)
    assert by_text["2"].italic and (by_text["2"].subscript or by_text["2"].superscript)
    assert [r for r in runs if r.subscript] and [r for r in runs if r.superscript]
    assert "<" not in cite.plain(runs) and "\ue00a" not in cite.plain(runs)


def test_other_tags_stay_literal_text(bib):
    runs = entry(fmt(bib, "apa", "[@hostile]"), "hostile")
    text = cite.plain(runs)
    assert "Stray </i> Tags <script>alert(1)</script> <span class=\"x\">Kept</span> <b>Open \ufffd" in text
    assert not any(r.bold for r in runs)  # an unclosed <b> is text, not bold
    assert not re.search("[\ue000-\ue00f]", text)  # a JSON escape cannot write the formatter's marks


def test_markup_in_other_fields_is_text(tmp_path):
    (tmp_path / "x.json").write_text(json.dumps([{"id": "a", "type": "report", "title": "T",
                                                  "publisher": "<i>Press</i>"}]), encoding="utf-8")
    bib = cite.load_bibliographies(["x.json"], tmp_path, "brief.md", 1, 1)
    assert "<i>Press</i>" in cite.plain(fmt(bib, "chicago-notes", "[@a]").citations[0].note)


# ------------------------------------------------------------------ through the real command

BRIEF = """---
title: "Works Without Authors"
date: "2026-05"
summary: "Citations of laws, untitled reports and organisations."
authors:
  - name: "A. Writer"
    bio: "Writes."
csl: STYLE
bibliography:
  - refs.bib
  - more.json
---

## Sources

As @law provides, and as @noauthor2024 shows, the ports matter. @crs2023 explains the budget
[-@noauthor2024]. The chemistry is in [@rich] and [@hostile].
"""


def build(tmp: Path, style: str, front: str = "") -> Path:
    root = tmp / style
    (root / "sources").mkdir(parents=True)
    (root / "sources" / "refs.bib").write_text(BIB, encoding="utf-8")
    (root / "sources" / "more.json").write_text(json.dumps(JSON), encoding="utf-8")
    (root / "sources" / "brief.md").write_text(BRIEF.replace("STYLE", style).replace("csl:", front + "csl:"),
                                               encoding="utf-8")
    result = run_briefgen(["build", "sources/brief.md", "--only", "memo,handout,docx", "--out", "out", "-q"],
                          root, env=EPOCH)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return root / "out" / "brief"


def outputs(out: Path) -> Dict[str, str]:
    html = (out / "handout.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(out / "brief.docx") as docx:
        xml = "".join(docx.read(n).decode() for n in ("word/document.xml", "word/footnotes.xml") if n in docx.namelist())
    return {"memo": re.sub(r"\s+", " ", pdftotext(out / "memo.pdf")),
            "handout": re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).replace("&lt;", "<").replace("&gt;", ">"),
            "html": html,
            "docx": "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)).replace("&lt;", "<").replace("&gt;", ">")}


@pytest.mark.parametrize("style, sentence", [
    ("chicago-notes", "As Inflation Reduction Act of 2022"),
    ("apa", "As Inflation Reduction Act of 2022 (2022) provides, and as Shipping Through the Strait of Hormuz (2024) "
            "shows, the ports matter. Congressional Research Service (2023) explains the budget (2024)."),
])
def test_every_output_names_the_authorless_work(tmp_path, style, sentence):
    texts = outputs(build(tmp_path, style))
    for name in ("memo", "handout", "docx"):
        flat = texts[name] if name != "docx" else re.sub(r"\s+", " ", texts[name])
        assert sentence in flat, (name, flat[:600])
        assert "Strait of Hormuz" in flat and "H₂O, 10⁶" in flat, name
        assert "<script>alert(1)</script>" in flat, name  # shown as the text it is
    assert "<script>alert" not in texts["html"] and "&lt;script&gt;alert(1)&lt;/script&gt;" in texts["html"]
    if style == "apa":
        assert "Shipping through the Strait of Hormuz after the Ever Given" in texts["memo"]
    else:
        assert "Shipping Through the Strait of Hormuz" in texts["memo"]
        assert not re.search(r"\d\. \.", texts["memo"])  # no note reading "."


def test_markup_reader_reads_only_well_formed_tags():
    from briefgen.cite.markup import read_markup
    from briefgen.cite.richtext import to_runs

    assert cite.plain(to_runs(read_markup("a <i>b <b>c</b></i> d"))) == "a b c d"
    assert to_runs(read_markup("<I>x</I>"))[0].italic
    for literal in ("</i>a<i>", "<i>open", "<span class='nocase'>x</span>", "<span class=\"nodecor\">x</span>",
                    "<i onclick=\"x\">y</i>", "<script>x</script>"):
        assert cite.plain(to_runs(read_markup(literal))) == literal, literal
    assert cite.plain(to_runs(read_markup("<i>a <b>b</i> c</b>"))) == "a <b>b c</b>"  # misnested: the inner is text
    assert cite.plain(to_runs(read_markup("<span class=\"nocase\">iPhone</span> sales"), capitalize=True)) == "iPhone sales"
    assert cite.plain(to_runs("iphone sales", capitalize=True)) == "Iphone sales"


# ------------------------------------------------------------------ a French brief's laws


def test_french_brief_keeps_us_legal_citation_forms(bib):
    import dataclasses

    style = dataclasses.replace(cite.load_style("chicago-notes"), locale="fr-FR")
    result = cite.format_citations(bib, style, cite.citations_in("[@law] [@bill] [@crs2023] [@noauthor2024]", "b.md"))
    notes = [cite.plain(c.note) for c in result.citations]
    assert notes[0] == "Inflation Reduction Act of 2022, Pub. L. No. 117-169, 136 Stat. 1818 (2022)."  # not "Acte jurid. Nº"
    assert notes[1].startswith("Ports Act, H.R. 1234")
    assert "CRS Report nº R46240" in notes[2]  # other works keep the French terms
    apa = cite.format_citations(bib, dataclasses.replace(cite.load_style("apa"), locale="fr-FR"),
                                cite.citations_in("[@law] [@untitled]", "b.md"))
    assert cite.plain(entry(apa, "law")) == "Inflation Reduction Act of 2022, Pub. L. No. 117-169, 136 Stat. 1818 (2022)."


def test_a_french_brief_prints_the_us_law_as_cited_in_the_us(tmp_path):
    texts = outputs(build(tmp_path, "chicago-notes", front="lang: fr\n"))
    for name in ("memo", "handout", "docx"):
        assert "Inflation Reduction Act of 2022, Pub. L. No. 117-169, 136 Stat. 1818 (2022)" in texts[name], name
        assert "Acte jurid" not in texts[name], name
    assert "Bibliographie" in texts["memo"]
