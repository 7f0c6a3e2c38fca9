"""Deck tables on LibreOffice-sized areas (#29 item 3, #26 item 5): multi-row headers, numbers, parts.

Pure planner tests (no python-pptx): a header of two rows (column letters over
column heads, the stub head under an empty corner) is read as a header and
repeated whole on every part of a split table, with the figures right-aligned
under it; approximate figures ("~5") count as figures; a budget that keeps only
some parts of a split table numbers the kept parts again.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from briefgen.layout import load_layout
from briefgen.model import Section, Table, TableCell
from briefgen.render.common.tablecontent import header_rows, is_numeric
from briefgen.render.deck import build_measurer, load_config
from briefgen.render.deck.budget import renumber_parts
from briefgen.render.deck.model import SlidePlan

from tests.support import deck_fixtures as F

from tests.support import ROOT
HEAD = ["", "A", "B", "C", "D"]
HEADS_2 = ["Facility Type", "Number Reporting", "Subject to the Charge", "After Thresholds", "After Netting"]


def _rows(n):
    return [[f"Facility kind {i} with a longer name", str(100 + i), str(20 + i), f"~{i}", "\u2014" if i % 3 else "4"]
            for i in range(n)]


def test_column_letters_over_heads_are_a_two_row_header():
    assert header_rows(HEAD, [HEADS_2, *_rows(4)]) == 1
    # a row labelling a group of rows is not a header row
    assert header_rows(["Personal Exemption:", "$0"], [["Standard Deduction:", ""], ["Joint", "$31,500"]]) == 0
    # a filled header over figures: no header row in the body
    assert header_rows(["Account", "FY2026", "FY2027"], [["Supreme Court", "$174.5", "$225.1"], ["Other", "$1", "$2"]]) == 0


def test_approximate_figures_are_figures():
    assert is_numeric("~5") and is_numeric("~364") and is_numeric("<0.1")
    assert not is_numeric("~about")


def _plan(tmp_path, n_rows):
    from briefgen.render.deck.plan import plan_deck
    from briefgen.render.deck.template import open_template, resolve_kinds

    layout = load_layout("default", ROOT)
    cfg = load_config(layout)
    path = layout.find("deck/template.pptx")
    kinds = resolve_kinds(open_template(path), path, cfg.kinds, lambda msg: None)
    settings = cfg.settings(kinds, layout.theme.labels)
    doc = F.essay_doc(tmp_path)
    cells = lambda row: tuple(TableCell(F.t(c)) for c in row)  # noqa: E731
    table = Table(cells(HEAD), tuple(cells(r) for r in [HEADS_2, *_rows(n_rows)]), (None,) * 5, 300)
    section = Section(F.t("Facilities"), "facilities", (F.para("Table 1. Facilities", 299), table), (), (), 298)
    return plan_deck(replace(doc, sections=(section,)), settings, build_measurer(layout, cfg, lambda msg: None))


def test_a_two_row_header_is_repeated_whole_on_every_part(tmp_path):
    slides = [s for s in _plan(tmp_path, 14) if s.kind == "table"]
    assert len(slides) >= 2, "the test table must split"
    body_rows = []
    for s in slides:
        t = s.table
        assert [r[0].text if r else "" for r in t.header] == ["", "A", "B", "C", "D"][: len(t.header)]
        assert len(t.head_more) == 1 and t.head_more[0][0][0].text == "Facility Type"
        assert len(t.layout.head_heights) == 2 and t.layout.header_height == pytest.approx(sum(t.layout.head_heights))
        assert t.aligns[1:] == ("right",) * (len(t.aligns) - 1)  # figures (and "~5") right under their heads
        body_rows += [r[0][0].text for r in t.rows]
    assert "Facility Type" not in body_rows and len(body_rows) == len(set(body_rows))
    assert body_rows[0].startswith("Facility kind 0")


def _table_slide(title):
    return SlidePlan("table", "Title Only", title, 28.0, (), 0.0, "", None, table=object())


def test_kept_parts_of_a_trimmed_table_are_numbered_again():
    kept = renumber_parts([_table_slide("T (1 of 3)"), _table_slide("T (3 of 3)"), _table_slide("U (1 of 2)")])
    assert [s.title for s in kept] == ["T (1 of 2)", "T (2 of 2)", "U"]
