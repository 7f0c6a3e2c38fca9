"""Filling briefgen's cache at install, so the first real build runs as fast as later ones.

A first build on a machine makes what every later build reads from the cache
(:mod:`briefgen.build.cache`): each face of the layout cut to the characters
briefgen always embeds (about 1.8 s of CPU for the shipped layouts), the faces'
character tables, the parsed hyphenation patterns and the palette check.
Those depend only on the font files, the pattern files and the library
versions, never on a brief, so they can be made once at install:

    python -m briefgen.build.warmup [PROJECT]

builds the commented starter brief (what ``briefgen new`` writes) with every
layout of ``PROJECT`` (default: the current folder) and every output, in a
scratch folder that is removed afterwards. Nothing is written in the project;
the values it leaves in the cache are the same bytes a build would make
(determinism is unchanged). ``make`` runs it after installing. A layout that
fails is reported and skipped: warming is never a reason to fail an install.
"""

from __future__ import annotations

import datetime
import logging
import shutil
import sys
import tempfile
from pathlib import Path
from typing import List, Optional, Sequence

log = logging.getLogger(__name__)


def layout_names(project: Path) -> List[str]:
    """The layouts in ``project/layouts`` (folders with a ``theme.yaml``), by name."""
    folder = project / "layouts"
    if not folder.is_dir():
        return ["default"]
    return sorted(p.name for p in folder.iterdir() if (p / "theme.yaml").is_file()) or ["default"]


def starter_text() -> str:
    """The starter brief ``briefgen new`` writes (fixed title and date: the cache keys never see them)."""
    template = (Path(__file__).resolve().parent.parent / "source" / "new_template.md").read_text(encoding="utf-8")
    return (template.replace("__TITLE__", "Warm up").replace("__DATE__", datetime.date(2026, 1, 1).isoformat())
            .replace("__STEM__", "warmup"))


def warm(project: Path, names: Optional[Sequence[str]] = None) -> int:
    """Build the starter brief with each layout and every output in a scratch copy; the number that built."""
    from .engine import BuildOptions, build
    from .registry import OUTPUTS

    project = project.resolve()
    built = 0
    scratch = Path(tempfile.mkdtemp(prefix="briefgen-warmup-"))
    try:
        if (project / "layouts").is_dir():
            shutil.copytree(project / "layouts", scratch / "layouts", symlinks=True)
        sources = scratch / "sources"
        sources.mkdir()
        brief = sources / "warmup.md"
        brief.write_text(starter_text(), encoding="utf-8")
        for name in names or layout_names(project):
            options = BuildOptions(only=tuple(OUTPUTS), out_dir=scratch / "build" / name, layout=name, force=True,
                                   quiet=True)
            status = build([brief], options, scratch)
            if status == 0:
                built += 1
            else:
                print(f"briefgen warmup: layout {name} did not build; its first real build will fill the cache",
                      file=sys.stderr)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return built


def main(argv: Optional[Sequence[str]] = None) -> int:
    """``python -m briefgen.build.warmup [PROJECT]``: always 0 (a cold cache is only slower)."""
    args = list(sys.argv[1:] if argv is None else argv)
    project = Path(args[0]) if args else Path.cwd()
    count = warm(project)
    print(f"briefgen warmup: cache filled for {count} layout(s)", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
