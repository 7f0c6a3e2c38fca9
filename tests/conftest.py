"""Shared test helpers: running the real ``briefgen`` command and reading outputs back."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List, Optional, Sequence

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
ESSAY = ROOT / "sources" / "essay.md"


def run_briefgen(args: Sequence[str], cwd: Path, env: Optional[dict] = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``python -m briefgen ARGS`` in ``cwd`` and capture its output."""
    full_env = dict(os.environ)
    full_env.pop("SOURCE_DATE_EPOCH", None)
    if env:
        full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def pdftotext(path: Path, *extra: str) -> str:
    """The text of a PDF through poppler's ``pdftotext`` (layout order, UTF-8)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", *extra, str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout


def tool_missing(name: str) -> bool:
    """True when a command-line tool is not installed."""
    return shutil.which(name) is None


def make_project(tmp: Path, sources: Sequence[Path] = (ESSAY,), assets: Optional[Path] = None) -> Path:
    """A scratch project: ``sources/`` with copies of ``sources`` (bytes as they are)."""
    (tmp / "sources").mkdir(parents=True, exist_ok=True)
    for source in sources:
        shutil.copyfile(source, tmp / "sources" / source.name)
    if assets is not None:
        shutil.copytree(assets, tmp / "sources" / "assets", dirs_exist_ok=True)
    return tmp


@pytest.fixture(scope="session")
def essay_build(tmp_path_factory) -> Path:
    """The essay built once with every output (shared by many tests)."""
    project = make_project(tmp_path_factory.mktemp("essay"))
    result = run_briefgen(["build", "sources/essay.md"], project)
    assert result.returncode == 0, result.stderr
    return project / "build" / "essay"


def no_traceback(stderr: str) -> None:
    """Assert that a command's stderr holds no Python traceback."""
    assert "Traceback (most recent call last)" not in stderr, stderr


def temp_files(folder: Path) -> List[Path]:
    """Leftover temporary files of atomic writes under ``folder``."""
    return [p for p in folder.rglob("*") if p.name.startswith(".briefgen-") and p.name.endswith(".tmp")]


# Under CI every tool the tests read outputs with is installed (.ci/run installs them), so a test
# that skips there is a broken install passing green: it fails instead. Only the skips listed
# here are by design (opt-in long campaigns, and a check the machine's kernel may not allow).
_CI = os.environ.get("CI") == "true"
SKIPS_BY_DESIGN = (
    "BRIEFGEN_LONG=1",  # opt-in: fresh venvs and pip installs (tests/test_security.py, test_load.py)
    "--fuzz-long",  # opt-in: the long fuzz campaign
    "cannot mount a tmpfs here",  # a full-disk fault needs a mount the sandbox may refuse (tests/test_faults.py)
    "cannot remount read-only",
)


def skip_is_by_design(reason: str) -> bool:
    """Whether a skip's reason is one that may stand under CI (see :data:`SKIPS_BY_DESIGN`)."""
    return any(allowed in reason for allowed in SKIPS_BY_DESIGN)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under ``CI=true``, turn a skip for a missing tool or file into a failure that says why."""
    outcome = yield
    report = outcome.get_result()
    if not _CI or not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    if item.get_closest_marker("fuzz_long") is not None or skip_is_by_design(reason):
        return
    report.outcome = "failed"
    report.longrepr = f"skipped under CI=true, where every tool the tests use must be installed: {reason}"
