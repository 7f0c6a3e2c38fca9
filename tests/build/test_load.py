"""Load: many ``briefgen build`` processes on the same project and the same build/ folder at once.

Eight builds start together (half with ``--force``), three rounds in CI and
twenty with ``BRIEFGEN_LONG=1``. Each must succeed; after every round each
output reads back whole (pypdf, python-pptx, html.parser), the manifest is
valid JSON naming every output, and no temporary file is left. A final plain
build then finds everything up to date: the manifest agrees with the files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.build.manifest import FORMAT
from tests.support import CORPUS, ESSAY, make_project, no_traceback, temp_files
from tests.build.test_faults import clean_env, kill_group, output_problem

LONG = os.environ.get("BRIEFGEN_LONG") == "1"
PROCESSES = 8
OUTPUTS = {"memo": "memo.pdf", "handout": "handout.html", "deck": "deck.pptx"}


def _round(project: Path, number: int) -> None:
    procs = []
    for index in range(PROCESSES):
        args = [sys.executable, "-m", "briefgen", "build", "--only", ",".join(OUTPUTS), "-q"]
        if (index + number) % 2 == 0:
            args.append("--force")
        procs.append(subprocess.Popen(args, cwd=project, env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True))
    failures = []
    for proc in procs:
        try:
            _out, err = proc.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            for other in procs:
                kill_group(other.pid)
            pytest.fail(f"round {number}: a build hung")
        no_traceback(err)
        if proc.returncode != 0:
            failures.append((proc.args[-1], proc.returncode, err[-1500:]))
    assert not failures, f"round {number}: {failures}"


def _check(project: Path, stem: str, number: int) -> None:
    out = project / "build" / stem
    assert not temp_files(project / "build"), f"round {number}: temporary files left: {temp_files(project / 'build')}"
    for filename in OUTPUTS.values():
        problem = output_problem(out / filename)
        assert (out / filename).is_file() and problem is None, f"round {number}: {filename}: {problem}"
    manifest = json.loads((out.parent / ".briefgen" / f"{out.name}.json").read_text(encoding="utf-8"))
    assert manifest.get("format") == FORMAT and set(OUTPUTS) <= set(manifest["outputs"]), f"round {number}: {manifest}"


def test_concurrent_builds_of_one_project(tmp_path: Path) -> None:
    if LONG:
        project, stem, rounds = make_project(tmp_path / "p"), ESSAY.stem, 20
    else:
        project, stem, rounds = make_project(tmp_path / "p", [CORPUS / "00_valid_baseline.md"], CORPUS / "assets"), "00_valid_baseline", 3
    for number in range(1, rounds + 1):
        _round(project, number)
        _check(project, stem, number)
    final = subprocess.run(
        [sys.executable, "-m", "briefgen", "build", "--only", ",".join(OUTPUTS)], cwd=project, env=clean_env(), capture_output=True, text=True, timeout=300
    )
    assert final.returncode == 0, final.stderr
    assert final.stderr.count("up to date:") == len(OUTPUTS), final.stderr
