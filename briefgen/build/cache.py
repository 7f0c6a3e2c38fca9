"""briefgen's on-disk cache of derived data (font subsets and code-point tables, parsed hyphenation patterns).

Everything kept here is a pure function of files briefgen reads (a font, a
pyphen dictionary) and of library versions, named by a SHA-256 of those, so
a cached value and a freshly computed one are the same bytes. The folder is
``$BRIEFGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/briefgen`` (``~/.cache/briefgen``);
``BRIEFGEN_CACHE_DIR=`` (empty) turns the cache off.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Callable, Optional

log = logging.getLogger(__name__)


def cache_dir(kind: str) -> Optional[Path]:
    """The cache folder for ``kind`` (``fonts``, ``hyphenation``), or ``None`` when off."""
    env = os.environ.get("BRIEFGEN_CACHE_DIR")
    if env is not None:
        return Path(env) / kind if env else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "briefgen" / kind


def read(kind: str, name: str) -> Optional[bytes]:
    """A cached value, or ``None``."""
    folder = cache_dir(kind)
    if folder is None:
        return None
    try:
        return (folder / name).read_bytes()
    except OSError:
        return None


def write(kind: str, name: str, data: bytes) -> None:
    """Keep a value (atomically); a cache that cannot be written is only slower."""
    folder = cache_dir(kind)
    if folder is None:
        return
    try:
        from .fsutil import atomic_write

        atomic_write(folder / name, data)
    except Exception:  # never fail a build for the cache
        log.debug("cannot write the %s cache in %s", kind, folder)


#: How long a process waits for another one computing the same value (seconds)
#: before it computes the value itself: the wait is bounded, never a hang.
LOCK_WAIT = 20.0


def computed(kind: str, name: str, compute: "Callable[[], bytes]") -> bytes:
    """The cached value ``name``, else ``compute()``'s (then kept).

    Two workers of one build often need the same value at once (the handout
    and its PDF subset the same faces): the second waits, a bounded time, on
    a lock file while the first computes, then reads the result instead of
    doing the same work again.
    """
    data = read(kind, name)
    if data is not None:
        return data
    folder = cache_dir(kind)
    handle = None
    if folder is not None:
        handle = _lock(folder / f"{name}.lock")
        data = read(kind, name)
        if data is not None:
            _unlock(handle)
            return data
    try:
        data = compute()
        write(kind, name, data)
    finally:
        _unlock(handle)
    return data


def _lock(path: Path) -> "Optional[int]":
    """An exclusive lock on ``path`` (waited for at most :data:`LOCK_WAIT`), or ``None``."""
    import fcntl
    import time

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError:
        return None
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() > deadline:
                os.close(fd)
                return None
            time.sleep(0.02)
        except OSError:
            os.close(fd)
            return None


def _unlock(fd: "Optional[int]") -> None:
    if fd is not None:
        try:
            os.close(fd)  # closing releases the lock; the lock file stays (it is tiny and reused)
        except OSError:
            pass
