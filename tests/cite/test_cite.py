"""The citation engine (briefgen/cite, issue #23): syntax, loading, styles, formatting.

Expected strings are the style manuals' own examples (Chicago Manual of Style 17th
edition quick guides, notes-bibliography and author-date; APA Publication Manual 7th
edition reference examples), entered as CSL-JSON data; plus the CRS test bibliography
(tests/fixtures/cite/, 27 sources from the Notes of shared/real-long/).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen import cite
from briefgen.cite import CitationError, plain
from briefgen.errors import BriefgenError

from tests.support import FIXTURES as ALL_FIXTURES, ROOT

FIXTURES = ALL_FIXTURES / "cite"

MANUAL = [
    {"id": "smith2016", "type": "book", "author": [{"family": "Smith", "given": "Zadie"}], "title": "Swing Time",
     "publisher": "Penguin Press", "publisher-place": "New York", "issued": {"date-parts": [[2016]]}},
    {"id": "grazer2015", "type": "book", "author": [{"family": "Grazer", "given": "Brian"}, {"family": "Fishman", "given": "Charles"}],
     "title": "A Curious Mind: The Secret to a Bigger Life", "publisher": "Simon & Schuster", "publisher-place": "New York",
     "issued": {"date-parts": [[2015]]}},
    {"id": "satterfield2016", "type": "article-journal", "author": [{"family": "Satterfield", "given": "Susan"}],
     "title": "Livy and the Pax Deum", "title-short": "Livy", "container-title": "Classical Philology", "volume": "111",
     "issue": "2", "page": "165–76", "issued": {"date-parts": [[2016, 4]]}},
    {"id": "keng2017", "type": "article-journal", "author": [{"family": "Keng", "given": "Shao-Hsun"},
     {"family": "Lin", "given": "Chun-Hung"}, {"family": "Orazem", "given": "Peter F."}],
     "title": "Expanding College Access in Taiwan, 1978–2014: Effects on Graduate Quality and Income Inequality",
     "container-title": "Journal of Human Capital", "volume": "11", "issue": "1", "page": "1–34",
     "issued": {"date-parts": [[2017]]}, "DOI": "10.1086/690235"},
    {"id": "manjoo2017", "type": "article-newspaper", "author": [{"family": "Manjoo", "given": "Farhad"}],
     "title": "Snap Makes a Bet on the Cultural Supremacy of the Camera", "title-short": "Snap Makes a Bet",
     "container-title": "New York Times", "issued": {"date-parts": [[2017, 3, 8]]},
     "URL": "https://www.nytimes.com/2017/03/08/technology/snap-makes-a-bet-on-the-cultural-supremacy-of-the-camera.html"},
    {"id": "grady2019", "type": "article-journal", "author": [{"family": "Grady", "given": "Jessica Stoltzfus"},
     {"family": "Her", "given": "Malina"}, {"family": "Moreno", "given": "Geena"}, {"family": "Perez", "given": "Catherine"},
     {"family": "Yelinek", "given": "Jillian"}],
     "title": "Emotions in storybooks: A comparison of storybooks that represent ethnic and racial groups in the United States",
     "container-title": "Psychology of Popular Media Culture", "volume": "8", "issue": "3", "page": "207–217",
     "issued": {"date-parts": [[2019]]}, "DOI": "10.1037/ppm0000185"},
    {"id": "jackson2019", "type": "book", "author": [{"family": "Jackson", "given": "Lynne M."}],
     "title": "The psychology of prejudice: From attitudes to social action", "edition": "2",
     "publisher": "American Psychological Association", "issued": {"date-parts": [[2019]]}, "DOI": "10.1037/0000168-000"},
    {"id": "nci2019", "type": "report", "author": [{"literal": "National Cancer Institute"}],
     "title": "Taking time: Support for people with cancer", "genre": "NIH Publication", "number": "18-2059",
     "publisher": "U.S. Department of Health and Human Services, National Institutes of Health",
     "issued": {"date-parts": [[2019]]}, "URL": "https://www.cancer.gov/publications/patient-education/takingtime.pdf"},
    {"id": "carey2019", "type": "article-newspaper", "author": [{"family": "Carey", "given": "Benedict"}],
     "title": "Can we get better at forgetting?", "container-title": "The New York Times", "issued": {"date-parts": [[2019, 3, 22]]},
     "URL": "https://www.nytimes.com/2019/03/22/health/memory-forgetting-psychology.html"},
    {"id": "census-clock", "type": "webpage", "author": [{"literal": "U.S. Census Bureau"}], "title": "U.S. and world population clock",
     "publisher": "U.S. Department of Commerce", "URL": "https://www.census.gov/popclock/", "accessed": {"date-parts": [[2019, 7, 3]]}},
]


# ------------------------------------------------------------------ helpers


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def manual(tmp_path: Path) -> cite.Bibliography:
    write(tmp_path, "manual.json", json.dumps(MANUAL))
    return cite.load_bibliographies(["manual.json"], tmp_path, "brief.md", 3, 1)


def fmt(bib: cite.Bibliography, style: str, text: str, **kw) -> cite.CitationResult:
    return cite.format_citations(bib, cite.load_style(style), cite.citations_in(text, "brief.md"), **kw)


def notes(result: cite.CitationResult) -> List[str]:
    return [plain(c.note) for c in result.citations]


def in_text(result: cite.CitationResult) -> List[str]:
    return [plain(c.in_text) for c in result.citations]


def bibliography(result: cite.CitationResult) -> List[str]:
    return [plain(b.text) for b in result.bibliography]


def messages(exc: pytest.ExceptionInfo) -> List[str]:
    return [str(d) for d in exc.value.diagnostics]


# ------------------------------------------------------------------ syntax


def test_bracketed_citation_with_line_and_column():
    (before, citation, after) = cite.parse_citations("See [@key].", "brief.md", 7, 3)
    assert (before, after) == ("See ", ".")
    assert (citation.line, citation.col, citation.narrative) == (7, 7, False)
    (one,) = citation.cites
    assert (one.key, one.line, one.col, one.locator, one.suppress_author) == ("key", 7, 8, "", False)


def test_locators_prefixes_suffixes_and_several_cites():
    (c,) = cite.citations_in("[see @a, pp. 33–35; also @b, chap. 1]", "brief.md", 2, 1)
    a, b = c.cites
    assert (a.key, a.prefix, a.label, a.locator, a.col) == ("a", "see", "page", "33–35", 6)
    assert (b.key, b.prefix, b.label, b.locator, b.col) == ("b", "also", "chapter", "1", 26)
    (c,) = cite.citations_in("[@key, p. 4]", "brief.md")
    assert (c.cites[0].label, c.cites[0].locator) == ("page", "4")
    (c,) = cite.citations_in("[@doe99, pp. 33-35 and passim]", "brief.md")
    assert (c.cites[0].locator, c.cites[0].suffix) == ("33-35", " and passim")
    (c,) = cite.citations_in("[@doe99, 33]", "brief.md")
    assert (c.cites[0].label, c.cites[0].locator) == ("page", "33")
    (c,) = cite.citations_in("[@a, § 4; @b, para. 2]", "brief.md")
    assert [(x.label, x.locator) for x in c.cites] == [("section", "4"), ("paragraph", "2")]
    (c,) = cite.citations_in("[@a, about x]", "brief.md")
    assert (c.cites[0].locator, c.cites[0].suffix) == ("", ", about x")


def test_author_suppressed_and_narrative():
    (c,) = cite.citations_in("[-@key]", "brief.md", 1, 1)
    assert c.cites[0].suppress_author and c.cites[0].col == 3
    (c,) = cite.citations_in("As @goldman2021 says", "brief.md", 4, 10)
    assert c.narrative and (c.line, c.col, c.cites[0].key) == (4, 13, "goldman2021")
    (c,) = cite.citations_in("@smith04 [p. 33] says", "brief.md")
    assert c.narrative and (c.cites[0].locator, c.raw) == ("33", "@smith04 [p. 33]")


def test_keys_with_inner_punctuation_stop_before_trailing_punctuation():
    (c,) = cite.citations_in("@crs:R46654.a_b-c.", "brief.md")
    assert c.cites[0].key == "crs:R46654.a_b-c"
    (c,) = cite.citations_in("[@{weird key}]", "brief.md")
    assert c.cites[0].key == "weird key"


def test_positions_across_lines():
    (c,) = cite.citations_in("first line\n  and [@k2, § 4]", "brief.md", 10, 5)
    assert (c.line, c.col, c.cites[0].line, c.cites[0].col) == (11, 7, 11, 8)


@pytest.mark.parametrize("text", [
    "write to name@example.org today",
    "[mail name@example.org]",
    "see https://example.org/@user/status",
    "the key `[@inline]` in code",
    "a ``double `@x` span``",
    "[text without key]",
])
def test_not_citations(text: str):
    assert cite.citations_in(text, "brief.md") == []
    assert cite.syntax.merge_segments(cite.parse_citations(text, "brief.md")) == text


def test_segments_round_trip():
    text = "A [@a], @b and [see @c, p. 2; -@d] end."
    segments = cite.parse_citations(text, "brief.md")
    assert cite.syntax.merge_segments(segments) == text
    assert [s.raw for s in segments if isinstance(s, cite.Citation)] == ["[@a]", "@b", "[see @c, p. 2; -@d]"]


def test_unknown_key_is_an_error_with_did_you_mean(manual):
    citations = cite.citations_in("ok [@smith2016]\nbad [@smtih2016] and [@nothing]", "brief.md", 20, 1)
    with pytest.raises(CitationError) as exc:
        cite.check_keys(citations, manual)
    assert messages(exc) == [
        "brief.md:21:6: error: unknown citation key '@smtih2016' in manual.json; did you mean '@smith2016'?",
        "brief.md:21:23: error: unknown citation key '@nothing' in manual.json",
    ]
    assert isinstance(exc.value, BriefgenError)


# ------------------------------------------------------------------ loading


def test_bib_and_csl_json_of_the_crs_sources_load_the_same():
    bib = cite.load_bibliographies(["crs.bib"], FIXTURES, "brief.md")
    js = cite.load_bibliographies(["crs.json"], FIXTURES, "brief.md")
    assert len(bib.entries) == len(js.entries) == 27
    for key in js.keys():
        assert bib[key].type == js[key].type, key
        protected = cite.model.thaw(bib[key].data)
        protected.pop("bg-protected", None)  # the .bib's {braced} words, kept for APA's sentence case
        assert protected == cite.model.thaw(js[key].data), key
    assert bib["heitshusen2026"].line == 8 and bib["heitshusen2026"].path == "crs.bib"
    kinds = {e.type for e in js.entries.values()}
    assert {"report", "legislation", "bill", "regulation", "article-newspaper", "webpage", "dataset"} <= kinds


def test_malformed_bib_entry_is_an_error_at_its_line(tmp_path):
    write(tmp_path, "refs.bib", "@book{ok, title={Fine}}\n\n  @book{broken,\n  title = {No end\n  year = 2020\n}\n@misc{after, title={x}}\n")
    with pytest.raises(CitationError) as exc:
        cite.load_bibliographies(["refs.bib"], tmp_path, "brief.md", 2, 1)
    (msg,) = messages(exc)
    assert msg.startswith("refs.bib:3:3: error: malformed BibTeX entry '@book{broken,'")


def test_duplicate_keys_are_errors(tmp_path):
    write(tmp_path, "a.bib", "@misc{k, title={One}}\n@misc{k, title={Two}}\n")
    with pytest.raises(CitationError) as exc:
        cite.load_bibliographies(["a.bib"], tmp_path, "brief.md")
    assert messages(exc) == ["a.bib:2:1: error: duplicate entry key 'k' (each key once per bibliography)"]
    with pytest.raises(CitationError) as exc:
        cite.load_bibliographies(["crs.bib", "crs.json"], FIXTURES, "brief.md")
    assert "crs.json:2:3: error: duplicate citation key 'heitshusen2026' (also in crs.bib:8)" in messages(exc)


@pytest.mark.parametrize("rel, why", [
    ("../outside.bib", "is outside the source's folder"),
    ("/etc/refs.bib", "is an absolute path"),
    ("https://example.org/refs.bib", "is a URL"),
    ("link.bib", "is outside the source's folder"),
    ("missing.bib", "not found"),
    ("refs.txt", "must be a .bib (BibTeX) or .json (CSL-JSON) file"),
])
def test_bibliography_files_are_confined(tmp_path, rel, why):
    src = tmp_path / "src"
    write(tmp_path, "outside.bib", "@misc{x, title={Secret}}\n")
    write(src, "refs.txt", "@misc{x, title={x}}\n")
    (src / "link.bib").symlink_to(tmp_path / "outside.bib")
    with pytest.raises(CitationError) as exc:
        cite.load_bibliographies([rel], src, "src/brief.md", 4, 3)
    (msg,) = messages(exc)
    assert msg.startswith("src/brief.md:4:3: error: ") and why in msg


def test_huge_bib_is_refused_by_size_before_reading(tmp_path):
    with open(tmp_path / "huge.bib", "wb") as handle:
        handle.truncate(cite.MAX_BIB_BYTES + 1)  # sparse: nothing to read, the size alone refuses it
    with pytest.raises(CitationError) as exc:
        cite.load_bibliographies(["huge.bib"], tmp_path, "brief.md", 2, 1)
    assert "the limit is 5120 KiB" in messages(exc)[0]


def test_latex_commands_and_html_are_shown_as_text(tmp_path):
    write(tmp_path, "x.bib", r"""@report{evil,
  author = {G{\"o}del, Kurt and {Bureau of \& Statistics}},
  title = {Costs \input{/etc/passwd} of <script>alert(1)</script> {\'e}t{\'e} --- \def\x{1}\x 50\%},
  institution = {<b>Agency</b>},
  year = 2020,
}""")
    bib = cite.load_bibliographies(["x.bib"], tmp_path, "brief.md")
    entry = bib["evil"]
    assert entry.get("title") == r"Costs \input{/etc/passwd} of <script>alert(1)</script> été — \def\x{1}\x 50%"
    assert [dict(n) for n in entry.get("author")] == [{"family": "Gödel", "given": "Kurt"}, {"literal": "Bureau of & Statistics"}]
    result = fmt(bib, "apa", "[@evil]")
    text = bibliography(result)[0]
    assert "<script>alert(1)</script>" in text and r"\input{/etc/passwd}" in text and "<b>Agency</b>" in text
    assert all(run.link is None for run in result.bibliography[0].text)


def test_csl_json_markup_is_text_too(tmp_path):
    """Only citeproc-js's rich-text tags in titles are read (tests/cite/test_cite_authorless.py); the rest is text."""
    write(tmp_path, "x.json", json.dumps([{"id": "a", "type": "webpage",
                                           "title": "<i>Not</i> <span class=\"nocase\">eval</span> <u>onclick</u>",
                                           "publisher": "<i>Press</i>", "URL": "javascript:alert(1)"}]))
    result = fmt(cite.load_bibliographies(["x.json"], tmp_path, "brief.md"), "apa", "[@a]")
    assert "Not eval <u>onclick</u>" in bibliography(result)[0] and "<i>Press</i>" in bibliography(result)[0]
    runs = result.bibliography[0].text  # "<i>Press</i>. (n.d.). Not", then " eval <u>onclick</u>" in italics
    assert runs[0].text.endswith("Not") and not runs[0].italic  # <i> in an italic title: roman
    assert runs[1].text == " eval <u>onclick</u>" and runs[1].italic
    assert all(run.link is None for run in result.bibliography[0].text)  # only http(s) URLs become links


def test_crossref_is_merged_and_loops_are_errors(tmp_path):
    write(tmp_path, "ok.bib", "@incollection{ch, author={Doe, Jane}, title={Chapter}, crossref={bk}, pages={1--9}}\n"
                              "@book{bk, title={The Book}, publisher={Press}, year={2020}}\n")
    entry = cite.load_bibliographies(["ok.bib"], tmp_path, "brief.md")["ch"]
    assert (entry.get("container-title"), entry.get("publisher"), entry.get("page")) == ("The Book", "Press", "1–9")
    write(tmp_path, "loop.bib", "@misc{a, crossref={b}}\n@misc{b, crossref={c}}\n@misc{c, crossref={a}}\n@misc{d, crossref={zz}}\n")
    with pytest.raises(CitationError) as exc:
        cite.load_bibliographies(["loop.bib"], tmp_path, "brief.md")
    assert messages(exc) == [
        "loop.bib:1:1: error: crossref loop: a -> b -> c -> a",
        "loop.bib:2:1: error: crossref loop: b -> c -> a -> b",
        "loop.bib:3:1: error: crossref loop: c -> a -> b -> c",
        "loop.bib:4:1: error: crossref 'zz' of entry 'd' is not in this file",
    ]


@pytest.mark.parametrize("text, expected", [
    ('[{"id": "a", "type": "book",}]', "x.json:1:29: error: not valid JSON"),
    ('{"id": "a"}', "x.json:1:1: error: a CSL-JSON bibliography is a JSON array"),
    ('[\n  {"type": "book"}]', "x.json:2:3: error: entry 1 has no string 'id'"),
    ('[{"id": "a", "type": "novel"}]', "x.json:1:2: error: entry 'a': 'type' must be a CSL type"),
    ('[{"id": "a", "type": "book", "author": "Smith"}]', "x.json:1:2: error: entry 'a': 'author' must be a list"),
    ('[{"id": "a", "type": "book", "issued": {"date-parts": [["x"]]}}]', "x.json:1:2: error: entry 'a': 'issued': date-parts"),
])
def test_bad_csl_json_is_an_error_at_its_line(tmp_path, text, expected):
    write(tmp_path, "x.json", text)
    with pytest.raises(CitationError) as exc:
        cite.load_bibliographies(["x.json"], tmp_path, "brief.md")
    assert messages(exc)[0].startswith(expected)


def test_non_utf8_bib_is_an_error_at_its_line(tmp_path):
    (tmp_path / "x.bib").write_bytes(b"@misc{a,\n  title = {caf\xe9}}\n")
    with pytest.raises(CitationError) as exc:
        cite.load_bibliographies(["x.bib"], tmp_path, "brief.md")
    assert messages(exc) == ["x.bib:2:15: error: not valid UTF-8; save the bibliography as UTF-8"]


# ------------------------------------------------------------------ styles


def test_styles_by_name_and_by_file(tmp_path):
    assert cite.load_style(None).name == "chicago-notes" and cite.load_style(None).note
    assert not cite.load_style("apa").note and "APA" in cite.load_style("apa").title
    assert "17th" in cite.load_style("chicago-author-date").title
    write(tmp_path, "house.csl", (cite.styles.STYLES_DIR / "apa.csl").read_text(encoding="utf-8"))
    assert not cite.load_style("house.csl", tmp_path, "layout.yaml", 3, 6).note
    with pytest.raises(CitationError) as exc:
        cite.load_style("mla", tmp_path, "brief.md", 5, 6)
    assert messages(exc) == ["brief.md:5:6: error: unknown citation style 'mla': use apa, chicago-author-date, chicago-notes, or a .csl file"]


@pytest.mark.parametrize("body, expected", [
    ('<?xml version="1.0"?>\n<!DOCTYPE style [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
     '<style xmlns="http://purl.org/net/xbiblio/csl" class="note"><citation/><t>&x;</t></style>',
     "evil.csl:1:1: error: a CSL style may not have a DOCTYPE"),
    ('<style xmlns="http://purl.org/net/xbiblio/csl" class="note">\n  <citation>\n</style>',
     "evil.csl:3:"),
    ('<html/>', "evil.csl:1:1: error: not a CSL style"),
])
def test_bad_csl_files_are_refused(tmp_path, body, expected):
    write(tmp_path, "evil.csl", body)
    with pytest.raises(CitationError) as exc:
        cite.load_style("evil.csl", tmp_path, "brief.md", 2, 6)
    assert messages(exc)[0].startswith(expected)
    assert "root:" not in str(exc.value)  # the entity was never expanded


def test_csl_file_outside_the_folder_is_refused(tmp_path):
    with pytest.raises(CitationError) as exc:
        cite.load_style("../x.csl", tmp_path / "sub", "brief.md", 2, 6)
    assert "outside the source's folder" in messages(exc)[0]


# ------------------------------------------------------------------ formatting: Chicago 17 notes-bibliography


def test_chicago_notes_full_then_short_as_the_manual_shows(manual):
    result = fmt(manual, "chicago-notes", "[@smith2016, 315–16] [@satterfield2016, 170] [@manjoo2017] "
                                          "[@smith2016, 320] [@satterfield2016, 172–73] [@manjoo2017]")
    assert result.note_style and all(c.in_text == () for c in result.citations)
    assert notes(result) == [
        "Zadie Smith, Swing Time (New York: Penguin Press, 2016), 315–16.",
        "Susan Satterfield, “Livy and the Pax Deum,” Classical Philology 111, no. 2 (April 2016): 170.",
        "Farhad Manjoo, “Snap Makes a Bet on the Cultural Supremacy of the Camera,” New York Times, March 8, 2017, "
        "https://www.nytimes.com/2017/03/08/technology/snap-makes-a-bet-on-the-cultural-supremacy-of-the-camera.html.",
        "Smith, Swing Time, 320.",
        "Satterfield, “Livy,” 172–73.",
        "Manjoo, “Snap Makes a Bet.”",
    ]
    assert bibliography(result) == [
        "Manjoo, Farhad. “Snap Makes a Bet on the Cultural Supremacy of the Camera.” New York Times, March 8, 2017. "
        "https://www.nytimes.com/2017/03/08/technology/snap-makes-a-bet-on-the-cultural-supremacy-of-the-camera.html.",
        "Satterfield, Susan. “Livy and the Pax Deum.” Classical Philology 111, no. 2 (April 2016): 165–76.",
        "Smith, Zadie. Swing Time. New York: Penguin Press, 2016.",
    ]


def test_chicago_notes_rich_text_italics_and_links(manual):
    result = fmt(manual, "chicago-notes", "[@smith2016] [@keng2017, 9–10]")
    runs = result.citations[0].note
    assert [r.text for r in runs if r.italic] == ["Swing Time"]
    runs = result.citations[1].note
    assert plain(runs) == ("Shao-Hsun Keng, Chun-Hung Lin, and Peter F. Orazem, “Expanding College Access in Taiwan, "
                           "1978–2014: Effects on Graduate Quality and Income Inequality,” Journal of Human Capital 11, "
                           "no. 1 (2017): 9–10, https://doi.org/10.1086/690235.")
    (link,) = [r for r in runs if r.link]
    assert link.text == link.link == "https://doi.org/10.1086/690235"
    assert [r.text for r in runs if r.italic] == ["Journal of Human Capital"]


def test_ibid_is_off_by_default_and_available(manual):
    text = "[@smith2016, 315–16] [@smith2016, 320] [@smith2016, 320]"
    assert notes(fmt(manual, "chicago-notes", text)) == [
        "Zadie Smith, Swing Time (New York: Penguin Press, 2016), 315–16.", "Smith, Swing Time, 320.", "Smith, Swing Time, 320."]
    # The CSL file's "ibid" branch is Chicago 17's recommended author-only short form (14.34).
    assert notes(fmt(manual, "chicago-notes", text, ibid=True))[1:] == ["Smith, 320.", "Smith, 320."]


def test_note_prefixes_order_suppression_and_narrative(manual):
    result = fmt(manual, "chicago-notes", "[see @manjoo2017; also @smith2016, 12] [-@smith2016, 4] @satterfield2016 argues",
                 in_footnote=[False, False, True])
    assert notes(result)[0].startswith("See Farhad Manjoo, “Snap Makes a Bet")  # written order kept, capitalized
    assert notes(result)[0].endswith("; also Zadie Smith, Swing Time (New York: Penguin Press, 2016), 12.")
    assert notes(result)[1] == "Swing Time, 4."
    narrative = result.citations[2]
    assert plain(narrative.in_text) == "Satterfield"  # the surname in the text, the full note (CMOS 17 14.29)
    assert plain(narrative.note) == "Susan Satterfield, “Livy and the Pax Deum,” Classical Philology 111, no. 2 (April 2016): 165–76."


def test_title_case_keeps_stop_words_after_abbreviations(manual):
    result = fmt(manual, "chicago-notes", "[@census-clock] [@carey2019]")
    assert notes(result) == [
        "U.S. Census Bureau, “U.S. and World Population Clock,” U.S. Department of Commerce, accessed July 3, 2019, "
        "https://www.census.gov/popclock/.",
        "Benedict Carey, “Can We Get Better at Forgetting?” The New York Times, March 22, 2019, "
        "https://www.nytimes.com/2019/03/22/health/memory-forgetting-psychology.html.",
    ]


# ------------------------------------------------------------------ formatting: Chicago 17 author-date


def test_chicago_author_date_as_the_manual_shows(manual):
    result = fmt(manual, "chicago-author-date", "[@grazer2015, 12] [@smith2016, 315–16] [@keng2017, 9–10] "
                                                "@grazer2015 [p. 12] [-@smith2016, 320]")
    assert not result.note_style and all(c.note is None for c in result.citations)
    assert in_text(result) == ["(Grazer and Fishman 2015, 12)", "(Smith 2016, 315–16)", "(Keng, Lin, and Orazem 2017, 9–10)",
                               "Grazer and Fishman (2015, 12)", "(2016, 320)"]
    assert bibliography(result)[0] == "Grazer, Brian, and Charles Fishman. 2015. A Curious Mind: The Secret to a Bigger Life. New York: Simon & Schuster."
    assert bibliography(result)[2] == "Smith, Zadie. 2016. Swing Time. New York: Penguin Press."
    # The manual (15.47) writes "11, no. 1 (Spring): 1–34"; the CSL file writes the issue in parentheses.
    assert bibliography(result)[1] == (
        "Keng, Shao-Hsun, Chun-Hung Lin, and Peter F. Orazem. 2017. “Expanding College Access in Taiwan, 1978–2014: "
        "Effects on Graduate Quality and Income Inequality.” Journal of Human Capital 11 (1): 1–34. https://doi.org/10.1086/690235.")


# ------------------------------------------------------------------ formatting: APA 7


def test_apa_references_as_the_manual_shows(manual):
    result = fmt(manual, "apa", "[@grady2019] [@jackson2019, 12] [@nci2019] [@carey2019] [@census-clock]")
    assert in_text(result) == ["(Grady et al., 2019)", "(Jackson, 2019, p. 12)", "(National Cancer Institute, 2019)",
                               "(Carey, 2019)", "(U.S. Census Bureau, n.d.)"]
    assert bibliography(result) == [
        "Carey, B. (2019, March 22). Can we get better at forgetting? The New York Times. "
        "https://www.nytimes.com/2019/03/22/health/memory-forgetting-psychology.html",
        "Grady, J. S., Her, M., Moreno, G., Perez, C., & Yelinek, J. (2019). Emotions in storybooks: A comparison of "
        "storybooks that represent ethnic and racial groups in the United States. Psychology of Popular Media Culture, "
        "8(3), 207–217. https://doi.org/10.1037/ppm0000185",
        "Jackson, L. M. (2019). The psychology of prejudice: From attitudes to social action (2nd ed.). "
        "American Psychological Association. https://doi.org/10.1037/0000168-000",
        "National Cancer Institute. (2019). Taking time: Support for people with cancer (NIH Publication No. 18-2059). "
        "U.S. Department of Health and Human Services, National Institutes of Health. "
        "https://www.cancer.gov/publications/patient-education/takingtime.pdf",
        "U.S. Census Bureau. (n.d.). U.S. and world population clock. U.S. Department of Commerce. "
        "Retrieved July 3, 2019, from https://www.census.gov/popclock/",
    ]
    grady = result.bibliography[1].text
    assert [r.text for r in grady if r.italic] == ["Psychology of Popular Media Culture", "8"]


def test_apa_narrative_and_suppressed_author_despite_its_citation_sort(manual):
    result = fmt(manual, "apa", "@jackson2019 [p. 4] shows [-@grady2019] [@smith2016; @grazer2015]")
    assert in_text(result) == ["Jackson (2019, p. 4)", "(2019)", "(Grazer & Fishman, 2015; Smith, 2016)"]


# ------------------------------------------------------------------ the CRS sources


CRS_NOTES = {
    "heitshusen2026": "Valerie Heitshusen, Electing the Speaker of the House of Representatives: Frequently Asked Questions, "
                      "CRS Report no. R44243 (Washington, DC: Congressional Research Service, 2026), 4, "
                      "https://www.congress.gov/crs-product/R44243.",
    "pl117-169": "Inflation Reduction Act of 2022, Pub. L. No. 117-169, 136 Stat. 1818 (2022).",
    "usc42-7436": "Methane Emissions and Waste Reduction Incentive Program for Petroleum and Natural Gas Systems, "
                  "42 U.S.C. § 7436 (2024).",
    "hr5376": "Inflation Reduction Act of 2022, H.R. 5376, 117th Cong. (2022), https://www.congress.gov/bill/117th-congress/house-bill/5376.",
    "soon2026": "Weilun Soon, “Shipowners Eye Hormuz Truce with 800 Vessels Still Trapped,” gCaptain, April 8, 2026, "
                "https://gcaptain.com/shipowners-eye-hormuz-truce-with-800-vessels-still-trapped/.",
    "eda-key-definitions": "Economic Development Administration, “Key Definitions,” U.S. Economic Development Administration, "
                           "accessed April 20, 2026, https://www.eda.gov/performance/key-definitions/.",
    "gao-11-477r": "U.S. Government Accountability Office, Efficiency and Effectiveness of Fragmented Economic Development "
                   "Programs Are Unclear, GAO-11-477R (Washington, DC: U.S. Government Accountability Office, 2011), "
                   "https://www.gao.gov/products/gao-11-477r.",
}


def test_crs_report_types_in_chicago_notes():
    bib = cite.load_bibliographies(["crs.json"], FIXTURES, "brief.md")
    text = " ".join(f"[@{k}, 4]" if k == "heitshusen2026" else f"[@{k}]" for k in CRS_NOTES)
    assert dict(zip(CRS_NOTES, notes(fmt(bib, "chicago-notes", text)))) == CRS_NOTES


def test_crs_bibliography_each_cited_work_once_in_style_order_unused_entries_fine():
    bib = cite.load_bibliographies(["crs.bib"], FIXTURES, "brief.md")
    text = "[@soon2026] [@maritime-exec-ceasefire; @census-usatrade] [@soon2026, 3] @heitshusen2026 [@pl117-169]"
    result = fmt(bib, "chicago-notes", text)
    assert [b.key for b in result.bibliography] == ["heitshusen2026", "pl117-169", "maritime-exec-ceasefire", "soon2026",
                                                    "census-usatrade"]
    assert bibliography(result)[2] == ("Maritime Executive. “Iran Confirms Two-Week Ceasefire and a Limited Reopening of "
                                       "Strait of Hormuz.” April 7, 2026. https://maritime-executive.com/article/"
                                       "iran-confirms-two-week-ceasefire-and-a-limited-reopening-of-hormuz.")
    assert [b.key for b in fmt(bib, "apa", text).bibliography] == [
        "heitshusen2026", "pl117-169", "maritime-exec-ceasefire", "soon2026", "census-usatrade"]


@pytest.mark.parametrize("style", ["chicago-notes", "chicago-author-date", "apa"])
def test_bib_and_csl_json_format_identically(style):
    keys = [item["id"] for item in json.loads((FIXTURES / "crs.json").read_text(encoding="utf-8"))]
    text = " ".join(f"[@{k}]" for k in keys)
    a = fmt(cite.load_bibliographies(["crs.bib"], FIXTURES, "brief.md"), style, text)
    b = fmt(cite.load_bibliographies(["crs.json"], FIXTURES, "brief.md"), style, text)
    if style == "apa":  # the .bib's {braced} words stay capital in APA's sentence case; the JSON cannot say so
        assert [plain(x.text).lower() for x in a.bibliography] == [plain(x.text).lower() for x in b.bibliography]
        assert any("Hormuz truce" in plain(x.text) for x in a.bibliography)  # {Hormuz} in crs.bib
        assert any("hormuz truce" in plain(x.text) for x in b.bibliography)
        return
    assert a.citations == b.citations and a.bibliography == b.bibliography
    assert len(b.bibliography) == 27 and len({x.key for x in b.bibliography}) == 27
    assert not any("\ue000" <= ch <= "\ue00f" for item in b.bibliography for ch in plain(item.text))


def test_formatting_is_deterministic_across_processes():
    script = (
        "import sys, pathlib\nfrom briefgen import cite\n"
        f"d = pathlib.Path({str(FIXTURES)!r})\n"
        "bib = cite.load_bibliographies(['crs.bib'], d, 'brief.md')\n"
        "keys = list(bib.keys())\n"
        "for style in ('chicago-notes', 'chicago-author-date', 'apa'):\n"
        "    r = cite.format_citations(bib, cite.load_style(style), cite.citations_in(' '.join('[@%s]' % k for k in keys + keys[::-1]), 'b.md'))\n"
        "    print(repr(r))\n"
    )
    outs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        outs.append(done.stdout)
    assert outs[0] == outs[1] and len(outs[0]) > 10000


def test_entries_the_style_processor_fails_on_are_errors_at_their_line(tmp_path, monkeypatch):
    write(tmp_path, "x.json", '[{"id": "a", "type": "book", "title": "Fine"},\n {"id": "b", "type": "book", "title": "Odd"}]')
    bib = cite.load_bibliographies(["x.json"], tmp_path, "brief.md")
    real = cite.csl.FixedText._variable

    def failing(self, item, context):  # stands for any citeproc-py failure on unusual data
        if self.get("variable") == "title" and str(item.reference.get("title")) == "Odd":
            raise TypeError("can only concatenate str (not \"NoneType\") to str")
        return real(self, item, context)

    monkeypatch.setattr(cite.csl.FixedText, "_variable", failing)
    with pytest.raises(CitationError) as exc:
        fmt(bib, "apa", "[@a] [@b]")
    (msg,) = messages(exc)
    assert msg.startswith("x.json:2:2: error: entry 'b' cannot be formatted in the style 'apa' (TypeError: ")


def test_impossible_dates_are_refused_when_loading(tmp_path):
    write(tmp_path, "x.json", '[{"id": "a", "type": "book", "issued": {"date-parts": [[2020, 25, 1]]}}]')
    with pytest.raises(CitationError) as exc:
        cite.load_bibliographies(["x.json"], tmp_path, "brief.md")
    assert messages(exc) == ["x.json:1:2: error: entry 'a': 'issued': month 25 is not 1 to 12 (or 13 to 24 for seasons)"]


def test_hostile_text_does_not_recurse_or_crawl():
    assert "x" in cite.latex.latex_to_text("{" * 5000 + "x" + "}" * 5000)  # no RecursionError
    assert len(cite.citations_in("[" + " @a" * 3000, "brief.md")) == 3000


def test_year_suffixes_tell_same_author_same_year_apart(tmp_path):
    entries = [{"id": k, "type": "report", "author": [{"family": "Ramseur", "given": "Jonathan L."}], "title": t,
                "issued": {"date-parts": [[y]]}} for k, t, y in (("z", "Zeta report", 2024), ("a", "Alpha report", 2024),
                                                                 ("o", "Other", 2023))]
    write(tmp_path, "y.json", json.dumps(entries))
    bib = cite.load_bibliographies(["y.json"], tmp_path, "brief.md")
    result = fmt(bib, "chicago-author-date", "[@z, 4] [@a] [@o]")
    assert in_text(result) == ["(Ramseur 2024b, 4)", "(Ramseur 2024a)", "(Ramseur 2023)"]
    # Repeated authors as the 3-em dash (CMOS 17 15.17), which citeproc-py leaves to us.
    assert bibliography(result) == ["Ramseur, Jonathan L. 2023. Other.", "———. 2024a. Alpha Report.", "———. 2024b. Zeta Report."]
    assert bibliography(fmt(bib, "chicago-notes", "[@z] [@o] [@a]")) == [
        "Ramseur, Jonathan L. Alpha Report. 2024.", "———. Other. 2023.", "———. Zeta Report. 2024."]
    assert bibliography(fmt(bib, "apa", "[@z] [@a]"))[1] == "Ramseur, J. L. (2024b). Zeta report."  # APA repeats names
    assert in_text(fmt(bib, "apa", "[@z] [@o]")) == ["(Ramseur, 2024)", "(Ramseur, 2023)"]  # only among cited works


# ------------------------------------------------------------------ every diagnostic of briefgen/cite names its line and column
# tests/house/test_diagnostics.py accounts for briefgen/cite's emission sites with these cases (the package is not
# wired into the build yet, so they are driven here through its API rather than through a source).


def _load(files, text=None, name="x.bib", rel=None):
    def run(tmp: Path):
        if text is not None:
            write(tmp, name, text)
        cite.load_bibliographies(files if rel is None else rel(tmp), tmp, "brief.md", 2, 1)
    return run


def _style(spec, text=None, name="s.csl", base=True):
    def run(tmp: Path):
        if text is not None:
            write(tmp, name, text)
        cite.load_style(spec, tmp if base else None, "brief.md", 3, 6)
    return run


def _sparse(name, size, then):
    def run(tmp: Path):
        with open(tmp / name, "wb") as handle:
            handle.truncate(size)
        then(tmp)
    return run


def _style_fails(tmp: Path):
    write(tmp, "x.json", '[{"id": "a", "type": "book", "title": "A"}, {"id": "b", "type": "book", "title": "B"}]')
    write(tmp, "broken.csl", '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text">\n'
                             '<citation><layout><text macro="missing"/></layout></citation></style>')
    bib = cite.load_bibliographies(["x.json"], tmp, "brief.md")
    cite.format_citations(bib, cite.load_style("broken.csl", tmp, "brief.md"), cite.citations_in("[@a; @b]", "brief.md"))


def _entry_fails(tmp: Path):
    write(tmp, "x.json", '[{"id": "a", "type": "book", "title": "Fine"},\n {"id": "b", "type": "book", "title": "Odd"}]')
    bib = cite.load_bibliographies(["x.json"], tmp, "brief.md")
    real = cite.csl.FixedText._variable

    def failing(self, item, context):  # stands for any citeproc-py failure on unusual data
        if self.get("variable") == "title" and str(item.reference.get("title")) == "Odd":
            raise TypeError("can only concatenate str (not \"NoneType\") to str")
        return real(self, item, context)

    cite.csl.FixedText._variable = failing
    try:
        fmt(bib, "apa", "[@a] [@b]")
    finally:
        cite.csl.FixedText._variable = real


def _unknown_key(tmp: Path):
    write(tmp, "x.json", '[{"id": "smith2016", "type": "book"}]')
    cite.check_keys(cite.citations_in("[@smtih2016]", "brief.md", 4, 1), cite.load_bibliographies(["x.json"], tmp, "brief.md"))


def _nocite(items, with_bibliography=True):
    def run(tmp: Path):
        from types import SimpleNamespace

        from briefgen.source import citeplace

        raw = SimpleNamespace(nocite=[text for text, _ in items], positions={
            "nocite": (9, 1), **{f"nocite.{i}": (9 + i, 5) for i, (_, _) in enumerate(items, start=1)}})
        if not with_bibliography:
            citeplace.require_bibliography(raw, "brief.md")
        write(tmp, "x.json", '[{"id": "smith2016", "type": "book"}]')
        citeplace.uncited_keys(citeplace.nocite_items(raw), cite.load_bibliographies(["x.json"], tmp, "brief.md"), "brief.md")
    return run


CSL = '<style xmlns="http://purl.org/net/xbiblio/csl" class="{cls}">\n  {body}\n</style>'
CITE_CASES = {
    "cite/bibtex.py: f\"duplicate entry key '{block.key}' (each key once": (_load(["x.bib"], "@misc{k,title={a}}\n@misc{k,title={b}}\n"), "duplicate entry key"),
    "cite/bibtex.py: f\"malformed BibTeX entry '{head}': check its brace": (_load(["x.bib"], "@misc{k,\n title={a\n"), "malformed BibTeX entry"),
    "cite/bibtex.py: f'an entry has the field {fields} more than once'": (_load(["x.bib"], "@misc{k, title={a},\n title={b}}\n"), "more than once"),
    "cite/csljson.py: 'a CSL-JSON bibliography is a JSON array of entrie": (_load(["x.json"], "{}", "x.json"), "JSON array"),
    "cite/csljson.py: f'entry {index + 1} is not a JSON object'": (_load(["x.json"], "[\n 3]", "x.json"), "not a JSON object"),
    "cite/csljson.py: f\"entry {index + 1} has no string 'id'\"": (_load(["x.json"], '[{"type": "book"}]', "x.json"), "no string 'id'"),
    "cite/csljson.py: f\"entry '{key}': 'type' must be a CSL type (report": (_load(["x.json"], '[{"id": "a", "type": "x"}]', "x.json"), "must be a CSL type"),
    "cite/csljson.py: f'not valid JSON: {exc.msg}'": (_load(["x.json"], "[\n{", "x.json"), "not valid JSON"),
    "cite/csljson.py: f\"entry '{key}': {exc}\"": (_load(["x.json"], '[{"id": "a", "type": "book", "author": "Smith"}]', "x.json"), "entry 'a'"),
    "cite/engine.py: f\"entry '{key}' cannot be formatted in the style '": (_entry_fails, "cannot be formatted"),
    'cite/engine.py: f"the citation style cannot be used ({reason}); ch': (_style_fails, "cannot be used"),
    "cite/load.py: \"each 'bibliography' file is a relative path (text": (_load([5]), "relative path"),
    "cite/load.py: f\"bibliography '{rel}' is {info.st_size // 1024} K": (_sparse("big.bib", cite.MAX_BIB_BYTES + 1, _load(["big.bib"])), "the limit is"),
    "cite/load.py: f\"bibliography '{rel}' must be a .bib (BibTeX) or ": (_load(["x.txt"], "x", "x.txt"), "must be a .bib"),
    "cite/load.py: f'{len(merged)} entries; the limit is {MAX_ENTRIES": (_load(["x.bib"], "".join(f"@misc{{k{i},}}\n" for i in range(20001))), "entries; the limit"),
    "cite/load.py: f\"duplicate citation key '{entry.key}' (also in {f": (_load(["x.bib", "y.bib"], None, rel=lambda t: (write(t, "x.bib", "@misc{k,}"), write(t, "y.bib", "@misc{k,}"), ["x.bib", "y.bib"])[-1]), "duplicate citation key"),
    "cite/load.py: str(exc)": (_load(["../x.bib"]), "outside the source's folder"),
    "cite/load.py: 'not valid UTF-8; save the bibliography as UTF-8'": (_load(["x.bib"], None, rel=lambda t: ((t / "x.bib").write_bytes(b"\n\xff"), ["x.bib"])[-1]), "not valid UTF-8"),
    "cite/load.py: f'crossref loop: {loop}'": (_load(["x.bib"], "@misc{a, crossref={a}}\n"), "crossref loop"),
    "cite/load.py: f\"crossref '{parent}' of entry '{key}' is not in t": (_load(["x.bib"], "@misc{a, crossref={b}}\n"), "is not in this file"),
    "cite/styles.py: f\"unknown citation style '{spec}': use {names}, or": (_style("mla"), "unknown citation style"),
    "cite/styles.py: f\"style file '{spec}' has no folder to be found in": (_style("s.csl", base=False), "no folder"),
    "cite/styles.py: f\"style file '{spec}' is {info.st_size // 1024} Ki": (_sparse("s.csl", 3 * 1024 * 1024, _style("s.csl")), "the limit is"),
    "cite/styles.py: 'a CSL style may not have a DOCTYPE'": (_style("s.csl", "<!DOCTYPE style>\n<style/>"), "DOCTYPE"),
    "cite/styles.py: 'not a CSL style (the root must be <style> in the ": (_style("s.csl", "<style/>"), "not a CSL style"),
    "cite/styles.py: \"a CSL style's class must be 'note' or 'in-text'\"": (_style("s.csl", CSL.format(cls="x", body="")), "class must be"),
    "cite/styles.py: 'the CSL style has no <citation>'": (_style("s.csl", CSL.format(cls="note", body="<info/>")), "no <citation>"),
    "cite/styles.py: str(exc)": (_style("../s.csl"), "outside the source's folder"),
    "cite/styles.py: f'not a valid CSL style (XML): {exc.msg}'": (_style("s.csl", "<style>\n<oops></style>"), "not a valid CSL style"),
    "cite/syntax.py: f\"unknown citation key '@{cite.key}'{where}{hint}\"": (_unknown_key, "did you mean"),
    "source/citeplace.py: \"'nocite' needs 'bibliography': the files the cita": (_nocite([("@*", 0)], False), "needs 'bibliography'"),
    "source/citeplace.py: f\"'nocite' lists citation keys written '@key' (or ": (_nocite([("smith2016", 0)]), "lists citation keys"),
    "source/citeplace.py: f\"unknown citation key '@{key}' in 'nocite'{where}": (_nocite([("@smtih2016", 0)]), "did you mean"),
}
CITE_EXEMPT = {
    "cite/bibtex.py: f'malformed BibTeX block ({type(block).__name__})'": "a failed block of a kind bibtexparser 2.1 does not make; at the block's line and column all the same",
    "cite/load.py: f\"bibliography '{rel}' is larger than {MAX_BIB_BYT": "the file grew between its size check and its reading (a race); at the bibliography field's line and column",
    "cite/load.py: f\"bibliography '{rel}' cannot be read: {exc.strerr": "an unreadable file (as root every file reads); at the bibliography field's line and column",
    "cite/styles.py: f\"style file '{spec}' cannot be read: {exc.strerro": "an unreadable file (as root every file reads); at the csl field's line and column",
}


@pytest.mark.parametrize("site", sorted(CITE_CASES))
def test_each_cite_diagnostic_names_its_line_and_column(tmp_path: Path, site: str):
    make, words = CITE_CASES[site]
    with pytest.raises(CitationError) as exc:
        make(tmp_path)
    diag = exc.value.diagnostics[0]
    assert words in diag.message
    assert diag.line is not None and diag.col is not None, str(diag)


# ------------------------------------------------------------------ properties (derandomized: no flaky runs)

_PIECES = st.sampled_from(["@", "[", "]", ";", "-", " ", "\n", ",", "p.", "@a", "@key:b.c", "see ", "x@y.org", "`", "{", "}",
                           "https://h/@u", "pp. 3-4", "é", "@{k k}", "(", ")", "!", "."])


@settings(max_examples=300, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_PIECES, max_size=30), st.integers(1, 500), st.integers(1, 80))
def test_parser_round_trips_and_points_at_each_at_sign(pieces, line, col):
    text = "".join(pieces)
    segments = cite.parse_citations(text, "brief.md", line, col)
    assert cite.syntax.merge_segments(segments) == text
    lines = text.split("\n")
    for citation in (s for s in segments if isinstance(s, cite.Citation)):
        assert text[citation.start:citation.end] == citation.raw
        for one in citation.cites:
            row = lines[one.line - line]
            offset = one.col - (col if one.line == line else 1)
            assert row[offset] == "@", (text, one)


@settings(max_examples=200, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(list("\\{}\"'`^~=.uvHckrdb aoeiOA&%$#_-") + ["\\ss", "\\input", "--"]), max_size=40))
def test_latex_conversion_never_fails(pieces):
    assert isinstance(cite.latex.latex_to_text("".join(pieces)), str)


def test_bibliography_sorts_accented_and_italic_keys_among_the_letters(tmp_path):
    entries = [{"id": "z", "type": "book", "author": [{"family": "Zubiri", "given": "Ana"}], "title": "Z"},
               {"id": "e", "type": "book", "author": [{"family": "Éluard", "given": "Paul"}], "title": "E"},
               {"id": "m", "type": "article-magazine", "title": "Unsigned", "container-title": "Maritime Executive"},
               {"id": "a", "type": "book", "author": [{"family": "Adams", "given": "Ann"}], "title": "A"}]
    write(tmp_path, "s.json", json.dumps(entries))
    result = fmt(cite.load_bibliographies(["s.json"], tmp_path, "brief.md"), "chicago-notes", "[@z; @e; @m; @a]")
    assert [b.key for b in result.bibliography] == ["a", "e", "m", "z"]


def test_locators_keep_their_labels_in_every_style():
    bib = cite.load_bibliographies(["refs.bib", "more.json"], ALL_FIXTURES / "cite-brief", "brief.md")
    text = "[@precedents-wickham, chap. 6] [@lawhorn2026, para. 3] [@heitshusen2026, p. 4] [@ramseur2026, sec. 2]"
    got = {style: [plain(c.note or c.in_text) for c in cite.format_citations(
        bib, cite.load_style(style), cite.citations_in(text, "b.md")).citations]
        for style in ("chicago-notes", "chicago-author-date", "apa")}
    assert got["chicago-author-date"] == ["(Wickham 2019, chap. 6)", "(Lawhorn 2026, para. 3)", "(Heitshusen 2026, 4)",
                                          "(Ramseur 2026, sec. 2)"]
    assert got["apa"] == ["(Wickham, 2019, Chapter 6)", "(Lawhorn, 2026, para. 3)", "(Heitshusen, 2026, p. 4)",
                          "(Ramseur, 2026, Section 2)"]
    assert got["chicago-notes"][0].endswith("2019), chap. 6.")
    assert ", para. 3, https://" in got["chicago-notes"][1]


def test_narrative_citation_in_a_note_style_names_the_surname_in_the_text():
    bib = cite.load_bibliographies(["refs.bib", "more.json"], ALL_FIXTURES / "cite-brief", "brief.md")
    result = cite.format_citations(bib, cite.load_style("chicago-notes"),
                                   cite.citations_in("@heitshusen2026 argues; @frittelli2026 [p. 3] say", "b.md"))
    assert [plain(c.in_text) for c in result.citations] == ["Heitshusen", "Frittelli and Goldman"]
    assert plain(result.citations[0].note).startswith("Valerie Heitshusen, Electing the Speaker")


def test_apa_titles_in_sentence_case_keeping_braced_words_and_acronyms():
    bib = cite.load_bibliographies(["refs.bib", "more.json"], ALL_FIXTURES / "cite-brief", "brief.md")
    keys = ["frittelli2026", "eda-key-definitions", "lawhorn2026", "eda-cbj2024", "eisinger1988", "pl117-169", "soon2026"]
    text = " ".join(f"[@{k}]" for k in keys)
    apa = bibliography(cite.format_citations(bib, cite.load_style("apa"), cite.citations_in(text, "b.md")))
    expected = [
        "The Strait of Hormuz in brief: Non-oil shipments and effects on U.S. shippers (CRS Report",  # {braced}, U.S.
        "(n.d.). Key definitions. U.S. Economic Development Administration.",
        "Economic Development Administration: An overview of programs and appropriations (FY2012–FY2026)",
        "(2023). FY2024 congressional budget justification.",
        # already in sentence case in the CSL-JSON: left as written, "United States" with it
        "The rise of the entrepreneurial state: State and local economic development policy in the United States.",
        "Inflation Reduction Act of 2022, Pub. L. No. 117-169",  # a law's name is official: never recased
        "Shipowners eye Hormuz truce with 800 vessels still trapped.",
    ]
    for fragment in expected:
        assert any(fragment in entry for entry in apa), (fragment, apa)
    chicago = bibliography(cite.format_citations(bib, cite.load_style("chicago-notes"), cite.citations_in(text, "b.md")))
    assert any("The Strait of Hormuz in Brief: Non-Oil Shipments and Effects on U.S. Shippers." in e for e in chicago)
    assert any("“Key Definitions.”" in e for e in chicago)


def test_sentence_case_rules():
    from briefgen.cite.sentence import is_title_case, sentence_case

    assert sentence_case("Can We Get Better at Forgetting?") == "Can we get better at forgetting?"
    assert sentence_case("Costs of Delay — What Congress Did: An I-95 Story") == "Costs of delay — What congress did: An I-95 story"
    assert sentence_case("Rules for USA and eBay in the EU", ["Rules"]) == "Rules for USA and eBay in the EU"
    assert not is_title_case("Emotions in storybooks: A comparison in the United States")
    assert not is_title_case("Clock")  # one word tells nothing
    assert is_title_case("U.S. and World Population Clock")


def test_hyphenated_compounds_in_title_case():
    bib = cite.load_bibliographies(["more.json"], ALL_FIXTURES / "cite-brief", "brief.md")
    chicago = notes(cite.format_citations(bib, cite.load_style("chicago-notes"),
                                          cite.citations_in("[@maritime-exec-ceasefire]", "b.md")))
    assert "“Iran Confirms Two-Week Ceasefire and a Limited Reopening of Strait of Hormuz,”" in chicago[0]


def test_apa_prints_no_bare_retrieved_for_an_undated_entry_without_access_date():
    bib = cite.load_bibliographies(["refs.bib", "more.json"], ALL_FIXTURES / "cite-brief", "brief.md")
    apa = bibliography(cite.format_citations(bib, cite.load_style("apa"),
                                             cite.citations_in("[@carey-cra] [@eda-key-definitions]", "b.md")))
    assert apa[0].endswith("Congressional Research Service. https://www.congress.gov/crs-product/R43992")
    assert "Retrieved April 20, 2026, from https://www.eda.gov/performance/key-definitions/" in apa[1]
