"""What a build tells its user: one line per output, diagnostics, a progress line on a terminal."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from ..errors import Diagnostic


@dataclass
class Outcome:
    """What happened to one output: built, up to date, failed or unavailable."""

    source: str
    output: str
    path: Path
    status: str
    seconds: float = 0.0
    diagnostics: List[Diagnostic] = field(default_factory=list)
    stages: Dict[str, float] = field(default_factory=dict)
    timed_out: bool = False


class Reporter:
    """Prints one line per output (and diagnostics) to stderr.

    A build on a terminal shows, while it renders, a progress line (``rich``)
    under those lines: a bar, how many outputs are done and which are still
    being built; it is gone when the build ends. Elsewhere (CI logs, pipes) and
    with ``-q`` there is none: the lines are plain and the same on every run.
    The line is redrawn at each event, never by a thread of its own (workers
    are forked from this process).
    """

    def __init__(self, quiet: bool, timings: bool, total_outputs: int, bar: bool = False, transcript: Optional[List[str]] = None) -> None:
        self.transcript = transcript
        self.quiet = quiet
        self.timings = timings
        self.total = total_outputs
        self.bar = bar
        self.seen: set = set()
        self.counts: Dict[str, int] = {}
        self.pending: List[Path] = []
        self.progress = None
        self.task = None

    def expect(self, paths: Sequence[Path]) -> None:
        """Outputs about to be built: shown on the progress line until each one's outcome."""
        self.pending.extend(paths)
        if self.bar and self.progress is None and self.pending:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.progress = Progress(
                TextColumn("briefgen"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"),
                console=Console(stderr=True), transient=True, auto_refresh=False,
            )
            self.task = self.progress.add_task("", total=len(self.pending))
            self.progress.start()
        self._redraw()

    def _redraw(self) -> None:
        if self.progress is None:
            return
        names = [f"{p.parent.name}/{p.name}" for p in self.pending]
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        self.progress.update(self.task, description=f"building {shown}" if names else "", total=self.task_total())
        self.progress.refresh()

    def task_total(self) -> int:
        """Outputs on the bar: those done and those still to build."""
        done = self.progress.tasks[0].completed if self.progress is not None else 0
        return int(done) + len(self.pending)

    def _print(self, text: str) -> None:
        if self.transcript is not None:
            self.transcript.append(text)
        if self.progress is not None:
            self.progress.console.print(text, markup=False, highlight=False)
        else:
            print(text, file=sys.stderr)

    def diagnostics(self, diags: Sequence[Diagnostic]) -> None:
        """Print each diagnostic once."""
        for diag in diags:
            text = str(diag)
            if text not in self.seen:
                self.seen.add(text)
                self._print(text)

    def outcome(self, outcome: Outcome) -> None:
        """Print the line for one output."""
        self.diagnostics(outcome.diagnostics)
        self.counts[outcome.status] = self.counts.get(outcome.status, 0) + 1
        if outcome.path in self.pending:
            self.pending.remove(outcome.path)
            if self.progress is not None:
                self.progress.advance(self.task)
                self._redraw()
        if self.quiet and outcome.status in ("built", "up to date"):
            return
        timing = f" ({outcome.seconds:.2f} s)" if outcome.status in ("built", "failed") and outcome.seconds else ""
        self._print(f"{outcome.status:>13}: {outcome.path}{timing}")
        if self.timings and outcome.stages:
            stages = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in outcome.stages.items())
            self._print(f"{'':>15}{stages}")

    def close(self) -> None:
        """Remove the progress bar."""
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def over_budget(filename: str, timeout: int) -> str:
    """The error for an output stopped at its ``--timeout`` budget: which one, and what to do."""
    return f"{filename} took longer than its {timeout} s budget (--timeout {timeout}) and was not written"


def larger_timeout(timeout: int) -> int:
    """A ``--timeout`` worth suggesting after ``timeout`` ran out: double it, and at least 30 s more."""
    return max(2 * timeout, timeout + 30)
