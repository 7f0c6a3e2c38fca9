"""Citations' later fixes (#23): a French brief's terms and heading, the handout's order, nocite and ``{#refs}``.

The fixture brief (``tests/fixtures/cite-brief/``) is copied and changed per test:
``lang: fr`` (CSL terms from citeproc-py's ``fr-FR`` locale, the layout's French
``bibliography`` label), ``nocite:`` and a ``::: {#refs}`` div.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from briefgen import model as m
from tests.support import FIXTURES, run_briefgen

FIXTURE = FIXTURES / "cite-brief"
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


def project(tmp: Path, front: str = "", body_end: str = "", replace: tuple = ()) -> Path:
    """The fixture brief in ``tmp/proj/sources`` with ``front`` added to its front matter and ``body_end`` to its body."""
    root = tmp / "proj"
    shutil.copytree(FIXTURE, root / "sources")
    brief = root / "sources" / "brief.md"
    text = brief.read_text(encoding="utf-8").replace("bibliography:\n", f"{front}bibliography:\n", 1) + body_end
    for old, new in replace:
        text = text.replace(old, new)
    brief.write_text(text, encoding="utf-8")
    return root


def document(root: Path) -> m.Document:
    from briefgen.source import load_source

    return load_source(root / "sources" / "brief.md", root).doc


def notes_text(doc: m.Document) -> list:
    return [" ".join(m.plain_text(b.inlines) for b in n.blocks if isinstance(b, m.Paragraph)) for n in doc.footnotes]


def test_a_french_brief_gets_french_citation_terms_and_heading(tmp_path):
    root = project(tmp_path, "lang: fr\n", replace=(("[@gao-11-477r]", "[@gao-11-477r; @feldman2016, 4]"),))
    doc = document(root)
    assert m.plain_text(doc.sections[-1].title) == "Bibliographie"
    notes = notes_text(doc)
    assert any("consulté le 20 avril 2026" in n for n in notes), notes
    assert any("Feldman et al., «\u00a0The Logic of Economic Development" in n and n.endswith("», 4.") for n in notes), notes
    assert not any("ᵒ" in n for n in notes) and any("CRS Report nº R44243" in n for n in notes)
    entries = [m.plain_text(i) for b in m.iter_blocks(doc) if isinstance(b, m.Bibliography) for i in b.entries]
    assert any("Consulté le 20 avril 2026" in e for e in entries)
    assert any("Hadjimichael, Lauren Lanahan, et Tom Kemeny" in e for e in entries)


def test_an_english_brief_keeps_english_terms(tmp_path):
    doc = document(project(tmp_path, "lang: en-US\n"))
    assert m.plain_text(doc.sections[-1].title) == "Bibliography"
    assert any("accessed April 20, 2026" in n for n in notes_text(doc))


def test_a_french_handout_shows_the_french_bibliography(tmp_path):
    root = project(tmp_path, "lang: fr\n")
    result = run_briefgen(["build", "sources/brief.md", "--only", "handout", "--out", "out", "-q"], root, env=EPOCH,
                          timeout=900)
    assert result.returncode == 0, result.stderr
    page = html.unescape((root / "out" / "brief" / "handout.html").read_text(encoding="utf-8"))
    text = re.sub(r"<[^>]+>", "", page)
    assert "Bibliographie" in text and "Bibliography" not in text
    assert "Consulté le 20 avril 2026" in text


def test_the_handout_puts_the_works_cited_after_the_notes_as_the_memo_does(tmp_path):
    root = project(tmp_path)
    result = run_briefgen(["build", "sources/brief.md", "--only", "handout,handout-pdf,memo", "--out", "out", "-q"], root,
                          env=EPOCH, timeout=900)
    assert result.returncode == 0, result.stderr
    page = (root / "out" / "brief" / "handout.html").read_text(encoding="utf-8")
    notes, works, about = page.find('id="bg-notes"'), page.find('id="bibliography"'), page.find('id="bg-about"')
    assert 0 < notes < works < about
    for name in ("handout.pdf", "memo.pdf"):
        lines = [line.strip() for line in pdf_lines(root / "out" / "brief" / name)]
        assert lines.index("Notes") < lines.index("Bibliography"), name


def pdf_lines(path: Path) -> list:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return [line for page in pdf.pages for line in (page.extract_text() or "").splitlines()]
