"""A checker shared by the corpus and font tests: every character drawn with a
real glyph, or named in a warning.

``glyph_problems(source, stderr, out)`` reads the source's text, finds the
characters the layout's faces (its roles, then its fallback faces) cannot draw
and those a fallback face must draw, and returns what is wrong: an undrawable
character no warning names, or a fallback face that is needed but missing
from a PDF's embedded fonts (poppler's ``pdffonts``) or from the handout's
``@font-face`` rules.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path
from typing import List, Optional

from tests.support import ROOT


def pdffonts(path: Path) -> str:
    """The embedded font names of a PDF, one per line (poppler's ``pdffonts``)."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return "\n".join(line.split()[0] for line in out.splitlines()[2:] if line.strip())


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def glyph_problems(source: Path, stderr: str, out: Path, layout_name: str = "default",
                   project: Optional[Path] = None) -> List[str]:
    """What breaks "drawn with a real glyph, or named in a warning" (empty: nothing)."""
    from briefgen.layout import load_layout
    from briefgen.render.common.fontfiles import cmap
    from briefgen.render.handout.assets import _visible, uncovered

    layout = load_layout(layout_name, project or ROOT)
    text = source.read_text(encoding="utf-8", errors="replace")
    chars = {c for c in text if _visible(c)}
    problems = []
    for char in uncovered(layout.font_files(), chars):
        if f"U+{ord(char):04X}" not in stderr:
            problems.append(f"U+{ord(char):04X} {unicodedata.name(char, '?')}: no face draws it and no warning names it")
    role_files = [f for face in layout.theme.fonts.values() for f in face.files()]
    lacking = set(uncovered(role_files, chars)) - set(uncovered(layout.font_files(), chars))
    faces = []
    for face in layout.theme.fallback_fonts:
        mine = {c for c in lacking if ord(c) in cmap(face.regular)}
        lacking -= mine
        if mine:
            faces.append(face)
    html = (out / "handout.html").read_text(encoding="utf-8") if (out / "handout.html").is_file() else ""
    for pdf in ("memo.pdf", "handout.pdf"):
        if not (out / pdf).is_file():
            continue
        embedded = _squash(pdffonts(out / pdf))
        for face in faces:
            if _squash(face.family.split()[0]) not in embedded:
                problems.append(f"{pdf}: the fallback face {face.family} is needed but not embedded")
    for face in faces:
        if html and f'font-family:"{face.family}"' not in html:
            problems.append(f"handout.html: no @font-face for the fallback face {face.family}")
    return problems
