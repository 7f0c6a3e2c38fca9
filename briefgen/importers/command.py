"""``briefgen import DRAFT.docx``: write ``sources/<stem>.md`` (and its pictures) from a Word document.

Everything is read and checked first; only then are files written, each
atomically (a temporary file, then a rename). An existing source or picture is
never replaced without ``--force``, and nothing is written through a symbolic
link. Any failure leaves no partial source behind.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import List

from .errors import ImportProblem
from .markdown import write

log = logging.getLogger(__name__)

WORD_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")


def source_stem(path: Path) -> str:
    """The source's name from the document's: letters, digits, ``-`` and ``_``, lower case."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem).strip("-_").lower()
    return stem or "imported"


def import_document(path: Path, force: bool = False, out_dir: Path = Path("sources")) -> int:
    """Import ``path`` into ``out_dir/<stem>.md``; returns the exit status (errors raise)."""
    from .docx.reader import read_docx

    name = str(path)
    if path.suffix.lower() == ".doc":
        raise ImportProblem(name, "a Word 97-2003 .doc file: open it in Word or LibreOffice and save it as .docx first")
    if path.suffix.lower() not in WORD_SUFFIXES:
        log.debug("%s: not named .docx; reading it anyway", name)
    stem = source_stem(path)
    target = out_dir / f"{stem}.md"
    folder = f"{stem}-images"
    _check_target(target, force)
    result = read_docx(path, folder)
    text = write(result.doc)
    for diag in result.diagnostics:
        print(diag, file=sys.stderr)
    for rel, _data in result.images:
        _check_target(out_dir / rel, force)
    written: List[Path] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        if result.images:
            (out_dir / folder).mkdir(exist_ok=True)
            if (out_dir / folder).is_symlink():
                raise ImportProblem(str(out_dir / folder), "is a symbolic link: nothing is written through it")
        for rel, data in result.images:
            _atomic_write(out_dir / rel, data)
            written.append(out_dir / rel)
        _atomic_write(target, text.encode("utf-8"))
    except OSError as exc:
        for done in written:
            done.unlink(missing_ok=True)
        raise ImportProblem(str(target), f"cannot write: {exc.strerror or exc}") from None
    pictures = f" and {len(result.images)} picture(s) in {out_dir / folder}/" if result.images else ""
    print(f"wrote {target}{pictures} ({len(result.diagnostics)} warning(s))", file=sys.stderr)
    return 0


def _check_target(target: Path, force: bool) -> None:
    if target.is_symlink():
        raise ImportProblem(str(target), "is a symbolic link: nothing is written through it")
    if target.exists() and not force:
        raise ImportProblem(str(target), "already exists: nothing was written (use --force to replace it)")
    if target.exists() and not target.is_file():
        raise ImportProblem(str(target), "exists and is not a file")


def _atomic_write(target: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
