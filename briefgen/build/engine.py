"""The make-style build: decide what is stale, parse once, render in workers, write atomically.

For each source, each requested output is checked against the manifest
(:mod:`briefgen.build.manifest`) without parsing anything. Only when some output is
stale is the source parsed (once) and its layout resolved; the stale outputs
are then rendered in worker processes, each under a time and memory budget,
and the parent writes each finished file atomically and records what it read.

What one output is (file, renderer, inputs) comes from :mod:`briefgen.build.registry`;
the lines printed, from :mod:`briefgen.build.report`; the worker processes, from
:mod:`briefgen.build.pool` running :mod:`briefgen.build.worker`'s job.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

from .. import __version__
from ..errors import BriefgenError, Diagnostic, error
from .interrupts import check as check_interrupt
from .interrupts import deferred
from .manifest import BOOKKEEPING_DIR, build_key, is_up_to_date, make_entry, read_manifest, skipped_warning, update_manifest
from .preload import assign
from .registry import DEFAULT_OUTPUTS, OUTPUTS, OutputSpec
from .report import Outcome, Reporter, larger_timeout, over_budget
from .worker import render_job, worker_init
from ..render import RenderOptions

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 120
DEFAULT_MEMORY_MB = 4096
GRACE_SECONDS = 5.0
#: Jobs a worker renders before a fresh one takes its place: a deck or handout PDF
#: leaves ~0.5 MB behind in lxml/WeasyPrint, which a 1,000-brief batch would pile up;
#: re-importing every 200 jobs costs ~1 s, 5 ms a job.
WORKER_JOBS = 200


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
    from ..source import display_path

    for source in sources:
        shown = display_path(source)
        out_dir = options.out_dir / source.stem
        if source.stem == BOOKKEEPING_DIR:  # its outputs would land in the manifests' folder
            reporter.diagnostics([error(shown, None, f"a source may not be named {source.name}: rename it")])
            for name in options.only:
                outcomes.append(Outcome(shown, name, out_dir / OUTPUTS[name].filename, "failed"))
            continue
        if not source.exists():  # one line for it, not one more per output
            from ..source import missing_source

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
            entry = manifest.get(name)
            if not options.force and is_up_to_date(entry, key, path, spec.layout_patterns):
                skipped = skipped_warning(entry)
                outcome = Outcome(shown, name, path, "up to date")
                if skipped is not None and name not in _named(options) and not options.strict:
                    from .skipping import recorded

                    outcome = Outcome(shown, name, path, "skipped", diagnostics=[recorded(entry)])
                elif skipped is not None:  # named now, or --strict: render it to fail it properly
                    stale.append(spec)
                    continue
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
    from ..layout import load_layout, shadowing_candidates, source_lang
    from ..render import RenderContext
    from ..source import load_source

    started = time.perf_counter()

    def fail_all(diags: Sequence[Diagnostic]) -> List[_Job]:
        reporter.diagnostics(diags)
        for spec in stale:
            outcome = Outcome(shown, spec.name, out_dir / spec.filename, "failed", time.perf_counter() - started)
            reporter.outcome(outcome)
            outcomes.append(outcome)
        return []

    try:
        result = load_source(source, project, layout=options.layout)
    except BriefgenError as exc:
        return fail_all(exc.diagnostics)
    parse_seconds = time.perf_counter() - started
    doc = result.doc
    layout_name = options.layout or doc.meta.layout or "default"
    try:
        layout = load_layout(layout_name, project, options.render.paper, origin=shown, lang=source_lang(doc))
        if doc.lang != layout.theme.lang:  # no lang: in the source, and the layout's is not English
            result = load_source(source, project, layout=options.layout, default_lang=layout.theme.lang)
            doc = result.doc
        doc, diags = layout_notes(doc, layout, result.diagnostics)
    except BriefgenError as exc:
        reporter.diagnostics(result.diagnostics)
        return fail_all(exc.diagnostics)
    diags = list(diags) + list(layout.warnings)
    reporter.diagnostics(diags)
    if options.strict and diags:
        return fail_all([Diagnostic(d.path, d.line, d.message + " (--strict)", "error", d.col) for d in diags])
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


def layout_notes(doc: Any, layout: Any, diags: Sequence[Diagnostic]) -> Tuple[Any, List[Diagnostic]]:
    """The document as the layout's ``notes:`` wants it: a pasted notes list kept as its section
    when ``notes.pasted_list`` is ``section`` (and the parser's warning about it dropped)."""
    from ..layout.notes import notes_settings
    from ..source.pastednotes import is_pasted_notes_warning

    if doc.pasted_notes is None or notes_settings(layout).pasted_as_endnotes:
        return doc, list(diags)
    kept = [d for d in diags if not is_pasted_notes_warning(d, doc.pasted_notes)]
    return doc.notes_as_written(), kept


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

    from .pool import WorkerPool

    jobs: List[_Job] = []
    total = sum(len(stale) for *_, stale in plan)
    workers = max(1, min(options.jobs or os.cpu_count() or 1, total))
    first = [spec.name for spec in sorted(plan[0][3], key=lambda spec: spec.priority)]
    ahead = assign(first, workers)  # what each worker imports while the parent parses
    scratch = tempfile.mkdtemp(prefix="briefgen-")

    def job_file(index: int) -> str:
        return os.path.join(scratch, f"job-{index}.pickle")

    def feed() -> Iterator[int]:
        for source, shown, out_dir, stale in plan:
            prepared = _prepare(source, shown, out_dir, stale, options, project, reporter, outcomes)
            check_interrupt()  # a stop whose exception a library swallowed while parsing
            for job in sorted(prepared, key=lambda j: j.spec.priority):
                jobs.append(job)
                index = len(jobs) - 1
                with open(job_file(index), "wb") as handle:
                    pickle.dump((job.spec.module, job.ctx), handle, protocol=pickle.HIGHEST_PROTOCOL)
                job.ctx = None  # the parent keeps no document it has handed on: a batch stays flat in memory
                yield index

    def run(index: int) -> tuple:
        with open(job_file(index), "rb") as handle:
            module_name, ctx = pickle.load(handle)
        return render_job(module_name, ctx, options.timeout)

    def init(slot: int) -> None:
        worker_init(options.memory_mb, scratch)
        if slot < workers:  # a worker started later (after one was killed) imports on demand
            _preload(ahead[slot])

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
    """Import the renderers of ``names`` in a worker before its first job (see :mod:`briefgen.build.preload`)."""
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
    if status == "empty":
        outcome = _nothing_to_show(job, list(payload), list(warnings), seconds, stages, options)
    elif status != "ok":
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


def _nothing_to_show(job: _Job, errors: List[Diagnostic], warnings: List[Diagnostic], seconds: float,
                     stages: Dict[str, float], options: BuildOptions) -> Outcome:
    """An output with nothing to show (see :mod:`briefgen.build.skipping`): failed when named, else skipped."""
    from .skipping import as_warnings, skip

    if job.spec.name in _named(options):
        return Outcome(job.source, job.spec.name, job.path, "failed", seconds, warnings + errors, stages)
    said = as_warnings(errors, job.spec.filename)
    if options.strict:
        strict = [Diagnostic(d.path, d.line, d.message + " (--strict)", "error", d.col) for d in warnings + said]
        return Outcome(job.source, job.spec.name, job.path, "failed", seconds, strict, stages)
    try:
        with deferred():
            more = skip(job.spec.name, job.path, job.key, job.inputs, job.layout_dirs, job.spec.layout_patterns, job.absent, said)
    except BriefgenError as exc:
        return Outcome(job.source, job.spec.name, job.path, "failed", seconds, list(exc.diagnostics), stages)
    except OSError as exc:
        diag = error(str(job.path), None, f"cannot record the build in the manifest: {exc.strerror or exc}")
        return Outcome(job.source, job.spec.name, job.path, "failed", seconds, [diag], stages)
    return Outcome(job.source, job.spec.name, job.path, "skipped", seconds, warnings + said + more, stages)


def _named(options: BuildOptions) -> Tuple[str, ...]:
    """The outputs the user asked for by name: ``--only``'s own names; a plain tuple other than the default set
    (a caller of :func:`build`) names all its outputs."""
    from .registry import Only

    if isinstance(options.only, Only):
        return options.only.named
    return () if tuple(options.only) == DEFAULT_OUTPUTS else tuple(options.only)
