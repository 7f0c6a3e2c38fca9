"""``briefgen clean``: remove what briefgen wrote into an output folder, and nothing else.

Only a folder carrying briefgen's marker (:mod:`briefgen.build.outfolder`) is
cleaned; any other (the project folder, ``sources/``, a home folder) is
refused and nothing is deleted. In a marked folder, ``clean`` removes for each
manifest ``.briefgen/<stem>.json`` (or an older ``<stem>/.briefgen-manifest.json``)
the output files it records, when each is still the file briefgen wrote
(same size, and same time or same SHA-256), then the temporary files of
interrupted writes, then the ``<stem>/`` folder if nothing else is in it, then
the manifest and its lock. Everything else (a user's notes, another output
folder kept inside, a file changed since it was built, a symbolic link) is
left and listed. Nothing is followed through a symbolic link: files are
removed with ``unlink``, folders with ``rmdir`` (never a recursive delete).
"""

from __future__ import annotations

import logging
import os
import stat
import sys
from pathlib import Path
from typing import Dict, List, Tuple

from ..errors import BuildError, error
from .manifest import BOOKKEEPING_DIR, LEGACY_LOCK, LEGACY_MANIFEST, sha256_file, skipped_warning
from .outfolder import MARKER, is_link, is_marked, is_temp, load_entries, mark
from .registry import OUTPUTS

log = logging.getLogger(__name__)


class Plan:
    """What a clean removes (files, then folders) and what it keeps, with the reason."""

    def __init__(self) -> None:
        self.files: List[Path] = []
        self.folders: List[Path] = []
        self.kept: List[Tuple[Path, str]] = []


def _lstat(path: Path) -> "os.stat_result | None":
    try:
        return os.lstat(path)
    except OSError:
        return None


def _regular(path: Path) -> bool:
    info = _lstat(path)
    return info is not None and stat.S_ISREG(info.st_mode)


def what_was_written(path: Path, entry: object) -> str:
    """``""`` when ``path`` is the regular file a manifest entry records, else why not."""
    info = _lstat(path)
    if info is None:
        return "absent"
    if stat.S_ISLNK(info.st_mode):
        return "a symbolic link, not a file briefgen wrote"
    if not stat.S_ISREG(info.st_mode):
        return "not a file briefgen wrote"
    if not isinstance(entry, dict) or info.st_size != entry.get("size"):
        return "changed since briefgen wrote it"
    if info.st_mtime_ns != entry.get("mtime") and sha256_file(path) != entry.get("output"):
        return "changed since briefgen wrote it"
    return ""


def _plan_stem(out: Path, stem: str, entries: dict, bookkeeping: List[Path], plan: Plan) -> None:
    """Plan the removal of one source's recorded outputs and, when all go, its folder and bookkeeping."""
    folder = out / stem
    info = _lstat(folder)
    kept_before = len(plan.kept)
    recorded_kept = info is not None and stat.S_ISLNK(info.st_mode)
    if info is not None and stat.S_ISLNK(info.st_mode):
        plan.kept.append((folder, "a symbolic link: not followed"))
    elif info is not None and stat.S_ISDIR(info.st_mode):
        going = set()
        # an output skipped for having nothing to show has no file: one of that name is not briefgen's
        recorded = {OUTPUTS[n].filename for n, e in entries.items() if n in OUTPUTS and skipped_warning(e) is None}
        for name, entry in sorted(entries.items()):
            spec = OUTPUTS.get(name)
            if spec is None or skipped_warning(entry) is not None:
                continue
            path = folder / spec.filename
            why = what_was_written(path, entry)
            if not why:
                plan.files.append(path)
                going.add(spec.filename)
            elif why != "absent":
                plan.kept.append((path, why))
                recorded_kept = True
        for name in sorted(os.listdir(folder)):
            path = folder / name
            if name in going:
                continue
            regular = stat.S_ISREG(os.lstat(path).st_mode)
            if regular and is_temp(name):  # an interrupted write's leftover
                plan.files.append(path)
            elif regular and name in (LEGACY_MANIFEST, LEGACY_LOCK):
                bookkeeping.append(path)
            elif name not in recorded:  # recorded but changed: already listed
                plan.kept.append((path, "not written by briefgen"))
    if not recorded_kept:  # the manifest is needed no more (the user's own files need none)
        plan.files.extend(bookkeeping)
    if len(plan.kept) == kept_before and info is not None and stat.S_ISDIR(info.st_mode):
        plan.folders.append(folder)


def make_plan(out: Path) -> Plan:
    """What cleaning the marked folder ``out`` removes and keeps."""
    plan = Plan()
    books = out / BOOKKEEPING_DIR
    stems: Dict[str, Tuple[dict, List[Path]]] = {}
    if not is_link(books) and books.is_dir():
        for name in sorted(os.listdir(books)):
            entries = load_entries(books / name) if name.endswith(".json") else None
            if entries is not None:
                lock = books / (name[:-5] + ".lock")
                stems[name[:-5]] = (entries, [books / name] + ([lock] if _regular(lock) else []))
    for name in sorted(os.listdir(out)):
        legacy = out / name / LEGACY_MANIFEST
        if name not in stems and not is_link(out / name) and (out / name).is_dir():
            entries = load_entries(legacy)
            if entries is not None:
                stems[name] = (entries, [])
    for stem, (entries, bookkeeping) in sorted(stems.items()):
        _plan_stem(out, stem, entries, list(bookkeeping), plan)
    for name in sorted(os.listdir(out)):
        path = out / name
        if name == BOOKKEEPING_DIR or name in stems:
            continue
        if not is_link(path) and path.is_dir() and is_marked(path):
            plan.kept.append((path, f"another briefgen output folder: clean it with `briefgen clean --out {path}`"))
        else:
            plan.kept.append((path, "not written by briefgen"))
    return plan


def clean(out: Path, dry_run: bool = False) -> int:
    """Remove what briefgen wrote into ``out``; with ``dry_run``, only list it. Returns the exit status."""
    shown = str(out)
    if is_link(out):
        raise BuildError([error("briefgen", None, f"{shown} is a symbolic link; briefgen does not clean through links; nothing was deleted")])
    if not out.exists():
        print(f"briefgen: nothing to clean: {shown} does not exist", file=sys.stderr)
        return 0
    if not out.is_dir():
        raise BuildError([error("briefgen", None, f"{shown} is not a folder; nothing was deleted")])
    if not is_marked(out):
        raise BuildError([error("briefgen", None, f"{shown} is not a briefgen output folder (it has no "
                                f"{BOOKKEEPING_DIR}/{MARKER} and no manifest briefgen can read); nothing was deleted")])
    try:
        plan = make_plan(out)
    except OSError as exc:
        raise BuildError([error(exc.filename or shown, None, f"cannot read it: {exc.strerror}; nothing was deleted")]) from None
    verb = "would remove" if dry_run else "removed"
    for path in plan.files:
        if not dry_run:
            try:
                os.unlink(path)  # never follows a link: the entry itself goes
            except OSError as exc:
                raise BuildError([error(str(path), None, f"cannot remove it: {exc.strerror}")]) from None
        print(f"{verb:>13}: {path}", file=sys.stderr)
    for folder in plan.folders:
        if dry_run:
            print(f"{verb:>13}: {folder}/", file=sys.stderr)
            continue
        try:
            os.rmdir(folder)  # only when empty: a file that appeared meanwhile stays
        except OSError:
            plan.kept.append((folder, "not empty"))
        else:
            print(f"{verb:>13}: {folder}/", file=sys.stderr)
    for path, why in plan.kept:
        print(f"{'kept':>13}: {path} ({why})", file=sys.stderr)
    if not dry_run:
        _tidy(out)
    head = f"dry run, nothing deleted in {shown}: would remove" if dry_run else f"cleaned {shown}: removed"
    print(f"briefgen: {head} {len(plan.files)} file(s), kept {len(plan.kept)} other thing(s)", file=sys.stderr)
    return 0


def _tidy(out: Path) -> None:
    """Leave ``out`` empty when only briefgen's bookkeeping is left; else keep it marked for the next build."""
    books = out / BOOKKEEPING_DIR
    others = [n for n in os.listdir(out) if n != BOOKKEEPING_DIR]
    inside = os.listdir(books) if books.is_dir() and not is_link(books) else None
    if not others and inside is not None and set(inside) <= {MARKER}:
        if inside:
            os.unlink(books / MARKER)
        os.rmdir(books)
    elif others and not is_link(books) and (inside is None or MARKER not in inside):
        mark(out)
