"""Register the theme's TrueType faces with ReportLab and check glyph coverage.

Every font the memo uses comes from ``theme.fonts`` (roles ``body``,
``heading``, ``mono``); the registered names are derived from the family, the
style and a hash of the file's bytes, so two layouts with different files
never collide in ReportLab's process-wide registry and the PDF's font names
do not depend on where the files are installed.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, FrozenSet, Mapping, Optional, Tuple

from ...errors import LayoutError, error
from ...layout import FACE_STYLES, FONT_ROLES

log = logging.getLogger(__name__)

_SAFE = re.compile(r"[^A-Za-z0-9]+")
_REGISTERED: Dict[Tuple[str, int, int], Tuple[str, FrozenSet[int]]] = {}


@dataclass(frozen=True)
class FontSet:
    """The registered fonts of one theme.

    ``names[role][style]`` is the ReportLab font name; ``family[role]`` the
    name registered with ``registerFontFamily`` (the regular face's name, so
    ``<b>``/``<i>`` switch faces); ``cmaps[role]`` the code points the role's
    regular face covers.
    """

    names: Mapping[str, Mapping[str, str]]
    cmaps: Mapping[str, FrozenSet[int]]

    def name(self, role: str, style: str = "regular") -> str:
        """The registered font name for ``role`` and ``style``."""
        return self.names[role][style]

    def covers(self, role: str, char: str) -> bool:
        """True when ``role``'s face has a glyph for ``char``."""
        return ord(char) in self.cmaps[role]

    def fallback_for(self, role: str, char: str) -> Optional[str]:
        """Another role whose face covers ``char`` (body, heading, mono order)."""
        code = ord(char)
        for other in FONT_ROLES:
            if other != role and code in self.cmaps[other]:
                return other
        return None


def _register_file(path: Path, family: str, style: str) -> Tuple[str, FrozenSet[int]]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    stat = path.stat()
    key = (str(path), stat.st_size, int(stat.st_mtime))
    if key in _REGISTERED:
        return _REGISTERED[key]
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:8]
    name = f"{_SAFE.sub('', family)}-{style.replace('_', '')}-{digest}"
    try:
        font = TTFont(name, str(path))
    except (TTFError, OSError, ValueError, AssertionError) as exc:
        raise LayoutError([error(str(path), None, f"cannot use font file: {exc}")]) from None
    pdfmetrics.registerFont(font)
    cmap = frozenset(font.face.charToGlyph.keys())
    _REGISTERED[key] = (name, cmap)
    log.debug("registered %s from %s (%d glyphs)", name, path, len(cmap))
    return name, cmap


def register_theme_fonts(theme: object) -> FontSet:
    """Register every face of ``theme.fonts`` and return their names and coverage."""
    from reportlab.pdfbase.pdfmetrics import registerFontFamily

    names: Dict[str, Dict[str, str]] = {}
    cmaps: Dict[str, FrozenSet[int]] = {}
    for role in FONT_ROLES:
        face = theme.fonts[role]  # type: ignore[attr-defined]
        styles: Dict[str, str] = {}
        for style, path in zip(FACE_STYLES, face.files()):
            styles[style], cmap = _register_file(Path(path), face.family, style)
            if style == "regular":
                cmaps[role] = cmap
        names[role] = styles
        registerFontFamily(
            styles["regular"],
            normal=styles["regular"],
            bold=styles["bold"],
            italic=styles["italic"],
            boldItalic=styles["bold_italic"],
        )
    return FontSet(names=names, cmaps=cmaps)


def describe_chars(chars: "set[str] | FrozenSet[str]") -> str:
    """``U+4E2D '中', U+6587 '文'`` in code point order."""
    return ", ".join(f"U+{ord(c):04X} '{c}'" for c in sorted(chars))
