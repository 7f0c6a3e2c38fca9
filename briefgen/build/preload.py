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
from typing import Callable, Optional, Sequence

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
