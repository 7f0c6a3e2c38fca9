"""Decks from what users bring: every template x source, drawn by LibreOffice and read back.

Templates nobody here wrote (python-pptx's default, variants of it, LibreOffice's
own) and sources nobody here wrote (``../shared/real/``, unannotated CRS
reports) plus the essay. For each pair: the build succeeds; in LibreOffice's
rendering every word is on its page and no word overlaps another; no slide
paragraph ends in an ellipsis the source lacks; no run is below the minimum
size; the slide count stays within 1.5x of the same source on the default
layout (a template whose content body is small for its slide has it grown into
the free area, see ``briefgen/render/deck/room.py``); the notes hold every
paragraph of the source.

CI runs a handful of templates that cover the shapes; ``DECK_MATRIX=full``
runs every generated variant and every LibreOffice template (its table is
written to ``$DECK_MATRIX_TABLE`` when set).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from tests.support import deck_templates as T
from tests.support import ROOT, SHARED

REAL = sorted(p for p in (SHARED / "real").glob("*.md") if p.name != "README.md")
SOURCES = [ROOT / "sources" / "essay.md"] + REAL
FULL = os.environ.get("DECK_MATRIX") == "full"
CI_GENERATED = ["pptx-default-4x3", "comparison-first", "german", "no-title-and-content", "16x10"]
CI_LIBREOFFICE = ["Midnightblue", "Vintage"]
GENERATED = list(T.GENERATED) if FULL else CI_GENERATED
LIBREOFFICE = T.libreoffice_names() if FULL else CI_LIBREOFFICE
TEMPLATES = [f"gen:{n}" for n in GENERATED] + [f"lo:{n}" for n in LIBREOFFICE]
MIN_RUN_PT = 14.0  # the smallest minimum of any kind (tables, sources, credits); body text's is 18
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)

pytestmark = pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext") or not REAL,
                                reason="LibreOffice, poppler or ../shared/real missing")


def _load(source: Path):
    from briefgen.source import load_source

    return load_source(source, project_dir=source.parent).doc


@pytest.fixture(scope="session")
def matrix_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("deck-matrix")


@pytest.fixture(scope="session")
def default_counts(matrix_dir) -> Dict[str, int]:
    """Slides per source on the default layout (the yardstick for every template)."""
    from briefgen.layout import load_layout
    from briefgen.render import RenderContext
    from briefgen.render.deck import plan_for

    layout = load_layout("default", ROOT)
    return {s.stem: len(plan_for(RenderContext(_load(s), layout))[1]) for s in SOURCES}


def _template(name: str, folder: Path) -> Path:
    kind, stem = name.split(":", 1)
    if kind == "gen":
        return T.generated(stem, folder / "templates")
    path = T.libreoffice(stem, folder / "templates", folder / "lo-profile")
    if path is None:
        pytest.skip(f"LibreOffice template {stem} not available")
    return path


def _pdf_words(pdf: Path) -> List[Tuple[float, float, List[Tuple[float, float, float, float, str]]]]:
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return [(float(w), float(h), [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in WORD.findall(body)])
            for w, h, body in PAGE.findall(html)]


def overlapping_words(words) -> List[Tuple[str, str]]:
    """Pairs of words whose boxes overlap by more than a third of the smaller one (text drawn over text)."""
    out = []
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            w = min(a[2], b[2]) - max(a[0], b[0])
            h = min(a[3], b[3]) - max(a[1], b[1])
            if w <= 0 or h <= 0:
                continue
            smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1])) or 1.0
            if w * h > smaller / 3:
                out.append((a[4], b[4]))
    return out


def test_overlap_checker_catches_text_over_text():
    """The negative fixture: two words drawn at the same place must fail the checker; neighbours must not."""
    assert overlapping_words([(10, 10, 60, 22, "Russia"), (12, 11, 70, 23, "Nuclear")])
    assert not overlapping_words([(10, 10, 60, 22, "Russia"), (64, 10, 120, 22, "Nuclear"), (10, 24, 60, 36, "Next")])


def slide_paragraphs(prs) -> List[Tuple[int, str, List[float]]]:
    """(slide number, paragraph text, run sizes) of every text on every slide, tables included."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    out = []
    for number, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            if shape.is_placeholder and shape.placeholder_format.type in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER):
                continue  # the template's own size
            frames = [shape.text_frame] if shape.has_text_frame else []
            if getattr(shape, "has_table", False) and shape.has_table:
                frames = [c.text_frame for r in shape.table.rows for c in r.cells]
            for tf in frames:
                for p in tf.paragraphs:
                    if p.text.strip():
                        out.append((number, p.text, [r.font.size.pt for r in p.runs if r.font.size is not None]))
    return out


def body_capacity(layout) -> float:
    """The inner area (pt^2) of the layout's content body (grown into the free area where the deck grows it)."""
    from briefgen.render.deck.config import load_config
    from briefgen.render.deck.template import open_template, resolve_kinds

    cfg = load_config(layout)
    path = layout.find(f"deck/{cfg.template}")
    spec = resolve_kinds(open_template(path), path, cfg.kinds, lambda msg: None)["content"]
    frame = spec.body or spec.area
    return frame.inner_w * frame.inner_h


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.mark.parametrize("template", TEMPLATES)
def test_template_matrix(template, matrix_dir, default_counts, tmp_path):
    from pptx import Presentation

    from briefgen.layout import load_layout
    from briefgen.model import Paragraph, all_body_blocks, plain_text
    from briefgen.pptx_import import new_layout_from_pptx
    from briefgen.render import RenderContext
    from briefgen.render.deck import render

    path = _template(template, matrix_dir)
    project = tmp_path / "project"
    project.mkdir()
    new_layout_from_pptx("org", path, project)
    with (project / "layouts" / "org" / "deck" / "layouts.yaml").open("a", encoding="utf-8") as f:
        f.write("\nnotes: full\n")  # every paragraph in the speaker notes (brief notes stop at 250 words)
    layout = load_layout("org", project)
    decks = tmp_path / "decks"
    decks.mkdir()
    problems: List[str] = []
    docs = {}
    for source in SOURCES:
        doc = _load(source)
        docs[source.stem] = doc
        data = render(RenderContext(doc, layout))  # the build succeeds (a RenderError fails the test)
        (decks / f"{source.stem}.pptx").write_bytes(data)
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(decks), *sorted(str(p) for p in decks.glob("*.pptx"))],
                   check=True, capture_output=True, timeout=600)
    capacity = body_capacity(layout) / body_capacity(load_layout("default", ROOT))
    bound = 1.5 if capacity >= 0.5 else 2.0  # a template whose art leaves the text under half the default's room
    rows = []
    for stem, doc in docs.items():
        prs = Presentation(str(decks / f"{stem}.pptx"))
        source_text = _norm((ROOT / "sources" / f"{stem}.md").read_text(encoding="utf-8")
                            if stem == "essay" else (SHARED / "real" / f"{stem}.md").read_text(encoding="utf-8"))
        count = len(prs.slides)
        if count > bound * default_counts[stem]:
            problems.append(f"{stem}: {count} slides, default layout {default_counts[stem]} (bound {bound}x; "
                            f"the content body holds {capacity:.0%} of the default's)")
        for number, text, sizes in slide_paragraphs(prs):
            stripped = text.rstrip()
            if (stripped.endswith("\u2026") or stripped.endswith("...")) and _norm(stripped) not in source_text:
                problems.append(f"{stem} slide {number}: ends in an ellipsis the source lacks: {text[-60:]!r}")
            if any(s < MIN_RUN_PT for s in sizes):
                problems.append(f"{stem} slide {number}: a run at {min(sizes)} pt: {text[:40]!r}")
        notes = _norm(" ".join(s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide))
        for block in all_body_blocks(doc):
            if isinstance(block, Paragraph) and _norm(plain_text(block.inlines)) not in notes:
                problems.append(f"{stem}: paragraph of line {block.line} missing from the notes")
        pages = _pdf_words(decks / f"{stem}.pdf")
        if len(pages) != count:
            problems.append(f"{stem}: LibreOffice drew {len(pages)} pages for {count} slides")
        for number, (width, height, words) in enumerate(pages, 1):
            off = [w[4] for w in words if w[0] < -0.5 or w[1] < -0.5 or w[2] > width + 0.5 or w[3] > height + 0.5]
            if off:
                problems.append(f"{stem} slide {number}: words off the page: {off[:5]}")
            over = overlapping_words(words)
            if over:
                problems.append(f"{stem} slide {number}: text over text: {over[:3]}")
        rows.append(f"| {template} | {capacity:.0%} | {stem} | {count} | {default_counts[stem]} |")
    table = os.environ.get("DECK_MATRIX_TABLE")
    if table:
        with open(table, "a", encoding="utf-8") as fh:
            fh.write("\n".join(rows) + ("\n" if not problems else f"\n| {template} | PROBLEMS | {len(problems)} | |\n"))
    assert not problems, "\n".join(problems[:40])
