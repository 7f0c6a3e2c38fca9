"""Lists of figures, tables and boxes after a long memo's contents, through the real command.

A generated brief of about 25 pages (tests/support/long_lists.py) with charts, an
image, captioned tables and boxes is built in English, in French and without
figures. Read back with pdfplumber and pikepdf:

* each list is there only when the brief has such items, under the theme's label;
* each entry's page is the page its caption is printed on, and its numbers match the captions;
* the entry's title and page number link to the caption's page;
* the lists are tagged ``TOC > TOCI`` and the memo passes the accessibility checkers;
* ``contents.lists`` picks the lists (``[]``: none), a bad value is located;
* a short memo with the same items has no lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from tests.support import make_project, no_traceback, run_briefgen
from tests.support.tagged_fixtures import structure_roles
from tests.support.long_lists import FILLER, HEADINGS, WORDS, caption_pages, link_pages, listed_entries, write_long_brief

BRIEFS = {"long": ("en", True), "longfr": ("fr", True), "nofig": ("en", False)}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The three generated briefs' memos, built once."""
    project = make_project(tmp_path_factory.mktemp("lists"), [])
    for name, (lang, figures) in BRIEFS.items():
        write_long_brief(project / "sources", name, lang, figures)
    result = run_briefgen(["build", "--only", "memo", *(f"sources/{n}.md" for n in BRIEFS)], project, timeout=900)
    no_traceback(result.stderr)
    assert result.returncode == 0, result.stderr
    return project / "build"


def page_texts(pdf_path: Path) -> List[str]:
    """Each page's text."""
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


def list_mismatches(lists: Dict[str, List[Tuple[str, int]]], captions: Dict[str, int]) -> List[str]:
    """Entries whose page is not the page their caption ("Figure 2. …") is printed on."""
    bad = []
    for heading, entries in lists.items():
        for text, page in entries:
            label = text.split(".")[0]
            if captions.get(label) != page:
                bad.append(f"{heading}: {text!r} listed on page {page}, printed on {captions.get(label)}")
    return bad


@pytest.mark.parametrize("name", list(BRIEFS))
def test_each_listed_page_is_where_the_caption_is(built: Path, name: str):
    lang, figures = BRIEFS[name]
    memo = built / name / "memo.pdf"
    lists = listed_entries(memo, HEADINGS[lang])
    figure_word, table_word, box_word = WORDS[lang]
    figs, tables, boxes = HEADINGS[lang]
    expected = ([figs] if figures else []) + [tables, boxes]
    assert sorted(lists) == sorted(expected), lists
    assert [text.split(".")[0] for text, _ in lists[tables]] == [f"{table_word} {n}" for n in (1, 2, 3)]
    assert [text.split(".")[0] for text, _ in lists[boxes]] == [f"{box_word} {n}" for n in (1, 2)]
    if figures:
        assert [text for text, _ in lists[figs]] == [f"{figure_word} 1. Program costs by year",
                                                   f"{figure_word} 2. The region on a map",
                                                   f"{figure_word} 3. Milestones of the program"]
    assert not list_mismatches(lists, caption_pages(memo, 2))


def test_list_check_fails_numbers_one_page_off(built: Path):
    """Negative case: the same lists with every page one on are all caught."""
    memo = built / "long" / "memo.pdf"
    lists = listed_entries(memo, HEADINGS["en"])
    off = {heading: [(text, page + 1) for text, page in entries] for heading, entries in lists.items()}
    assert len(list_mismatches(off, caption_pages(memo, 2))) == sum(len(e) for e in lists.values()) == 8


def test_entries_link_to_their_captions(built: Path):
    """Every entry's title and number are links to the page its caption is on."""
    import pdfplumber

    memo = built / "long" / "memo.pdf"
    lists = listed_entries(memo, HEADINGS["en"])
    links = link_pages(memo, 1)
    with pdfplumber.open(memo) as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        height = float(page.height)
    for entries in lists.values():
        for text, listed in entries:
            first = text.split()[0]
            number = text.split()[1]  # "1." of "Figure 1."
            row = [w for i, w in enumerate(words[:-1]) if w["text"] == first and words[i + 1]["text"] == number]
            assert row, text
            y = height - (row[0]["top"] + row[0]["bottom"]) / 2
            hits = [target for (x0, y0, x1, y1), target in links if y0 <= y <= y1]
            assert len(hits) == 2 and set(hits) == {listed}, (text, listed, hits)


def test_lists_are_tagged_as_tocs(built: Path):
    import pikepdf

    with pikepdf.open(built / "long" / "memo.pdf") as pdf:
        roles = structure_roles(pdf)
    assert roles.count("/TOC") == 4  # the contents and three lists
    assert roles.count("/TOCI") == 10 + 3 + 3 + 2


def test_long_memo_with_lists_passes_the_accessibility_checkers(built: Path):
    import subprocess
    import sys

    page = pytest.importorskip("page")
    path = built / "long" / "memo.pdf"
    checked = subprocess.run([sys.executable, "-m", "pdfua", "check", str(path)], capture_output=True, text=True,
                             timeout=600)
    assert checked.returncode == 0, checked.stdout[-2000:]
    found = page.validate_pdf(str(path), profile="ua1")
    assert found.is_compliant and not found.failures, [str(f) for f in found.failures][:10]


def _layout_project(tmp_path: Path, memo_yaml: str) -> Path:
    project = make_project(tmp_path, [])
    write_long_brief(project / "sources", "long")
    layout = project / "layouts" / "liststest"
    layout.mkdir(parents=True)
    (layout / "theme.yaml").write_text("extends: default\n", encoding="utf-8")
    (layout / "memo.yaml").write_text(memo_yaml, encoding="utf-8")
    return project


@pytest.mark.parametrize("setting, expected", [("[]", []), ("[boxes, tables]", ["Boxes", "Tables"])])
def test_the_layout_picks_the_lists(tmp_path, setting, expected):
    project = _layout_project(tmp_path, f"contents:\n  lists: {setting}\n")
    result = run_briefgen(["build", "--only", "memo", "--layout", "liststest", "sources/long.md"], project, timeout=600)
    assert result.returncode == 0, result.stderr
    lists = listed_entries(project / "build" / "long" / "memo.pdf", HEADINGS["en"])
    assert list(lists) == expected


def test_a_bad_list_name_is_located(tmp_path):
    project = _layout_project(tmp_path, "contents:\n  lists: [figures, charts]\n")
    result = run_briefgen(["build", "--only", "memo", "--layout", "liststest", "sources/long.md"], project)
    assert result.returncode == 1
    no_traceback(result.stderr)
    assert "memo.yaml:2:" in result.stderr and "figures, tables, boxes" in result.stderr


def test_a_short_memo_has_no_lists(tmp_path):
    """The same items in a three-page brief: no contents page, so no lists."""
    project = make_project(tmp_path, [])
    source = write_long_brief(project / "sources", "long")
    text = source.read_text(encoding="utf-8")
    short = text.split("## Section number 5")[0]  # sections 1 to 4: a chart, a table, a box
    source.write_text(short.replace(FILLER * 7, FILLER), encoding="utf-8")
    result = run_briefgen(["build", "--only", "memo", "sources/long.md"], project)
    assert result.returncode == 0, result.stderr
    memo = project / "build" / "long" / "memo.pdf"
    assert 1 < len(page_texts(memo)) <= 8
    assert listed_entries(memo, HEADINGS["en"]) == {}
