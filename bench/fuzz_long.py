"""A long fuzz campaign: the generators of ``tests/cli/test_fuzz_cli.py``, many more examples.

Usage (from the repository root)::

    .venv/bin/python bench/fuzz_long.py [--checks 2000] [--builds 100] [--seed 1] [--keep DIR]

Runs ``briefgen check`` in-process on ``--checks`` generated sources and
``briefgen build --only memo,handout,deck`` in a subprocess on ``--builds``
more, with the same contract as the tests (exit 0 or 1, only
``path:line: error|warning:`` lines, no traceback, complete outputs). Every
failing source is saved under ``--keep`` (default ``/tmp/briefgen-fuzz``)
and the run ends with a summary: counts, exit statuses, the slowest
examples, and each distinct failure with the file that shows it.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Callable, Dict, List

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402

from tests.cli import test_fuzz_cli as fz  # noqa: E402


def _campaign(name: str, count: int, strategy, body: Callable[[bytes], None], run_seed: int, keep: Path, report: Dict) -> None:
    """Run ``body`` on ``count`` examples of ``strategy``; record failures instead of stopping."""
    stats = report.setdefault(name, {"examples": 0, "failures": collections.OrderedDict(), "slowest": []})

    @seed(run_seed)
    @settings(max_examples=count, deadline=None, database=None, phases=[__import__("hypothesis").Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def run(data: bytes) -> None:
        stats["examples"] += 1
        started = time.perf_counter()
        try:
            body(data)
        except AssertionError as exc:
            _record(stats, keep, name, data, str(exc).splitlines()[0][:300] if str(exc) else "assertion")
        except Exception as exc:  # an exception escaping is itself the finding
            _record(stats, keep, name, data, f"{type(exc).__name__}: {exc}"[:300] + " | " + traceback.format_exc().splitlines()[-3][:200])
        elapsed = time.perf_counter() - started
        stats["slowest"] = sorted(stats["slowest"] + [(elapsed, hashlib.sha256(data).hexdigest()[:12], len(data))], reverse=True)[:5]

    run()


def _record(stats: Dict, keep: Path, name: str, data: bytes, message: str) -> None:
    key = _signature(message)
    digest = hashlib.sha256(data).hexdigest()[:12]
    keep.mkdir(parents=True, exist_ok=True)
    path = keep / f"{name}-{digest}.md"
    path.write_bytes(data)
    entry = stats["failures"].setdefault(key, {"count": 0, "example": str(path), "message": message})
    entry["count"] += 1
    if len(data) < len(Path(entry["example"]).read_bytes()):
        entry["example"], entry["message"] = str(path), message


def _signature(message: str) -> str:
    """Group failures by message shape (numbers and quoted text removed)."""
    import re

    return re.sub(r"'[^']*'|\"[^\"]*\"|\d+", "_", message)[:160]


def _build(data: bytes) -> None:
    with tempfile.TemporaryDirectory(prefix="briefgen-fuzz-long-") as folder:
        fz.assert_build_contract(data, Path(folder))


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checks", type=int, default=2000)
    parser.add_argument("--builds", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=Path("/tmp/briefgen-fuzz"))
    args = parser.parse_args(argv)
    report: Dict = {}
    started = time.perf_counter()
    if args.checks:
        _campaign("check", args.checks, fz.source_bytes(), fz.assert_check_contract, args.seed, args.keep, report)
    checks_done = time.perf_counter()
    if args.builds:
        _campaign("build", args.builds, fz.small_source_bytes(), _build, args.seed + 1, args.keep, report)
    total = time.perf_counter() - started
    print(f"fuzz_long: {total:.0f} s (check {checks_done - started:.0f} s, build {total - (checks_done - started):.0f} s), seed {args.seed}")
    failed = 0
    for name, stats in report.items():
        print(f"\n== {name}: {stats['examples']} examples, {sum(f['count'] for f in stats['failures'].values())} failures, "
              f"{len(stats['failures'])} distinct")
        for elapsed, digest, size in stats["slowest"]:
            print(f"   slow: {elapsed:6.2f} s  {size:>8} bytes  {digest}")
        for entry in stats["failures"].values():
            failed += 1
            print(f" - x{entry['count']}: {entry['message']}\n     e.g. {entry['example']}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
