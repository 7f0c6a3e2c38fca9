"""The handout on screens from 320 to 1280 px, in Chromium, over the essay and every real report.

Built with the real command; read back with Playwright (Debian's Chromium) and
axe-core. At every width: the page never scrolls sideways, no text is cut off
(outside the viewport or outside the scroll container that holds it), no empty
column wider than 200 px, axe finds nothing. Long reports get their contents
(a sticky panel on wide screens, a collapsible one on phones) and a way back
up. Each geometric check has a negative page that must fail it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict

import pytest

from tests.support.checkers.handout_screen import measure
from tests.support import ESSAY, SHARED, make_project, run_briefgen
from tests.render.handout.test_handout import browser, open_page  # noqa: F401  (the Chromium fixture)

WIDTHS = (320, 375, 768, 1280)
REAL = sorted((SHARED / "real").glob("*.md")) + sorted((SHARED / "real-long").glob("*.md"))
REAL = [p for p in REAL if p.name != "README.md"]
NAMES = ["essay"] + [p.stem for p in REAL]
LONG = {"R46991", "R48906", "RL34498"}  # 10,000 to 27,600 words; R44243 and R48903 (2,100 and 2,800) are short
MAX_GAP = 200


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Dict[str, Path]:
    """handout.html of the essay and of every real report, built by the real command."""
    project = make_project(tmp_path_factory.mktemp("screen"), [ESSAY] + REAL)
    result = run_briefgen(["build", "--only", "handout"], project, timeout=600)
    assert result.returncode == 0, result.stderr
    return {name: project / "build" / name / "handout.html" for name in NAMES}


def _fails(m: dict) -> list:
    problems = []
    if m["scroll"] > 0:
        problems.append(f"page scrolls sideways by {m['scroll']} px")
    if m["clipped"]:
        problems.append(f"text cut off: {m['clipped']}")
    if m["gap"] > MAX_GAP:
        problems.append(f"an empty column {m['gap']} px wide")
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_every_width_fits_and_axe_finds_nothing(browser, pages, name):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    for width in WIDTHS:
        page, _ = open_page(browser, pages[name], width)
        problems = _fails(measure(page))
        assert problems == [], (name, width, problems)
        if width in (375, 1280):  # axe on the phone and the desktop layout (the two arrangements)
            violations = Axe().run(page).response["violations"]
            assert violations == [], (width, json.dumps([(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]))
        page.close()


@pytest.mark.slow
def test_axe_at_320_and_768_on_a_long_report_and_the_essay(browser, pages):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    for name in ("essay", "R46991"):
        if name not in pages:
            continue
        for width in (320, 768):
            page, _ = open_page(browser, pages[name], width)
            violations = Axe().run(page).response["violations"]
            assert violations == [], (name, width, [v["id"] for v in violations])
            page.close()


NEGATIVE = {
    "clipped": """<main><div style="width:200px;overflow:hidden"><table><tr><td>Program</td>
        <td style="white-space:nowrap">$103.9 billion</td><td style="white-space:nowrap">$3.0 billion and more</td></tr></table></div></main>""",
    "scrolls": """<main><table style="width:900px"><tr><td>Program</td><td>$103.9</td></tr></table></main>""",
    "empty-column": """<div class="page" style="display:grid;grid-template-columns:1fr 1fr"><main><p>Text in the left
        column only, the right column is left empty.</p></main><aside></aside></div>""",
}


@pytest.mark.parametrize("kind", sorted(NEGATIVE))
def test_negative_pages_fail_the_checks(browser, tmp_path, kind):  # noqa: F811
    path = tmp_path / f"{kind}.html"
    path.write_text(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>x</title>'
                    f'<meta name="viewport" content="width=device-width"></head><body>{NEGATIVE[kind]}</body></html>', encoding="utf-8")
    page, _ = open_page(browser, path, 375 if kind != "empty-column" else 1280)
    m = measure(page)
    page.close()
    problems = " ".join(_fails(m))
    expected = {"clipped": "cut off", "scrolls": "scrolls sideways", "empty-column": "empty column"}[kind]
    assert expected in problems, m


@pytest.mark.slow
def test_wide_tables_scroll_in_a_named_focusable_region_with_a_fixed_first_column(browser, pages):  # noqa: F811
    page, _ = open_page(browser, pages["R46991"], 375)
    wide = page.evaluate("""() => [...document.querySelectorAll('main .table-wrap')]
        .filter(w => w.scrollWidth > w.clientWidth + 1).map(w => {
          const cell = w.querySelector('tbody tr > :first-child');
          const bg = getComputedStyle(w).backgroundImage;
          return [w.getAttribute('tabindex'), w.getAttribute('aria-label') || w.getAttribute('aria-labelledby'),
                  w.getAttribute('role'), getComputedStyle(cell).position, bg.includes('gradient')]; })""")
    page.close()
    assert wide, "R46991 has tables wider than a phone"
    for tabindex, name, role, position, cue in wide:
        assert (tabindex, role, position, cue) == ("0", "region", "sticky", True) and name


@pytest.mark.slow
def test_long_reports_get_contents_and_short_ones_do_not(browser, pages):  # noqa: F811
    for name in NAMES:
        html = pages[name].read_text(encoding="utf-8")
        has = 'class="contents contents-panel"' in html
        assert has == (name in LONG), name
    page, _ = open_page(browser, pages["R46991"], 1280)
    panel = page.locator("nav.contents-panel")
    assert panel.is_visible() and not page.locator("nav.contents-inline").is_visible()
    assert panel.get_attribute("aria-label") == "Contents"
    page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
    box = panel.bounding_box()
    assert box is not None and 0 <= box["y"] < 900, box  # sticky: still on screen half-way down
    # every contents link has its target; going to one marks it in the contents
    hrefs = page.evaluate("[...document.querySelectorAll('nav.contents-panel a')].map(a => a.getAttribute('href'))")
    assert all(page.evaluate(f"!!document.getElementById({json.dumps(h[1:])})") for h in hrefs)
    target = hrefs[2]
    page.evaluate(f"location.hash = {json.dumps(target)}")
    weight = page.evaluate(f"getComputedStyle(document.querySelector('nav.contents-panel a[href=\"{target}\"]')).fontWeight")
    assert int(weight) >= 700
    page.close()
    page, _ = open_page(browser, pages["R46991"], 375)
    inline = page.locator("nav.contents-inline")
    assert inline.is_visible() and not page.locator("nav.contents-panel").is_visible()
    assert not page.locator("nav.contents-inline ol").first.is_visible()  # collapsed until opened
    page.locator("nav.contents-inline summary").click()
    assert page.locator("nav.contents-inline ol").first.is_visible()
    back = page.locator("main .back-to-top a")
    assert back.count() >= 5 and back.first.get_attribute("href") == "#bg-header"
    page.close()


def test_the_page_has_no_script(pages):
    for name in NAMES:
        assert "<script" not in pages[name].read_text(encoding="utf-8").lower(), name
