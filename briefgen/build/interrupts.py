"""Signals that stop briefgen: Ctrl-C, a service manager's SIGTERM, a closed terminal's SIGHUP.

Each of these signals raises :class:`Interrupted` (a ``KeyboardInterrupt``) in
the main thread, wherever it is, until the process starts to stop
(:func:`ignore_further`); from then on they are ignored, so a second Ctrl-C
cannot break the exit that the first one started, and the steps that must not
be cut short (reaping workers, an atomic write) hold the signals meanwhile
(:class:`deferred`). A signal is also remembered: if a library swallows the
exception (Python 3.11 turns one raised while a class is created into a
``RuntimeError``, which ``except Exception`` then eats), :func:`check` at the
build's next step raises it again. The exit status is ``128 + the first
signal's number``: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP.

This module imports only the C module ``_signal`` because the console script
installs the handlers before the no-op build's fast path, which must answer in
a few tens of milliseconds (``signal`` itself imports ``enum``).
"""

from __future__ import annotations

try:
    import _signal as _sig
except ImportError:  # pragma: no cover - other Pythons
    import signal as _sig  # type: ignore[no-redef]

STOPPING = (_sig.SIGINT, _sig.SIGTERM, _sig.SIGHUP)
MESSAGE = "briefgen: interrupted; outputs already written are complete, the others were left as they were"

_received: "list[int]" = []
_stopping: "list[bool]" = [False]


class Interrupted(KeyboardInterrupt):
    """The build was asked to stop by ``signum``; :attr:`status` is the exit status to use."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def status(self) -> int:
        """``128 + signum``, as a shell reports a process ended by that signal."""
        return 128 + self.signum


def _handler(signum: int, frame: object) -> None:
    _received.append(signum)
    if _stopping[0]:
        return
    code = getattr(frame, "f_code", None)
    if code is not None and code.co_filename.startswith("<frozen importlib"):
        # Raised inside the import machinery (a module lock's weakref callback), the
        # exception would be printed as "Exception ignored" and lost: let the build's
        # next step raise it (check()), a few milliseconds later.
        return
    raise Interrupted(_received[0])


def pending() -> bool:
    """True when a stopping signal came and has not ended the process yet."""
    return bool(_received) and not _stopping[0]


def check() -> None:
    """Raise :class:`Interrupted` if a stopping signal came and its exception was swallowed or deferred."""
    if pending():
        raise Interrupted(_received[0])


def install() -> None:
    """Handle SIGINT, SIGTERM and SIGHUP from now on (and forget earlier ones)."""
    del _received[:]
    _stopping[0] = False
    for signum in STOPPING:
        _sig.signal(signum, _handler)


def status_of(exc: BaseException) -> int:
    """The exit status for an interrupt: 128 + the first stopping signal (130 for a plain Ctrl-C)."""
    if isinstance(exc, Interrupted):
        return exc.status
    return 128 + (_received[0] if _received else _sig.SIGINT)


def ignore_further() -> None:
    """Ignore the stopping signals from now on (the process is ending)."""
    _stopping[0] = True
    for signum in STOPPING:
        _sig.signal(signum, _sig.SIG_IGN)


def report(exc: BaseException) -> int:
    """Say the build was interrupted (if stderr still takes it) and return the exit status.

    From here on the stopping signals are ignored: the process is on its way
    out, and a signal during the interpreter's shutdown (which restores the
    default handlers) would otherwise kill it with a status that says nothing.
    """
    import sys

    ignore_further()
    try:
        print(MESSAGE, file=sys.stderr, flush=True)
    except (OSError, ValueError):  # the terminal is gone (SIGHUP) or stderr closed
        pass
    return status_of(exc)


class deferred:
    """Hold the stopping signals while a short critical step runs (an atomic write, reaping workers).

    A signal that arrives meanwhile is delivered when the step ends, so the step
    is never left half done. Works only in the main thread; elsewhere it does nothing.
    """

    def __enter__(self) -> "deferred":
        try:
            self._old = _sig.pthread_sigmask(_sig.SIG_BLOCK, STOPPING)
        except (AttributeError, ValueError, OSError):
            self._old = None
        return self

    def __exit__(self, *exc: object) -> None:
        if self._old is not None:
            _sig.pthread_sigmask(_sig.SIG_SETMASK, self._old)
