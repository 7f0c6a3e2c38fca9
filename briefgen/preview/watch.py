"""``briefgen watch``: rebuild on save, one line per rebuild, until Ctrl-C.

The renderers' libraries are imported once, in this process, before the first
build; every build's workers are forked from it and so start with them loaded,
and a rebuild after a one-word edit costs only that output's render. A failed
rebuild prints its errors and the watch goes on.
"""

from __future__ import annotations

import itertools
import logging
import sys
import time
from pathlib import Path
from typing import Iterator, List, Sequence, Set

from ..build.engine import BuildOptions, build

log = logging.getLogger(__name__)

def preload(outputs: Sequence[str]) -> None:
    """Import the renderers (and their heavy libraries) of ``outputs`` now (see :mod:`briefgen.build.preload`)."""
    from ..build.interrupts import check
    from ..build.preload import preload as warm

    warm(outputs, after_each=check)  # a stop that a library's import swallowed ends the watch now, not seconds later


def rebuild_summary(status: int, counts: dict, seconds: float) -> str:
    """What a watch or serve build did, in a few words: ``rebuilt in 0.53 s (2 outputs)``, ``failed in ...``,
    or ``up to date`` when nothing needed building (a save that changed nothing an output reads)."""
    if status != 0:
        return f"failed in {seconds:.2f} s"
    built = counts.get("built", 0)
    if not built:
        return "up to date"
    return f"rebuilt in {seconds:.2f} s ({built} output{'s' if built != 1 else ''})"


def watched_paths(sources: Sequence[Path], project: Path) -> List[Path]:
    """The folders to watch: each source's folder and the project's layouts."""
    paths: Set[Path] = {s.resolve().parent for s in sources}
    layouts = project / "layouts"
    if layouts.is_dir():
        paths.add(layouts.resolve())
    return sorted(paths)


def change_filter(out_dir: Path):
    """A watchfiles filter: a change counts unless it is in the build folder or a hidden file."""

    def relevant(change: object, path: str) -> bool:
        target = Path(path)
        return out_dir not in target.parents and not target.name.startswith(".")

    return relevant


def watch_changes(sources: Sequence[Path], project: Path, out_dir: Path, tick_ms: int = 50) -> Iterator[set]:
    """The relevant changes under the watched folders, as sets; an empty set at least every ``tick_ms``.

    The watcher is already running when this returns, so a save made during the
    build that follows is seen (and rebuilt) too.
    """
    from watchfiles import watch as watch_files

    changes = watch_files(
        *watched_paths(sources, project), watch_filter=change_filter(out_dir), debounce=200,
        rust_timeout=tick_ms, yield_on_timeout=True, raise_interrupt=True,
    )
    first = next(changes)  # starts the watcher
    return itertools.chain([first], changes)


def watch(sources: Sequence[Path], options: BuildOptions, project: Path | None = None) -> int:
    """Build, then rebuild whenever a watched file changes; returns 0 on Ctrl-C (143 on SIGTERM, 129 on SIGHUP)."""
    from ..build.interrupts import check as check_interrupt
    from ..build.interrupts import deferred

    project = project or Path.cwd()
    out_dir = options.out_dir.resolve()

    def one_build() -> None:
        started = time.perf_counter()
        counts: dict = {}
        status = build(sources, options, project, counts=counts)
        print(f"briefgen watch: {rebuild_summary(status, counts, time.perf_counter() - started)}; "
              "watching for changes (Ctrl-C to stop)", file=sys.stderr)

    try:
        preload(options.only)
        check_interrupt()
        with deferred():  # the watcher's thread leaves the stopping signals to this one
            changes = watch_changes(sources, project, out_dir)
        one_build()
        for changed in changes:
            check_interrupt()
            if changed:
                one_build()
    except KeyboardInterrupt as exc:
        from ..build.interrupts import ignore_further, status_of

        ignore_further()
        try:
            print("briefgen watch: stopped", file=sys.stderr, flush=True)
        except (OSError, ValueError):  # the terminal is gone (SIGHUP)
            pass
        status = status_of(exc)
        return 0 if status == 130 else status  # Ctrl-C is how a watch ends; a service's stop is reported
    return 0


def warm_render(source: Path, options: BuildOptions, project: Path, names: Sequence[str]) -> List[str]:
    """Render ``names`` of ``source`` once in this process, discarding the results; returns the names rendered.

    A long-lived process (``serve``) forks a worker for every rebuild; the
    worker inherits what its parent holds. Importing a renderer is not all of
    its start-up: Jinja2 compiles the handout's templates, the fonts are read
    and cut to the brief's characters, the layout's assets are embedded, and
    each forked worker did that work again on every save (about 0.3 s of the
    handout's 0.35 s). One render here, made with the same time budget as a
    worker's, leaves those caches warm for every later fork. Nothing is
    written; a brief that fails to parse or render is simply not warmed.
    """
    from .. import __version__
    from ..build.registry import OUTPUTS
    from ..build.worker import render_job
    from ..errors import BriefgenError
    from ..layout import load_layout
    from ..render import RenderContext
    from ..source import load_source

    try:
        doc = load_source(source, project).doc
        layout = load_layout(options.layout or doc.meta.layout or "default", project, options.render.paper,
                             origin=str(source))
    except BriefgenError:
        return []
    done = []
    for name in names:
        spec = OUTPUTS.get(name)
        if spec is None:
            continue
        ctx = RenderContext(doc=doc, layout=layout, options=options.render, version=__version__)
        if render_job(spec.module, ctx, options.timeout)[0] == "ok":
            done.append(name)
    return done
