"""``briefgen serve``: the browser preview (:mod:`briefgen.preview.server`)."""

from __future__ import annotations

import argparse

from .build import build_options, sources_of


def run(args: argparse.Namespace) -> int:
    """Serve the sources of ``args`` until Ctrl-C; the exit status."""
    from ..preview.server import serve

    return serve(sources_of(args, required=True), build_options(args), args.host, args.port, args.allow_remote)
