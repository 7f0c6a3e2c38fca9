"""Table captions and source notes as data: pandoc's syntax, and "Table N." paragraphs with a warning."""

from __future__ import annotations

from pathlib import Path

from briefgen import model as m
from briefgen.source import load_source

HEAD = '---\ntitle: "T"\ndate: "2024"\nauthors:\n  - name: A\n    bio: "B."\n---\n\n'
TABLE = "| Year | Funding |\n|---|---|\n| 2015 | $44.2 |\n| 2016 | $43.2 |\n"


def _load(tmp: Path, body: str):
    path = tmp / "t.md"
    path.write_text(HEAD + body, encoding="utf-8")
    result = load_source(path)
    tables = [b for b in m.walk_blocks(m.all_body_blocks(result.doc)) if isinstance(b, m.Table)]
    return result, tables


def test_pandoc_caption_before_and_note_after(tmp_path):
    result, (table,) = _load(tmp_path, "Table: Program *funding*, FY2015-FY2016\n\n" + TABLE +
                             "\n**Source:** EPA communication to CRS.\n\n**Notes**: Rounded.\n\nAfter.\n")
    assert m.plain_text(table.caption) == "Program funding, FY2015-FY2016"
    assert any(isinstance(i, m.Emph) for i in table.caption)  # inline formatting kept
    assert table.number == 1
    assert [m.block_text(b) for b in table.note] == ["Source: EPA communication to CRS.", "Notes: Rounded."]
    texts = [m.block_text(b) for b in result.doc.sections[0].blocks]
    assert texts[-1] == "After."
    assert not any("Table:" in t or t.startswith("Source") for t in texts[:-1] if not t.startswith("Year"))
    assert not [d for d in result.diagnostics if "caption" in d.message]


def test_colon_caption_after_the_table_with_or_without_a_blank_line(tmp_path):
    _, (a,) = _load(tmp_path, TABLE + "\n: Funding by year\n")
    assert m.plain_text(a.caption) == "Funding by year" and a.number == 1
    _, (b,) = _load(tmp_path, TABLE + ": Funding by year\n")  # Markdown reads it as a last row
    assert m.plain_text(b.caption) == "Funding by year"
    assert len(b.rows) == 2


def test_tables_are_numbered_in_reading_order_and_uncaptioned_ones_are_not(tmp_path):
    body = ("Table: First\n\n" + TABLE + "\n## Two\n\n" + TABLE + "\n## Three\n\nTable: Second\n\n" + TABLE)
    _, tables = _load(tmp_path, body)
    assert [t.number for t in tables] == [1, 0, 2]
    assert [m.plain_text(t.caption) for t in tables] == ["First", "", "Second"]


def test_a_table_n_paragraph_is_taken_with_a_located_warning(tmp_path):
    body = "Intro.\n\n**Table 4. Funding**\n\n(in millions of dollars)\n\n" + TABLE
    result, (table,) = _load(tmp_path, body)
    assert m.plain_text(table.caption) == "Funding (in millions of dollars)"
    assert any(isinstance(i, m.LineBreak) for i in table.caption)
    assert table.number == 1  # the layout numbers tables; the source's "4" is dropped
    (warn,) = [d for d in result.diagnostics if "caption" in d.message]
    assert warn.severity == "warning" and warn.line == 11 and "Table: caption" in warn.message
    assert [m.block_text(b) for b in result.doc.sections[0].blocks][0] == "Intro."


def test_paragraphs_that_only_look_like_captions_stay_paragraphs(tmp_path):
    """Negative fixture: not next to a table, or not a caption form."""
    body = "Table: not next to a table.\n\nText.\n\n" + TABLE + "\nSee Table 1. It shows funding.\n"
    result, (table,) = _load(tmp_path, body)
    assert table.caption == () and table.note == ()
    texts = [m.block_text(b) for b in result.doc.sections[0].blocks]
    assert "Table: not next to a table." in texts and "See Table 1. It shows funding." in texts


def test_caption_and_note_text_reach_every_renderer_through_block_text(tmp_path):
    _, (table,) = _load(tmp_path, "Table: Funding\n\n" + TABLE + "\nSource: CRS.\n")
    text = m.block_text(table)
    assert text.startswith("Funding") and text.endswith("Source: CRS.")
