"""``memo.yaml``'s styles and colors are typed fields, read and checked once when the layout loads (#30 item 6).

In-process: a child layout of ``default`` with one bad value; the error is a
:class:`~briefgen.errors.LayoutError` at the key's line in the child's file, raised by
``load_memo_config`` (not when some output first draws with it). Each has its negative case:
the same key with a good value loads, and the typed field holds it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.errors import LayoutError
from briefgen.layout import load_layout
from briefgen.render.pdfkit.config import load_memo_config
from briefgen.render.pdfkit.stylespecs import StyleSpec
from tests.support import ROOT


def _config(root: Path, memo_yaml: str):
    folder = root / "layouts" / "child"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "theme.yaml").write_text("extends: default\nname: child\n", encoding="utf-8")
    (folder / "memo.yaml").write_text(memo_yaml, encoding="utf-8")
    layout = load_layout("child", root)
    return load_memo_config(layout, layout.theme)


def _error(root: Path, memo_yaml: str):
    with pytest.raises(LayoutError) as caught:
        _config(root, memo_yaml)
    (diag,) = caught.value.diagnostics
    assert diag.path.endswith("child/memo.yaml"), str(diag)
    return diag


def test_a_box_color_is_checked_when_the_layout_loads(tmp_path: Path) -> None:
    diag = _error(tmp_path / "a", "boxes:\n  pullquote:\n    rule: tealish\n")
    assert (diag.line, diag.col) == (3, 5) and "boxes.pullquote.rule: 'tealish' is not a theme color" in diag.message
    good = _config(tmp_path / "b", "boxes:\n  pullquote:\n    rule: '#336699'\n  code:\n    background: primary\n")
    theme = load_layout("default", ROOT).theme
    assert good.settings.boxes.pullquote.rule == "#336699"
    assert good.settings.boxes.code.background == theme.colors["primary"]


def test_every_color_of_the_kit_has_its_one_default() -> None:
    from briefgen.render.pdfkit.config import MemoConfig

    theme = load_layout("default", ROOT).theme
    settings = MemoConfig({}, theme, "memo.yaml").settings  # no key set: each default, resolved in the theme
    boxes = settings.boxes
    expected = [
        (settings.masthead.band_color, "primary"), (boxes.summary.background, "shade"), (boxes.summary.rule, "primary"),
        (boxes.recommendations.background, "shade"), (boxes.table.rule, "rule"), (boxes.table.header_rule, "primary"),
        (boxes.table.header_background, "shade"), (boxes.blockquote.rule, "rule"), (boxes.pullquote.rule, "accent"),
        (boxes.code.background, "shade"),
    ]
    assert [value for value, _ in expected] == [theme.colors[name] for _, name in expected]


def test_a_style_property_is_checked_when_the_layout_loads(tmp_path: Path) -> None:
    diag = _error(tmp_path / "a", "styles:\n  body:\n    alignment: sideways\n")
    assert diag.line == 3 and "styles.body.alignment: 'sideways' is not left, center, right or justify" in diag.message
    diag = _error(tmp_path / "b", "styles:\n  h1:\n    keep_with_next: maybe\n")
    assert diag.line == 3 and "styles.h1.keep_with_next: 'maybe' is not true or false" in diag.message
    good = _config(tmp_path / "c", "styles:\n  body:\n    alignment: justify\n    space_after: 0.5in\n")
    body = good.settings.styles["body"]
    assert isinstance(body, StyleSpec) and body.alignment == 4 and body.space_after == 36.0


def test_a_style_inherits_its_parent_and_an_unknown_property_is_refused(tmp_path: Path) -> None:
    specs = _config(tmp_path / "a", "styles:\n  body:\n    size: 11pt\n").settings.styles
    assert specs["body"].size == 11.0
    assert specs["base"].role == "body" and specs["base"].weight == "regular"
    with pytest.raises(LayoutError, match=r"styles\.body\.colour is not a style property"):
        _config(tmp_path / "b", "styles:\n  body:\n    colour: red\n")
