"""``handout/handout.yaml`` read once into typed settings (#30 item 6), in-process.

The defaults hold without the file's keys; a child layout's value wins; a bad value is a
:class:`~briefgen.errors.LayoutError` at its line in the child's file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.errors import LayoutError
from briefgen.layout import load_layout
from briefgen.render.handout.settings import ContentsSettings, PrintSettings, load_settings
from tests.support import ROOT


def _layout(root: Path, handout_yaml: str):
    folder = root / "layouts" / "child"
    (folder / "handout").mkdir(parents=True, exist_ok=True)
    (folder / "theme.yaml").write_text("extends: default\nname: child\n", encoding="utf-8")
    (folder / "handout" / "handout.yaml").write_text(handout_yaml, encoding="utf-8")
    return load_layout("child", root)


def test_the_default_layout_and_a_child_that_sets_one_key(tmp_path: Path) -> None:
    assert load_settings(load_layout("default", ROOT)).contents == ContentsSettings(min_pages=8, words_per_page=450)
    child = load_settings(_layout(tmp_path, "contents:\n  min_pages: 2\n"))
    assert child.contents == ContentsSettings(min_pages=2, words_per_page=450)
    assert load_settings(load_layout("default", ROOT)).print == PrintSettings(measure=66) == child.print
    assert load_settings(_layout(tmp_path, "print:\n  measure: 0\n")).print == PrintSettings(measure=0)


@pytest.mark.parametrize("yaml, line, words", [
    ("contents:\n  min_pages: eight\n", 2, "contents.min_pages must be a whole number"),
    ("contents:\n  words_per_page: 0\n", 2, "contents.words_per_page must be a whole number"),
    ("contents:\n  pages: 3\n", 2, "unknown contents setting 'pages'"),
    ("contents: [1, 2]\n", 1, "'contents' must be a mapping"),
    ("print:\n  measure: 20\n", 2, "print.measure must be 0 or a whole number of characters from 30 to 120"),
    ("print:\n  measure: 66ch\n", 2, "print.measure must be 0 or a whole number"),
    ("print:\n  width: 5in\n", 2, "unknown print setting 'width'"),
    ("print: 66\n", 1, "'print' must be a mapping"),
])
def test_a_bad_value_is_located_in_the_file_that_sets_it(tmp_path: Path, yaml: str, line: int, words: str) -> None:
    with pytest.raises(LayoutError) as caught:
        load_settings(_layout(tmp_path, yaml))
    (diag,) = caught.value.diagnostics
    assert diag.path.endswith("child/handout/handout.yaml") and diag.line == line and words in diag.message, str(diag)


def test_the_print_column_is_counted_in_the_body_faces_characters() -> None:
    """The same measure gives a narrower column in a narrower face (Lato against IBM Plex Serif), none for 0."""
    from briefgen.render.handout.css import SAMPLE, column_width

    wide = column_width(66, load_layout("default", ROOT).theme.fonts["body"], SAMPLE)
    narrow = column_width(66, load_layout("example-org", ROOT).theme.fonts["body"], SAMPLE)
    assert wide.endswith("rem") and narrow.endswith("rem")
    assert 30 < float(narrow[:-3]) < float(wide[:-3]) < 38
    assert column_width(0, load_layout("default", ROOT).theme.fonts["body"], SAMPLE) == "none"
