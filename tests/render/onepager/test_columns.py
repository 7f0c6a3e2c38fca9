"""The one-pager's two columns (#28): a main column at a measure of characters at every size the fitter
tries, and a sidebar beside it; pure planning (:mod:`briefgen.render.onepager.columns`), no drawing."""

from __future__ import annotations

import pytest

from briefgen.render.onepager.columns import LINE_SLACK, plan_columns, mean_char_em
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
