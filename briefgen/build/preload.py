"""Importing renderers before their first render (workers, ``watch`` and ``serve``).

A renderer module imports its heavy libraries only when it renders; a process
that knows it will render can import them ahead: a build's workers while the
parent parses the source, ``watch`` and ``serve`` once before the first build
(their workers are forked with everything imported). Each output's heavy
imports are its registry entry's ``warm`` (:mod:`briefgen.build.registry`); a
renderer module's own ``preload()``, when it has one, runs too (the handout PDF's WeasyPrint must be imported through it,
which spares the ``ldconfig``/``gcc`` look-ups of the plain import).
"""

from __future__ import annotations

import importlib
import logging
from typing import Callable, List, Optional, Sequence

from .registry import OUTPUTS

log = logging.getLogger(__name__)


def preload(names: Sequence[str], after_each: Optional[Callable[[], None]] = None) -> None:
    """Import the renderers of ``names`` and their libraries; an import error waits for the render, which reports it."""
    for name in names:
        spec = OUTPUTS.get(name)
        if spec is None:
            continue
        for module in (spec.module,) + spec.warm:
            try:
                loaded = importlib.import_module(module)
                hook = getattr(loaded, "preload", None) if module == spec.module else None
                if callable(hook):
                    hook()
            except Exception:  # the job reports it, located
                log.debug("cannot preload %s", module, exc_info=True)
            if after_each is not None:
                after_each()


def assign(names: Sequence[str], workers: int) -> List[List[str]]:
    """Which outputs each of ``workers`` workers should import ahead, for jobs ``names`` (in render order).

    The pool gives each job to the first idle worker; this plays that out with
    each output's registry ``cost`` (a first render's CPU seconds), so a worker
    imports the libraries of the jobs it will most likely run and no other:
    with memo, handout and deck on two workers, the handout's worker (done
    first) is the one that takes the deck, so it, not the memo's, imports
    python-pptx. Pure; a wrong guess costs only an import at render time.
    """
    count = max(1, workers)
    plan: List[List[str]] = [[] for _ in range(count)]
    free = [0.0] * count
    for name in names:
        slot = min(range(count), key=lambda k: (free[k], k))
        plan[slot].append(name)
        spec = OUTPUTS.get(name)
        free[slot] += spec.cost if spec is not None else 0.3
    return plan
