"""Save-to-preview of ``briefgen serve`` (issue 24): write the source, poll the served handout until the edit shows.

Not a test. Starts ``briefgen serve`` on 127.0.0.1 in a scratch copy of the
essay, waits for its first build, then makes ``--edits`` edits (20 by
default). Each edit writes the source with a new word and polls
``/essay/handout.html`` every 50 ms until that word is in it; the time from the
write to that answer is the save-to-preview. Between edits it waits until the
rebuild is over (``building`` false in ``/_briefgen/state``), so each edit
starts from a quiet server, as a writer's save after a pause does. Prints
each figure, then the median and the worst.

    PYTHONPATH=. python bench/preview.py [--edits 20] [--only handout,memo,handout-pdf,deck]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import List, Optional

ROOT = Path(__file__).resolve().parent.parent
POLL = 0.05
GIVE_UP = 10.0


def fetch(port: int, path: str) -> bytes:
    """GET ``path`` from the preview."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        return conn.getresponse().read()
    finally:
        conn.close()


def wait_quiet(port: int, generation: int, limit: float = 120) -> int:
    """Wait until a build after ``generation`` is over; return the new generation."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        state = json.loads(fetch(port, "/_briefgen/state"))
        if state["generation"] > generation and not state.get("building", False):
            return int(state["generation"])
        time.sleep(0.1)
    raise SystemExit("the rebuild did not finish within 120 s")


def main(argv: Optional[List[str]] = None) -> int:
    """Run the measurement and print it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--only", default="memo,handout,handout-pdf,deck", help="the outputs serve builds")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="briefgen-preview-"))
    (scratch / "sources").mkdir()
    source = scratch / "sources" / "essay.md"
    shutil.copyfile(ROOT / "sources" / "essay.md", source)
    original = source.read_text(encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.Popen([sys.executable, "-m", "briefgen", "serve", "--only", args.only], cwd=scratch, env=env,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    lines: List[str] = []
    threading.Thread(target=lambda: lines.extend(iter(proc.stderr.readline, "")), daemon=True).start()
    figures: List[float] = []
    missed = 0
    try:
        deadline = time.monotonic() + 120
        port = 0
        while not port and time.monotonic() < deadline:
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", "".join(lines))
            port = int(found.group(1)) if found else 0
            time.sleep(0.05)
        generation = wait_quiet(port, 0)
        for n in range(args.edits):
            word = f"splinter{n}x"
            source.write_text(original.replace("thorn in", f"{word} in", 1), encoding="utf-8")
            written = time.perf_counter()
            while True:
                if word.encode() in fetch(port, "/essay/handout.html"):
                    figures.append(time.perf_counter() - written)
                    print(f"edit {n + 1:2d}: {figures[-1]:.3f} s", flush=True)
                    break
                if time.perf_counter() - written > GIVE_UP:
                    missed += 1
                    print(f"edit {n + 1:2d}: not shown within {GIVE_UP:.0f} s", flush=True)
                    break
                time.sleep(POLL)
            generation = wait_quiet(port, generation)
            time.sleep(0.3)  # a pause, as between a writer's saves
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        shutil.rmtree(scratch, ignore_errors=True)
    if figures:
        print(f"save-to-preview ({args.only}), {len(figures)} edits shown, {missed} missed: "
              f"median {statistics.median(figures):.3f} s, worst {max(figures):.3f} s")
    return 0 if figures and not missed else 1


if __name__ == "__main__":
    sys.exit(main())
