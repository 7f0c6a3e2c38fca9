"""Keep-out zones by rendering (#29 item 1): LibreOffice draws no word on the template's art.

Through the real command: the essay and real reports with tables are built
with ``--only deck`` on the shipped ``default`` and ``example-org`` layouts and
on LibreOffice's Vivid and Midnightblue templates (converted to .pptx and
imported with ``layouts new --from-pptx``, as a user would). Each deck is
rendered with ``soffice --headless --convert-to pdf``; pdfplumber reads every
word's box, and :func:`checkers.deck_render.words_on_art` must find none on a
keep-out zone (a title on its own band excepted). A deck with a text box put on
the art must fail the same check (its negative case).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.support import deck_templates
from tests.support.checkers import deck_shapes as S
from tests.support.checkers.deck_render import allowed_boxes, to_pdf, words_on_art

from tests.support import ROOT
REAL = ROOT.parent / "shared" / "real"
ESSAY = ROOT / "sources" / "essay.md"
JUDICIARY = REAL / "crs-if13206-judiciary-budget-fy2027.md"
ENERGY = REAL / "crs-if10753-energy-star-program.md"
#: layout -> the sources built on it (the LibreOffice ones imported from LibreOffice's templates)
PLAN = {"default": (ESSAY, JUDICIARY), "example-org": (ESSAY, JUDICIARY),
        "lo-vivid": (ESSAY, ENERGY, JUDICIARY), "lo-midnightblue": (ENERGY,)}

pytestmark = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")


def _run(args, cwd):
    env = dict(os.environ, PYTHONPATH=str(ROOT), SOURCE_DATE_EPOCH="1700000000")
    return subprocess.run([sys.executable, "-m", "briefgen", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=1200)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """(layout, source stem) -> (deck.pptx, its PDF as LibreOffice renders it)."""
    work = tmp_path_factory.mktemp("render")
    profile = work / "lo-profile"
    project = work / "project"
    project.mkdir()
    decks = {}
    for layout, sources in PLAN.items():
        sources = [s for s in sources if s.is_file()]
        if layout.startswith("lo-"):
            name = layout[3:].capitalize()
            pptx = deck_templates.libreoffice(name, work / "templates", profile)
            if pptx is None:
                continue
            done = _run(["layouts", "new", layout, "--from-pptx", str(pptx)], project)
            assert done.returncode == 0, done.stderr[-2000:]
        out = work / "out" / layout
        done = _run(["build", *map(str, sources), "--only", "deck", "--layout", layout, "--out", str(out), "-q",
                     "-j", "2"], project)
        assert done.returncode == 0, done.stderr[-2000:]
        for src in sources:
            flat = work / "flat" / f"{layout}--{src.stem}.pptx"  # one folder, unique names: one PDF each
            flat.parent.mkdir(exist_ok=True)
            shutil.copyfile(out / src.stem / "deck.pptx", flat)
            decks[(layout, src.stem)] = flat
    pdfs = work / "pdf"
    pdfs.mkdir()
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(pdfs), *map(str, decks.values())], check=True, capture_output=True, timeout=1800)
    return {key: (pptx, pdfs / (pptx.stem + ".pdf")) for key, pptx in decks.items()}


def test_libreoffice_draws_no_word_on_the_templates_art(rendered):
    assert rendered, "no deck was built"
    assert any(layout.startswith("lo-") for layout, _stem in rendered) or not deck_templates.LO_TEMPLATES.is_dir()
    problems = []
    for (layout, stem), (pptx, pdf) in sorted(rendered.items()):
        assert pdf.is_file(), f"LibreOffice made no PDF of {pptx.name}"
        problems += [f"{stem} on {layout}: {line}" for line in words_on_art(pptx, pdf)]
    assert not problems, "\n".join(problems[:40])


def test_text_put_on_the_art_fails_the_rendering_check(rendered, tmp_path):
    from pptx import Presentation
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    pptx, _pdf = rendered[("example-org", "essay")]
    prs = Presentation(str(pptx))
    slide = prs.slides[1]
    zones = S.keep_out_zones(slide, int(prs.slide_width), int(prs.slide_height))
    allowed = allowed_boxes(slide)
    spot = None  # a place on the art that no title or footer placeholder covers, the words across it
    for zone in zones:
        x0, y0, x1, y1 = (v / 12700 for v in zone.box)
        middle = (y0 + y1) / 2
        for x in range(int(x0), int(x1) + 1, 12):
            words = (x - 150, middle - 12, x + 250, middle + 12)
            if not any(a[0] <= words[2] and words[0] <= a[2] and a[1] <= words[3] and words[1] <= a[3] for a in allowed):
                spot = (zone, x - 150, middle)
                break
        if spot:
            break
    assert spot is not None, "the fixture needs art clear of placeholders"
    zone, left, middle = spot
    box = slide.shapes.add_textbox(Pt(left), Pt(middle - 12), Pt(300), Pt(24))
    box.text_frame.word_wrap = False  # one line of words from 150 pt before the art to well past it
    box.text_frame.text = "Textdrawnacrossthetemplatesart" * 2  # one long word: no gap may fall on a rule
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(18)
    box.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    bad = tmp_path / "on-the-art.pptx"
    prs.save(str(bad))
    found = words_on_art(bad, to_pdf(bad, tmp_path, tmp_path / "profile"))
    assert any((zone.name or "unnamed") in line for line in found), found
