"""The one-pager's two columns (#28): a main column at a measure of characters at every size the fitter
tries, and a sidebar beside it; pure planning (:mod:`briefgen.render.onepager.columns`), no drawing."""

from __future__ import annotations

import pytest

from briefgen.render.onepager.columns import LINE_SLACK, RAGGED_SLACK, balance, mean_char_em, plan_columns
from briefgen.render.onepager.fit import scales

LETTER = 612 - 2 * 54  # the default one-pager's text block on letter (0.75 in margins)
A4 = 595.3 - 2 * 54
SETTINGS = dict(padding=14.0, measure=66.0, min_measure=62.0, gutter=18.0, sidebar_min=144.0)
PLEX = 0.487  # IBM Plex Serif's mean character in a summary, in ems (measured on the essay)


def test_small_type_gets_the_measure_and_the_sidebar_what_is_left() -> None:
    cols = plan_columns(LETTER, 9.0, PLEX, **SETTINGS)
    assert cols.chars == pytest.approx(66.0)
    assert cols.main == pytest.approx((66 + LINE_SLACK) * 9.0 * PLEX + 28)
    assert cols.main + cols.gutter + cols.side == pytest.approx(LETTER)
    assert cols.side > 144.0


def test_large_type_narrows_the_sidebar_down_to_its_minimum_then_past_it_to_keep_the_minimum_measure() -> None:
    at_min = plan_columns(LETTER, 9.8, PLEX, **SETTINGS)
    assert at_min.side == pytest.approx(144.0) and 62.0 <= at_min.chars <= 66.0
    large = plan_columns(LETTER, 11.0, PLEX, **SETTINGS)
    assert large.chars == pytest.approx(62.0) and large.side < 144.0


@pytest.mark.parametrize("frame", [LETTER, A4])
@pytest.mark.parametrize("em", [0.44, PLEX, 0.55])
def test_every_size_of_the_ladder_keeps_the_main_column_in_the_measure(frame: float, em: float) -> None:
    """The fitter shrinks type from the summary's 10.5 pt down to 8 pt: the main column narrows with it,
    never holding fewer than min_measure or more than measure characters a line."""
    widths = []
    for scale in scales(10.5, 8.0, 0.25):
        cols = plan_columns(frame, 10.5 * scale, em, **SETTINGS)
        assert 62.0 - 1e-6 <= cols.chars <= 66.0 + 1e-6, (scale, cols)
        assert cols.side > 0 and cols.main + cols.gutter + cols.side == pytest.approx(frame)
        widths.append(cols.main)
    assert widths == sorted(widths, reverse=True)  # smaller type, narrower (or the same) main column


def test_a_page_too_narrow_for_a_sidebar_sets_one_column() -> None:
    cols = plan_columns(300.0, 10.5, PLEX, **SETTINGS)
    assert cols.side == 0 and cols.gutter == 0 and cols.main == 300.0


def test_the_mean_character_width_of_no_text_is_half_an_em() -> None:
    assert mean_char_em(0.0, 0) == 0.5
    assert mean_char_em(48.7, 100) == pytest.approx(0.487)


def test_ragged_text_gets_a_wider_main_column_for_the_same_measure() -> None:
    justified = plan_columns(LETTER, 9.0, PLEX, **SETTINGS)
    ragged = plan_columns(LETTER, 9.0, PLEX, **SETTINGS, slack=RAGGED_SLACK)
    assert ragged.chars == pytest.approx(justified.chars)
    assert ragged.main - justified.main == pytest.approx((RAGGED_SLACK - LINE_SLACK) * 9.0 * PLEX)


def test_balance_splits_a_run_of_items_where_the_taller_column_is_shortest() -> None:
    # six sections, each 60 pt at the foot of the main column and 100 pt in the narrower sidebar
    assert balance(200.0, [60.0] * 6, 50.0, [100.0] * 6) == 3  # main 380, sidebar 350
    assert balance(600.0, [60.0] * 6, 50.0, [100.0] * 6) == 0  # the main column is full already
    assert balance(0.0, [10.0] * 3, 500.0, [10.0] * 3) == 3  # a tall sidebar: all in the main column
    assert balance(100.0, [], 100.0, []) == 0
    assert balance(100.0, [50.0, 50.0], 150.0, [50.0, 50.0]) == 2  # a tie goes to the main column
