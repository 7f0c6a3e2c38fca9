"""An escaped cross-reference, ``\\@fig-map``, is text: pandoc's rule (a backslash-escaped ``@`` cites nothing).

The source layer marks the escaped ``@`` (:data:`briefgen.model.xrefs.ESCAPED_AT`), so the
check reports no unknown id and the renderers' cross-reference pass makes no link; the
mark is removed there, and every output prints "@fig-map" as written. Unescaped references
beside it still resolve, also after an escaped backslash (``\\\\@sec-body``), a citation
brief's escaped keys included. Read back: the memo and the handout PDF with poppler, the
handout's HTML, the docx's XML, the deck's XML; none holds the mark.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from briefgen.model import Link, Text, iter_inlines
from briefgen.model.xrefs import ESCAPED_AT, find_refs, resolve
from tests.support import make_project, pdftotext, run_briefgen

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}

BRIEF = r"""---
title: 'Maps and \@fig-map'
date: "2026-05"
summary: "Escaped references stay as written."
authors:
  - name: "A. Writer"
    bio: "Writes."
---

## Body {#sec-body}

See @sec-body and \@fig-map literally, [\@tbl-costs] too, [a link \@box-x](https://example.org),
and \\@sec-body still refers.

![A map](map.png "The map"){#fig-real}

Figure @fig-real is the map; \@fig-real is its id.
"""

BIB = """@report{crs2023,
  author = {{Congressional Research Service}},
  title = {Federal Budget Process Basics},
  year = {2023},
}
"""


def _png(path: Path) -> None:
    import struct
    import zlib

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 8 for _ in range(6))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 6, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _project(tmp: Path, cited: bool = False) -> Path:
    root = make_project(tmp, sources=())
    text = BRIEF
    if cited:
        (root / "sources" / "refs.bib").write_text(BIB, encoding="utf-8")
        text = text.replace("summary:", "bibliography: refs.bib\nsummary:", 1).replace(
            "is its id.", r"is its id, as @crs2023 says [@crs2023] and \@crs2023 is a key.")
    (root / "sources" / "brief.md").write_text(text, encoding="utf-8")
    _png(root / "sources" / "map.png")
    return root


def test_escaped_reference_is_marked_text_in_the_model(tmp_path):
    from briefgen.source import load_source

    root = _project(tmp_path)
    doc = load_source(root / "sources" / "brief.md", root).doc
    texts = "".join(n.text for n in iter_inlines(doc.sections) if isinstance(n, Text))
    assert ESCAPED_AT + "@fig-map" in texts and ESCAPED_AT + "@tbl-costs" in texts
    assert ESCAPED_AT + "@fig-real" in texts
    assert [w for _, w, _ in find_refs(texts)] == ["@sec-body", "@sec-body", "@fig-real"]
    resolved = resolve(doc, {})
    plain = "".join(n.text for n in iter_inlines(resolved) if isinstance(n, Text))
    assert ESCAPED_AT not in plain and ESCAPED_AT not in resolved.meta.short_title
    assert "@fig-map literally, [@tbl-costs] too" in plain and "@fig-real is its id" in plain
    links = [n.href for n in iter_inlines(resolved.sections) if isinstance(n, Link)]
    assert links == ["#sec-body", "https://example.org", "#sec-body", "#fig-real"]


def test_unescaped_unknown_reference_is_still_an_error(tmp_path):
    """The negative case: without the backslash, '@fig-map' names nothing and the check says so."""
    root = _project(tmp_path)
    brief = root / "sources" / "brief.md"
    brief.write_text(brief.read_text(encoding="utf-8").replace(r"and \@fig-map", "and @fig-map"), encoding="utf-8")
    result = run_briefgen(["check", "sources/brief.md"], root)
    assert result.returncode == 1
    assert "sources/brief.md:12:" in result.stderr and "'@fig-map' refers to no figure" in result.stderr
    assert "Traceback" not in result.stderr


def _texts(out: Path) -> dict:
    texts = {name: pdftotext(out / name) for name in ("memo.pdf", "handout.pdf")}
    texts["handout.html"] = re.sub(r"<[^>]+>", "", (out / "handout.html").read_text(encoding="utf-8"))
    with zipfile.ZipFile(out / "brief.docx") as docx:
        texts["brief.docx"] = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", docx.read("word/document.xml").decode()))
    with zipfile.ZipFile(out / "deck.pptx") as deck:
        texts["deck.pptx"] = "".join(deck.read(n).decode() for n in deck.namelist() if n.endswith(".xml"))
    return texts


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_every_output_prints_the_escaped_reference_as_written(tmp_path):
    root = _project(tmp_path)
    result = run_briefgen(["build", "sources/brief.md", "--only", "memo,handout,handout-pdf,docx,deck", "--out", "out", "-q"],
                          root, env=EPOCH)
    assert result.returncode == 0, result.stderr
    for name, text in _texts(root / "out" / "brief").items():
        assert ESCAPED_AT not in text, name
        assert "@fig-map" in text, name
        if name != "deck.pptx":  # the deck gives the body's gist, not every sentence
            flat = _squash(text)
            assert "Body and @fig-map literally, [@tbl-costs] too" in flat, name
            assert "@fig-real is its id" in flat and "Figure 1 is the map" in flat, name
            assert "\\Body still refers" in flat, name
        assert "Maps and @fig-map" in _squash(text), name


def test_escapes_in_a_citing_brief(tmp_path):
    """With a bibliography the citation parser sees the text first: escaped refs and keys stay text."""
    root = _project(tmp_path, cited=True)
    result = run_briefgen(["build", "sources/brief.md", "--only", "memo,handout", "--out", "out", "-q"], root, env=EPOCH)
    assert result.returncode == 0, result.stderr
    memo = _squash(pdftotext(root / "out" / "brief" / "memo.pdf"))
    html = _squash(re.sub(r"<[^>]+>", "", (root / "out" / "brief" / "handout.html").read_text(encoding="utf-8")))
    for text in (memo, html):
        assert "Body and @fig-map literally, [@tbl-costs] too" in text
        assert "and @crs2023 is a key" in text and ESCAPED_AT not in text
        assert "Federal Budget Process Basics" in text
