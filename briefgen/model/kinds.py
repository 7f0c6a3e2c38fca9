"""The renderer contract for block kinds: each renderer declares the kinds it draws, in one place.

A renderer keeps a tuple of the block classes its dispatch handles (``DRAWS``) and,
where its dispatch meets anything else, raises :func:`unhandled`'s error instead of
dropping the block. :func:`missing_kinds` compares a declaration with
:data:`~briefgen.model.BLOCK_KINDS`, so a test fails as soon as a kind is added to
the model and a renderer is not taught to draw it.
"""

from __future__ import annotations

from typing import Iterable, Tuple

from ..errors import RenderError
from .blocks import BLOCK_KINDS


class UnhandledBlock(RenderError):
    """A renderer met a block kind it does not draw: a kind added to the model but not
    wired into that renderer (a fault of briefgen, never of the source)."""


def unhandled(block: object, renderer: str) -> UnhandledBlock:
    """The error to raise when ``renderer``'s dispatch meets ``block``."""
    line = getattr(block, "line", None)
    where = f" (source line {line})" if line else ""
    return UnhandledBlock(f"the {renderer} cannot draw a block of kind {type(block).__name__}{where}: "
                          "add it to the renderer's dispatch (see docs/architecture.md)")


def missing_kinds(draws: Iterable[type], kinds: Iterable[type] = BLOCK_KINDS) -> Tuple[type, ...]:
    """The kinds of ``kinds`` that a renderer declaring ``draws`` does not handle."""
    handled = tuple(draws)
    return tuple(kind for kind in kinds if kind not in handled)
