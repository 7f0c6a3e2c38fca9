"""The suite's fixtures and rules: the essay built once, end-to-end tests marked from their code
(:mod:`tests.support.markers`; a unit test that starts a tool fails), and under ``CI=true`` no skip
for a missing tool.

Helpers (paths, running the real command) live in :mod:`tests.support`, imported by package name.
"""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path
from typing import Optional

import pytest

from tests.support import ROOT, make_project, run_briefgen
from tests.support.markers import markers_for, refused_command


@pytest.fixture(scope="session")
def essay_build(tmp_path_factory) -> Path:
    """The essay built once with every output (shared by many tests)."""
    project = make_project(tmp_path_factory.mktemp("essay"))
    result = run_briefgen(["build", "sources/essay.md"], project)
    assert result.returncode == 0, result.stderr
    return project / "build" / "essay"


# Under CI every tool the tests read outputs with is installed (.ci/run installs them), so a test
# that skips there is a broken install passing green: it fails instead. Only the skips listed
# here are by design (opt-in long campaigns, and a check the machine's kernel may not allow).
_CI = os.environ.get("CI") == "true"
SKIPS_BY_DESIGN = (
    "BRIEFGEN_LONG=1",  # opt-in: fresh venvs and pip installs (tests/e2e/test_security.py, test_load.py)
    "--fuzz-long",  # opt-in: the long fuzz campaign
    "cannot mount a tmpfs here",  # a full-disk fault needs a mount the sandbox may refuse (tests/build/test_faults.py)
    "cannot remount read-only",
    "this case makes no memo",  # a corpus case whose expected outcome is an error (tests/e2e/test_corpus.py checks that)
)


def skip_is_by_design(reason: str) -> bool:
    """Whether a skip's reason is one that may stand under CI (see :data:`SKIPS_BY_DESIGN`)."""
    return any(allowed in reason for allowed in SKIPS_BY_DESIGN)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items) -> None:
    """Mark each test of this suite ``e2e`` (and ``needs_libreoffice``/``needs_chromium``) from its code,
    before ``-m`` selects: see :mod:`tests.support.markers`."""
    for item in items:
        path = Path(str(item.path)).resolve()
        if ROOT / "tests" not in path.parents:
            continue
        name = item.cls.__name__ if getattr(item, "cls", None) is not None else getattr(item, "originalname", item.name)
        for marker in markers_for(path, name):
            item.add_marker(marker)


# A test not marked e2e is a unit test: it must not start the real command or a tool. The guard is on
# subprocess.Popen (subprocess.run, asyncio's subprocesses and Playwright's browser all go through it),
# for the main thread of a unit test; a refusal fails the test even if the test catches the error.
_unit_test: Optional[pytest.Item] = None
_refusals: dict = {}
_popen_init = subprocess.Popen.__init__


def _guarded_popen_init(self, args, *rest, **kwargs):
    item = _unit_test
    if item is not None and threading.current_thread() is threading.main_thread():
        why = refused_command(args)
        if why:
            message = (f"{item.nodeid} is not marked e2e but {why}: decorate it with @pytest.mark.e2e "
                       f"(or name the helper that does in tests/support/markers.py's TRIGGERS)")
            _refusals[item.nodeid] = message
            raise PermissionError(message)
    _popen_init(self, args, *rest, **kwargs)


subprocess.Popen.__init__ = _guarded_popen_init


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Hold the guard above up while a unit test (one without the ``e2e`` marker) runs."""
    global _unit_test
    _unit_test = item if item.get_closest_marker("e2e") is None else None
    try:
        yield
    finally:
        _unit_test = None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A unit test that started a tool fails; under ``CI=true``, a skip for a missing tool or file fails too."""
    outcome = yield
    report = outcome.get_result()
    refusal = _refusals.get(item.nodeid)
    if refusal and call.when == "call" and not report.failed:
        report.outcome = "failed"
        report.longrepr = refusal
        return
    if not _CI or not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    if item.get_closest_marker("fuzz_long") is not None or skip_is_by_design(reason):
        return
    report.outcome = "failed"
    report.longrepr = f"skipped under CI=true, where every tool the tests use must be installed: {reason}"
