"""The model's walks (children, every block, every footnote reference) and the one attribute reader."""

from __future__ import annotations

from pathlib import Path

from briefgen import model as m
from briefgen.source.attributes import CLASS, IDENT, PAIR, WORD, braced, parse_attributes
from briefgen.source.divs import slide_attributes

SOURCE = """---
title: "Walks"
date: "2026"
authors:
  - name: "A. Tester"
    bio: "Bio."
summary: "Summary."
---

Lede[^a][^b].

## One

- item
  > quoted *deep*[^c]

Table: Caption

| a | b |
|---|---|
| x | y[^d] |

Source: somewhere[^e].

::: notes
Spoken.
:::

[^a]: Note a.
[^b]: Note b.
[^c]: Note c.
[^d]: Note d.
[^e]: Note e, citing [^a].
"""


def _doc(tmp_path: Path) -> m.Document:
    from briefgen.source import load_source

    (tmp_path / "w.md").write_text(SOURCE, encoding="utf-8")
    return load_source(tmp_path / "w.md").doc


def test_iter_blocks_reaches_nested_blocks_notes_and_endnotes(tmp_path):
    doc = _doc(tmp_path)
    kinds = [type(b).__name__ for b in m.iter_blocks(doc)]
    assert kinds[:2] == ["Paragraph", "Paragraph"]  # the summary, then the bio
    assert "BlockQuote" in kinds and "Table" in kinds
    texts = [m.block_text(b) for b in m.iter_blocks(doc) if isinstance(b, m.Paragraph)]
    assert "quoted deep" in texts and "Spoken." in texts and "Note e, citing ." in texts
    assert any(t.startswith("Source: somewhere") for t in texts)  # a table's notes are walked


def test_walk_blocks_keeps_its_old_reach(tmp_path):
    """walk_blocks (used for anchors and reviews) goes into lists and quotes, not into table notes."""
    doc = _doc(tmp_path)
    texts = [m.block_text(b) for b in m.walk_blocks(m.all_body_blocks(doc)) if isinstance(b, m.Paragraph)]
    assert "quoted deep" in texts
    assert not any(t.startswith("Source:") for t in texts)


def test_footnote_refs_in_document_order(tmp_path):
    doc = _doc(tmp_path)
    body = [r.number for r in m.footnote_refs((doc.lede, [s.blocks for s in doc.sections]))]
    assert body == [1, 2, 3, 4, 5]  # numbered in order of first use in the body
    assert [r.number for r in m.footnote_refs(doc)] == body + [1]  # then the endnotes' own (note e cites a)


def test_footnote_refs_has_no_recursion_limit():
    inner: m.Inline = m.FootnoteRef(1, "x")
    for _ in range(5000):
        inner = m.Emph((inner,))
    assert [r.number for r in m.footnote_refs(m.Paragraph((inner,), 1))] == [1]


def test_attributes_carry_kinds_values_and_columns():
    line = '::: {.chart #fig-a type=bar data="my file.csv" y=\'a,b\' stacked ???}'
    inside, offset = braced(line)
    attrs = parse_attributes(inside, offset)
    assert [(a.kind, a.name, a.value) for a in attrs] == [
        (CLASS, "chart", ""), (IDENT, "fig-a", ""), (PAIR, "type", "bar"), (PAIR, "data", "my file.csv"),
        (PAIR, "y", "a,b"), (WORD, "stacked", ""), (WORD, "???", "")]
    assert [line[a.col - 1 :].startswith(a.raw) for a in attrs] == [True] * len(attrs)
    assert braced("::: chart") is None


def test_slide_attributes_through_the_one_reader():
    assert slide_attributes('{.slide layout="Two  Content" skip}') == ("Two Content", True, [])
    assert slide_attributes("{.slide .skip colour=red #s1}") == ("", True, ["colour=red", "#s1"])
    assert slide_attributes("slide") == ("", False, [])
