"""``briefgen build``: the sources named (or ``sources/*.md``), this shard's part, built by :mod:`briefgen.build.engine`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, List, Sequence

from ..errors import UsageError

if TYPE_CHECKING:
    from ..build.engine import BuildOptions


def run(args: argparse.Namespace) -> int:
    """Build the sources of ``args``; the exit status."""
    from ..build.engine import build

    sources = sources_of(args)
    if not sources:
        print(f"briefgen: shard {args.shard[0]}/{args.shard[1]} has no sources", file=sys.stderr)
        return 0
    return build(sources, build_options(args))


def find_sources(given: Sequence[Path]) -> List[Path]:
    """The sources named, or every ``sources/*.md`` under the working folder."""
    if given:
        return list(given)
    found = sorted(Path("sources").glob("*.md"))
    if not found:
        raise UsageError("no sources given and no sources/*.md here")
    return found


def sources_of(args: argparse.Namespace, required: bool = False) -> List[Path]:
    """The sources to build: those given (or ``sources/*.md``), then only this ``--shard``'s part."""
    from ..build.registry import in_shard

    sources = [s for s in find_sources(args.sources) if in_shard(str(s), args.shard)]
    if required and not sources:
        raise UsageError(f"shard {args.shard[0]}/{args.shard[1]} has no sources")
    return sources


def build_options(args: argparse.Namespace) -> "BuildOptions":
    """The engine's options from the parsed command line."""
    from ..build.engine import BuildOptions
    from ..render import RenderOptions

    return BuildOptions(
        only=args.only,
        out_dir=args.out,
        layout=args.layout,
        force=args.force,
        strict=args.strict,
        jobs=args.jobs,
        render=RenderOptions(paper=args.paper, print_profile=args.print_profile, draft=args.draft),
        timeout=args.timeout,
        timings=args.timings,
        quiet=args.quiet,
    )
