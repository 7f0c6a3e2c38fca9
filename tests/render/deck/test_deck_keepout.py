"""Keep-out zones (issue #29 item 1): text is never grown, moved or added over the template's art.

Pure tests of :mod:`briefgen.render.deck.room` (no python-pptx), and through
the real command: ``layouts show`` lists the zones, and on both shipped
layouts no text-bearing shape of the essay's deck crosses one (the checker's
geometry test).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from briefgen.render.deck.geometry import Box
from briefgen.render.deck.ranking import LayoutShape, rank
from briefgen.render.deck.room import ART_GAP, crossed, grow, keep_off

from tests.support import ROOT
W, H = 960.0, 540.0
BAND, RULE = Box(0, 0, 960, 104.4), Box(0, 104.4, 960, 5.0)  # example-org's master: a band and its rule
COLUMN_RULE = Box(730.8, 140.4, 2.2, 334.8)  # example-org's text layout: a vertical rule right of the body
FOOTERS = (Box(54, 500, 400, 24), Box(800, 500, 100, 24))


def test_a_box_crossing_art_is_cut_on_the_side_that_keeps_most():
    body = Box(54, 97, 852, 390)
    clear = keep_off(body, (BAND, RULE, COLUMN_RULE))
    assert clear is not None and not crossed(clear, (BAND, RULE, COLUMN_RULE))
    assert clear.y == pytest.approx(RULE.y + RULE.h + ART_GAP)  # below the band's rule, not under it
    assert clear.x + clear.w == pytest.approx(COLUMN_RULE.x - ART_GAP)  # left of the vertical rule
    assert clear.x == body.x  # nothing else moved


def test_the_layouts_own_placeholder_may_sit_on_its_art():
    title = Box(54, 20, 852, 70)  # a title on its band
    assert crossed(title, (BAND,), own=title) == ()
    assert crossed(Box(30, 20, 900, 70), (BAND,), own=title) == (BAND,)  # moved beyond its own box: crossing
    assert keep_off(title, (BAND,), own=title) == title


def test_a_box_inside_art_has_nothing_left():
    assert keep_off(Box(10, 10, 50, 50), (Box(0, 0, 100, 100),)) is None


def test_a_small_body_never_grows_over_a_quote_bar():
    title, body = Box(54, 30, 852, 80), Box(112, 140, 700, 200)
    bar = Box(86.4, 147.6, 6.5, 259.2)  # the default layout's red quote bar, left of its quote box
    room = grow(W, H, title, body, FOOTERS, 85.0, (bar,))
    assert room is None or (not crossed(room.body, (bar,)) and room.body.x >= bar.x + bar.w)


def test_growth_stops_at_a_band_and_a_rule():
    title, body = Box(54, 20, 852, 80), Box(54, 150, 600, 120)
    room = grow(W, H, title, body, FOOTERS, 60.0, (BAND, RULE, COLUMN_RULE))
    assert room is not None
    assert not crossed(room.body, (BAND, RULE, COLUMN_RULE))
    assert not crossed(room.title, (BAND, RULE, COLUMN_RULE), own=title)


def test_the_ranking_measures_a_body_by_the_part_clear_of_art():
    band_bottom = Box(0, 380, W, 160)  # LibreOffice's Vivid: a band over the lower third
    shape = LayoutShape("Title, Content", W, H, Box(54, 20, 852, 80), False, None, (Box(54, 120, 852, 400),), (),
                        (band_bottom,), ("the master's ''",))
    assert shape.clear_body is not None and shape.clear_body.y + shape.clear_body.h <= band_bottom.y
    choice = rank([shape], "content")[0]
    assert any("body" in r for r in choice.reasons)


def _run(args, cwd):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "briefgen", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600)


def test_layouts_show_lists_keep_out_zones_and_the_area_left():
    done = _run(["layouts", "show", "example-org"], ROOT)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "keep-out zones" in out
    assert "the master's 'Band'" in out and "the layout's 'Column Rule'" in out
    assert "text area left:" in out
