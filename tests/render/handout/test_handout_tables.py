"""The handout's tables: caption and note as data, figures aligned and unbroken, readable at 375 px.

Read back with the tools that read them: the HTML itself, headless Chromium
(computed styles, layout, axe-core) and poppler for the handout PDF.
"""

from __future__ import annotations

import json
import re

import pytest

from briefgen import model as m
from briefgen.render import handout
from briefgen.render.handout import pdf as handout_pdf
from tests.support import pdftotext, tool_missing
from tests.support.memo_fixtures import T, document, para, section
from tests.render.handout.test_handout import browser, open_page  # noqa: F401  (the Chromium fixture)

from tests.support import handout_fixtures as hf


def _doc() -> m.Document:
    cell = lambda t: m.TableCell((T(t),))  # noqa: E731
    header = tuple(cell(t) for t in ("Program", "Summary", "Funding", "Participation"))
    rows = tuple(tuple(cell(t) for t in (f"Prog{r}", "Benefits to eligible households through states. " * 3,
                                         f"${r * 3.7 + 100:.3f} billion", f"{r * 1.3:.1f} million"))
                 for r in range(1, 13))
    table = m.Table(header, rows, (None,) * 4, 40, caption=(T("Major nutrition programs"),),
                    note=(para("Source: CRS analysis.", line=55),), number=1)
    return document([section(1, [para("Before the table.", line=30), table, para("After.", line=60)])])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    doc = _doc()
    folder = tmp_path_factory.mktemp("handout-tables")
    ctx = hf.context(doc)
    html = handout.render(ctx)
    path = folder / "handout.html"
    path.write_bytes(html)
    return path, html.decode("utf-8"), ctx


def test_caption_label_and_note_are_in_the_html(built):
    _, html, _ = built
    assert re.search(r'<table>\s*<caption><span class="table-label">Table 1\.</span> Major nutrition programs</caption>',
                     html)
    assert re.search(r'</table>\s*</div>\s*<div class="table-note">\s*<p>Source: CRS analysis\.</p>', html)


def test_figure_columns_are_marked_and_glued(built):
    _, html, _ = built
    assert '<th scope="col" class="align-right num">Funding</th>' in html
    assert '<td class="align-right num">$103.700\u00a0billion</td>' in html or \
        '<td class="align-right num">$103.700&nbsp;billion</td>' in html
    assert "<td>Prog1</td>" in html  # text columns keep the default alignment


def test_chromium_sets_figures_in_tabular_digits_on_one_line(browser, built):  # noqa: F811
    path, _, _ = built
    page, _ = open_page(browser, path, 375)
    style = page.evaluate("""() => { const td = document.querySelector('td.num');
        const s = getComputedStyle(td); return [s.whiteSpace, s.fontVariantNumeric, s.textAlign,
        getComputedStyle(document.querySelector('tr')).breakInside]; }""")
    assert style[0] == "nowrap" and "tabular-nums" in style[1] and style[2] == "right" and style[3] == "avoid"
    # every figure sits on one line: its height is one line of its cell
    heights = page.evaluate("""() => [...document.querySelectorAll('td.num')].map(td => {
        const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length; })""")
    assert heights and all(h == 1 for h in heights), heights
    # readable at 375 px: the page does not scroll sideways (the table scrolls in its own region)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    page.close()


def test_axe_finds_nothing_at_375_px(browser, built):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    path, _, _ = built
    page, _ = open_page(browser, path, 375)
    violations = Axe().run(page).response["violations"]
    assert violations == [], json.dumps([(v["id"], [n["target"] for n in v["nodes"]]) for v in violations])
    page.close()


@pytest.mark.skipif(tool_missing("pdftotext"), reason="poppler-utils not installed")
def test_handout_pdf_keeps_figures_whole_and_the_caption(built, tmp_path):
    _, _, ctx = built
    pdf = tmp_path / "handout.pdf"
    pdf.write_bytes(handout_pdf.render(ctx))
    text = pdftotext(pdf)
    assert "Table 1. Major nutrition programs" in " ".join(text.split())
    assert "Source: CRS analysis." in text
    for r in range(1, 13):
        assert f"${r * 3.7 + 100:.3f} billion" in text.replace("\u00a0", " ")
