"""The ``briefgen`` command line proper: the argument parser and the dispatch to one module per subcommand.

``briefgen build | watch | serve | check | new | import | clean | layouts``; exit status 0 on success,
1 when a source or build error was reported, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from pathlib import Path
from typing import List

from .. import __version__
from ..errors import BriefgenError, UsageError

from ..build.registry import DEFAULT_OUTPUTS, OUTPUTS, parse_only

OUTPUT_NAMES = tuple(OUTPUTS)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit status 2, one clear line
        self.print_usage(sys.stderr)
        print(f"briefgen: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _only(value: str) -> tuple:
    names = parse_only(value)
    if names is None:
        given = [v.strip() for v in value.split(",") if v.strip()]
        bad = [n for n in given if n not in OUTPUT_NAMES and n != "all"]
        raise argparse.ArgumentTypeError(f"unknown output {', '.join(bad) or value!r} (choose from {', '.join(OUTPUT_NAMES)}, or all)")
    return names


def _jobs(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"-j takes a whole number, not {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError("-j must be 0 (one per core) or more")
    return number


def _port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--port takes a whole number, not {value!r}") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError("--port must be between 0 (a free one) and 65535")
    return number


def _shard(value: str) -> tuple:
    from ..build.registry import parse_shard

    shard = parse_shard(value)
    if shard is None:
        raise argparse.ArgumentTypeError(f"--shard takes K/N with 1 <= K <= N, not {value!r}")
    return shard


def make_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = _Parser(prog="briefgen", description="Build a PDF memo, an HTML handout and a deck from one Markdown brief.")
    parser.add_argument("--version", action="version", version=f"briefgen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    build = sub.add_parser("build", help="build outputs (only what changed)")
    _add_build_options(build)
    watch = sub.add_parser("watch", help="build, then rebuild on every save until Ctrl-C")
    _add_build_options(watch)

    serve = sub.add_parser("serve", help="preview in the browser: build, serve, rebuild and reload on every save")
    _add_build_options(serve)
    serve.add_argument("--host", default="127.0.0.1", metavar="ADDR", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=0, metavar="N", help="port (default: a free one, printed)")
    serve.add_argument("--allow-remote", action="store_true", help="allow a --host other machines can reach")

    check = sub.add_parser("check", help="validate sources without rendering")
    check.add_argument("sources", nargs="*", type=Path, metavar="SOURCE")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--accessibility", action="store_true",
                       help="also list what a person must review for accessibility (alt text, tables, links)")

    new = sub.add_parser("new", help="write a new source from the commented template")
    new.add_argument("name", help="file name (sources/NAME.md)")
    new.add_argument("--layout", metavar="NAME", help="layout to name in the new source")

    clean = sub.add_parser("clean", help="remove the outputs briefgen wrote (nothing else)")
    clean.add_argument("--out", type=Path, default=Path("build"), metavar="DIR")
    clean.add_argument("-n", "--dry-run", action="store_true", help="list what would be removed; delete nothing")

    imp = sub.add_parser("import", help="write sources/NAME.md from a Word document (.docx)")
    imp.add_argument("document", type=Path, metavar="DRAFT.docx")
    imp.add_argument("--force", action="store_true", help="replace an existing source of that name")

    layouts = sub.add_parser("layouts", help="list layouts, or show one")
    layouts.add_argument("action", nargs="?", choices=("list", "show", "new"), default="list")
    layouts.add_argument("name", nargs="?")
    layouts.add_argument("--from-pptx", type=Path, metavar="FILE", help="with new: start from an organization's PowerPoint template")
    layouts.add_argument("--from-docx", type=Path, metavar="FILE", help="with new: start from an organization's Word template")
    return parser


def _add_build_options(build: argparse.ArgumentParser) -> None:
    build.add_argument("sources", nargs="*", type=Path, metavar="SOURCE", help="source files (default: sources/*.md)")
    build.add_argument("--only", type=_only, default=DEFAULT_OUTPUTS, metavar="LIST",
                       help=f"outputs: {','.join(OUTPUT_NAMES)} or all (default: {','.join(DEFAULT_OUTPUTS)})")
    build.add_argument("--out", type=Path, default=Path("build"), metavar="DIR", help="output folder (default: build)")
    build.add_argument("--layout", metavar="NAME", help="use this layout instead of the source's")
    build.add_argument("--paper", type=str.lower, choices=("letter", "a4"), help="paper size for the PDFs (any case: A4 too)")
    build.add_argument("--print-profile", type=str.lower, choices=("office", "press"), default="office", help="press: bleed and crop marks")
    build.add_argument("--force", action="store_true", help="rebuild even when up to date")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors (a memo over its page budget too)")
    build.add_argument("--draft", action="store_true", help="stamp every output as a draft (as status: draft does)")
    build.add_argument("-j", "--jobs", type=_jobs, default=0, metavar="N", help="parallel workers (default: one per core)")
    build.add_argument("--shard", type=_shard, metavar="K/N", help="build only part K of N of the sources (a stable split by name, for CI matrices)")
    build.add_argument("--timeout", type=int, default=120, metavar="S", help="time budget per output in seconds")
    build.add_argument("--timings", action="store_true", help="print the time of each stage")
    build.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    build.add_argument("-v", "--verbose", action="store_true", help="print debugging information")


SUBCOMMANDS = {
    "build": "build", "watch": "watch", "serve": "serve", "check": "check", "new": "new",
    "clean": "clean", "import": "import_docx", "layouts": "layouts",
}
"""Each subcommand's module in this package, with its ``run(args) -> int``. A new subcommand: its
options in :func:`make_parser`, a module ``briefgen/cli/NAME.py`` and one entry here."""


def run(argv: List[str]) -> int:
    """Parse ``argv`` and run the subcommand; returns the exit status."""
    args = make_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if getattr(args, "verbose", False) else logging.WARNING, format="%(name)s: %(message)s")
    try:
        module = SUBCOMMANDS.get(args.command or "")
        if module is not None:  # imported only when run: a no-op build never loads the others
            return importlib.import_module(f"{__package__}.{module}").run(args)
        make_parser().print_help(sys.stderr)
        return 2
    except UsageError as exc:
        print(f"briefgen: error: {exc.diagnostics[0].message}", file=sys.stderr)
        return 2
    except BriefgenError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:
        from ..build.interrupts import report

        return report(exc)
    except RecursionError:
        print("briefgen: error: the input is nested too deeply", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug in briefgen: one clear line, the traceback only with -v
        logging.getLogger(__name__).debug("internal error", exc_info=True)
        print(f"briefgen: internal error: {type(exc).__name__}: {exc} (run with -v for details, and please report it)", file=sys.stderr)
        return 1
