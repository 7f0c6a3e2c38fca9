"""Helpers shared by the tests: the project's paths and running the real ``briefgen`` command.

Imported by package name (``from tests.support import run_briefgen``); the modules beside this one
hold hand-built documents (``memo_fixtures``, ``deck_fixtures``, ``handout_fixtures``…) and the
checkers that read outputs back (``checkers``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List, Optional, Sequence

#: The project's root (the checkout): ``briefgen/``, ``layouts/``, ``sources/``, ``tests/``.
ROOT = Path(__file__).resolve().parents[2]
#: Fixture files of the tests (``tests/fixtures/``).
FIXTURES = ROOT / "tests" / "fixtures"
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


def no_traceback(stderr: str) -> None:
    """Assert that a command's stderr holds no Python traceback."""
    assert "Traceback (most recent call last)" not in stderr, stderr


def temp_files(folder: Path) -> List[Path]:
    """Leftover temporary files of atomic writes under ``folder``."""
    return [p for p in folder.rglob("*") if p.name.startswith(".briefgen-") and p.name.endswith(".tmp")]
