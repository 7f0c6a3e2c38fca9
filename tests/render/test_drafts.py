"""Drafts and embargoes (issue 13): the front-matter fields, and the stamps read back from every output.

The fields are checked strictly with located errors; a draft or embargoed
build is read back with the tools that read each output (poppler for the
PDFs, python-pptx for the deck, the HTML itself); a final build carries none
of it, and the draft footer's date comes from ``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen.errors import SourceError
from briefgen.render.common.stamps import NO_STAMPS, embargo_display, stamps_for
from briefgen.source import load_source
from tests.support import make_project, no_traceback, pdftotext, run_briefgen, tool_missing

HEAD = '---\ntitle: "A brief"\ndate: "2024-05-01"\nauthors:\n  - name: "Ana"\n    bio: "Ana writes."\n'
EPOCH = "1764590400"  # 2025-12-01 12:00 UTC
FOUR = "memo,handout,handout-pdf,deck"


def write(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "brief.md"
    path.write_text(HEAD + extra + "---\n\nBody text.\n", encoding="utf-8")
    return path


def errors_of(path: Path) -> str:
    with pytest.raises(SourceError) as info:
        load_source(path)
    return str(info.value)


# ------------------------------------------------------------------ the fields


def test_the_new_fields_are_read_into_the_model(tmp_path) -> None:
    path = write(tmp_path, 'status: draft\nembargo: 2026-12-05T09:00-05:00\npage_budget: 2\n'
                           'url: "https://example.org/b/1"\n')
    path.write_text(path.read_text().replace('bio: "Ana writes."', 'bio: "Ana writes."\n    contact: "ana@example.org"'))
    doc = load_source(path).doc
    assert doc.meta.status == "draft"
    assert doc.meta.embargo == "2026-12-05T09:00:00-05:00"
    assert doc.meta.page_budget == 2
    assert doc.meta.url == "https://example.org/b/1"
    assert doc.meta.authors[0].contact == "ana@example.org"
    assert re.fullmatch(r"[0-9a-f]{64}", doc.source_sha256)


def test_defaults_are_final_without_embargo_budget_or_url(tmp_path) -> None:
    doc = load_source(write(tmp_path, "")).doc
    assert (doc.meta.status, doc.meta.embargo, doc.meta.page_budget, doc.meta.url) == ("final", "", 0, "")
    assert stamps_for(doc, {}) is NO_STAMPS


@pytest.mark.parametrize(
    "line, words",
    [
        ("status: maybe", "status 'maybe' must be draft or final"),
        ("status: [draft]", "'status' must be text"),
        ("embargo: 2026-12-05", "embargo '2026-12-05' must be an ISO 8601 date and time with its UTC offset"),
        ("embargo: 2026-12-05T09:00", "with its UTC offset"),
        ('embargo: "2026-02-30T09:00-05:00"', "embargo '2026-02-30T09:00-05:00'"),
        ('embargo: "next Tuesday"', "must be an ISO 8601"),
        ("page_budget: 0", "'page_budget' must be a whole number of pages from 1"),
        ("page_budget: -2", "'page_budget' must be a whole number"),
        ("page_budget: 2.5", "'page_budget' must be a whole number"),
        ('page_budget: "two"', "'page_budget' must be a whole number"),
        ('url: "ftp://example.org/x"', "must be an http:// or https:// address"),
        ('url: "javascript:alert(1)"', "must be an http:// or https:// address"),
        ('url: "https://"', "must be an http:// or https:// address"),
    ],
)
def test_bad_values_are_located_errors(tmp_path, line, words) -> None:
    message = errors_of(write(tmp_path, line + "\n"))
    key = line.split(":")[0]
    col = line.index(":") + 3
    assert f"brief.md:7:{col}: error:" in message or (key == "status" and "brief.md:7:" in message), message
    assert words in message, message


def test_embargo_wording_keeps_the_written_time_and_offset() -> None:
    assert embargo_display("2026-12-05T09:00:00-05:00") == "5 December 2026, 09:00 UTC-05:00"
    assert embargo_display("2026-01-02T23:30:00+00:00") == "2 January 2026, 23:30 UTC"


# ------------------------------------------------------------------ the stamps in every output


def _project(tmp_path: Path, extra: str) -> Path:
    project = make_project(tmp_path)
    essay = (project / "sources" / "essay.md").read_text(encoding="utf-8")
    (project / "sources" / "essay.md").write_text(essay.replace("\norganization:", "\n" + extra + "organization:", 1), encoding="utf-8")
    return project


def _raw_pages(pdf: Path) -> list:
    """Each page's text in content order with all white space removed (the rotated mark reads as DRAFT)."""
    text = pdftotext(pdf, "-raw")
    return [re.sub(r"\s+", "", page) for page in text.split("\f") if page.strip()]


def _deck_stamps(path: Path) -> list:
    from pptx import Presentation

    return [[shape.text_frame.text for shape in slide.shapes if shape.name == "briefgen stamp"] for slide in Presentation(str(path)).slides]


@pytest.fixture(scope="module")
def draft_build(tmp_path_factory) -> Path:
    project = _project(tmp_path_factory.mktemp("draft"), "status: draft\nembargo: 2026-12-05T09:00-05:00\n")
    result = run_briefgen(["build", "sources/essay.md", "--only", FOUR], project, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    return project / "build" / "essay"


@pytest.mark.skipif(tool_missing("pdftotext"), reason="poppler is not installed")
def test_a_draft_is_stamped_on_every_page_of_both_pdfs(draft_build) -> None:
    digest = load_source(draft_build.parent.parent / "sources" / "essay.md").doc.source_sha256[:12]
    for name in ("memo.pdf", "handout.pdf"):
        pages = _raw_pages(draft_build / name)
        assert len(pages) >= 2
        for number, page in enumerate(pages, 1):
            assert "DRAFT" in page, (name, number)
            assert "Embargoeduntil5December2026,09:00UTC-05:00" in page, (name, number)
            assert f"Draftof2025-12-0112:00UTC·source{digest}" in page, (name, number)


def test_a_draft_is_stamped_on_every_slide(draft_build) -> None:
    stamps = _deck_stamps(draft_build / "deck.pptx")
    assert len(stamps) > 3
    for texts in stamps:
        assert len(texts) == 1 and texts[0].startswith("DRAFT · Embargoed until 5 December 2026, 09:00 UTC-05:00\nDraft of 2025-12-01 12:00 UTC")


def test_a_draft_handout_says_so_at_the_top(draft_build) -> None:
    html = (draft_build / "handout.html").read_text(encoding="utf-8")
    banner = re.search(r'<div class="stamps" id="bg-stamps"[^>]*>(.*?)</div>', html, re.S)
    assert banner is not None and html.index("bg-stamps") < html.index('id="bg-header"')
    text = re.sub(r"<[^>]+>", " ", banner.group(1))
    assert "DRAFT" in text and "Embargoed until 5 December 2026, 09:00 UTC-05:00" in text and "Draft of 2025-12-01 12:00 UTC" in text
    assert "<script" not in html


@pytest.mark.skipif(tool_missing("pdftotext"), reason="poppler is not installed")
def test_a_final_build_carries_no_stamp(essay_build) -> None:
    for name in ("memo.pdf", "handout.pdf"):
        for page in _raw_pages(essay_build / name):
            assert "DRAFT" not in page and "Embargoed" not in page and "Draftof" not in page
    assert not any(_deck_stamps(essay_build / "deck.pptx"))
    html = (essay_build / "handout.html").read_text(encoding="utf-8")
    assert "bg-stamps" not in html and "Embargoed" not in html and "DRAFT" not in html


@pytest.mark.skipif(tool_missing("pdftotext"), reason="poppler is not installed")
def test_draft_on_the_command_line_and_embargo_alone(tmp_path) -> None:
    project = _project(tmp_path, "embargo: 2027-01-10T06:00+01:00\n")
    result = run_briefgen(["build", "sources/essay.md", "--only", "memo,deck"], project, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    memo = project / "build" / "essay" / "memo.pdf"
    pages = _raw_pages(memo)
    assert all("Embargoeduntil10January2027,06:00UTC+01:00" in p and "DRAFT" not in p and "Draftof" not in p for p in pages)
    assert all(t == ["Embargoed until 10 January 2027, 06:00 UTC+01:00"] for t in _deck_stamps(project / "build" / "essay" / "deck.pptx"))
    before = memo.read_bytes()
    result = run_briefgen(["build", "sources/essay.md", "--only", "memo", "--draft"], project, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0 and "built:" in result.stderr, result.stderr  # --draft is part of the manifest key
    assert memo.read_bytes() != before and all("DRAFT" in p for p in _raw_pages(memo))
    again = run_briefgen(["build", "sources/essay.md", "--only", "memo", "--draft"], project, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert "up to date" in again.stderr, again.stderr  # the no-op fast path knows --draft
    final = run_briefgen(["build", "sources/essay.md", "--only", "memo"], project, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert "built:" in final.stderr and memo.read_bytes() == before, final.stderr  # and a build without it is not "up to date"


def test_a_bad_embargo_fails_the_build_with_a_located_error_and_no_output(tmp_path) -> None:
    project = _project(tmp_path, "embargo: soon\n")
    result = run_briefgen(["build", "sources/essay.md", "--only", "memo"], project)
    assert result.returncode == 1
    no_traceback(result.stderr)
    assert re.search(r"sources/essay\.md:\d+:10: error: embargo 'soon' must be an ISO 8601", result.stderr), result.stderr
    assert not (project / "build" / "essay" / "memo.pdf").exists()


def test_the_draft_footer_is_deterministic(tmp_path, draft_build) -> None:
    project = _project(tmp_path, "status: draft\nembargo: 2026-12-05T09:00-05:00\n")
    result = run_briefgen(["build", "sources/essay.md", "--only", "memo,deck"], project, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    for name in ("memo.pdf", "deck.pptx"):
        assert (project / "build" / "essay" / name).read_bytes() == (draft_build / name).read_bytes(), name


def test_the_slide_stamp_box_is_as_wide_as_its_longest_line_and_stays_on_the_slide() -> None:
    from briefgen.render.common.units import EMU_PER_INCH as INCH
    from briefgen.render.deck.stamps import stamp_box, stamp_lines
    from briefgen.render.common.stamps import Stamps

    look = {"size": 14, "footer_size": 9, "top": 0.08, "right": 0.3, "width": 8.0}
    lines = stamp_lines(Stamps("DRAFT", "Embargoed until then", "Draft of today"), look)
    assert lines == [("DRAFT · Embargoed until then", 14, True), ("Draft of today", 9, False)]
    measure = lambda text, size, bold: len(text) * size * 0.5  # noqa: E731
    left, top, width, height = stamp_box(lines, measure, look, 12 * INCH)
    assert width == int((28 * 7 + 14.4 + 4) / 72 * INCH) and left + width + int(0.3 * INCH) == 12 * INCH
    assert height > int((14 + 9) / 72 * INCH) and top == int(0.08 * INCH)
    wide = stamp_box([("x" * 400, 14, True)], measure, look, 12 * INCH)
    assert wide[2] == 8 * INCH and wide[0] >= 0  # capped at stamps.width (it wraps then)
    assert stamp_lines(Stamps("", "Embargoed until then", ""), look) == [("Embargoed until then", 14, True)]


@pytest.fixture(scope="module")
def draft_handouts(tmp_path_factory, draft_build) -> list:
    """The draft handout on both layouts."""
    project = draft_build.parent.parent
    result = run_briefgen(["build", "sources/essay.md", "--only", "handout", "--layout", "example-org", "--out", "meridian"], project,
                          env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    return [draft_build / "handout.html", project / "meridian" / "essay" / "handout.html"]


def test_a_draft_handout_stays_accessible_on_both_layouts(draft_handouts) -> None:
    from pathlib import Path as _Path

    chromium = "/usr/bin/chromium"
    if not _Path(chromium).exists():
        pytest.skip("chromium is not installed")
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            for path in draft_handouts:
                for width in (1280, 375):
                    page = browser.new_page(viewport={"width": width, "height": 900})
                    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
                    page.goto(path.as_uri())
                    assert "DRAFT" in page.evaluate("document.querySelector('#bg-stamps').innerText")
                    violations = Axe().run(page).response["violations"]
                    assert violations == [], (path, width, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations])
                    page.close()
        finally:
            browser.close()
