"""The ``briefgen`` console script.

A no-op build must answer in a few tens of milliseconds, so this entry point
first tries :func:`briefgen.build.fastpath.try_noop` (which imports only ``os``,
``json``, ``hashlib`` and ``glob``) and only then loads the full command line
(:mod:`briefgen.cli.parser`, which hands each subcommand to its module here). Exit status: 0 success, 1 a source or build
error, 2 a usage error.
"""

from __future__ import annotations

import sys


def main(argv: "list[str] | None" = None) -> int:
    """Run ``briefgen`` with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    from ..build import interrupts  # imports only the C module ``_signal``

    interrupts.install()  # from the first moment: SIGINT, SIGTERM and SIGHUP stop the build cleanly
    try:
        from ..build.fastpath import try_noop

        status = try_noop(args)
        if status is None:
            from .parser import run

            status = run(args)
        if interrupts.pending():  # a stop that arrived where it could not raise, and no step since checked
            return interrupts.report(KeyboardInterrupt())
        # The work is done and its status known: a signal from here on must not kill the
        # interpreter while it shuts down (it restores the default handlers), which would
        # report a finished build as killed.
        interrupts.ignore_further()
        return status
    except (KeyboardInterrupt, RuntimeError) as exc:  # Ctrl-C or SIGTERM before the command line took over
        # Python 3.11 wraps an exception raised in __set_name__ (an interrupt during a class
        # definition, while importing) in a RuntimeError whose cause is the KeyboardInterrupt.
        if isinstance(exc, RuntimeError) and not isinstance(exc.__cause__, KeyboardInterrupt):
            raise
        return interrupts.report(exc)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
