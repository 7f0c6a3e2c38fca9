"""The handout PDF reads like print: built with the real command, read back with PyMuPDF and poppler.

Over the essay and real reports: no run of three or more lines printed twice
(the essay's timeline was printed as a chart and again as its data table), no
address printed after its link's text, no page but the last with a blank band
taller than 15 % of its text block, byte-identical rebuilds. A table that runs
onto another page is labelled "Table N (continued)" there; link addresses are
listed at the end, called by marks; a long handout gets
a contents page with page numbers, dot leaders and links. Each checker has a
negative PDF that must fail it. The long reports (20 to 70 pages) run with
``BRIEFGEN_LONG_REPORTS=1``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Dict

import pytest

from briefgen import model as m
from briefgen.render import handout
from briefgen.render.handout import pdf as handout_pdf
from tests.support.checkers.handout_print import blank_bands, page_texts, repeated_runs, text_without_superscripts, urls_after_links
from tests.support import ESSAY, SHARED, make_project, no_traceback, run_briefgen
from tests.support.memo_fixtures import T, document, para, section

from tests.support import handout_fixtures as hf

SHORT = ["crs-if10753-energy-star-program", "crs-if12672-russia-nuclear-weapons", "crs-if13206-judiciary-budget-fy2027"]
LONG = ["R44243", "R46991", "R48903", "R48906", "RL34498"] if os.environ.get("BRIEFGEN_LONG_REPORTS") else ["R44243"]
MAX_BLANK = 0.15


def _source(name: str) -> Path:
    for folder in ("real", "real-long"):
        if (SHARED / folder / f"{name}.md").is_file():
            return SHARED / folder / f"{name}.md"
    return ESSAY


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> Dict[str, Path]:
    sources = [ESSAY] + [_source(n) for n in SHORT + LONG if _source(n) != ESSAY]
    project = make_project(tmp_path_factory.mktemp("print"), sources)
    result = run_briefgen(["build", "--only", "handout-pdf"], project, timeout=1800)
    assert result.returncode == 0, result.stderr
    return {p.stem: project / "build" / p.stem / "handout.pdf" for p in sources}


def _header_cells(name: str) -> set:
    """The cells of every pipe table's header row in the source (repeated on each page a table runs onto)."""
    lines = _source(name).read_text(encoding="utf-8").splitlines()
    cells = set()
    for head, rule in zip(lines, lines[1:]):
        if head.lstrip().startswith("|") and re.match(r"^\s*\|?\s*:?-{3,}", rule):
            cells.update(c.strip().strip("*").strip() for c in head.strip().strip("|").split("|"))
    return {c for c in cells if c}


def _source_repeats(name: str, run: tuple) -> bool:
    """True when every line of ``run`` is in the source at least twice (printed twice because written twice)."""
    text = " ".join(_source(name).read_text(encoding="utf-8").split())
    return all(text.count(line) >= 2 for line in run)


NAMES = ["essay"] + SHORT + LONG


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_nothing_twice_no_address_after_a_link_and_full_pages(pdfs, name):
    path = pdfs[name]
    runs = [r for r in repeated_runs(path, ignore=sorted(_header_cells(name)))
            if not _source_repeats(name, r) and not any("(continued)" in x for x in r)]
    assert runs == [], runs[:3]
    assert urls_after_links(path) == []
    bands = blank_bands(path)
    assert [(n + 1, round(b, 2)) for n, b in enumerate(bands[:-1]) if b > MAX_BLANK] == []


@pytest.mark.slow
def test_the_essay_timeline_is_printed_once_and_rebuilds_are_identical(pdfs, tmp_path):
    text = text_without_superscripts(pdfs["essay"])
    assert text.count("North Korea seizes the USS Pueblo") == 1
    assert "The events in this timeline" not in text
    project = make_project(tmp_path)
    result = run_briefgen(["build", "--only", "handout-pdf", "sources/essay.md"], project)
    assert result.returncode == 0, result.stderr
    assert (project / "build" / "essay" / "handout.pdf").read_bytes() == pdfs["essay"].read_bytes()


@pytest.mark.slow
def test_link_addresses_are_listed_at_the_end_each_once(pdfs):
    path = pdfs["crs-if12672-russia-nuclear-weapons"]
    pages = page_texts(path)
    assert "(https://" not in " ".join(pages[0])
    lines = [ln for page in pages for ln in page]
    start = lines.index("Links")
    listed = [ln for ln in lines[start:] if ln.startswith("https://")]
    assert len(listed) >= 20  # one entry per address (an address linked twice is listed once)
    # the text calls them by number: 1 2 3... (letters when the brief has endnotes)
    assert re.search(r"\b1\.", " ".join(lines[start:start + 4]))


def test_figures_are_painted_in_the_tag_trees_order():
    """WeasyPrint paints images after the text; briefgen.render.handout.finish moves them back."""
    from briefgen.render.handout.pdf import preload

    preload()  # WeasyPrint imported the quick way: a plain first import runs ldconfig (a unit test starts no tool)
    import weasyprint

    from briefgen.render.handout.finish import finish_tagged_pdf, marked_sequences

    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50" width="100" height="50" role="img" '
           'aria-label="A red box"><rect width="100" height="50" fill="red"/></svg>')
    html = f"<html lang=en><head><title>x</title></head><body><p>before</p><figure><figcaption>cap</figcaption>{svg}<p>source</p></figure><p>after</p></body></html>"
    raw = weasyprint.HTML(string=html).write_pdf(pdf_tags=True, pdf_variant="pdf/ua-1")
    tags = lambda data: [t for _, t, m in marked_sequences(data) if m is not None]  # noqa: E731
    assert tags(raw)[-1] == "/Figure"  # the negative case: painted last
    assert tags(finish_tagged_pdf(raw)) == ["/Span", "/Span", "/Figure", "/Span", "/Span"]


def _long_table_doc(rows: int = 70) -> m.Document:
    cell = lambda t: m.TableCell((T(t),))  # noqa: E731
    header = tuple(cell(t) for t in ("Program", "Funding", "Participation"))
    body = tuple(tuple(cell(t) for t in (f"Program {r}", f"${r * 3.7 + 100:.1f}", f"{r * 1.3:.1f} million")) for r in range(1, rows + 1))
    table = m.Table(header, body, (None,) * 3, 40, caption=(T("Major programs"),), number=1)
    link = m.Link((T("https://example.org/report"),), "https://example.org/report")
    return document([section(1, [para("Before the table; see ", link, ".", line=30), table,
                                 para("After the table, a closing paragraph.", line=60)])])


@pytest.mark.slow
def test_a_table_running_onto_more_pages_is_labelled_continued(tmp_path):
    path = tmp_path / "table.pdf"
    path.write_bytes(handout_pdf.render(hf.context(_long_table_doc())))
    pages = page_texts(path)
    assert len(pages) >= 3
    assert not any("Table 1 (continued)" in ln for ln in pages[0])
    table_pages = [n for n, lines in enumerate(pages) if any(ln.startswith("Program ") for ln in lines)]
    for n in table_pages[1:]:
        assert "Table 1 (continued)" in pages[n], n
        assert "Program" in pages[n]  # the header row is repeated under it
    after = [n for n, lines in enumerate(pages) if n > table_pages[-1]]
    for n in after:
        assert not any("(continued)" in ln for ln in pages[n])
    # a link whose text is its address gets no mark: the address is printed once
    assert text_without_superscripts(path).count("https://example.org/report") == 1


def test_the_print_page_calls_a_named_link_only():
    named = m.Link((T("the report"),), "https://example.org/named")
    same = m.Link((T("www.example.org/same/"),), "https://www.example.org/same")
    doc = document([section(1, [para("See ", named, " and ", same, ".", line=30)])])
    page = handout.render_page(hf.context(doc), for_print=True).html
    assert page.count('class="link-ref"') == 1
    assert '<li id="link-1"><span class="link-mark">1.</span> <a href="https://example.org/named">https://example.org/named</a></li>' in page
    screen = handout.render(hf.context(doc)).decode()
    assert "link-ref" not in screen.split("</style>", 1)[1] and 'id="bg-links"' not in screen


@pytest.mark.slow
def test_a_long_handout_gets_a_contents_page_with_numbers_leaders_and_links(tmp_path):
    project = make_project(tmp_path)
    child = project / "layouts" / "short"
    (child / "handout").mkdir(parents=True)
    (child / "theme.yaml").write_text("extends: default\n", encoding="utf-8")
    (child / "handout" / "handout.yaml").write_text("contents:\n  min_pages: 2\n", encoding="utf-8")
    result = run_briefgen(["build", "--only", "handout-pdf,handout", "--layout", "short", "sources/essay.md"], project)
    assert result.returncode == 0, result.stderr
    path = project / "build" / "essay" / "handout.pdf"
    text = " ".join(page_texts(path)[0])
    assert "Contents" in text
    assert re.search(r"The Libya Model, Seen from Pyongyang\s*(\. ?){3,}\s*\d\b", text), text
    import pymupdf

    with pymupdf.open(str(path)) as pdf:
        inner = [link for link in pdf[0].get_links() if link.get("kind") == pymupdf.LINK_GOTO or link.get("page", -1) >= 0]
    assert len(inner) >= 4  # each contents line goes to its section
    # the screen page (estimated at 4 of 2 pages) has its contents and back-to-top links
    html = (project / "build" / "essay" / "handout.html").read_text(encoding="utf-8")
    assert '<nav class="contents contents-panel"' in html and 'href="#bg-header"' in html


def test_a_bad_contents_setting_is_a_located_layout_error(tmp_path):
    project = make_project(tmp_path)
    child = project / "layouts" / "bad"
    (child / "handout").mkdir(parents=True)
    (child / "theme.yaml").write_text("extends: default\n", encoding="utf-8")
    (child / "handout" / "handout.yaml").write_text("contents:\n  min_pages: eight\n", encoding="utf-8")
    result = run_briefgen(["build", "--only", "handout", "--layout", "bad", "sources/essay.md"], project)
    assert result.returncode == 1
    no_traceback(result.stderr)
    assert "layouts/bad/handout/handout.yaml" in result.stderr and "min_pages" in result.stderr
    assert not (project / "build" / "essay" / "handout.html").exists()


# --------------------------------------------------------------------------- the checkers' negative PDFs


def _weasy(tmp_path: Path, body: str) -> Path:
    from weasyprint import HTML

    path = tmp_path / "negative.pdf"
    HTML(string=f"<html><body style='font: 11pt serif'>{body}</body></html>").write_pdf(str(path))
    return path


def test_blank_band_checker_fails_a_page_left_half_empty(tmp_path):
    paras = "".join(f"<p>Paragraph {i} of the text, long enough to be a line.</p>" for i in range(12))
    path = _weasy(tmp_path, paras + "<div style='break-before: page'>" + paras * 3 + "</div>")
    assert max(blank_bands(path)[:-1]) > MAX_BLANK


def test_repeat_checker_fails_a_table_printed_after_its_chart(tmp_path):
    rows = "".join(f"<p>{1950 + i} The event number {i} happened</p>" for i in range(5))
    path = _weasy(tmp_path, rows + "<p>Between them a paragraph of text.</p>" + rows)
    assert repeated_runs(path)


def test_url_checker_fails_an_address_after_its_link(tmp_path):
    path = _weasy(tmp_path, '<p>See <a href="https://example.org/a/report">the report</a> (https://example.org/a/report) now.</p>'
                            '<p>And <a href="https://example.org/b">https://example.org/b</a> is fine.</p>')
    found = urls_after_links(path)
    assert [uri for _, uri, _ in found] == ["https://example.org/a/report"]
