"""``briefgen check``: parse and validate sources without rendering (``--accessibility``: what a person must review)."""

from __future__ import annotations

import argparse
import sys

from ..errors import BriefgenError
from .build import find_sources


def run(args: argparse.Namespace) -> int:
    """Check the sources of ``args``; the exit status."""
    from ..source import load_source

    status = 0
    for source in find_sources(args.sources):
        try:
            result = load_source(source)
        except BriefgenError as exc:
            print(str(exc), file=sys.stderr)
            status = 1
            continue
        for diag in result.diagnostics:
            print(diag, file=sys.stderr)
        if args.strict and result.diagnostics:
            status = 1
        elif not result.diagnostics:
            print(f"{result.doc.source}: ok", file=sys.stderr)
        if getattr(args, "accessibility", False):
            from ..a11yreview import CLAIM, review_items

            items = review_items(result.doc)
            for item in items:
                print(item.format(str(result.doc.source)))
            print(f"{result.doc.source}: {len(items)} item(s) to review; {CLAIM}")
    return status
