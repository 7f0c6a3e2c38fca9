"""The deck's ``layouts.yaml`` is read once into a typed config, and a bad value is an error in that file (issue 30, item 6).

The defaults of the built-in layouts give the planner what the YAML says; a
value that is not a number, an unknown key, a flag that is not true or false
is reported as ``path:line:col: error: key: message`` in the file that sets it
(a child layout's, or the parent's when the child does not set it).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen.errors import LayoutError
from briefgen.layout import load_layout
from briefgen.render.common.units import INCH
from briefgen.render.deck.config import load_config
from tests.support import ROOT, make_project, no_traceback, run_briefgen


def _layout(tmp_path: Path, deck_yaml: str, name: str = "mine"):
    project = make_project(tmp_path)
    folder = project / "layouts" / name
    (folder / "deck").mkdir(parents=True)
    (folder / "theme.yaml").write_text("extends: example-org\n", encoding="utf-8")
    (folder / "deck" / "layouts.yaml").write_text(deck_yaml, encoding="utf-8")
    return project, folder


def test_the_default_layouts_yaml_reads_into_typed_values() -> None:
    config = load_config(load_layout("default", ROOT))
    assert config.kinds["content"].layouts == ("Title and Content", "Title Only")
    assert config.kinds["content"].sizes["body_size"] == 28.0 and config.kinds["table"].size("max_parts", 0) == 3.0
    assert config.para.indents == (0.32 * INCH, 0.72 * INCH) and config.para.space_before == 16.0
    assert (config.title_size, config.title_min, config.title_lines) == (32.0, 24.0, 2)
    assert (config.derived_max, config.header_max, config.dividers, config.footer) == (6, 8, "auto", True)
    assert config.logo.max_width == 2.4 and config.stamps.look({"accent": "#9c4a00"})["color"] == "9C4A00"
    assert set(config.metrics) == {"Calibri", "Arial"} and config.template == "template.pptx"
    org = load_config(load_layout("example-org", ROOT))
    assert org.title_size == 30.0 and org.kinds["quote"].layouts[0] == "Meridian Statement"
    assert org.kinds["table"].sizes["max_rows"] == 40.0  # merged from the default it extends
    assert (config.notes, config.notes_words, config.budget_min, config.budget_max) == ("brief", 250, 12, 18)


@pytest.mark.parametrize("text, where, message", [
    ("kinds:\n  content:\n    body_size: large\n", (3, 16), "kinds.content.body_size: 'large' is not a number"),
    ("dividerz: never\n", (1, 1), "dividerz: unknown key"),
    ("sources_slide: maybe\n", (1, 16), "sources_slide: 'maybe' is not true or false"),
    ("title:\n  max_lines: 2.5\n", (2, 14), "title.max_lines: '2.5' is not a whole number"),
    ("dividers: sometimes\n", (1, 11), "dividers: 'sometimes' is not one of auto, always, never"),
    ("kinds:\n  content:\n    layouts: Title Only\n", (3, 14), "kinds.content.layouts: must be a list of layout names"),
    ("kinds:\n  slideshow:\n    body_size: 20\n", (2, 3), "kinds.slideshow: unknown key"),
    ("kinds:\n  table:\n    max_row: 8\n", (3, 5), "kinds.table.max_row: unknown key"),
    ("kinds:\n  table:\n    max_rows: 8.5\n", (3, 15), "kinds.table.max_rows: '8.5' is not a whole number"),
])
def test_a_bad_value_is_an_error_at_its_line(tmp_path: Path, text: str, where, message: str) -> None:
    project, folder = _layout(tmp_path, text)
    with pytest.raises(LayoutError) as caught:
        load_config(load_layout("mine", project))
    diag = caught.value.diagnostics[0]
    assert diag.path == str(folder / "deck" / "layouts.yaml") and (diag.line, diag.col) == where, diag
    assert diag.message.startswith(message), diag.message


def test_flags_read_as_written(tmp_path: Path) -> None:
    project, _ = _layout(tmp_path, "sources_slide: false\nfooter: no\n")
    config = load_config(load_layout("mine", project))
    assert config.sources_slide is False and config.footer is False  # the text "false" used to count as true


def test_a_good_value_in_the_child_is_no_error_and_a_bad_one_in_the_parent_is_located_there(tmp_path: Path) -> None:
    project, folder = _layout(tmp_path, "title:\n  size: 28\n")
    assert load_config(load_layout("mine", project)).title_size == 28.0
    child = project / "layouts" / "child"
    (child / "deck").mkdir(parents=True)
    (child / "theme.yaml").write_text("extends: mine\n", encoding="utf-8")
    (child / "deck" / "layouts.yaml").write_text("footer: true\n", encoding="utf-8")
    (folder / "deck" / "layouts.yaml").write_text("title:\n  size: big\n", encoding="utf-8")
    with pytest.raises(LayoutError) as caught:
        load_config(load_layout("child", project))
    diag = caught.value.diagnostics[0]
    assert diag.path == str(folder / "deck" / "layouts.yaml") and diag.line == 2, diag


def test_the_command_reports_a_bad_deck_setting_and_writes_no_deck(tmp_path: Path) -> None:
    project, _ = _layout(tmp_path, "kinds:\n  content:\n    body_size: large\n")
    result = run_briefgen(["build", "--layout", "mine", "--only", "deck", "sources/essay.md"], project)
    assert result.returncode == 1, result.stderr
    assert re.search(r"^\S*layouts/mine/deck/layouts\.yaml:3:16: error: kinds\.content\.body_size: 'large' is not a number",
                     result.stderr, re.M), result.stderr
    assert not (project / "build" / "essay" / "deck.pptx").exists()
    no_traceback(result.stderr)
