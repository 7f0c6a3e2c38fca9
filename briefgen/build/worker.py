"""One render job inside a worker process: the renderer under a time and memory budget.

The parent (:mod:`briefgen.build.engine`) hands each job to a forked worker
(:mod:`briefgen.build.pool`); the worker imports the renderer named in the
registry, runs ``render(ctx)`` and returns its bytes or located diagnostics.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Dict, Optional

from ..errors import BriefgenError, NothingToShow, error
from .registry import OUTPUTS
from .report import over_budget

log = logging.getLogger(__name__)


class BudgetExceeded(BaseException):
    """Raised inside a worker when its time budget runs out.

    A ``BaseException`` (like ``KeyboardInterrupt``) so that a renderer's
    ``except Exception`` cannot turn it into an ordinary failure.
    """


def worker_init(memory_mb: int, scratch: Optional[str] = None) -> None:
    """Set up a fresh worker: scratch folder for temporary files, quiet library logs, the memory budget."""
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


def render_job(module_name: str, ctx, timeout: int) -> tuple:
    """Run one renderer in a worker: ``("ok", bytes, warnings, stages)``, ``("error", diags, [], stages)``, or
    ``("empty", diags, warnings, stages)`` when the output has nothing to show (:class:`NothingToShow`)."""
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
    except NothingToShow as exc:  # the engine decides: an error when asked for by name, else a warning
        return ("empty", list(exc.diagnostics), list(ctx.warnings), stages)
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
