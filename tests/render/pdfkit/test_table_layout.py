"""The memo's table planning, as pure functions: widths from measured content, breaks, alignment.

Widths are measured with the memo's real font (ReportLab's ``stringWidth``
on the default layout's table face), never drawn.
"""

from __future__ import annotations

import pytest

from briefgen import model as m
from briefgen.render.pdfkit.tablelayout import Break, ColumnMeasure, measure_columns, plan_break, plan_widths
from briefgen.render.common.tablecontent import column_aligns, glue, is_numeric, numeric_columns, pieces
from tests.support.memo_fixtures import T

PAD = 4.0


@pytest.fixture(scope="module")
def width_of():
    """``width_of(text, bold)`` in the default layout's 9pt table faces."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from briefgen.layout import load_layout
    from briefgen.render.pdfkit.config import load_memo_config
    from briefgen.render.pdfkit.fonts import register_theme_fonts
    from briefgen.render.pdfkit.styles import Stylesheet
    from tests.support.memo_fixtures import ROOT

    layout = load_layout("default", ROOT)
    sheet = Stylesheet(load_memo_config(layout, layout.theme), register_theme_fonts(layout.theme), "en")
    cell, head = sheet["table_cell"], sheet["table_head"]
    return lambda text, bold: stringWidth(text, (head if bold else cell).fontName, 9)


def _table(header, rows, aligns=None) -> m.Table:
    cell = lambda t: m.TableCell((T(t),))  # noqa: E731
    return m.Table(tuple(cell(h) for h in header), tuple(tuple(cell(c) for c in r) for r in rows),
                   tuple(aligns or [None] * len(header)), 1)


LONG = ("The program provides cash-like benefits to low-income households for the purchase of food at "
        "authorized retailers, with eligibility set by income and asset tests and benefit amounts that "
        "fall as income rises. States administer it and share the administrative costs.")


def test_long_text_column_gets_the_room_and_no_minimum_is_broken(width_of):
    header = ["Program", "Statute", "Summary", "Funding", "Participation"]
    rows = [["SNAP", "7 U.S.C. § 2011", LONG, "$103.955 billion", "41.7 million"],
            ["WIC", "42 U.S.C. § 1786", LONG[:120], "$7.03 billion", "6.7 million"]]
    cols = measure_columns(header, rows, width_of, PAD)
    widths, fits = plan_widths(cols, 468)
    assert fits and sum(widths) == pytest.approx(468)
    for w, c in zip(widths, cols):
        assert w >= c.minimum - 1e-6
    assert widths[2] == max(widths)  # the summary column is the widest
    assert widths[2] > 468 / 3
    # the funding column holds "$103.955 billion" on one line
    assert widths[3] >= width_of("$103.955\u00a0billion", False) + 2 * PAD


def test_ten_narrow_numeric_columns_all_fit_unbroken(width_of):
    header = [f"FY{2015 + i}" for i in range(10)]
    rows = [[f"{(i * 37 + r) % 900 + 100:,}.{r}" for i in range(10)] for r in range(5)]
    cols = measure_columns(header, rows, width_of, PAD)
    widths, fits = plan_widths(cols, 468)
    assert fits
    assert all(w >= c.maximum - 1e-6 for w, c in zip(widths, cols))  # every figure on one line
    assert numeric_columns(_table(header, rows)) == (True,) * 10


def test_a_column_of_long_words_gets_its_longest_word(width_of):
    header = ["Term", "Meaning"]
    rows = [["intergovernmental", LONG], ["counterintelligence", LONG], ["Appropriations", "short"]]
    cols = measure_columns(header, rows, width_of, PAD)
    widths, fits = plan_widths(cols, 300)
    assert fits
    assert widths[0] >= width_of("counterintelligence", False) + 2 * PAD - 1e-6


def test_a_table_wider_than_the_page_at_its_minimums_says_so():
    cols = [ColumnMeasure(100, 200)] * 6 + [ColumnMeasure(20, 30)]
    widths, fits = plan_widths(cols, 468)
    assert not fits
    assert sum(widths) == pytest.approx(468)
    assert widths[-1] == 20  # a narrow column keeps its minimum; the others share the rest
    assert all(w > 0 for w in widths)


def test_widths_with_room_to_spare_fill_the_measure():
    widths, fits = plan_widths([ColumnMeasure(10, 50), ColumnMeasure(10, 150)], 400)
    assert fits and widths == pytest.approx([100, 300])


def test_spare_width_goes_to_text_columns_not_to_figures():
    cols = [ColumnMeasure(10, 30), ColumnMeasure(10, 100), ColumnMeasure(10, 40), ColumnMeasure(10, 130)]
    widths, fits = plan_widths(cols, 500, grow=[False, True, False, True])
    assert fits and widths[0] == 30 and widths[2] == 40  # figure columns stay at their maximum
    assert widths[1] + widths[3] == pytest.approx(430) and widths[3] > widths[1]


def test_between_minimum_and_maximum_share_by_what_each_could_use():
    widths, fits = plan_widths([ColumnMeasure(50, 60), ColumnMeasure(50, 450)], 200)
    assert fits
    assert widths == pytest.approx([50 + 100 * 10 / 410, 50 + 100 * 400 / 410])


# ------------------------------------------------------------------ content rules


@pytest.mark.parametrize("text", ["1,250", "$103.955", "12.5%", "$21 million", "(4.2)", "−3", "41.7 million", "$0.9"])
def test_figures_are_numeric(text):
    assert is_numeric(text)


@pytest.mark.parametrize("text", ["FY2026", "Total", "SNAP benefits", "7 U.S.C. § 2011", "April 2026"])
def test_words_are_not_numeric(text):
    assert not is_numeric(text)


def test_alignment_by_content_and_the_alignment_row_wins():
    table = _table(["Year", "Program", "Funding", "Share"],
                   [["2015", "SNAP", "$44.2", "12%"], ["2016", "WIC", "—", "n/a"], ["2017", "CACFP", "$3.1", "4%"]])
    assert column_aligns(table) == ("left", "left", "right", "right")  # years label rows
    forced = _table(["A", "B"], [["1", "2"]], aligns=["center", None])
    assert column_aligns(forced) == ("center", "right")


def test_figures_units_and_citations_are_unbreakable_pieces():
    got = pieces("Funding of $103.955 billion under § 204(a), P.L. 119-75, 17 U.S.C. § 105, on April 20, 2026 (12 %)")
    assert "$103.955\u00a0billion" in got
    assert "§\u00a0204(a)," in got
    assert "P.L.\u00a0119-75," in got
    assert "17\u00a0U.S.C.\u00a0§\u00a0105," in got
    assert "April\u00a020," in got
    assert "(12\u00a0%)" in got
    assert glue("two programs and 3 states") == "two programs and 3 states"  # ordinary words stay breakable


# ------------------------------------------------------------------ page breaks


def test_a_row_that_fits_a_page_moves_whole_to_the_next():
    # 100pt left, header 20, rows 30, 30, 60: two rows fit; the third waits for the next page
    assert plan_break([30, 30, 60], 20, 0, 0, 100, 600) == Break(2)
    # not even the first row fits: the whole table (header, caption) moves on
    assert plan_break([90, 30], 20, 12, 0, 100, 600) == Break(0)


def test_caption_and_header_never_stand_alone():
    assert plan_break([50], 20, 40, 0, 100, 600) == Break(0)


def test_the_note_keeps_company_with_the_last_row():
    assert plan_break([30, 30], 20, 0, 0, 100, 600) == Break(2)
    assert plan_break([30, 30], 20, 0, 30, 100, 600) == Break(1)  # note does not fit: last row goes with it
    # moving the last row whole would leave more than max_hole: its end goes over with the note
    assert plan_break([30, 200], 20, 0, 100, 300, 600, max_hole=90) == Break(1, split_row=True)
    assert plan_break([30, 60], 20, 0, 100, 120, 600, max_hole=90) == Break(1)


def test_only_a_row_taller_than_a_page_is_split():
    assert plan_break([700], 20, 0, 0, 600, 600) == Break(0, split_row=True)
    assert plan_break([10, 700], 20, 0, 0, 600, 600) == Break(1)  # first the whole rows, then the tall one
    assert plan_break([700], 20, 0, 0, 60, 600) == Break(0)  # too little room left: start it on a new page


def test_a_tall_row_is_split_rather_than_leave_a_hole():
    # 600 pt page, 90 pt (15 %) the most left empty: 180 pt would be left under the first row, so the
    # 300 pt row is split
    assert plan_break([100, 300], 20, 0, 0, 300, 600, max_hole=90) == Break(1, split_row=True)
    # the space left (80 pt) is within the limit: the row moves whole, as before
    assert plan_break([100, 300], 20, 0, 0, 200, 600, max_hole=90) == Break(1)
    # a first row that does not fit under the header: split too when the hole would be large
    assert plan_break([300], 20, 12, 0, 200, 600, max_hole=90) == Break(0, split_row=True)
    # no limit (0): whole rows only
    assert plan_break([100, 300], 20, 0, 0, 300, 600) == Break(1)
