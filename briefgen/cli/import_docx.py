"""``briefgen import DRAFT.docx [--force]``: write ``sources/<stem>.md`` from a Word draft (see :mod:`briefgen.importers`)."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    """Import ``args.document``; the exit status."""
    from ..importers import import_document

    return import_document(args.document, args.force)
