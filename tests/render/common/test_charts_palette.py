"""The charts' palette check (issue 12): series colors apart for every common color vision, 3:1 on the background."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.layout import load_layout
from briefgen.render.common.chartstyle import distance, palette_problems, series_colors, theme_line
from tests.support import ROOT, make_project, run_briefgen


@pytest.mark.parametrize("name", ["default", "example-org"])
def test_shipped_palettes_pass(name):
    layout = load_layout(name, ROOT)
    colors = series_colors(layout.theme)
    assert len(colors) >= 5
    assert palette_problems(colors, layout.theme.colors["background"]) == []


def test_confusable_and_faint_colors_are_reported():
    # negative fixtures: orange and olive green merge for protan vision; pale gray vanishes on white
    problems = palette_problems(["#D1741F", "#6B8E23", "#EEEEEE"], "#FFFFFF")
    assert any("#D1741F and #6B8E23" in p and "protanopia" in p for p in problems), problems
    assert any("#EEEEEE has 1.2:1 contrast" in p for p in problems), problems
    # the simulation is what finds the green/orange pair: with typical vision they are far apart
    assert distance("#D1741F", "#6B8E23") > 20 > distance("#D1741F", "#6B8E23", "protanomaly")


def test_build_warns_at_the_theme_line(tmp_path: Path):
    project = make_project(tmp_path, [ROOT / "docs" / "examples" / "judiciary-fy2027.md"])
    folder = project / "layouts" / "pale"
    folder.mkdir(parents=True)
    (folder / "theme.yaml").write_text('extends: default\ncharts:\n  font: body\n  series: ["#1B365D", "#1C375E"]\n',
                                       encoding="utf-8")
    assert theme_line(load_layout("pale", project)) == (str(folder / "theme.yaml"), 4)
    result = run_briefgen(["build", "--layout", "pale", "--only", "memo"], project)
    assert result.returncode == 0, result.stderr
    assert f"{folder / 'theme.yaml'}:4: warning: charts.series: #1B365D and #1C375E are hard to tell apart" in result.stderr
    strict = run_briefgen(["build", "--layout", "pale", "--only", "memo", "--strict", "--force"], project)
    assert strict.returncode == 1


def test_the_cached_check_answers_like_the_check(tmp_path: Path, monkeypatch):
    """The palette check is cached on disk (it imports colorspacious and NumPy, ~0.17 s per worker)."""
    import subprocess
    import sys

    from briefgen.render.common import chartstyle

    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "cache"))
    colors = ["#D1741F", "#6B8E23", "#EEEEEE"]
    first = palette_problems(colors, "#FFFFFF")
    files = list((tmp_path / "cache" / "palettes").glob("*.json"))
    assert len(files) == 1 and first  # computed once, kept
    assert palette_problems(colors, "#FFFFFF") == first == chartstyle._palette_problems(colors, "#FFFFFF")
    # a second process with the cache warm answers without importing colorspacious (or NumPy)
    probe = ("import sys; from briefgen.render.common.chartstyle import palette_problems as p; "
             f"r = p({colors!r}, '#FFFFFF'); print(len(r), 'colorspacious' in sys.modules, 'numpy' in sys.modules)")
    env = dict(__import__("os").environ, BRIEFGEN_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True).stdout.split()
    assert out == [str(len(first)), "False", "False"]
    # a damaged cache file is checked again, never trusted
    files[0].write_text("{not json", encoding="utf-8")
    assert palette_problems(colors, "#FFFFFF") == first
    files[0].write_text('[1, 2]', encoding="utf-8")
    assert palette_problems(colors, "#FFFFFF") == first
