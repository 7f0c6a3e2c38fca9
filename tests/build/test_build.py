"""The command line and the make-style build: exit codes, no-op builds, atomic writes, determinism."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import CORPUS, ESSAY, ROOT, make_project, no_traceback, run_briefgen, temp_files

ALL = ("memo.pdf", "handout.html", "handout.pdf", "deck.pptx", "onepager.pdf")


def digest(folder: Path) -> dict:
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in ALL if (folder / name).exists()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("built"))
    result = run_briefgen(["build"], project)
    assert result.returncode == 0, result.stderr
    for name in ALL:
        assert f"built: build/essay/{name}" in result.stderr
    return project


def test_second_build_rebuilds_nothing(built: Path) -> None:
    before = {n: (built / "build/essay" / n).stat().st_mtime_ns for n in ALL}
    result = run_briefgen(["build"], built)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("up to date:") == len(ALL), result.stderr
    assert {n: (built / "build/essay" / n).stat().st_mtime_ns for n in ALL} == before


def test_editing_the_source_rebuilds_every_output(tmp_path: Path, built: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(built, project)
    source = project / "sources" / "essay.md"
    source.write_text(source.read_text(encoding="utf-8").replace("thorn in", "thorn  in"), encoding="utf-8")
    result = run_briefgen(["build"], project)
    assert result.returncode == 0 and result.stderr.count("built:") == len(ALL), result.stderr


def test_a_layout_file_rebuilds_only_the_outputs_that_read_it(tmp_path: Path, built: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(built, project)
    layout = project / "layouts" / "default"
    shutil.copytree(ROOT / "layouts" / "default", layout)
    # a project's own copy of the default layout is a different set of inputs: everything rebuilds once
    first = run_briefgen(["build"], project)
    assert first.returncode == 0, first.stderr
    template = layout / "deck" / "template.pptx"
    template.write_bytes(template.read_bytes() + b"")  # same bytes: nothing to do
    assert run_briefgen(["build"], project).stderr.count("up to date:") == len(ALL)
    (layout / "deck" / "layouts.yaml").write_text((layout / "deck" / "layouts.yaml").read_text() + "\n# edited\n")
    result = run_briefgen(["build"], project)
    assert "built: build/essay/deck.pptx" in result.stderr, result.stderr
    assert result.stderr.count("up to date:") == len(ALL) - 1, result.stderr
    theme = layout / "theme.yaml"
    theme.write_text(theme.read_text().replace("#1B365D", "#224466"))
    result = run_briefgen(["build"], project)
    assert result.stderr.count("built:") == len(ALL), result.stderr


def test_options_are_part_of_the_key(built: Path, tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(built, project)
    result = run_briefgen(["build", "--only", "memo", "--paper", "a4"], project)
    assert "built: build/essay/memo.pdf" in result.stderr, result.stderr


def test_same_epoch_same_bytes_in_other_folders(tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1535760000"}
    one = make_project(tmp_path / "one")
    two = make_project(tmp_path / "elsewhere" / "two")
    for project in (one, two):
        result = run_briefgen(["build", "--force"], project, env=env)
        assert result.returncode == 0, result.stderr
    assert digest(one / "build/essay") == digest(two / "build/essay")
    assert len(digest(one / "build/essay")) == len(ALL)
    for name in ALL:
        data = (one / "build/essay" / name).read_bytes()
        assert str(one).encode() not in data and str(ROOT).encode() not in data


def test_a_bad_source_leaves_the_last_good_outputs(tmp_path: Path, built: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(built, project)
    before = digest(project / "build/essay")
    source = project / "sources" / "essay.md"
    source.write_text(source.read_text(encoding="utf-8").replace("date:", "dat:", 1), encoding="utf-8")
    result = run_briefgen(["build"], project)
    no_traceback(result.stderr)
    assert result.returncode == 1
    assert "sources/essay.md:" in result.stderr and "did you mean 'date'" in result.stderr
    assert digest(project / "build/essay") == before
    assert not temp_files(project / "build")


def test_an_unwritable_output_folder_is_a_clear_error(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "build").mkdir()
    (project / "build" / "essay").write_text("a file where a folder should be")
    result = run_briefgen(["build", "--only", "handout"], project)
    no_traceback(result.stderr)
    assert result.returncode == 1
    assert "build/essay" in result.stderr and "error" in result.stderr


def test_batch_build_goes_on_and_reports_every_failure(tmp_path: Path) -> None:
    project = make_project(tmp_path, [ESSAY, CORPUS / "03_missing_title.md", CORPUS / "05_unknown_field_typo.md"])
    result = run_briefgen(["build", "--only", "handout"], project)
    assert result.returncode == 1
    assert "built: build/essay/handout.html" in result.stderr
    assert "03_missing_title.md:1: error" in result.stderr and "05_unknown_field_typo.md:4:1: error" in result.stderr
    assert "2 output(s) failed" in result.stderr


def test_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    project = make_project(tmp_path, [CORPUS / "04_missing_bio.md"])
    relaxed = run_briefgen(["build", "--only", "handout"], project)
    assert relaxed.returncode == 0 and "warning" in relaxed.stderr and "bio" in relaxed.stderr
    strict = run_briefgen(["build", "--only", "handout", "--strict", "--force"], project)
    assert strict.returncode == 1 and "error" in strict.stderr


@pytest.mark.parametrize("args", [["build", "--only", "pdf"], ["frobnicate"], ["build", "-j", "x"], ["layouts", "show"]])
def test_usage_errors_exit_2(tmp_path: Path, args) -> None:
    result = run_briefgen(args, make_project(tmp_path))
    no_traceback(result.stderr)
    assert result.returncode == 2, result.stderr


def test_check_new_clean_version(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    assert run_briefgen(["check"], project).returncode == 0
    created = run_briefgen(["new", "my-brief"], project)
    assert created.returncode == 0, created.stderr
    assert run_briefgen(["check", "sources/my-brief.md", "--strict"], project).returncode == 0
    assert run_briefgen(["new", "my-brief"], project).returncode == 2  # never overwrites
    assert run_briefgen(["build", "--only", "handout", "sources/my-brief.md"], project).returncode == 0
    assert run_briefgen(["clean"], project).returncode == 0
    assert not any((project / "build").iterdir())
    version = run_briefgen(["--version"], project)
    assert version.returncode == 0 and version.stdout.startswith("briefgen ")


def test_layouts_list_and_show(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    listed = run_briefgen(["layouts"], project)
    assert listed.returncode == 0 and "default" in listed.stdout
    shown = run_briefgen(["layouts", "show", "default"], project)
    assert shown.returncode == 0 and "#1B365D" in shown.stdout and "IBM Plex Serif" in shown.stdout
    assert "theme.yaml: default" in shown.stdout and "deck/template.pptx: default" in shown.stdout
    assert "  cjk: Noto Sans CJK TC (" in shown.stdout and "  hebrew: Heebo (" in shown.stdout
    missing = run_briefgen(["layouts", "show", "nope"], project)
    assert missing.returncode == 1 and "no layout named 'nope'" in missing.stderr


def test_a_bad_layout_names_the_file_and_key(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    bad = project / "layouts" / "bad"
    bad.mkdir(parents=True)
    (bad / "theme.yaml").write_text('extends: default\ncolors:\n  primary: "blue"\n')
    result = run_briefgen(["build", "--layout", "bad", "--only", "handout"], project)
    assert result.returncode == 1
    assert "layouts/bad/theme.yaml" in result.stderr and "colors.primary" in result.stderr
    (bad / "theme.yaml").write_text("extends: bad2\n")
    (project / "layouts" / "bad2").mkdir()
    (project / "layouts" / "bad2" / "theme.yaml").write_text("extends: bad\n")
    cycle = run_briefgen(["build", "--layout", "bad", "--only", "handout"], project)
    assert cycle.returncode == 1 and "cycle" in cycle.stderr
    no_traceback(cycle.stderr)


def test_the_no_op_build_imports_nothing_heavy(built: Path) -> None:
    code = (
        "import sys; from briefgen.cli import main; status = main(['build', '-q']); "
        "heavy = [m for m in ('reportlab', 'pptx', 'weasyprint', 'jinja2', 'markdown_it', 'yaml', 'argparse') if m in sys.modules]; "
        "print(status, heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=built, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0 []", out.stdout + out.stderr


def test_python_dash_m_and_sigterm_leave_no_temp_files(tmp_path: Path) -> None:
    import signal
    import time

    project = make_project(tmp_path)
    env = dict(os.environ)
    proc = subprocess.Popen([sys.executable, "-m", "briefgen", "build"], cwd=project, env=env, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    no_traceback(stderr)
    # 143: interrupted and said so; -SIGTERM: killed before Python ran briefgen's handler
    # (a loaded machine can take 1.5 s to start), which leaves nothing behind either.
    assert proc.returncode in (0, 1, 143, -signal.SIGTERM), stderr
    if (project / "build").exists():
        assert not temp_files(project / "build")


def test_the_cache_changes_no_byte(tmp_path: Path) -> None:
    """Font subsets and hyphenation patterns from the cache give the same files as computed fresh."""
    env = {"SOURCE_DATE_EPOCH": "1535760000"}
    results = {}
    for label, cache in (("off", ""), ("cold", str(tmp_path / "cache")), ("warm", str(tmp_path / "cache"))):
        project = make_project(tmp_path / label)
        result = run_briefgen(["build", "--only", "memo,handout,handout-pdf"], project, env={**env, "BRIEFGEN_CACHE_DIR": cache})
        assert result.returncode == 0, result.stderr
        results[label] = digest(project / "build/essay")
    assert results["off"] == results["cold"] == results["warm"]
    assert any((tmp_path / "cache" / "fonts").iterdir()) and any((tmp_path / "cache" / "hyphenation").iterdir())


def test_the_output_folder_holds_only_the_outputs(built: Path) -> None:
    """build/<stem>/ is what users zip and hand around: the bookkeeping lives in build/.briefgen/."""
    assert sorted(p.name for p in (built / "build" / "essay").iterdir()) == sorted(ALL)
    bookkeeping = built / "build" / ".briefgen"
    assert (bookkeeping / "essay.json").is_file() and (bookkeeping / "essay.lock").is_file()


def test_a_manifest_in_the_old_place_is_moved_without_a_rebuild(tmp_path: Path, built: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(built, project)
    out = project / "build" / "essay"
    (project / "build" / ".briefgen" / "essay.json").rename(out / ".briefgen-manifest.json")
    (project / "build" / ".briefgen" / "essay.lock").rename(out / ".briefgen.lock")
    for args in (["build"], ["build", "--only", "memo,deck", "--timings"]):  # the no-op fast path, then the full one
        result = run_briefgen(args, project)
        assert result.returncode == 0 and "built:" not in result.stderr, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(ALL)
    assert (project / "build" / ".briefgen" / "essay.json").is_file()


def test_a_source_named_like_the_bookkeeping_folder_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path, [CORPUS / "00_valid_baseline.md"], CORPUS / "assets")
    shutil.copyfile(CORPUS / "00_valid_baseline.md", project / "sources" / ".briefgen.md")
    result = run_briefgen(["build", "sources/.briefgen.md", "--only", "memo"], project)
    no_traceback(result.stderr)
    assert result.returncode == 1 and "sources/.briefgen.md: error: a source may not be named .briefgen.md" in result.stderr, result.stderr


def test_shards_split_the_sources_once_and_never_touch_each_other(tmp_path: Path) -> None:
    """N CI jobs with --shard K/N build every source exactly once, into one build/ at the same time."""
    project = make_project(tmp_path, [CORPUS / "00_valid_baseline.md"], CORPUS / "assets")
    base = (project / "sources" / "00_valid_baseline.md").read_bytes()
    stems = [f"brief-{n:02d}" for n in range(8)]
    for stem in stems:
        (project / "sources" / f"{stem}.md").write_bytes(base)
    (project / "sources" / "00_valid_baseline.md").unlink()
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    procs = [
        subprocess.Popen([sys.executable, "-m", "briefgen", "build", "--only", "deck", "-j", "1", "--shard", f"{k}/3"],
                         cwd=project, env=env, stderr=subprocess.PIPE, text=True)
        for k in (1, 2, 3)
    ]
    built = {}
    for k, proc in zip((1, 2, 3), procs):
        _, err = proc.communicate(timeout=300)
        no_traceback(err)
        assert proc.returncode == 0, err
        built[k] = set(re.findall(r"built: build/([^/]+)/deck\.pptx", err))
    assert sorted(s for part in built.values() for s in part) == stems, built  # each once, none missing
    assert all(built.values()), f"a shard was empty with 8 sources: {built}"
    for stem in stems:
        assert sorted(p.name for p in (project / "build" / stem).iterdir()) == ["deck.pptx"]
        manifest = (project / "build" / ".briefgen" / f"{stem}.json").read_text(encoding="utf-8")
        assert '"deck"' in manifest
    assert not temp_files(project / "build")
    # the same split again: every output is up to date, whatever the order of the sources
    again = run_briefgen(["build", "--only", "deck", "--shard", "2/3", *sorted(f"sources/{s}.md" for s in stems)[::-1]], project)
    assert set(re.findall(r"up to date: build/([^/]+)/deck\.pptx", again.stderr)) == built[2], again.stderr


@pytest.mark.parametrize("value", ["0/3", "4/3", "1", "a/b", "1/0"])
def test_a_bad_shard_is_a_usage_error(tmp_path: Path, value: str) -> None:
    project = make_project(tmp_path)
    result = run_briefgen(["build", "--shard", value], project)
    assert result.returncode == 2 and "--shard takes K/N" in result.stderr, result.stderr


def test_the_shard_split_is_a_partition_and_spreads_similar_names() -> None:
    from briefgen.build.registry import in_shard

    names = [f"sources/brief-{i:03d}.md" for i in range(300)]
    for n in range(1, 9):
        parts = [[s for s in names if in_shard(s, (k, n))] for k in range(1, n + 1)]
        assert sorted(s for part in parts for s in part) == names  # each name in exactly one shard
        assert min(map(len, parts)) >= 300 / n * 0.6, [len(p) for p in parts]
    assert in_shard("a/b/x.md", (2, 5)) == in_shard("x.md", (2, 5))  # by name, not folder
