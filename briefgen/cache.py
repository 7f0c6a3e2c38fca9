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
from typing import Optional

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
    except Exception:  # noqa: BLE001 - never fail a build for the cache
        log.debug("cannot write the %s cache in %s", kind, folder)
