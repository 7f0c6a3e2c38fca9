"""End-to-end tests are marked from their code, and an unmarked test that starts a tool fails (#30 item 8).

:mod:`tests.support.markers` reads which tests reach the real command or a tool; ``tests/conftest.py``
marks them ``e2e`` and guards ``subprocess.Popen`` while any other test runs. Here: the reading on
tests of this suite whose nature is known, and the guard on a scratch suite run with this conftest
(a unit test starting a tool must fail, the same test marked ``e2e`` passes, a Python child is allowed).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT
from tests.support.markers import markers_for, refused_command, triggers

TESTS = ROOT / "tests"


def test_known_tests_are_read_right() -> None:
    # the real command, through a module fixture and a helper
    assert "run_briefgen" in triggers(TESTS / "build" / "test_build.py", "test_second_build_rebuilds_nothing")
    # LibreOffice, through a helper of its module
    assert markers_for(TESTS / "render" / "deck" / "test_chart_cells.py", "test_libreoffice_recalculation_shows_the_labels") == (
        "e2e", "needs_libreoffice")
    # Chromium, through the browser fixture imported from another test module
    assert "needs_chromium" in markers_for(TESTS / "render" / "handout" / "test_handout_tables.py", "test_axe_finds_nothing_at_375_px")
    # pure: the deck planner and the chart plan
    assert markers_for(TESTS / "render" / "deck" / "test_deck_plan.py", "test_five_hundred_sections_group") == ()
    assert markers_for(TESTS / "render" / "common" / "test_chartplan.py", "test_everything_lies_inside_the_box") == ()


def test_what_a_unit_test_may_start() -> None:
    assert refused_command(["pdftotext", "x.pdf", "-"])
    assert refused_command(["/usr/bin/soffice", "--headless"])
    assert refused_command([sys.executable, "-m", "briefgen", "build"])
    assert refused_command("chromium --headless")
    assert refused_command([sys.executable, "-c", "print(1)"]) is None


SCRATCH = '''
import subprocess, sys
import pytest

def test_unit_starts_a_tool():
    try:
        subprocess.run(["ls"], capture_output=True)
    except Exception:
        pass  # swallowed: the test must fail all the same

@pytest.mark.e2e
def test_marked_starts_a_tool():
    subprocess.run(["ls"], capture_output=True, check=True)

def test_unit_starts_python():
    subprocess.run([sys.executable, "-c", "pass"], check=True)
'''


def test_an_unmarked_test_that_starts_a_tool_fails(tmp_path: Path) -> None:
    shutil.copyfile(TESTS / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_scratch.py").write_text(SCRATCH, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA", str(tmp_path)],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert "FAILED test_scratch.py::test_unit_starts_a_tool" in result.stdout, result.stdout
    assert "is not marked e2e but it starts 'ls'" in result.stdout
    assert "1 failed, 2 passed" in result.stdout, result.stdout
