"""Bad chart data through the real ``briefgen build`` (issue 12), the way tests/e2e/test_corpus.py runs its cases.

Each case edits a good project's data or source after a good build; the build
must exit 1 with one located ``path:line:col: error:``, print no traceback,
leave no temporary file, and leave the earlier outputs byte-identical. A data
file is a build input: editing it rebuilds the outputs.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from tests.support import ROOT, make_project, no_traceback, run_briefgen, temp_files

EXAMPLES = ROOT / "docs" / "examples"
SOURCE = "sources/energy-star-funding.md"
CSV = "sources/data/energy-star-funding.csv"


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("good"), [EXAMPLES / "energy-star-funding.md"])
    shutil.copytree(EXAMPLES / "data", project / "sources" / "data")
    result = run_briefgen(["build", SOURCE, "--only", "memo,handout,deck"], project)
    assert result.returncode == 0, result.stderr
    return project


def _hashes(folder: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _edit_csv(project: Path, old: str, new: str) -> None:
    path = project / CSV
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def _edit_source(project: Path, old: str, new: str) -> None:
    path = project / SOURCE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CASES = {
    # name: (edit, expected "path:line:col", words)
    "non-numeric cell": (lambda p: _edit_csv(p, "2019,38.4,2.1", "2019,n/a,2.1"), f"{CSV}:6:6", "'n/a' in column 'EPA' is not a number"),
    "ragged row": (lambda p: _edit_csv(p, "2021,34.8,0.9", "2021,34.8"), f"{CSV}:8:6", "has 2 values; the header row has 3"),
    "missing column": (lambda p: _edit_source(p, 'y="EPA,DOE"', 'y="EPA,NASA"'), f"{SOURCE}:28:75", "no column 'NASA'"),
    "too many points": (lambda p: (p / CSV).write_text("Fiscal year,EPA,DOE\n" + "".join(f"{1900 + i},1,2\n" for i in range(61)),
                                                      encoding="utf-8"), f"{CSV}:62:1", "the limit is 60"),
    "data outside the folder": (lambda p: _edit_source(p, 'data="data/energy-star-funding.csv" x="Fiscal year" y=',
                                                       'data="../secret.csv" x="Fiscal year" y='), f"{SOURCE}:28:23", "outside the source's folder"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_data_is_located_and_leaves_outputs(good, tmp_path, name):
    project = tmp_path / "p"
    shutil.copytree(good, project)
    (tmp_path / "secret.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    before = _hashes(project / "build" / "energy-star-funding")
    edit, where, words = CASES[name]
    edit(project)
    result = run_briefgen(["build", SOURCE, "--only", "memo,handout,deck"], project)
    no_traceback(result.stderr)
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith(where) and words in errors[0], result.stderr
    assert re.match(r"^[^:]+:\d+:\d+: error: ", errors[0]), errors[0]
    assert _hashes(project / "build" / "energy-star-funding") == before
    assert temp_files(project / "build") == []


def test_editing_the_data_rebuilds(good, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(good, project)
    again = run_briefgen(["build", SOURCE, "--only", "memo"], project)
    assert "up to date" in again.stdout + again.stderr
    before = _hashes(project / "build" / "energy-star-funding")["memo.pdf"]
    _edit_csv(project, "2019,38.4,2.1", "2019,39.4,2.1")
    result = run_briefgen(["build", SOURCE, "--only", "memo"], project)
    assert result.returncode == 0, result.stderr
    assert "up to date" not in result.stdout + result.stderr
    assert _hashes(project / "build" / "energy-star-funding")["memo.pdf"] != before
