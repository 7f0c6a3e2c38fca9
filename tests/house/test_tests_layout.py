"""The tests mirror briefgen's packages (issue 30, item 8): no test file at the top of ``tests/``.

A test of ``briefgen/render/deck`` lives in ``tests/render/deck/``, one of ``briefgen/source`` in
``tests/source/``; tests over the whole tool (corpora, real reports, the threat model) in
``tests/e2e/``, the house rules in ``tests/house/``. Helpers are the package ``tests.support``,
imported by package name, and the project's root is :data:`tests.support.ROOT`, defined once.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, List

from tests.support import ROOT

TESTS = ROOT / "tests"

#: Where a test of each kind goes, by the first word of its file name (``test_deck_x.py`` -> deck).
HOMES: Dict[str, str] = {
    "deck": "tests/render/deck/",
    "memo": "tests/render/memo/",
    "handout": "tests/render/handout/",
    "onepager": "tests/render/onepager/",
    "notes": "tests/render/notes/",
    "docx": "tests/render/docx/ (the output) or tests/importers/ (briefgen import)",
    "pdfkit": "tests/render/pdfkit/",
    "pdf": "tests/render/pdftags/ (tagging) or tests/render/pdfkit/",
    "chart": "tests/render/common/ (the chart plan) or tests/source/ (chart divs)",
    "charts": "tests/render/common/ (the chart plan) or tests/source/ (chart divs)",
    "table": "tests/render/common/ (table content), tests/render/pdfkit/ (widths) or tests/source/",
    "cite": "tests/cite/",
    "citations": "tests/cite/",
    "source": "tests/source/",
    "parser": "tests/source/",
    "model": "tests/model/",
    "layout": "tests/layout/",
    "layouts": "tests/layout/",
    "import": "tests/importers/",
    "build": "tests/build/",
    "cache": "tests/build/",
    "serve": "tests/preview/",
    "watch": "tests/preview/",
    "cli": "tests/cli/",
}

#: Names a test once imported bare (from tests/ on sys.path); now ``tests.support.NAME``.
BARE_HELPERS = ("conftest", "checkers", "deck_fixtures", "deck_templates", "docx_checks", "docx_fixtures", "docx_full_source",
                "glyphs", "handout_fixtures", "memo_fixtures", "memo_specs", "print_fixtures", "tagged_fixtures")


#: How a module would find the project from its own place (spelt in two pieces, so this file does not match).
SELF_PATH = "Path(" + "__file__)"


def where_to(name: str) -> str:
    """The folder a test file called ``name`` belongs in, from the first word after ``test_``."""
    stem = name.removeprefix("test_").removesuffix(".py")
    first = stem.split("_")[0]
    if first in HOMES:
        return HOMES[first]
    folders = sorted(f"{p.parent.relative_to(ROOT)}/" for p in TESTS.rglob("__init__.py")
                     if p.parent != TESTS and "support" not in p.relative_to(TESTS).parts)
    return "the folder of the package it tests, one of: " + ", ".join(folders)


def test_no_test_file_sits_at_the_top_of_tests() -> None:
    loose = sorted(p.name for p in TESTS.glob("*.py") if p.name not in {"conftest.py", "__init__.py"})
    advice = [f"tests/{name}: move it to {where_to(name)} (git mv), and import helpers as `from tests.support import ...`"
              for name in loose]
    assert not loose, "test files belong in the folder of the package they test:\n" + "\n".join(advice)


def test_the_placement_advice_names_a_folder() -> None:
    # negative case of the rule above: a loose deck test is sent to the deck's folder
    assert where_to("test_deck_boxes.py") == "tests/render/deck/"
    assert "tests/render/deck/" in where_to("test_something_new.py")


def test_every_test_folder_is_a_package() -> None:
    missing = sorted(str(p.relative_to(ROOT)) for p in TESTS.rglob("test_*.py")
                     if "fixtures" not in p.relative_to(TESTS).parts and not (p.parent / "__init__.py").exists())
    assert not missing, f"add an __init__.py beside these (tests are imported as tests.<folder>.<module>): {missing}"


def _imports(path: Path) -> List[str]:
    """The module names ``path`` imports (``import x``, ``from x import y``), at any depth."""
    found: List[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module)
    return found


def test_helpers_are_imported_by_package_name_and_root_is_defined_once() -> None:
    problems = []
    for path in sorted(TESTS.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if "fixtures" in path.relative_to(TESTS).parts:
            continue
        for module in _imports(path):
            head = module.split(".")[0]
            if head in BARE_HELPERS or head.startswith("test_"):
                problems.append(f"{rel}: imports {module!r} by bare name; write tests.support.{module} (or tests.<folder>.{module})")
        if path != TESTS / "support" / "__init__.py" and SELF_PATH in path.read_text(encoding="utf-8"):
            problems.append(f"{rel}: finds the project from its own path; use tests.support.ROOT or FIXTURES")
    assert not problems, "\n".join(problems)
