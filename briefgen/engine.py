"""The make-style build: decide what is stale, parse once, render in workers, write atomically.

For each source, each requested output is checked against the manifest
(:mod:`briefgen.manifest`) without parsing anything. Only when some output is
stale is the source parsed (once) and its layout resolved; the stale outputs
are then rendered in worker processes, each under a time and memory budget,
and the parent writes each finished file atomically and records what it read.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

from . import __version__
from .errors import BriefgenError, Diagnostic, error
from .interrupts import check as check_interrupt
from .interrupts import deferred
from .manifest import BOOKKEEPING_DIR, build_key, is_up_to_date, make_entry, read_manifest, update_manifest
from .outputs import DEFAULT_OUTPUTS
from .render import OUTPUTS, OutputSpec, RenderOptions

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 120
DEFAULT_MEMORY_MB = 4096
GRACE_SECONDS = 5.0
#: Jobs a worker renders before a fresh one takes its place: a deck or handout PDF
#: leaves ~0.5 MB behind in lxml/WeasyPrint, which a 1,000-brief batch would pile up;
#: re-importing every 200 jobs costs ~1 s, 5 ms a job.
WORKER_JOBS = 200
# Slowest first; the handout next, so that on a cold font cache it shares the
# subsetting with its PDF (see handout/assets.font_face_css).
RENDER_ORDER = ("handout-pdf", "handout", "memo", "deck", "onepager", "deck-notes")


@dataclass
class BuildOptions:
    """What ``briefgen build`` was asked to do."""

    only: Tuple[str, ...] = DEFAULT_OUTPUTS
    out_dir: Path = Path("build")
    layout: Optional[str] = None
    force: bool = False
    strict: bool = False
    jobs: int = 0
    render: RenderOptions = field(default_factory=RenderOptions)
    timeout: int = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB
    timings: bool = False
    quiet: bool = False


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


@dataclass
class _Job:
    source: str
    spec: OutputSpec
    path: Path
    ctx: object
    inputs: List[Path]
    layout_dirs: List[Path]
    key: str
    absent: List[Path]
    parse_seconds: float = 0.0


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


def build(sources: Sequence[Path], options: BuildOptions, project: Optional[Path] = None, transcript: Optional[List[str]] = None,
          counts: Optional[Dict[str, int]] = None) -> int:
    """Build ``sources``; return the exit status (0 all good, 1 any failure).

    Every line printed (diagnostics and one line per output) is also appended
    to ``transcript`` when one is given (``briefgen serve`` shows them); ``counts``,
    when given, receives the number of outputs per status (``built``, ``up to date``...).
    """
    project = project or Path.cwd()
    bar = not options.quiet and sys.stderr.isatty()
    reporter = Reporter(options.quiet, options.timings, len(sources) * len(options.only), bar, transcript)
    try:
        from .outfolder import check_out_dir, mark

        try:  # the output folder is one briefgen may write into, and is marked as briefgen's
            check_out_dir(options.out_dir, sources, project)
            mark(options.out_dir)
        except BriefgenError as exc:
            reporter.diagnostics(exc.diagnostics)
            return 1
        return _build(sources, options, project, reporter)
    finally:
        reporter.close()
        if counts is not None:
            counts.update(reporter.counts)


def _build(sources: Sequence[Path], options: BuildOptions, project: Path, reporter: Reporter) -> int:
    outcomes: List[Outcome] = []
    plan: List[Tuple[Path, str, Path, List[OutputSpec]]] = []
    from .outfolder import output_path_problems
    from .source import display_path

    for source in sources:
        shown = display_path(source)
        out_dir = options.out_dir / source.stem
        if source.stem == BOOKKEEPING_DIR:  # its outputs would land in the manifests' folder
            reporter.diagnostics([error(shown, None, f"a source may not be named {source.name}: rename it")])
            for name in options.only:
                outcomes.append(Outcome(shown, name, out_dir / OUTPUTS[name].filename, "failed"))
            continue
        if not source.exists():  # one line for it, not one more per output
            from .source import missing_source

            reporter.diagnostics([error(shown, None, missing_source(source))])
            outcomes.extend(Outcome(shown, name, out_dir / OUTPUTS[name].filename, "failed") for name in options.only)
            continue
        unsafe = output_path_problems(source, shown, [out_dir / OUTPUTS[n].filename for n in options.only], options.out_dir)
        if unsafe:  # a linked build/<stem> or output file, or a stem that is no folder of its own
            reporter.diagnostics(unsafe)
            for name in options.only:
                outcomes.append(Outcome(shown, name, out_dir / OUTPUTS[name].filename, "failed"))
            continue
        manifest = read_manifest(out_dir)  # with --force too: it knows the inputs' hashes
        if options.force:
            manifest = {}
        stale: List[OutputSpec] = []
        for name in options.only:
            spec = OUTPUTS[name]
            path = out_dir / spec.filename
            key = build_key(__version__, name, options.render.key(), options.layout or "", str(source))
            if not options.force and is_up_to_date(manifest.get(name), key, path, spec.layout_patterns):
                outcome = Outcome(shown, name, path, "up to date")
                reporter.outcome(outcome)
                outcomes.append(outcome)
            else:
                stale.append(spec)
        if stale:
            plan.append((source, shown, out_dir, stale))
            reporter.expect([out_dir / spec.filename for spec in stale])
    if plan:
        _run(plan, options, project, reporter, outcomes)
    failed = [o for o in outcomes if o.status == "failed"]
    if failed and len(sources) > 1:
        names = sorted({o.source for o in failed})
        print(f"briefgen: {len(failed)} output(s) failed, in {', '.join(names)}", file=sys.stderr)
    late = sorted(str(o.path) for o in outcomes if o.timed_out)
    if late:
        print(f"briefgen: {len(late)} output(s) ran out of time ({', '.join(late)}): build again with a larger "
              f"--timeout, e.g. --timeout {larger_timeout(options.timeout)}", file=sys.stderr)
    return 1 if failed else 0


def over_budget(filename: str, timeout: int) -> str:
    """The error for an output stopped at its ``--timeout`` budget: which one, and what to do."""
    return f"{filename} took longer than its {timeout} s budget (--timeout {timeout}) and was not written"


def larger_timeout(timeout: int) -> int:
    """A ``--timeout`` worth suggesting after ``timeout`` ran out: double it, and at least 30 s more."""
    return max(2 * timeout, timeout + 30)


def _prepare(
    source: Path,
    shown: str,
    out_dir: Path,
    stale: List[OutputSpec],
    options: BuildOptions,
    project: Path,
    reporter: Reporter,
    outcomes: List[Outcome],
) -> List[_Job]:
    from .layout import load_layout, shadowing_candidates
    from .render import RenderContext
    from .source import load_source

    started = time.perf_counter()

    def fail_all(diags: Sequence[Diagnostic]) -> List[_Job]:
        reporter.diagnostics(diags)
        for spec in stale:
            outcome = Outcome(shown, spec.name, out_dir / spec.filename, "failed", time.perf_counter() - started)
            reporter.outcome(outcome)
            outcomes.append(outcome)
        return []

    try:
        result = load_source(source, project)
    except BriefgenError as exc:
        return fail_all(exc.diagnostics)
    parse_seconds = time.perf_counter() - started
    reporter.diagnostics(result.diagnostics)
    if options.strict and result.diagnostics:
        return fail_all([Diagnostic(d.path, d.line, d.message + " (--strict)", "error", d.col) for d in result.diagnostics])
    doc = result.doc
    layout_name = options.layout or doc.meta.layout or "default"
    try:
        layout = load_layout(layout_name, project, options.render.paper, origin=shown)
    except BriefgenError as exc:
        return fail_all(exc.diagnostics)
    absent = shadowing_candidates(layout, project)
    jobs = []
    for spec in stale:
        path = out_dir / spec.filename
        if importlib.util.find_spec(spec.module) is None:
            outcome = Outcome(shown, spec.name, path, "not available yet")
            reporter.outcome(outcome)
            outcomes.append(outcome)
            continue
        inputs = [source.resolve()] + [img.path for img in doc.images] + [d.path for d in doc.data_files] + layout.input_files(spec.layout_patterns)
        if spec.uses_fonts:
            inputs += layout.font_files()
        key = build_key(__version__, spec.name, options.render.key(), options.layout or "", str(source))
        ctx = RenderContext(doc=doc, layout=layout, options=options.render, version=__version__)
        job = _Job(shown, spec, path, ctx, inputs, list(layout.chain), key, absent, parse_seconds)
        jobs.append(job)
    return jobs


def _run(plan: List[Tuple[Path, str, Path, List[OutputSpec]]], options: BuildOptions, project: Path,
         reporter: Reporter, outcomes: List[Outcome]) -> None:
    """Parse each planned source and render its stale outputs in worker processes.

    The workers start first and import their renderers' libraries while the
    parent parses (the first brief's slowest output is expected on the first
    worker, the others on the rest); each source is parsed just before its
    jobs are needed, so rendering begins after the first parse, not the last.
    Each job goes to its worker as a small pickle in the scratch folder.
    """
    import pickle
    import shutil
    import tempfile

    from .workers import WorkerPool

    order = {name: i for i, name in enumerate(RENDER_ORDER)}
    jobs: List[_Job] = []
    total = sum(len(stale) for *_, stale in plan)
    workers = max(1, min(options.jobs or os.cpu_count() or 1, total))
    first = [spec.name for spec in sorted(plan[0][3], key=lambda spec: order.get(spec.name, 99))]
    scratch = tempfile.mkdtemp(prefix="briefgen-")

    def job_file(index: int) -> str:
        return os.path.join(scratch, f"job-{index}.pickle")

    def feed() -> Iterator[int]:
        for source, shown, out_dir, stale in plan:
            prepared = _prepare(source, shown, out_dir, stale, options, project, reporter, outcomes)
            check_interrupt()  # a stop whose exception a library swallowed while parsing
            for job in sorted(prepared, key=lambda j: order.get(j.spec.name, 99)):
                jobs.append(job)
                index = len(jobs) - 1
                with open(job_file(index), "wb") as handle:
                    pickle.dump((job.spec.module, job.ctx), handle, protocol=pickle.HIGHEST_PROTOCOL)
                job.ctx = None  # the parent keeps no document it has handed on: a batch stays flat in memory
                yield index

    def run(index: int) -> tuple:
        with open(job_file(index), "rb") as handle:
            module_name, ctx = pickle.load(handle)
        return _render_job(module_name, ctx, options.timeout)

    def init(slot: int) -> None:
        _worker_init(options.memory_mb, scratch)
        if slot < workers:  # a worker started later (after one was killed) imports on demand
            _preload(first[slot:slot + 1] if slot < workers - 1 else first[slot:])

    try:
        # A worker's own alarm stops a render at the budget with a clear message; the
        # parent's deadline (a few seconds later) stops one stuck where the alarm cannot reach.
        pool = WorkerPool(run, workers, options.timeout + GRACE_SECONDS, scratch, init, max_jobs=WORKER_JOBS)
        with pool:
            pool.start()
            for finished in pool.results(feed()):
                job = jobs[finished.index]
                _unlink_quietly(job_file(finished.index))
                if finished.failure == "timeout":
                    msg = over_budget(job.spec.filename, options.timeout)
                    result: tuple = ("timeout", [error(job.source, None, msg)], [], {})
                elif finished.failure is not None:  # killed by the kernel, out of memory...
                    msg = f"the {job.spec.name} renderer stopped unexpectedly; the output was not written"
                    result = ("error", [error(job.source, None, msg)], [], {})
                else:
                    result = finished.result  # type: ignore[assignment]
                _finish(job, result, finished.seconds, options, reporter, outcomes)
    finally:
        with deferred():
            shutil.rmtree(scratch, ignore_errors=True)


def _preload(names: Sequence[str]) -> None:
    """Import the renderers of ``names`` in a worker before its first job (see :mod:`briefgen.preload`)."""
    from .preload import preload

    preload(names)


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _finish(job: _Job, result: tuple, elapsed: float, options: BuildOptions, reporter: Reporter, outcomes: List[Outcome]) -> None:
    """Write one rendered output atomically and record it, or report why it failed.

    ``elapsed`` is the job's wall time in its worker, as the parent measured it
    (so a job stopped at its budget reports the budget, not the stages it finished).
    """
    from .fsutil import atomic_write
    from .outfolder import linked_part

    status, payload, warnings, stages = result
    stages = dict(stages)
    stages["parse"] = job.parse_seconds
    seconds = job.parse_seconds + elapsed
    if status != "ok":
        outcome = Outcome(job.source, job.spec.name, job.path, "failed", seconds, list(payload), stages, status == "timeout")
    elif options.strict and warnings:
        strict = [Diagnostic(d.path, d.line, d.message + " (--strict)", "error", d.col) for d in warnings]
        outcome = Outcome(job.source, job.spec.name, job.path, "failed", seconds, strict, stages)
    elif linked_part(job.path, options.out_dir) is not None:  # a link made while rendering: not followed
        diag = error(str(linked_part(job.path, options.out_dir)), None, "is a symbolic link; briefgen does not write through links")
        outcome = Outcome(job.source, job.spec.name, job.path, "failed", seconds, [diag], stages)
    else:
        started = time.perf_counter()
        try:
            with deferred():  # an interrupt waits until the output and its manifest entry are both written
                atomic_write(job.path, payload)
                entry = make_entry(job.key, job.inputs, job.layout_dirs, job.spec.layout_patterns, job.path, job.absent)
                update_manifest(job.path.parent, {job.spec.name: entry})
        except BriefgenError as exc:
            outcome = Outcome(job.source, job.spec.name, job.path, "failed", seconds, list(exc.diagnostics), stages)
        except OSError as exc:
            diag = error(str(job.path), None, f"cannot record the build in the manifest: {exc.strerror or exc}")
            outcome = Outcome(job.source, job.spec.name, job.path, "failed", seconds, [diag], stages)
        else:
            stages["write"] = time.perf_counter() - started
            outcome = Outcome(job.source, job.spec.name, job.path, "built", seconds + stages["write"], list(warnings), stages)
    reporter.outcome(outcome)
    outcomes.append(outcome)


class BudgetExceeded(BaseException):
    """Raised inside a worker when its time budget runs out.

    A ``BaseException`` (like ``KeyboardInterrupt``) so that a renderer's
    ``except Exception`` cannot turn it into an ordinary failure.
    """


def _worker_init(memory_mb: int, scratch: Optional[str] = None) -> None:
    import resource
    import tempfile

    if scratch:  # libraries' temporary files (WeasyPrint's font copies) go where the parent cleans up
        os.environ["TMPDIR"] = scratch
        tempfile.tempdir = scratch

    # Libraries' own log lines (WeasyPrint's CSS notes, fontTools' subsetting)
    # are not for the user: renderers turn what matters into diagnostics.
    for name in ("weasyprint", "fontTools", "PIL"):
        logging.getLogger(name).propagate = False
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        try:
            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            if hard == resource.RLIM_INFINITY or hard > limit:
                resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        except (ValueError, OSError):
            pass


def _render_job(module_name: str, ctx, timeout: int) -> tuple:
    """Run one renderer in a worker: ``("ok", bytes, warnings, stages)`` or ``("error", diags, [], stages)``."""
    import importlib
    import signal

    def on_alarm(signum, frame):
        raise BudgetExceeded()

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(max(1, int(timeout)))
    stages: Dict[str, float] = {}
    started = time.perf_counter()
    try:
        module = importlib.import_module(module_name)
        stages["import"] = time.perf_counter() - started
        started = time.perf_counter()
        data = module.render(ctx)
        stages["render"] = time.perf_counter() - started
        return ("ok", data, list(ctx.warnings), stages)
    except BudgetExceeded:
        filename = next((spec.filename for spec in OUTPUTS.values() if spec.module == module_name), module_name)
        return ("timeout", [error(ctx.doc.source, None, over_budget(filename, timeout))], [], stages)
    except MemoryError:
        msg = "rendering needed more memory than its budget; the output was not written"
        return ("error", [error(ctx.doc.source, None, msg)], [], stages)
    except BriefgenError as exc:
        return ("error", list(exc.diagnostics), [], stages)
    except RecursionError:
        return ("error", [error(ctx.doc.source, None, "the document is nested too deeply to render")], [], stages)
    except Exception as exc:  # a renderer bug: say so plainly, with the renderer's name
        log.debug("renderer failure", exc_info=True)
        msg = f"internal error in the {module_name.rsplit('.', 1)[-1]} renderer: {type(exc).__name__}: {exc}"
        return ("error", [error(ctx.doc.source, None, msg[:500])], [], stages)
    finally:
        signal.alarm(0)
