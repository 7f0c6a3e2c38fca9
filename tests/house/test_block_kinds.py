"""Every block kind of the model × every renderer (issue 30, item 4).

The list of kinds is not written here: it is :data:`briefgen.model.BLOCK_KINDS`,
derived from the model's ``Block`` union, so a kind added to the model is checked
at once. Three checks:

* every kind has a sample below, and the sample brief parses into every kind;
* every renderer's dispatch declares every kind (``DRAWS``), and meeting an
  undeclared kind is an error (:class:`~briefgen.model.UnhandledBlock`), never a
  silent drop; a fake kind registered here proves both checks catch a gap;
* the real command builds the sample brief with every output, and each kind's
  marker word is in each output's text (the one-pager draws the front matter
  only: its summary is checked, its dispatch is the memo's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pytest

from tests.support import handout_fixtures as hf
from briefgen import model as m
from briefgen.render.deck.plan import DRAWS as DECK_DRAWS, plan_deck
from briefgen.render.docx.writer import DRAWS as DOCX_DRAWS
from briefgen.render.handout.convert import HtmlWriter
from briefgen.render.pdfkit.builder import BlockBuilder
from tests.support import pdftotext, run_briefgen

SAMPLES: Dict[str, Tuple[str, Optional[str]]] = {
    "Paragraph": ("A paragraph with Qalpha in it.", "Qalpha"),
    "SubHeading": ("### Heading Qbravo", "Qbravo"),
    "ListBlock": ("- An item with Qcharlie\n- Another item", "Qcharlie"),
    "BlockQuote": ("> A quotation with Qdelta in it.", "Qdelta"),
    "PullQuote": ("::: pullquote\nA pull quote with Qecho.\n:::", "Qecho"),
    "CodeBlock": ("```\ncode Qfoxtrot\n```", "Qfoxtrot"),
    "ThematicBreak": ("---", None),  # a rule: nothing to read
    "Table": ("| Column Qgolf | Value |\n|---|---:|\n| Row Qhotel | 1 |", "Qgolf"),
    "Figure": ('![A bar chart picture](fig.png "Figure caption Qindia")', "Qindia"),
    "Chart": ("::: {.chart type=bar #fig-kilo}\nTitle: Chart title Qkilo\nUnits: things\nSource: a test\n"
              "Alt: Two bars, B higher than A.\n\n| Thing | Count |\n|---|---:|\n| A | 1 |\n| B | 2 |\n:::", "Qkilo"),
}
"""One sample per block kind (by class name): Markdown and the marker word every output must show."""

RENDERERS = {
    "memo": BlockBuilder.DRAWS,
    "onepager": BlockBuilder.DRAWS,
    "deck-notes": DECK_DRAWS,
    "handout": HtmlWriter.DRAWS,
    "handout-pdf": HtmlWriter.DRAWS,
    "deck": DECK_DRAWS,
    "docx": DOCX_DRAWS,
}
"""Each output and the dispatch declaration its blocks go through."""

FRONT = """---
title: "Every block kind"
date: "2026-04"
summary: "A summary with Qsummary in it."
authors:
  - name: "A. Tester"
    bio: "Tests things."
---
"""


@dataclass(frozen=True)
class Sidebar:
    """A fake new block kind that no renderer knows."""

    blocks: Tuple[m.Block, ...]
    line: int


def uncovered(kinds: Tuple[type, ...]) -> List[Tuple[str, str]]:
    """``(output, kind)`` for every kind an output's dispatch does not declare."""
    return [(name, kind.__name__) for name, draws in RENDERERS.items() for kind in m.missing_kinds(draws, kinds)]


def sample_source() -> str:
    """The sample brief: one block of each kind, in one section."""
    body = "\n\n".join(SAMPLES[kind.__name__][0] for kind in m.BLOCK_KINDS)
    return f"{FRONT}\n## Every kind\n\nThe opening paragraph.\n\n{body}\n\nThe closing paragraph.\n"


def test_every_kind_in_the_model_has_a_sample():
    assert m.BLOCK_KINDS, "no block kinds found in the model"
    assert [k.__name__ for k in m.BLOCK_KINDS if k.__name__ not in SAMPLES] == []


def test_every_renderer_declares_every_kind():
    assert uncovered(m.BLOCK_KINDS) == []


def test_a_new_kind_no_renderer_handles_is_reported():
    """The negative: register a fake kind; the coverage check names it for every output."""
    assert uncovered(m.BLOCK_KINDS + (Sidebar,)) == [(name, "Sidebar") for name in RENDERERS]


def test_dispatch_raises_on_an_unknown_kind():
    """Meeting an undeclared kind is an error in every dispatch, not a log line."""
    fake = Sidebar((m.Paragraph((m.Text("x"),), 3),), 3)
    writer = HtmlWriter(lambda image, line: "", lambda line, message: None)
    with pytest.raises(m.UnhandledBlock, match="handout cannot draw a block of kind Sidebar"):
        writer.block(fake)  # type: ignore[arg-type]
    with pytest.raises(m.UnhandledBlock, match="Sidebar"):
        BlockBuilder._block(object(), fake, 100.0, "body", 0)  # type: ignore[arg-type]  # self is not reached
    section = m.Section((), "", (fake,), (), (), 3)  # type: ignore[arg-type]
    doc = m.Document(_meta(), (), (section,), (), "x.md", Path("."), "en", (), 0)
    with pytest.raises(m.UnhandledBlock, match="deck cannot draw"):
        plan_deck(doc, None, None)  # type: ignore[arg-type]  # the check runs before any planning


def _meta() -> m.Metadata:
    return m.Metadata((m.Text("T"),), (), "2026", "2026", (), "", (), (), (), (), "default", "")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("kinds")
    (root / "sources").mkdir()
    (root / "sources" / "kinds.md").write_text(sample_source(), encoding="utf-8")
    hf.make_png(root / "sources" / "fig.png")
    result = run_briefgen(["build", "sources/kinds.md", "--only", "all", "--out", "out", "-q"], root,
                          env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr
    return root / "out" / "kinds"


def test_the_sample_parses_into_every_kind(tmp_path):
    from briefgen.source import load_source

    (tmp_path / "kinds.md").write_text(sample_source(), encoding="utf-8")
    hf.make_png(tmp_path / "fig.png")
    doc = load_source(tmp_path / "kinds.md").doc
    found = {type(b) for b in m.iter_blocks(doc)}
    assert [k.__name__ for k in m.BLOCK_KINDS if k not in found] == []
    assert [b.ident for b in m.iter_blocks(doc) if isinstance(b, m.Chart)] == ["fig-kilo"]


def _text(path: Path) -> str:
    if path.suffix == ".pdf":
        text = pdftotext(path)
    elif path.suffix == ".docx":  # the body, its notes and its charts, as Word stores their text
        import zipfile

        with zipfile.ZipFile(path) as package:
            xml = " ".join(package.read(name).decode("utf-8") for name in sorted(package.namelist())
                           if re.fullmatch(r"word/(document|footnotes|charts/chart\d+)\.xml", name))
        text = " ".join(re.findall(r"<(?:w|a|c):t(?: [^>]*)?>([^<]*)</(?:w|a|c):t>", xml))
    elif path.suffix == ".pptx":
        from pptx import Presentation

        parts = []
        for slide in Presentation(str(path)).slides:
            for shape in slide.shapes:
                if shape.has_text_frame:
                    parts.append(shape.text_frame.text)
                if getattr(shape, "has_table", False):
                    parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
            if slide.has_notes_slide:
                parts.append(slide.notes_slide.notes_text_frame.text)
        text = "\n".join(parts)
    else:
        text = path.read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"-\n", "", text))


FILES = {"memo": "memo.pdf", "onepager": "onepager.pdf", "deck-notes": "deck-notes.pdf", "handout": "handout.html",
         "handout-pdf": "handout.pdf", "deck": "deck.pptx", "docx": "brief.docx"}


@pytest.mark.parametrize("output", list(RENDERERS))
def test_every_output_draws_every_kind(built, output):
    text = _text(built / FILES[output])
    if output == "onepager":  # the front matter only: the summary goes through the memo's dispatch
        assert "Qsummary" in text
        return
    missing = [k.__name__ for k in m.BLOCK_KINDS if SAMPLES[k.__name__][1] and SAMPLES[k.__name__][1] not in text]
    assert missing == [], f"{output} does not show the text of: {', '.join(missing)}"
