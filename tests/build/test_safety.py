"""Nothing a user owns is ever lost (issue #21, items 1 and 4), through the real command.

``clean`` removes only what briefgen's manifests record, in a folder carrying
its marker; ``build --out`` refuses the project, ``sources/``, ``layouts/`` and
folders holding other people's files; no output is written through a symbolic
link. Each refusal has its negative case: the ordinary build, clean and
incremental build keep working.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Dict

import pytest

from tests.support import make_project, no_traceback, run_briefgen

MEMO = ["--only", "memo"]


def snapshot(root: Path) -> Dict[str, bytes]:
    """Every file and link under ``root`` (links as their target), by relative path."""
    found: Dict[str, bytes] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = b"-> " + os.readlink(path).encode()
            elif path.is_file():
                found[rel] = path.read_bytes()
            else:
                found[rel + "/"] = b""
    return found


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A project with a .git folder, sources, a layouts folder and a user's notes."""
    root = make_project(tmp_path / "proj")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / "layouts" / "mine").mkdir(parents=True)
    (root / "layouts" / "mine" / "notes.txt").write_text("my layout notes\n")
    (root / "README.md").write_text("my project\n")
    return root


def test_clean_refuses_a_folder_briefgen_did_not_mark(project: Path) -> None:
    """`clean --out .`, `sources`, `layouts`, a home-like folder: refused, nothing deleted; `build` then `clean` still works."""
    before = snapshot(project)
    for folder in (".", "sources", "layouts", str(project.parent)):
        result = run_briefgen(["clean", "--out", folder], project)
        no_traceback(result.stderr)
        assert result.returncode == 1, result.stderr
        assert f"error: {folder} is not a briefgen output folder" in result.stderr, result.stderr
        assert "nothing was deleted" in result.stderr
        assert snapshot(project) == before
    # negative case: the build folder briefgen made is cleaned
    assert run_briefgen(["build", *MEMO], project).returncode == 0
    result = run_briefgen(["clean"], project)
    assert result.returncode == 0, result.stderr
    assert not (project / "build" / "essay").exists()
    assert snapshot(project) == before | {"build/": b""}


def test_clean_keeps_what_briefgen_did_not_write(project: Path) -> None:
    """A user's file, a second output folder inside build/, a changed output: kept and listed; `clean --out build/acme` cleans the second."""
    assert run_briefgen(["build", *MEMO], project).returncode == 0
    (project / "build" / "mynotes.txt").write_text("mine\n")
    (project / "build" / "essay" / "annotated.pdf").write_bytes(b"%PDF mine")
    result = run_briefgen(["build", *MEMO, "--out", "build/acme"], project)
    assert result.returncode == 0, result.stderr
    assert (project / "build" / "acme" / "essay" / "memo.pdf").is_file()

    result = run_briefgen(["clean"], project)
    no_traceback(result.stderr)
    assert result.returncode == 0, result.stderr
    assert not (project / "build" / "essay" / "memo.pdf").exists()
    assert (project / "build" / "mynotes.txt").read_text() == "mine\n"
    assert (project / "build" / "essay" / "annotated.pdf").read_bytes() == b"%PDF mine"  # its folder stays too
    assert (project / "build" / "acme" / "essay" / "memo.pdf").is_file()
    assert "kept: build/mynotes.txt (not written by briefgen)" in result.stderr
    assert "clean it with `briefgen clean --out build/acme`" in result.stderr
    assert not (project / "build" / ".briefgen" / "essay.json").exists()

    # the folder stays briefgen's (it still holds the user's files): a build into it works
    assert run_briefgen(["build", *MEMO], project).returncode == 0
    # a changed output is not removed
    (project / "build" / "essay" / "memo.pdf").write_bytes(b"edited by hand")
    result = run_briefgen(["clean"], project)
    assert result.returncode == 0
    assert (project / "build" / "essay" / "memo.pdf").read_bytes() == b"edited by hand"
    assert "changed since briefgen wrote it" in result.stderr

    result = run_briefgen(["clean", "--out", "build/acme"], project)
    assert result.returncode == 0, result.stderr
    assert sorted(os.listdir(project / "build" / "acme")) == []
    assert (project / "build" / "mynotes.txt").is_file()


def test_dry_run_lists_and_deletes_nothing(project: Path) -> None:
    """`clean --dry-run` names each file that would go and leaves every byte; without it they go."""
    assert run_briefgen(["build", *MEMO], project).returncode == 0
    (project / "build" / "mynotes.txt").write_text("mine\n")
    before = snapshot(project)
    result = run_briefgen(["clean", "--dry-run"], project)
    assert result.returncode == 0, result.stderr
    assert "would remove: build/essay/memo.pdf" in result.stderr
    assert "kept: build/mynotes.txt" in result.stderr
    assert snapshot(project) == before
    result = run_briefgen(["clean"], project)
    assert "removed: build/essay/memo.pdf" in result.stderr
    assert not (project / "build" / "essay").exists()


@pytest.mark.parametrize("folder", [".", "sources", "layouts", "layouts/mine", "{parent}"])
def test_build_refuses_folders_holding_the_project(project: Path, folder: str) -> None:
    """`build --out` the project, its sources, its layouts (or inside them), an ancestor: refused, nothing written."""
    folder = folder.format(parent=project.parent)
    before = snapshot(project.parent)
    result = run_briefgen(["build", *MEMO, "--out", folder], project)
    no_traceback(result.stderr)
    assert result.returncode == 1, result.stderr
    assert f"{folder}: error: cannot build into {folder}:" in result.stderr, result.stderr
    assert snapshot(project.parent) == before


def test_build_refuses_a_foreign_folder_but_not_an_empty_one(project: Path, tmp_path: Path) -> None:
    """An existing folder with someone's files is refused; an empty or new folder is used, and marked."""
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "cat.jpg").write_bytes(b"cat")
    result = run_briefgen(["build", *MEMO, "--out", str(foreign)], project)
    assert result.returncode == 1 and f"already holds files briefgen did not write ({foreign / 'cat.jpg'})" in result.stderr, result.stderr
    assert sorted(os.listdir(foreign)) == ["cat.jpg"]
    for name in ("empty", "new/deeper"):
        target = tmp_path / name
        if name == "empty":
            target.mkdir()
        result = run_briefgen(["build", *MEMO, "--out", str(target)], project)
        assert result.returncode == 0, result.stderr
        assert (target / "essay" / "memo.pdf").is_file()
        assert (target / ".briefgen" / "output-folder.txt").is_file()


def test_folders_of_older_versions_still_count(project: Path) -> None:
    """A build folder with manifests but no marker (an older briefgen's) is built into and cleaned; one with only outputs too."""
    assert run_briefgen(["build", *MEMO], project).returncode == 0
    (project / "build" / ".briefgen" / "output-folder.txt").unlink()
    result = run_briefgen(["build", *MEMO], project)
    assert result.returncode == 0 and "up to date" in result.stderr, result.stderr
    result = run_briefgen(["clean"], project)
    assert result.returncode == 0 and not (project / "build" / "essay").exists(), result.stderr
    # briefgen 0.x: the manifest inside build/<stem>/
    assert run_briefgen(["build", *MEMO], project).returncode == 0
    books = project / "build" / ".briefgen"
    manifest = json.loads((books / "essay.json").read_text())
    shutil.rmtree(books)
    (project / "build" / "essay" / ".briefgen-manifest.json").write_text(json.dumps(manifest))
    result = run_briefgen(["clean"], project)
    assert result.returncode == 0, result.stderr
    assert not (project / "build" / "essay").exists()
    # only output files in <stem>/ folders, no bookkeeping at all: build accepts it
    (project / "build" / "essay").mkdir(parents=True)
    (project / "build" / "essay" / "memo.pdf").write_bytes(b"old")
    result = run_briefgen(["build", *MEMO], project)
    assert result.returncode == 0 and "built: build/essay/memo.pdf" in result.stderr, result.stderr


def test_no_output_through_a_symbolic_link(project: Path, tmp_path: Path) -> None:
    """A linked build/<stem>, output folder or output file: a located error, nothing written there; unlinked, the build works."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert run_briefgen(["build", *MEMO], project).returncode == 0
    shutil.rmtree(project / "build" / "essay")
    os.symlink(elsewhere, project / "build" / "essay")
    result = run_briefgen(["build", *MEMO], project)
    no_traceback(result.stderr)
    assert result.returncode == 1 and "build/essay: error: is a symbolic link" in result.stderr, result.stderr
    assert os.listdir(elsewhere) == []

    os.symlink(elsewhere, project / "linked")
    result = run_briefgen(["build", *MEMO, "--out", "linked"], project)
    assert result.returncode == 1 and "linked: error: cannot build into linked: it is a symbolic link" in result.stderr, result.stderr
    assert os.listdir(elsewhere) == []
    result = run_briefgen(["clean", "--out", "linked"], project)
    assert result.returncode == 1 and "symbolic link" in result.stderr
    (elsewhere / "keep.txt").write_text("mine")

    (project / "build" / "essay").unlink()
    (project / "build" / "essay").mkdir()
    os.symlink(elsewhere / "keep.txt", project / "build" / "essay" / "memo.pdf")
    result = run_briefgen(["build", *MEMO], project)
    assert result.returncode == 1 and "build/essay/memo.pdf: error: is a symbolic link" in result.stderr, result.stderr
    assert (elsewhere / "keep.txt").read_text() == "mine" and os.listdir(elsewhere) == ["keep.txt"]
    # clean does not follow it either
    result = run_briefgen(["clean"], project)
    assert result.returncode == 0 and (elsewhere / "keep.txt").read_text() == "mine"

    # negative case: without the link, the same build writes its output
    (project / "build" / "essay" / "memo.pdf").unlink()
    result = run_briefgen(["build", *MEMO], project)
    assert result.returncode == 0 and (project / "build" / "essay" / "memo.pdf").is_file(), result.stderr

    # up-to-date outputs moved behind a link: not "up to date" (the no-op fast path) but the error
    moved = tmp_path / "moved"
    (project / "build" / "essay").rename(moved)
    os.symlink(moved, project / "build" / "essay")
    result = run_briefgen(["build", *MEMO], project)
    assert result.returncode == 1 and "build/essay: error: is a symbolic link" in result.stderr, result.stderr
    assert "up to date" not in result.stderr


def test_a_source_named_dot_dot_cannot_write_into_the_project(project: Path) -> None:
    """`...md` (stem `..`) would put its outputs in the project folder: refused at the source."""
    shutil.copyfile(project / "sources" / "essay.md", project / "sources" / "...md")
    before = snapshot(project)
    result = run_briefgen(["build", *MEMO, "sources/...md"], project)
    assert result.returncode == 1 and "sources/...md: error: a source may not be named ...md" in result.stderr, result.stderr
    assert {k: v for k, v in snapshot(project).items() if not k.startswith("build")} == before


def test_build_clean_build_and_incremental_builds(project: Path) -> None:
    """The ordinary cycle: build, no-op build (up to date), clean, build again; byte-identical outputs."""
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    result = run_briefgen(["build", "--only", "memo,handout"], project, env)
    assert result.returncode == 0, result.stderr
    first = (project / "build" / "essay" / "memo.pdf").read_bytes()
    result = run_briefgen(["build", "--only", "memo,handout"], project, env)
    assert result.returncode == 0 and result.stderr.count("up to date") == 2, result.stderr
    result = run_briefgen(["clean"], project)
    assert result.returncode == 0, result.stderr
    assert os.listdir(project / "build") == []
    result = run_briefgen(["build", "--only", "memo,handout"], project, env)
    assert result.returncode == 0 and result.stderr.count("built") == 2, result.stderr
    assert (project / "build" / "essay" / "memo.pdf").read_bytes() == first
