"""``briefgen watch``: build, then rebuild on every save (:mod:`briefgen.preview.watch`)."""

from __future__ import annotations

import argparse

from .build import build_options, sources_of


def run(args: argparse.Namespace) -> int:
    """Watch the sources of ``args`` until Ctrl-C; the exit status."""
    from ..preview.watch import watch

    return watch(sources_of(args, required=True), build_options(args))
