"""``briefgen layouts new ORG --from-pptx FILE``: a layout started from an organization's template."""

from __future__ import annotations

import re

from pathlib import Path

from tests.support import ROOT, make_project, no_traceback, run_briefgen

ORG_TEMPLATE = ROOT / "layouts" / "example-org" / "deck" / "template.pptx"


def test_a_layout_from_an_organizations_template(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    made = run_briefgen(["layouts", "new", "acme", "--from-pptx", str(ORG_TEMPLATE)], project)
    assert made.returncode == 0, made.stderr
    theme = (project / "layouts/acme/theme.yaml").read_text(encoding="utf-8")
    assert 'primary: "#0F5257"' in theme and "extends: default" in theme and 'heading: "Arial"' in theme
    mapping = (project / "layouts/acme/deck/layouts.yaml").read_text(encoding="utf-8")
    assert '"Meridian Cover"' in mapping.split("title:")[1].split("\n")[1]
    assert '"Meridian Divider"' in mapping.split("section:")[1].split("\n")[1]
    assert (project / "layouts/acme/deck/template.pptx").read_bytes() == ORG_TEMPLATE.read_bytes()

    shown = run_briefgen(["layouts", "show", "acme"], project)
    assert shown.returncode == 0 and "Meridian Text" in shown.stdout, shown.stdout + shown.stderr

    # One divider rule per deck: `auto` gives the essay's short sections none, so ask for them to see
    # the template's divider layout used.
    deck_yaml = project / "layouts/acme/deck/layouts.yaml"
    text = deck_yaml.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^dividers:.*$", "dividers: always", text) if re.search(r"(?m)^dividers:", text) else text + "\ndividers: always\n"
    deck_yaml.write_text(text, encoding="utf-8")
    built = run_briefgen(["build", "--layout", "acme", "--only", "deck,memo", "--strict"], project)
    assert built.returncode == 0, built.stderr
    from pptx import Presentation

    names = [s.slide_layout.name for s in Presentation(str(project / "build/essay/deck.pptx")).slides]
    assert names[0] == "Meridian Cover" and "Meridian Divider" in names and "Meridian Text" in names
    assert not [n for n in names if not n.startswith("Meridian")]


def test_bad_inputs_are_clear_errors(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    not_pptx = project / "fake.pptx"
    not_pptx.write_text("not a zip")
    bad = run_briefgen(["layouts", "new", "acme", "--from-pptx", str(not_pptx)], project)
    no_traceback(bad.stderr)
    assert bad.returncode == 1 and "fake.pptx" in bad.stderr and not (project / "layouts/acme").exists()
    missing = run_briefgen(["layouts", "new", "acme", "--from-pptx", "nope.pptx"], project)
    assert missing.returncode == 2 and "nope.pptx" in missing.stderr
    assert run_briefgen(["layouts", "new", "acme"], project).returncode == 2
    assert run_briefgen(["layouts", "new", "acme", "--from-pptx", str(ORG_TEMPLATE)], project).returncode == 0
    again = run_briefgen(["layouts", "new", "acme", "--from-pptx", str(ORG_TEMPLATE)], project)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_a_template_with_comparison_first_maps_title_and_content(tmp_path: Path) -> None:
    """python-pptx's default Office layouts, "Comparison" listed first: the designer's pick, explained."""
    from tests.support import deck_templates as T

    template = T.generated("comparison-first", tmp_path / "templates")
    project = make_project(tmp_path / "p")
    made = run_briefgen(["layouts", "new", "office", "--from-pptx", str(template)], project)
    assert made.returncode == 0, made.stderr
    mapping = (project / "layouts/office/deck/layouts.yaml").read_text(encoding="utf-8")
    content = mapping.split("\n  content:\n")[1].split("\n")[0]
    assert content.startswith('    layouts: ["Title and Content"'), mapping
    assert content.find('"Comparison"') == -1 or content.find('"Comparison"') > content.find('"Title and Content"')
    shown = run_briefgen(["layouts", "show", "office"], project)
    assert shown.returncode == 0, shown.stderr
    line = next(l for l in shown.stdout.splitlines() if l.strip().startswith("content ->"))
    assert "Title and Content" in line
    assert "why: standard name" in shown.stdout


def test_a_mapped_layout_too_small_for_bullets_is_reported(tmp_path: Path) -> None:
    from tests.support import deck_templates as T

    template = T.generated("pptx-default-4x3", tmp_path / "templates")
    project = make_project(tmp_path / "p")
    assert run_briefgen(["layouts", "new", "office", "--from-pptx", str(template)], project).returncode == 0
    yaml_path = project / "layouts/office/deck/layouts.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    content = text.split("\n  content:\n")[1].split("\n")[0]
    yaml_path.write_text(text.replace(content, '    layouts: ["Picture with Caption", "Title and Content"]'), encoding="utf-8")
    shown = run_briefgen(["layouts", "show", "office"], project)
    warning = next((l for l in shown.stdout.splitlines() if "Picture with Caption" in l and "cannot hold" in l), "")
    assert "slides cannot hold" in warning and "Fix:" in warning and "'Title and Content'" in warning, shown.stdout
    built = run_briefgen(["build", "--layout", "office", "--only", "deck"], project)
    assert built.returncode == 0 and "cannot hold" in built.stderr, built.stderr


def test_layouts_show_says_when_a_body_is_grown_and_when_dividers_are_left_out(tmp_path: Path) -> None:
    """Without "Title and Content" and "Section Header": a column layout grown for content, no divider layout."""
    from tests.support import deck_templates as T
    from pptx import Presentation

    template = T.generated("no-title-and-content", tmp_path / "templates")
    prs = Presentation(str(template))
    prs.slide_layouts.remove(next(l for l in prs.slide_layouts if l.name == "Section Header"))
    trimmed = tmp_path / "no-section.pptx"
    prs.save(str(trimmed))
    project = make_project(tmp_path / "p")
    assert run_briefgen(["layouts", "new", "office", "--from-pptx", str(trimmed)], project).returncode == 0
    shown = run_briefgen(["layouts", "show", "office"], project)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    content = lines.index(next(l for l in lines if l.strip().startswith("content ->")))
    assert "body grown from 4.4" in lines[content + 1] and "free area below the title" in lines[content + 1], lines[content:content + 3]
    section = lines.index(next(l for l in lines if l.strip().startswith("section ->")))
    assert "not a layout made for dividers" in " ".join(lines[section:section + 4])
