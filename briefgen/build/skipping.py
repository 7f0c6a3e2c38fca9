"""An output with nothing to show: a located error when asked for by name, else a warning and no file.

A renderer raises :class:`~briefgen.errors.NothingToShow` when a brief gives it
nothing meaningful (the one-pager of a brief without a sentence of prose). The
engine hands it here:

* the output was **named** (``--only onepager``): it failed, with the renderer's
  located message as the error (exit 1), like any other failure;
* it was made because it is in the **default set** (or in ``all``): the message
  becomes a located warning, no file is made, and the output is *skipped*.
  The file a previous build made from an older version of the brief would
  claim to be current, so it is removed, but only when it is still exactly
  the file briefgen wrote (the manifest's size and hash); anything else stays,
  with a warning that it is not from this build. The skip is recorded in the
  manifest, so the next build with the same inputs repeats the warning without
  rendering again.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import List, Sequence, Tuple

from ..errors import Diagnostic
from .cleaning import what_was_written
from .manifest import make_skip_entry, read_manifest, update_manifest

log = logging.getLogger(__name__)

NOT_MADE = "{file} was not made"
"""Added to the renderer's message when the skipped output's warning is printed."""


def as_warnings(diags: Sequence[Diagnostic], filename: str) -> List[Diagnostic]:
    """The renderer's errors as warnings that say the file was not made and how to make it an error."""
    tail = f"; {NOT_MADE.format(file=filename)} (name it in --only to have the build fail instead)"
    return [Diagnostic(d.path, d.line, d.message + tail, "warning", d.col) for d in diags]


def skip(name: str, path: Path, key: str, inputs: Sequence[Path], layout_dirs: Sequence[Path],
         patterns: Tuple[str, ...], absent: Sequence[Path], warnings: Sequence[Diagnostic]) -> List[Diagnostic]:
    """Remove the stale output ``path`` if briefgen wrote it, record the skip; return what more to say.

    ``warnings`` are the skip's own (from :func:`as_warnings`); the first is kept in the
    manifest. Raises ``OSError`` when the manifest cannot be written (the engine reports it).
    """
    said: List[Diagnostic] = []
    entry = read_manifest(path.parent).get(name)
    if os.path.lexists(path):
        why = what_was_written(path, entry) if entry is not None and "skipped" not in entry else "not written by briefgen"
        if why:
            said.append(Diagnostic(str(path), None, f"left as it was ({why}); it is not from this build", "warning"))
        else:
            os.unlink(path)  # an older build's output: it would claim to be current
            log.info("removed %s: this build has nothing to put in it", path)
    first = warnings[0] if warnings else Diagnostic(str(path), None, NOT_MADE.format(file=path.name), "warning")
    record = {"path": first.path, "line": first.line, "col": first.col, "message": first.message}
    update_manifest(path.parent, {name: make_skip_entry(key, list(inputs), list(layout_dirs), patterns, record, list(absent))})
    return said


def recorded(entry: dict) -> Diagnostic:
    """The warning a skip recorded in the manifest (see :func:`skip`), to repeat on an up-to-date build."""
    found = entry["skipped"]
    line, col = found.get("line"), found.get("col")
    return Diagnostic(str(found.get("path", "")), line if isinstance(line, int) else None, str(found.get("message", "")),
                      "warning", col if isinstance(col, int) else None)
