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


# ---------------------------------------------------------------- nocite and ::: {#refs}

REFS = "## Sources\n\nThe works this brief draws on:\n\n::: {#refs}\n:::\n\n## Shipping and Ports"
UNCITED = ("Eisinger's account [-@eisinger1988] and\nFeldman's review [@feldman2016, 114] frame it.", "Two older works frame it.")


def bibliographies(doc: m.Document) -> list:
    return [b for b in m.iter_blocks(doc) if isinstance(b, m.Bibliography)]


def test_nocite_lists_uncited_works_and_refs_places_them(tmp_path):
    root = project(tmp_path, 'nocite:\n  - "@eisinger1988 @feldman2016"\n',
                   replace=(UNCITED, ("## Shipping and Ports", REFS)))
    doc = document(root)
    titles = [m.plain_text(s.title) for s in doc.sections]
    assert titles == ["The House and its Speaker", "Economic Development", "Sources", "Shipping and Ports", "Climate and Law"]
    (block,) = bibliographies(doc)
    assert block.placed and len(block.keys) == 27 and {"eisinger1988", "feldman2016"} <= set(block.keys)
    assert doc.sections[2].blocks[-1] is block and m.plain_text(doc.sections[2].blocks[0].inlines).startswith("The works")
    assert not any("Eisinger" in n for n in notes_text(doc))  # listed, never cited


def test_without_nocite_the_uncited_works_stay_out(tmp_path):
    doc = document(project(tmp_path, replace=(UNCITED,)))
    (block,) = bibliographies(doc)
    assert not block.placed and len(block.keys) == 25 and "eisinger1988" not in block.keys
    assert m.plain_text(doc.sections[-1].title) == "Bibliography"


def test_nocite_star_lists_every_entry_even_with_nothing_cited(tmp_path):
    (tmp_path / "refs.bib").write_text((FIXTURE / "refs.bib").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "brief.md").write_text(FRONT.format(extra="bibliography: refs.bib\nnocite: \"@*\"\n", body="No citation here."),
                                       encoding="utf-8")
    from briefgen.source import load_source

    doc = load_source(tmp_path / "brief.md").doc
    (block,) = bibliographies(doc)
    assert len(block.keys) == 14 and m.plain_text(doc.sections[-1].title) == "Bibliography" and not doc.footnotes


def test_a_refs_div_without_a_bibliography_leaves_nothing(tmp_path):
    from briefgen.source import load_source

    (tmp_path / "brief.md").write_text(FRONT.format(extra="", body="Text.\n\n::: {#refs}\n:::\n"), encoding="utf-8")
    result = load_source(tmp_path / "brief.md")
    assert not bibliographies(result.doc)
    assert [m.plain_text(b.inlines) for b in result.doc.sections[0].blocks] == ["Text."]


FRONT = '---\ntitle: "T"\ndate: "2026"\nauthors:\n  - name: "A"\n    bio: "B."\n{extra}---\n\n## S\n\n{body}\n'


def test_nocite_errors_are_located(tmp_path):
    (tmp_path / "refs.bib").write_text((FIXTURE / "refs.bib").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "brief.md").write_text(FRONT.format(
        extra='bibliography: refs.bib\nnocite:\n  - "@heitshusen2026"\n  - "@heitshusen226"\n  - "heitshusen2026"\n',
        body="Text."), encoding="utf-8")
    result = run_briefgen(["check", "brief.md"], tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("brief.md:10:5: error: unknown citation key '@heitshusen226' in 'nocite' in refs.bib; "
            "did you mean '@heitshusen2026'?") in result.stderr
    assert "brief.md:11:5: error: 'nocite' lists citation keys written '@key'" in result.stderr
    (tmp_path / "brief.md").write_text(FRONT.format(extra='nocite: "@*"\n', body="Text."), encoding="utf-8")
    result = run_briefgen(["check", "brief.md"], tmp_path)
    assert result.returncode == 1 and "brief.md:7:9: error: 'nocite' needs 'bibliography'" in result.stderr


def test_a_placed_bibliography_stays_in_place_in_the_memo_and_the_handout(tmp_path):
    root = project(tmp_path, 'nocite: "@eisinger1988"\n', replace=(("## Shipping and Ports", REFS),))
    result = run_briefgen(["build", "sources/brief.md", "--only", "handout,memo", "--out", "out", "-q"], root,
                          env=EPOCH, timeout=900)
    assert result.returncode == 0, result.stderr
    page = (root / "out" / "brief" / "handout.html").read_text(encoding="utf-8")
    assert page.find('id="sources"') < page.find('<ul class="bibliography"') < page.find('id="shipping-and-ports"') \
        < page.find('id="bg-notes"')
    assert 'id="bibliography"' not in page
    lines = [line.strip() for line in pdf_lines(root / "out" / "brief" / "memo.pdf")]
    sources = next(i for i, line in enumerate(lines) if line.endswith("Sources"))
    shipping = next(i for i, line in enumerate(lines) if line.endswith("Shipping and Ports"))
    eisinger = next(i for i, line in enumerate(lines) if line.startswith("Eisinger, Peter K."))
    assert sources < eisinger < shipping
