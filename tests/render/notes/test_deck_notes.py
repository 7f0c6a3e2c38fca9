"""The presenter's notes handout (issue 13): every slide of the deck, its bullets and its full notes, in a paginated PDF.

The blocks come from the deck's own slide plan (tested pure); the PDF is read
back with poppler and compared with the deck python-pptx reads from the same
build, slide by slide; it is make-style like the other outputs.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from briefgen.render.deck.model import Para, Run, SlidePlan
from briefgen.render.notes.plan import Bullet, note_blocks
from tests.support import make_project, no_traceback, pdftotext, run_briefgen, tool_missing

needs_poppler = pytest.mark.skipif(tool_missing("pdftotext") or tool_missing("pdffonts"), reason="poppler is not installed")


def test_note_blocks_keep_every_slide_its_bullets_and_all_its_notes() -> None:
    slides = [
        SlidePlan("title", "Title Slide", title="The brief", body=(Para((Run("By Ana"),), bullet=False),), notes="Welcome.", line=2),
        SlidePlan("content", "Title and Content", title="Why it matters",
                  body=(Para((Run("First "), Run("point", bold=True))), Para((Run("Detail"),), level=1), Para((), bullet=True)),
                  notes="Para one.\n\nPara two.\n\n\n", line=12),
        SlidePlan("table", "Title Only", title="", notes="", line=30),
    ]
    blocks = note_blocks(slides)
    assert [b.number for b in blocks] == [1, 2, 3]
    assert blocks[0].bullets == (Bullet((Run("By Ana"),), 0, False, None, None),) and blocks[0].notes == ("Welcome.",)
    second = blocks[1]
    assert second.title == "Why it matters" and second.line == 12
    assert [(b.level, "".join(r.text for r in b.runs)) for b in second.bullets] == [(0, "First point"), (1, "Detail")]
    assert second.bullets[0].runs[1].bold and second.notes == ("Para one.", "Para two.")
    assert blocks[2].title == "" and blocks[2].bullets == () and blocks[2].notes == ()


@pytest.fixture(scope="module")
def notes_build(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("notes"))
    for layout, out in (("default", "build"), ("example-org", "meridian")):
        result = run_briefgen(["build", "--only", "deck,deck-notes", "--layout", layout, "--out", out], project)
        no_traceback(result.stderr)
        assert result.returncode == 0, result.stderr
    return project


def _letters(text: str) -> str:
    """Only letters and digits, lower case: hyphenation, line breaks and typography do not count."""
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def _frame_text(pdf: Path) -> str:
    """The PDF's text inside the text frame only (running heads and footers cropped away), page after page."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = (float(x) for x in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    top, bottom = 0.62 * 72, 0.75 * 72
    return pdftotext(pdf, "-x", "0", "-y", str(int(top)), "-W", str(int(width)), "-H", str(int(height - top - bottom)))


@needs_poppler
@pytest.mark.parametrize("out", ["build", "meridian"])
def test_the_notes_handout_holds_every_slide_in_order_with_its_full_notes(notes_build, out) -> None:
    from pptx import Presentation

    folder = notes_build / out / "essay"
    deck = Presentation(str(folder / "deck.pptx"))
    text = _letters(_frame_text(folder / "deck-notes.pdf"))
    at = 0
    for number, slide in enumerate(deck.slides, 1):
        title = next((s.text_frame.text for s in slide.placeholders if s.placeholder_format.type in (1, 3)), "")
        heading = _letters(f"Slide {number} {title}")
        found = text.find(heading, at)
        assert found >= 0, f"slide {number} ({title!r}) is missing or out of order"
        at = found + len(heading)
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        for paragraph in (p for p in notes.split("\n\n") if p.strip()):
            letters = _letters(paragraph)
            found = text.find(letters, at)
            assert found >= 0, f"slide {number}: notes paragraph missing: {paragraph[:60]!r}"
            at = found + len(letters)


@needs_poppler
def test_the_notes_handout_is_paginated_with_embedded_fonts_and_metadata(notes_build) -> None:
    pdf = notes_build / "build" / "essay" / "deck-notes.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 3
    assert re.search(r"Title:\s+Do not be Disappointed .* Presenter's Notes", info)
    assert re.search(r"Author:\s+John Ashley", info)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(re.search(r"\syes\s+yes\s+yes\s+\d+\s+\d+\s*$", line) for line in fonts), fonts
    text = pdftotext(pdf)
    assert text.count("Presenter's Notes") >= pages  # the running head on every page (and the heading)
    assert all(f"Page {n} of {pages}" in text for n in range(1, pages + 1))


def test_the_notes_handout_is_make_style(notes_build) -> None:
    project = notes_build
    manifest = json.loads((project / "build" / ".briefgen" / "essay.json").read_text())
    inputs = manifest["outputs"]["deck-notes"]["inputs"]
    names = [Path(p).name for p in inputs]
    assert "essay.md" in names and "layouts.yaml" in names and "memo.yaml" in names and "theme.yaml" in names
    again = run_briefgen(["build", "--only", "deck-notes", "--layout", "default"], project)
    assert again.returncode == 0 and "up to date: build/essay/deck-notes.pdf" in again.stderr, again.stderr
    default = run_briefgen(["build", "-q", "--out", "plain"], project)
    assert default.returncode == 0, default.stderr
    built = sorted(p.name for p in (project / "plain" / "essay").iterdir())
    assert built == ["deck.pptx", "handout.html", "handout.pdf", "memo.pdf", "onepager.pdf"]  # the notes: not a default output


def test_a_draft_notes_handout_is_stamped_on_every_page(tmp_path) -> None:
    project = make_project(tmp_path)
    result = run_briefgen(["build", "--only", "deck-notes", "--draft"], project, env={"SOURCE_DATE_EPOCH": "1764590400"})
    assert result.returncode == 0, result.stderr
    pages = [re.sub(r"\s+", "", p) for p in pdftotext(project / "build" / "essay" / "deck-notes.pdf", "-raw").split("\f") if p.strip()]
    assert len(pages) >= 3 and all("DRAFT" in p and "Draftof2025-12-0112:00UTC" in p for p in pages)


@pytest.mark.parametrize("text, keep", [
    ("Preparing for Future Industries and EDA's Role in Federal Innovation Policy", True),  # a sub-heading
    ("Options before Congress include:", True),
    ("Statutory Authority: 15 U.S.C. §3722", True),
    ("The full text is in the handout, under \u201cPolicy Considerations\u201d.", False),
    ("Congress may act.", False),
    ("A long paragraph " * 10, False),
    ("one row\nanother row", False),
])
def test_a_short_line_that_does_not_end_a_sentence_introduces_what_follows(text: str, keep: bool) -> None:
    from briefgen.render.notes.plan import introduces

    assert introduces(text) is keep
