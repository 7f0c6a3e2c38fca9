"""Faults during a build: interrupts, a full disk, an unwritable output folder, a stuck renderer, a batch with failures.

After any fault, every output is either the previous file byte for byte or a
complete new one (the PDF parses, the deck opens, the HTML parses), no
temporary file is left, no worker process survives, and the message says what
happened in one line, never with a traceback.
"""

from __future__ import annotations

import hashlib
import html.parser
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional

import pytest

from tests.support import CORPUS, make_project, no_traceback, temp_files

OUTPUT_FILES = ("memo.pdf", "handout.html", "handout.pdf", "deck.pptx", "onepager.pdf")
INTERRUPTED = "briefgen: interrupted; outputs already written are complete, the others were left as they were"
SEED = 20260115
_RNG = random.Random(SEED)
MOMENTS = [round(_RNG.uniform(0.05 + i * 0.59, 0.05 + (i + 1) * 0.59), 3) for i in range(5)]
"""Five seeded moments between 0.05 s and 3 s, one in each fifth of that span (start-up, parse, render...)."""


# ---------------------------------------------------------------- helpers shared with test_load.py


def hashes(folder: Path) -> Dict[str, str]:
    """SHA-256 of each output present in ``folder``."""
    return {n: hashlib.sha256((folder / n).read_bytes()).hexdigest() for n in OUTPUT_FILES if (folder / n).exists()}


class _StrictHTML(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: List[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)


def output_problem(path: Path) -> Optional[str]:
    """Why ``path`` is not a complete output, or ``None`` when it reads back whole."""
    try:
        if path.suffix == ".pdf":
            from pypdf import PdfReader

            data = path.read_bytes()
            if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
                return "PDF header or %%EOF missing"
            reader = PdfReader(str(path), strict=True)
            if len(reader.pages) < 1:
                return "PDF without pages"
            reader.pages[-1].extract_text()
        elif path.suffix == ".pptx":
            from pptx import Presentation

            if len(Presentation(str(path)).slides) < 1:
                return "deck without slides"
        elif path.suffix == ".html":
            text = path.read_text(encoding="utf-8")
            parser = _StrictHTML()
            parser.feed(text)
            parser.close()
            if "html" not in parser.tags or not text.rstrip().lower().endswith("</html>"):
                return "HTML cut short"
        else:
            return None
    except Exception as exc:  # any failure to read back is the finding
        return f"{type(exc).__name__}: {exc}"
    return None


def check_outputs(folder: Path, before: Dict[str, str]) -> None:
    """Every output is the old bytes or a complete new file; no temporary file is left."""
    assert not temp_files(folder.parent), f"temporary files left: {temp_files(folder.parent)}"
    now = hashes(folder)
    for name, digest in now.items():
        if before.get(name) == digest:
            continue
        problem = output_problem(folder / name)
        assert problem is None, f"{name} is neither the old file nor a complete new one: {problem}"
    for name in before:
        assert name in now, f"{name} disappeared"


def clean_env(**extra: str) -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(extra)
    return env


def spawn(args: List[str], cwd: Path, env: Dict[str, str], code: Optional[str] = None) -> subprocess.Popen:
    """Start ``briefgen ARGS`` in its own process group (so a stuck build can be killed whole)."""
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "briefgen"]
    return subprocess.Popen(
        command + args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )


def finish(proc: subprocess.Popen, timeout: float) -> tuple:
    """Wait for ``proc``; on a hang kill its whole group and fail. Returns (status, stderr)."""
    try:
        _out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc.pid)
        _out, err = proc.communicate()
        pytest.fail(f"the build did not end within {timeout} s (hung):\n{err[-2000:]}")
    return proc.returncode, err


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def group_alive(pgid: int) -> bool:
    """True while any process of the group (a stray worker) still runs."""
    for _ in range(50):  # workers get a moment to exit after the parent
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        time.sleep(0.1)
    return True


# ---------------------------------------------------------------- interrupts


@pytest.fixture(scope="module")
def built_essay(tmp_path_factory) -> Path:
    """The essay built once with every output: the 'previous build' each interrupt starts from."""
    project = make_project(tmp_path_factory.mktemp("faults"))
    proc = spawn(["build", "-q"], project, clean_env())
    status, err = finish(proc, 300)
    assert status == 0, err
    return project


STATUS = {"SIGINT": 130, "SIGTERM": 143, "SIGHUP": 129}
"""The exit status for each stopping signal: 128 + its number, as a shell reports it."""


def strays(pgid: int) -> List[str]:
    """Processes of the group still in the process table (zombies included), as ``pid cmdline``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:
                found.append(f"{entry.name} {fields[0]} {(entry / 'cmdline').read_bytes().replace(bytes(1), b' ').decode(errors='replace')}")
        except (OSError, IndexError, ValueError):
            continue
    return found


def assert_no_strays(pgid: int) -> None:
    """No process of the build's group outlives it (checked in the process table, with a moment to exit)."""
    for _ in range(50):
        if not strays(pgid):
            return
        time.sleep(0.1)
    pytest.fail(f"processes outlived the build: {strays(pgid)}")


def _send(proc: subprocess.Popen, signame: str) -> None:
    if signame == "SIGINT":
        os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C in a terminal: the whole foreground group
    else:
        os.kill(proc.pid, getattr(signal, signame))  # a service manager's stop, a closed terminal: the parent only


def _interrupted_copy(built_essay: Path, tmp_path: Path):
    project = tmp_path / "p"
    shutil.copytree(built_essay, project)
    scratch = tmp_path / "tmpdir"
    scratch.mkdir()
    return project, scratch, project / "build" / "essay"


def _check_interrupted(proc: subprocess.Popen, status: int, err: str, signame: str, out: Path, before, scratch: Path) -> None:
    no_traceback(err)
    if status < 0:
        # only acceptable before briefgen's own code ran (the interpreter still starting, on a busy
        # machine): then nothing was printed and nothing was touched
        assert err.strip() in ("", INTERRUPTED) and hashes(out) == before, f"killed by the signal after starting work:\n{err}"
    else:
        assert status in (0, 1, STATUS[signame]), f"exit status {status}:\n{err}"
    if status == STATUS[signame]:
        assert "interrupted" in err, err
    assert_no_strays(proc.pid)
    check_outputs(out, before)
    leftovers = sorted(p.name for p in scratch.iterdir())
    assert leftovers == [], f"scratch files left in TMPDIR: {leftovers}"


@pytest.mark.parametrize("moment", [0.12] + MOMENTS)  # 0.12 s: while briefgen imports its modules
@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_an_interrupted_build_leaves_old_or_complete_outputs(signame: str, moment: float, built_essay: Path, tmp_path: Path) -> None:
    project, scratch, out = _interrupted_copy(built_essay, tmp_path)
    before = hashes(out)
    assert len(before) == len(OUTPUT_FILES)

    proc = spawn(["build", "--force", "-j", "2"], project, clean_env(TMPDIR=str(scratch)))
    time.sleep(moment)
    _send(proc, signame)
    status, err = finish(proc, 60)
    _check_interrupted(proc, status, err, signame, out, before, scratch)


@pytest.mark.parametrize("moment", [0.9, 1.6])  # while the workers render
def test_ctrl_c_again_during_the_clean_up_still_ends_cleanly(moment: float, built_essay: Path, tmp_path: Path) -> None:
    """An impatient user presses Ctrl-C three times: the first stops the build, the others cannot cut its clean-up short."""
    project, scratch, out = _interrupted_copy(built_essay, tmp_path)
    before = hashes(out)
    proc = spawn(["build", "--force", "-j", "2"], project, clean_env(TMPDIR=str(scratch)))
    time.sleep(moment)
    for _ in range(3):
        try:
            os.killpg(proc.pid, signal.SIGINT)
        except ProcessLookupError:
            break
        time.sleep(0.02)
    status, err = finish(proc, 60)
    _check_interrupted(proc, status, err, "SIGINT", out, before, scratch)
    assert err.count("interrupted") <= 1, err


def test_a_parent_killed_outright_takes_its_workers_with_it(built_essay: Path, tmp_path: Path) -> None:
    """SIGKILL cannot be handled: the workers must still not outlive their parent (they die with it)."""
    project, scratch, out = _interrupted_copy(built_essay, tmp_path)
    proc = spawn(["build", "--force", "-j", "2"], project, clean_env(TMPDIR=str(scratch)))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(strays(proc.pid)) < 2:  # wait until a worker is forked
        time.sleep(0.02)
    assert len(strays(proc.pid)) >= 2, "no worker process was started"
    os.kill(proc.pid, signal.SIGKILL)
    finish(proc, 60)
    assert_no_strays(proc.pid)


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_watch_stopped_by_a_service_manager_or_a_closed_terminal(signame: str, built_essay: Path, tmp_path: Path) -> None:
    project, scratch, out = _interrupted_copy(built_essay, tmp_path)
    before = hashes(out)
    proc = spawn(["watch", "--force"], project, clean_env(TMPDIR=str(scratch)))
    time.sleep(1.5)  # while its first build renders (or after it: either way it must stop)
    _send(proc, signame)
    status, err = finish(proc, 60)
    no_traceback(err)
    assert status == STATUS[signame], f"exit status {status}:\n{err}"
    assert_no_strays(proc.pid)
    check_outputs(out, before)


# ---------------------------------------------------------------- a renderer stuck where SIGALRM cannot reach it

STUCK = r"""
import signal, sys, time
import briefgen.render.memo as memo

def render(ctx):
    # Native code that never returns to the interpreter (a C loop, a deadlock) never runs the
    # SIGALRM handler; masking the signal is the same from the worker's side.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    time.sleep(3600)
    return b""

memo.render = render
from briefgen.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_stuck_renderer_is_stopped_at_its_budget(tmp_path: Path) -> None:
    """--timeout bounds a render even when the worker cannot run its alarm handler: the parent enforces it."""
    project = make_project(tmp_path / "p", [CORPUS / "00_valid_baseline.md"], CORPUS / "assets")
    proc = spawn(["build", "--only", "memo,deck", "--timeout", "2"], project, clean_env(), code=STUCK)
    status, err = finish(proc, 90)
    no_traceback(err)
    assert status == 1, err
    assert re.search(r"^sources/00_valid_baseline\.md: error: .*budget", err, re.M), err
    assert (project / "build" / "00_valid_baseline" / "deck.pptx").is_file(), "the other output was not built"
    assert not group_alive(proc.pid), "the stuck worker outlived the build"


# ---------------------------------------------------------------- a batch with one bad source


def test_a_batch_builds_the_good_source_and_reports_the_bad_one_at_the_end(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", [CORPUS / "00_valid_baseline.md", CORPUS / "03_missing_title.md"], CORPUS / "assets")
    proc = spawn(["build", "--only", "memo,handout,deck"], project, clean_env())
    status, err = finish(proc, 180)
    no_traceback(err)
    assert status == 1, err
    good = project / "build" / "00_valid_baseline"
    for name in ("memo.pdf", "handout.html", "deck.pptx"):
        assert output_problem(good / name) is None and (good / name).is_file(), f"{name} of the good source"
    assert not (project / "build" / "03_missing_title" / "memo.pdf").exists()
    assert re.search(r"^sources/03_missing_title\.md:\d+: error: .*title", err, re.M), err
    last = err.strip().splitlines()[-1]
    assert "failed" in last and "03_missing_title" in last and "00_valid_baseline" not in last, last


# ---------------------------------------------------------------- full disk and unwritable folders


def _mount_tmpfs(folder: Path, size: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({result.stderr.strip() or 'not root'})")


def _umount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@pytest.fixture
def small_disk(tmp_path: Path):
    disk = tmp_path / "disk"
    _mount_tmpfs(disk, "64k")
    yield disk
    _umount(disk)


def test_a_full_disk_is_reported_clearly(small_disk: Path, tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    proc = spawn(["build", "--only", "memo,handout,deck", "-j", "1", "--out", str(small_disk / "build")], project, clean_env())
    status, err = finish(proc, 180)
    no_traceback(err)
    assert status == 1, err
    assert re.search(r"error: .*the disk is full", err), err
    assert not temp_files(small_disk), f"temporary files left: {temp_files(small_disk)}"
    for path in (small_disk / "build" / "essay").glob("*"):
        if path.suffix in (".pdf", ".html", ".pptx"):
            assert output_problem(path) is None, f"{path.name} is a partial file on the full disk"


@pytest.fixture
def read_only_build(tmp_path: Path):
    """A build folder with a good build in it, then remounted read-only."""
    disk = tmp_path / "ro"
    _mount_tmpfs(disk, "8m")
    try:
        project = make_project(tmp_path / "p", [CORPUS / "00_valid_baseline.md"], CORPUS / "assets")
        proc = spawn(["build", "-q", "--only", "memo,handout,deck", "--out", str(disk / "build")], project, clean_env())
        status, err = finish(proc, 180)
        assert status == 0, err
        remount = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True, text=True)
        if remount.returncode != 0:
            pytest.skip(f"cannot remount read-only: {remount.stderr.strip()}")
        yield project, disk
    finally:
        _umount(disk)


def test_a_read_only_build_folder_is_reported_and_left_alone(read_only_build) -> None:
    project, disk = read_only_build
    out = disk / "build" / "00_valid_baseline"
    before = hashes(out)
    proc = spawn(["build", "--force", "--only", "memo,handout,deck", "--out", str(disk / "build")], project, clean_env())
    status, err = finish(proc, 180)
    no_traceback(err)
    assert status == 1, err
    assert re.search(r"error: .*(not writable|read-only)", err), err
    assert hashes(out) == before


def test_a_file_where_the_build_folder_should_be(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", [CORPUS / "00_valid_baseline.md"], CORPUS / "assets")
    (project / "build").write_text("not a folder\n", encoding="utf-8")
    proc = spawn(["build", "--only", "memo,deck"], project, clean_env())
    status, err = finish(proc, 180)
    no_traceback(err)
    assert status == 1, err
    assert re.search(r"^build/00_valid_baseline/\S+: error: cannot create the folder build/00_valid_baseline: ", err, re.M), err
    assert (project / "build").read_text(encoding="utf-8") == "not a folder\n"


def test_an_output_name_taken_by_a_folder(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", [CORPUS / "00_valid_baseline.md"], CORPUS / "assets")
    (project / "build" / "00_valid_baseline" / "memo.pdf").mkdir(parents=True)
    proc = spawn(["build", "--only", "memo,deck"], project, clean_env())
    status, err = finish(proc, 180)
    no_traceback(err)
    assert status == 1, err
    assert re.search(r"^build/00_valid_baseline/memo\.pdf: error: cannot write the output", err, re.M), err
    assert (project / "build" / "00_valid_baseline" / "deck.pptx").is_file()
    assert not temp_files(project / "build")
