"""Decks a presenter would present unchanged (#29, #26 item 7), over the essay and the real reports.

Through the real command: the essay and every report of ``../shared/real``
are built with ``--only deck`` on the shipped ``default`` and ``example-org``
layouts, read back by :func:`checkers.deck_check.check_deck`, and must have
no finding of any of its checks (keep-out zones, one body size, derived
content, tables split and aligned, notes). LibreOffice's rendering is
checked for words on the art by ``tests/test_deck_render.py``. The long
reports (``../shared/real-long``) and LibreOffice's templates are run on
demand by ``bench/deck_report.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.checkers.deck_check import CHECKS, check_deck

from tests.support import ROOT
REAL = ROOT.parent / "shared" / "real"
MUST_BE_CLEAN = CHECKS  # every check: keep-out, body size, derived content, tables, notes


def _sources():
    found = [ROOT / "sources" / "essay.md"]
    if REAL.is_dir():
        found += sorted(p for p in REAL.glob("*.md") if p.name != "README.md")
    return found


@pytest.fixture(scope="module", params=["default", "example-org"])
def decks(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"decks-{request.param}")
    sources = _sources()
    env = dict(os.environ, PYTHONPATH=str(ROOT), SOURCE_DATE_EPOCH="1700000000")
    done = subprocess.run([sys.executable, "-m", "briefgen", "build", *map(str, sources), "--only", "deck", "--layout",
                           request.param, "--out", str(out), "-q", "-j", "2"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    return request.param, {s.stem: out / s.stem / "deck.pptx" for s in sources}


def test_no_presenter_objections(decks):
    layout, paths = decks
    if len(paths) < 2:
        pytest.skip("../shared/real is not here")
    problems = []
    for stem, path in paths.items():
        for finding in check_deck(path):
            if finding.check in MUST_BE_CLEAN:
                problems.append(f"{stem} on {layout}, slide {finding.slide}: {finding.check}: {finding.detail}")
    assert not problems, "\n".join(problems)


def test_the_essay_deck_is_deterministic(decks, tmp_path):
    layout, paths = decks
    env = dict(os.environ, PYTHONPATH=str(ROOT), SOURCE_DATE_EPOCH="1700000000")
    done = subprocess.run([sys.executable, "-m", "briefgen", "build", str(ROOT / "sources" / "essay.md"), "--only",
                           "deck", "--layout", layout, "--out", str(tmp_path), "-q"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "essay" / "deck.pptx").read_bytes() == paths["essay"].read_bytes()
