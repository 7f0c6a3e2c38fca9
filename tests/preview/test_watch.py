"""``briefgen watch``: builds, rebuilds on save, survives an error, stops cleanly on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import List

from tests.support import make_project, no_traceback


def _reader(stream, lines: List[str]) -> None:
    for line in iter(stream.readline, ""):
        lines.append(line)


def _wait_for(lines: List[str], count: int, word: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sum(word in line for line in lines) >= count:
            return
        time.sleep(0.1)
    raise AssertionError(f"no {count}x {word!r} within {timeout} s:\n{''.join(lines)}")


def test_watch_rebuilds_on_save_and_keeps_going_after_an_error(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    source = project / "sources" / "essay.md"
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "watch", "--only", "handout"],
        cwd=project, env=env, stderr=subprocess.PIPE, text=True,
    )
    lines: List[str] = []
    threading.Thread(target=_reader, args=(proc.stderr, lines), daemon=True).start()
    try:
        _wait_for(lines, 1, "watching for changes")
        original = source.read_text(encoding="utf-8")
        time.sleep(0.5)
        source.write_text(original.replace("thorn in", "splinter in"), encoding="utf-8")
        _wait_for(lines, 2, "watching for changes")
        assert "splinter in" in (project / "build/essay/handout.html").read_text(encoding="utf-8")
        source.write_text(original.replace("date:", "dat:", 1), encoding="utf-8")
        _wait_for(lines, 1, "did you mean 'date'")
        _wait_for(lines, 3, "watching for changes")
        assert proc.poll() is None, "watch stopped after an error"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    text = "".join(lines)
    no_traceback(text)
    assert proc.returncode == 0, text
    assert "briefgen watch: stopped" in text
    assert "rebuilt in" in text and "failed in" in text
