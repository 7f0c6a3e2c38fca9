"""File-system helpers: atomic writes and a lock for the manifest.

Every output is written to a temporary file in its own folder and moved into
place with :func:`os.replace`, so a reader (or a concurrent build) sees the old
file or the new one, never half of one, and a failed write leaves the old file
byte-identical with no temporary file behind.
"""

from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import BuildError, error

TEMP_PREFIX = ".briefgen-"
TEMP_SUFFIX = ".tmp"


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary file, fsync, ``os.replace``).

    Raises :class:`BuildError` with a clear message for a full disk, a missing
    permission or any other OS error; the old file is then left untouched.
    """
    import tempfile

    shown = str(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError([error(shown, None, f"cannot create the folder {path.parent}: {_reason(exc)}")]) from None
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX + path.name + ".", suffix=TEMP_SUFFIX, dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as exc:
        raise BuildError([error(shown, None, f"cannot write the output: {_reason(exc)}")]) from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied (the folder is not writable)"
    return exc.strerror or str(exc)


@contextmanager
def locked(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``lock_path`` (created if needed)."""
    import fcntl

    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise BuildError([error(str(lock_path.parent), None, f"cannot use the output folder: {_reason(exc)}")]) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
