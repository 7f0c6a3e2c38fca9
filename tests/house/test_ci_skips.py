"""Under ``CI=true`` a test that skips for a missing tool fails (a broken install must not pass green).

Runs pytest on a scratch folder holding this suite's ``conftest.py`` and three tests: one that skips
because a tool is missing (must fail under CI, skip elsewhere), one that skips by design (an opt-in
long campaign: stays skipped) and one that passes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT

HERE = ROOT / "tests"

SCRATCH_TESTS = '''
import pytest

def test_tool_missing():
    pytest.skip("LibreOffice is not installed")

def test_opt_in_campaign():
    pytest.skip("slow: set BRIEFGEN_LONG=1 (two fresh venvs and pip installs)")

def test_passes():
    assert True
'''


def _run(folder: Path, ci: bool) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        env["CI"] = "true"
    # the copied conftest imports tests.support: this checkout's, whatever the scratch folder
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA", str(folder)],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture()
def scratch(tmp_path: Path) -> Path:
    shutil.copyfile(HERE / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_scratch.py").write_text(SCRATCH_TESTS, encoding="utf-8")
    return tmp_path


def test_a_missing_tool_fails_under_ci(scratch: Path) -> None:
    result = _run(scratch, ci=True)
    assert result.returncode == 1, result.stdout
    assert "FAILED test_scratch.py::test_tool_missing" in result.stdout
    assert "where every tool the tests use must be installed" in result.stdout
    assert "1 failed, 1 passed, 1 skipped" in result.stdout


def test_the_same_skip_is_a_skip_outside_ci(scratch: Path) -> None:
    result = _run(scratch, ci=False)
    assert result.returncode == 0, result.stdout
    assert "1 passed, 2 skipped" in result.stdout
