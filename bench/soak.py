"""Interrupt soak: stop briefgen at random moments, many times, and count hangs and orphans.

Run on demand (never in the test suite)::

    python bench/soak.py [--rounds 500] [--seed 1] [--out bench/soak.md]

Each round copies a project with a finished build, starts one of

* a cold build of the essay (``build --force -j 2``),
* a batch build of six briefs (``build --force -j 2``),
* ``watch --force`` on the essay,

waits a random moment (0.05–3.5 s), and sends one of SIGINT to the process
group (Ctrl-C), SIGTERM to the parent (a service manager), SIGHUP to the
parent (a closed terminal), or two SIGINTs 30 ms apart (an impatient user).
It then records how long the process took to exit after the signal, its
status, and every process of its group left in the process table afterwards.
A process still alive 30 s after its signal is a hang (killed, and counted).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent
ESSAY = ROOT / "sources" / "essay.md"
KINDS = ("cold", "batch", "watch")
SIGNALS = ("SIGINT-group", "SIGTERM", "SIGHUP", "SIGINT-twice")
HANG_SECONDS = 30.0


def _group(pgid: int) -> List[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[2]) == pgid:
                found.append(f"{entry.name}({fields[0]})")
    return found


def _prepare(base: Path) -> Dict[str, Path]:
    """One finished project per kind, copied afresh for every round."""
    projects = {}
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    for kind in ("cold", "batch"):
        project = base / kind
        (project / "sources").mkdir(parents=True)
        count = 6 if kind == "batch" else 1
        text = ESSAY.read_text(encoding="utf-8")
        for number in range(count):
            name = "essay.md" if count == 1 else f"brief{number}.md"
            (project / "sources" / name).write_text(text.replace("thorn in", f"thorn {number} in"), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "briefgen", "build", "-q"], cwd=project, env=env, check=True)
        projects[kind] = project
    projects["watch"] = projects["cold"]
    return projects


def _round(kind: str, signame: str, moment: float, projects: Dict[str, Path], scratch: Path) -> dict:
    work = scratch / "p"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(projects[kind], work)
    args = ["watch", "--force"] if kind == "watch" else ["build", "--force", "-j", "2"]
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefgen", *args], cwd=work, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    time.sleep(moment)
    sent = time.monotonic()
    try:
        if signame.startswith("SIGINT"):
            os.killpg(proc.pid, signal.SIGINT)
            if signame == "SIGINT-twice":
                time.sleep(0.03)
                os.killpg(proc.pid, signal.SIGINT)
        else:
            os.kill(proc.pid, getattr(signal, signame))
    except ProcessLookupError:
        pass
    hung = False
    try:
        _out, err = proc.communicate(timeout=HANG_SECONDS)
    except subprocess.TimeoutExpired:
        hung = True
        os.killpg(proc.pid, signal.SIGKILL)
        _out, err = proc.communicate()
    exit_seconds = time.monotonic() - sent
    orphans: List[str] = []
    for _ in range(30):  # a moment for the kernel to finish reaping
        orphans = _group(proc.pid)
        if not orphans:
            break
        time.sleep(0.1)
    if orphans:
        os.killpg(proc.pid, signal.SIGKILL)
    traceback = b"Traceback (most recent call last)" in err
    if hung or orphans or traceback:
        sys.stderr.write(err.decode("utf-8", "replace")[-4000:] + "\n")
    return {
        "kind": kind, "signal": signame, "moment": moment, "status": proc.returncode,
        "exit_seconds": exit_seconds, "hung": hung, "orphans": orphans, "traceback": traceback,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "soak.md")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    base = Path(tempfile.mkdtemp(prefix="briefgen-soak-"))
    try:
        projects = _prepare(base)
        rows = []
        started = time.monotonic()
        for number in range(args.rounds):
            row = _round(rng.choice(KINDS), rng.choice(SIGNALS), round(rng.uniform(0.05, 3.5), 3), projects, base)
            rows.append(row)
            if row["hung"] or row["orphans"] or row["traceback"]:
                print(f"round {number}: {row}", file=sys.stderr, flush=True)
        elapsed = time.monotonic() - started
    finally:
        shutil.rmtree(base, ignore_errors=True)
    hangs = sum(r["hung"] for r in rows)
    orphaned = sum(bool(r["orphans"]) for r in rows)
    tracebacks = sum(r["traceback"] for r in rows)
    exits = [r["exit_seconds"] for r in rows if not r["hung"]]
    statuses: Dict[str, int] = {}
    for r in rows:
        statuses[str(r["status"])] = statuses.get(str(r["status"]), 0) + 1
    slowest = max(rows, key=lambda r: r["exit_seconds"])
    lines = [
        "# Interrupt soak",
        "",
        f"{len(rows)} rounds (seed {args.seed}) in {elapsed:.0f} s on {os.cpu_count()} cores: "
        f"kinds {', '.join(KINDS)}; signals {', '.join(SIGNALS)}; moments 0.05–3.5 s after start.",
        "",
        "| measure | result |",
        "|---|---|",
        f"| hangs (alive {HANG_SECONDS:.0f} s after the signal) | {hangs} |",
        f"| rounds leaving a process of the group behind | {orphaned} |",
        f"| rounds with a traceback | {tracebacks} |",
        f"| exit after the signal: median / 99th percentile / slowest | {statistics.median(exits):.3f} s / "
        f"{sorted(exits)[int(0.99 * (len(exits) - 1))]:.3f} s / {max(exits):.3f} s |",
        f"| slowest round | {slowest['kind']}, {slowest['signal']} at {slowest['moment']} s, status {slowest['status']} |",
        f"| exit statuses | {', '.join(f'{k}: {v}' for k, v in sorted(statuses.items()))} |",
    ]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 1 if hangs or orphaned or tracebacks else 0


if __name__ == "__main__":
    sys.exit(main())
