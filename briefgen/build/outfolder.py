"""Which folders briefgen may write its outputs into, and how it marks them as its own.

An output folder (``build`` or ``--out DIR``) carries a marker:
``DIR/.briefgen/output-folder.txt``, written by the first build that uses the
folder. A folder made by an older briefgen has no marker but has manifests
(``DIR/.briefgen/<stem>.json``, or ``DIR/<stem>/.briefgen-manifest.json``
before that); a readable manifest counts as the marker. ``briefgen clean``
(:mod:`briefgen.build.cleaning`) works only in a marked folder.

``build`` refuses an output folder that is the project folder, holds sources
or layouts, lies inside the layouts folder, is a symbolic link, or already
holds files briefgen did not write (an existing, non-empty, unmarked folder is
accepted only when everything in it bears the names briefgen writes:
``<stem>/`` folders holding only output file names, and ``.briefgen/``; a
file or folder in the way of an output is then reported when it is written). No output
is written through a symbolic link: a linked ``<stem>/`` folder or output file
is an error naming it.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path
from typing import Iterable, List, Optional

from ..errors import BuildError, Diagnostic, error
from .fsutil import TEMP_PREFIX, TEMP_SUFFIX
from .manifest import BOOKKEEPING_DIR, FORMAT, LEGACY_LOCK, LEGACY_MANIFEST
from .registry import OUTPUTS

log = logging.getLogger(__name__)

MARKER = "output-folder.txt"
"""The marker's name inside ``DIR/.briefgen/`` (no source's manifest is named so: those end in .json or .lock)."""
MARKER_TEXT = (
    "This folder is a briefgen output folder. `briefgen clean` removes from it only\n"
    "the files the manifests beside this note record; anything else is left alone.\n"
)
OUTPUT_FILENAMES = frozenset(spec.filename for spec in OUTPUTS.values())
BAD_STEMS = ("", ".", "..")
"""Source names whose output folder would not be a folder of its own inside the output folder."""


def is_link(path: Path) -> bool:
    """True when ``path`` itself is a symbolic link (not followed)."""
    return os.path.islink(path)


def is_temp(name: str) -> bool:
    """True for the name of an atomic write's temporary file."""
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)


def load_entries(path: Path) -> Optional[dict]:
    """The ``outputs`` of a manifest file (not followed if a link), or ``None`` when it is not one."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("outputs"), dict):
        return None
    if path.name != LEGACY_MANIFEST and data.get("format") != FORMAT:
        return None
    return data["outputs"]


def _real_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def is_marked(out: Path) -> bool:
    """True when ``out`` carries briefgen's marker, or a manifest briefgen can read (older versions)."""
    books = out / BOOKKEEPING_DIR
    if _real_dir(books):
        if os.path.isfile(books / MARKER) and not is_link(books / MARKER):
            return True
        try:
            names = sorted(os.listdir(books))
        except OSError:
            names = []
        if any(name.endswith(".json") and load_entries(books / name) is not None for name in names):
            return True
    try:
        children = sorted(os.listdir(out))
    except OSError:
        return False
    return any(_real_dir(out / name) and load_entries(out / name / LEGACY_MANIFEST) is not None for name in children)


def _only_briefgen_shapes(out: Path) -> Optional[str]:
    """``None`` when everything in ``out`` has the shape briefgen writes, else the first thing that does not."""
    for name in sorted(os.listdir(out)):
        child = out / name
        if not _real_dir(child):
            return name
        # (a temporary file: a concurrent build writing the marker or an output right now)
        allowed = (lambda n: n.endswith((".json", ".lock")) or n == MARKER or is_temp(n)) if name == BOOKKEEPING_DIR else (
            lambda n: n in OUTPUT_FILENAMES or is_temp(n) or n in (LEGACY_MANIFEST, LEGACY_LOCK))
        try:
            inner_names = sorted(os.listdir(child))
        except OSError:
            return name
        for inner in inner_names:
            if not allowed(inner):  # by name: what is in the way of an output is reported when it is written
                return f"{name}/{inner}"
    return None


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_out_dir(out: Path, sources: Iterable[Path], project: Path) -> None:
    """Raise :class:`BuildError` naming ``out`` and why, when a build may not write into it."""
    shown = str(out)

    def refuse(why: str) -> None:
        raise BuildError([error(shown, None, f"cannot build into {shown}: {why}; nothing was written")])

    if is_link(out):
        refuse(f"it is a symbolic link (to {os.readlink(out)}); briefgen writes only into real folders")
    if is_link(out / BOOKKEEPING_DIR):
        refuse(f"{out / BOOKKEEPING_DIR} is a symbolic link")
    real = out.resolve()
    root = project.resolve()
    if real == root:
        refuse("it is the project folder; outputs go into a folder of their own, such as build")
    for source in sources:
        folder = source.resolve().parent
        if _inside(folder, real):
            refuse(f"it holds the source {source}; choose a folder of its own, such as build")
    layouts = (root / "layouts").resolve()
    if layouts.is_dir() and (_inside(layouts, real) or _inside(real, layouts)):
        refuse("it holds or is inside the layouts folder; choose a folder of its own, such as build")
    foreign = None
    try:
        foreign = _only_briefgen_shapes(out) if out.is_dir() and os.listdir(out) and not is_marked(out) else None
    except OSError as exc:
        refuse(f"cannot read it ({exc.strerror})")
    if foreign is not None:
        refuse(f"it already holds files briefgen did not write ({out / foreign}); choose a new or empty folder "
               f"(briefgen marks its own folders with {BOOKKEEPING_DIR}/{MARKER})")


def mark(out: Path) -> None:
    """Write the marker into ``out`` (and create the folder) unless it is there.

    Best effort: on a full disk or a read-only folder the build goes on and
    reports its own outputs' failures (its manifests mark the folder too)."""
    from .fsutil import atomic_write

    marker = out / BOOKKEEPING_DIR / MARKER
    if not os.path.isfile(marker):
        try:
            atomic_write(marker, MARKER_TEXT.encode("utf-8"))
        except BuildError as exc:
            log.debug("cannot mark %s: %s", out, exc)


def linked_part(path: Path, out: Path) -> Optional[Path]:
    """The first of ``out``'s sub-paths down to ``path`` that is a symbolic link (``out`` itself included), or ``None``."""
    current = out
    if is_link(current):
        return current
    for part in path.relative_to(out).parts:
        current = current / part
        if is_link(current):
            return current
    return None


def output_path_problems(source: Path, shown: str, paths: List[Path], out: Path) -> List[Diagnostic]:
    """Why the outputs of ``source`` (shown as ``shown``) may not be written to ``paths`` (empty when they may)."""
    if source.stem in BAD_STEMS:
        return [error(shown, None, f"a source may not be named {source.name}: its output folder would not be "
                      f"a folder of its own in {out}; rename it")]
    for path in paths:
        link = linked_part(path, out)
        if link is not None:
            return [error(str(link), None, f"is a symbolic link (to {os.readlink(link)}); briefgen does not write "
                          "through links; nothing was written there: remove the link")]
    return []
