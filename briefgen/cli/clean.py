"""``briefgen clean``: remove what briefgen wrote into an output folder (nothing else)."""

from __future__ import annotations

import argparse
from pathlib import Path


def run(args: argparse.Namespace) -> int:
    """Clean ``args.out``; the exit status."""
    return clean(args.out, args.dry_run)


def clean(out: Path, dry_run: bool = False) -> int:
    """Remove what briefgen wrote into the output folder ``out`` (see :mod:`briefgen.build.cleaning`)."""
    from ..build.cleaning import clean as clean_folder

    return clean_folder(out, dry_run)
