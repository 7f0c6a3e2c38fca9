"""Lists of figures, tables and boxes in a long handout's contents, through the real command.

The generated long brief (tests/support/long_lists.py) in English, in French and
without figures, built as handout.html and handout.pdf:

* the screen contents (panel and inline) and the printed contents page list the
  figures, tables and boxes under the theme's labels, each only when there are some;
* every entry links to an id the page has (unnamed items get ``_fig-2``...);
* in the PDF each entry's page (WeasyPrint's ``target-counter``) is the page its
  caption is on, and its link goes there;
* axe finds nothing on the long page (in test_handout_screen's Chromium).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.render.handout.test_handout import browser, open_page  # noqa: F401  (the Chromium fixture)
from tests.support import make_project, no_traceback, run_briefgen
from tests.support.long_lists import HEADINGS, WORDS, link_pages, listed_entries, title_pages, write_long_brief

BRIEFS = {"long": ("en", True), "longfr": ("fr", True), "nofig": ("en", False)}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The generated briefs' handouts (HTML and PDF), built once."""
    project = make_project(tmp_path_factory.mktemp("hlists"), [])
    for name, (lang, figures) in BRIEFS.items():
        write_long_brief(project / "sources", name, lang, figures)
    result = run_briefgen(["build", "--only", "handout,handout-pdf", *(f"sources/{n}.md" for n in BRIEFS)], project,
                          timeout=900)
    no_traceback(result.stderr)
    assert result.returncode == 0, result.stderr
    return project / "build"


def _html_lists(html: str, nav_id: str) -> dict:
    """``heading -> [(text, href)]`` of the lists inside the ``<nav id=nav_id>``."""
    nav = html.split(f'id="{nav_id}"', 1)[1].split("</nav>", 1)[0]
    out = {}
    for block in nav.split('<div class="contents-items">')[1:]:
        heading = re.search(r'class="contents-title">([^<]*)<', block).group(1)
        out[heading] = re.findall(r'<a href="#([^"]+)">([^<]*)</a>', block)
    return out


@pytest.mark.parametrize("name", list(BRIEFS))
def test_screen_contents_list_the_items_and_link_to_them(built: Path, name: str):
    lang, figures = BRIEFS[name]
    html = (built / name / "handout.html").read_text(encoding="utf-8")
    figs, tables, boxes = HEADINGS[lang]
    expected = ([figs] if figures else []) + [tables, boxes]
    for nav in ("bg-contents", "bg-contents-panel"):
        lists = _html_lists(html, nav)
        assert list(lists) == expected, (nav, lists)
        assert [t.split(".")[0] for _a, t in lists[tables]] == [f"{WORDS[lang][1]} {n}" for n in (1, 2, 3)]
        for entries in lists.values():
            for anchor, text in entries:
                assert html.count(f'id="{anchor}"') == 1, (anchor, text)


@pytest.mark.parametrize("name", list(BRIEFS))
def test_printed_contents_pages_are_where_the_items_are(built: Path, name: str):
    lang, figures = BRIEFS[name]
    pdf = built / name / "handout.pdf"
    lists = listed_entries(pdf, HEADINGS[lang])
    figs, tables, boxes = HEADINGS[lang]
    assert sorted(lists) == sorted(([figs] if figures else []) + [tables, boxes]), lists
    entries = [(text, page) for found in lists.values() for text, page in found]
    titles = [text.split(". ", 1)[1] for text, _ in entries]
    found = title_pages(pdf, titles, 2)
    assert {t: p for t, (_x, p) in zip(titles, entries)} == found
    links = link_pages(pdf, 1) + link_pages(pdf, 2)
    targets = {page for _rect, page in links}
    assert {page for _t, page in entries} <= targets


def test_printed_check_fails_pages_one_off(built: Path):
    """Negative case: the same pages, one on, do not match where the titles are."""
    pdf = built / "long" / "handout.pdf"
    lists = listed_entries(pdf, HEADINGS["en"])
    entries = [(text, page + 1) for found in lists.values() for text, page in found]
    titles = [text.split(". ", 1)[1] for text, _ in entries]
    found = title_pages(pdf, titles, 2)
    assert all(found[t] != p for t, (_x, p) in zip(titles, entries))


def test_a_short_handout_lists_nothing(tmp_path):
    project = make_project(tmp_path, [])
    source = write_long_brief(project / "sources", "long")
    from tests.support.long_lists import FILLER

    source.write_text(source.read_text(encoding="utf-8").split("## Section number 5")[0].replace(FILLER * 7, FILLER),
                      encoding="utf-8")
    result = run_briefgen(["build", "--only", "handout", "sources/long.md"], project)
    assert result.returncode == 0, result.stderr
    html = (project / "build" / "long" / "handout.html").read_text(encoding="utf-8")
    assert "contents-items" not in html.split("</style>", 1)[1] and 'id="_tbl-' not in html


@pytest.mark.slow
def test_axe_finds_nothing_on_the_long_page_with_its_lists(browser, built: Path):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    for width in (375, 1280):
        page, _ = open_page(browser, built / "long" / "handout.html", width)
        try:
            if width == 375:
                page.locator("nav.contents-inline summary").click()  # the lists inside the opened contents
            violations = Axe().run(page).response["violations"]
            assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
        finally:
            page.close()
