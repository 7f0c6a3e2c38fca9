"""Register the theme's TrueType faces with ReportLab and check glyph coverage.

Every font the memo uses comes from ``theme.fonts`` (roles ``body``,
``heading``, ``mono``); the registered names are derived from the family, the
style and a hash of the file's bytes, so two layouts with different files
never collide in ReportLab's process-wide registry and the PDF's font names
do not depend on where the files are installed.

The theme's ``fallback_fonts`` draw what those faces lack (Arabic, Hebrew,
Hangul, CJK). They are registered only when the document uses such
characters, each cut down to the characters it draws (and pinned to a static
instance, with CFF outlines converted to TrueType: see
:mod:`briefgen.render.common.fontfiles`), so a brief in English never reads them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterable, Mapping, Optional, Set, Tuple

from ...errors import LayoutError, error
from ...layout import FACE_STYLES, FONT_ROLES
from ..common import bidi
from ..common.fontfiles import needs_glyph

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
    fallbacks: Tuple[str, ...] = ()
    shaping: bool = False

    def name(self, role: str, style: str = "regular") -> str:
        """The registered font name for ``role`` and ``style``."""
        return self.names[role][style]

    def style_of(self, font_name: str) -> str:
        """The style (``regular``, ``bold``...) of a registered name, else ``regular``."""
        for styles in self.names.values():
            for style, name in styles.items():
                if name == font_name:
                    return style
        return "regular"

    def covers(self, role: str, char: str) -> bool:
        """True when ``role``'s face has a glyph for ``char``."""
        return ord(char) in self.cmaps[role]

    def fallback_for(self, role: str, char: str) -> Optional[str]:
        """Another role whose face covers ``char`` (body, heading, mono order),
        else the first registered fallback face (``fallback:KEY``) that does."""
        code = ord(char)
        for other in FONT_ROLES + self.fallbacks:
            if other != role and code in self.cmaps[other]:
                return other
        return None


def _register_bytes(data: bytes, family: str, style: str, origin: Path) -> Tuple[str, FrozenSet[int]]:
    """Register a prepared font (a subset in memory) under a name from its bytes."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    digest = hashlib.sha256(data).hexdigest()[:8]
    key = (f"{family}|{style}|{digest}", len(data), 0)
    if key in _REGISTERED:
        return _REGISTERED[key]
    name = f"{_SAFE.sub('', family)}-{style.replace('_', '')}-{digest}"
    try:
        font = TTFont(name, io.BytesIO(data))
    except (TTFError, OSError, ValueError, AssertionError) as exc:
        raise LayoutError([error(str(origin), None, f"cannot use font file: {exc}")]) from None
    # ReportLab maps a new font to one registered before under the same
    # PostScript name: two subsets of a face (or a variable face's instances,
    # which keep one name) must not share it.
    font.face.name = name.encode("ascii")
    pdfmetrics.registerFont(font)
    cmap = frozenset(font.face.charToGlyph.keys())
    _REGISTERED[key] = (name, cmap)
    return name, cmap


def _register_file(path: Path, family: str, style: str) -> Tuple[str, FrozenSet[int]]:
    """Register the face at ``path`` under a name from its bytes; parsed only when first used.

    A theme has twelve faces and a brief typically sets four: ReportLab's
    parse of a face (~10 ms) is put off until the memo draws with it (see
    :func:`_lazy_font`); the coverage comes from the cached code-point table.
    """
    from reportlab.pdfbase import pdfmetrics

    from ..common.fontfiles import cmap as font_cmap, file_digest

    stat = path.stat()
    key = (str(path), stat.st_size, int(stat.st_mtime))
    if key in _REGISTERED:
        return _REGISTERED[key]
    try:
        with open(path, "rb") as handle:
            magic = handle.read(4)
        cmap = font_cmap(path)
    except Exception as exc:  # fontTools raises many types for a broken file
        raise LayoutError([error(str(path), None, f"cannot use font file: {exc}")]) from None
    if magic == b"OTTO":  # what ReportLab would say when it reads the face
        raise LayoutError([error(str(path), None, "cannot use font file: postscript outlines are not supported")])
    name = f"{_SAFE.sub('', family)}-{style.replace('_', '')}-{file_digest(path)[:8]}"
    if name not in pdfmetrics._fonts:
        pdfmetrics._fonts[name] = _lazy_font(name, path)
    _REGISTERED[key] = (name, cmap)
    log.debug("registered %s from %s (%d glyphs, parsed when used)", name, path, len(cmap))
    return name, cmap


def _lazy_font(name: str, path: Path) -> Any:
    """A ReportLab ``TTFont`` for ``path`` that reads the file on its first use.

    Only the class's constants (``_dynamicFont``, ``_multiByte``) and the name
    are there before; the first read of any other attribute runs
    ``TTFont.__init__`` on the object itself, so it then *is* the ordinary
    font (same identity, every later access plain). A file that fails then
    raises a located :class:`~briefgen.errors.LayoutError`. (What
    ``pdfmetrics.registerFont`` does besides filing the font by name is to
    de-duplicate faces by PostScript name, which our digest-based names make
    unnecessary.)
    """
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    class LazyTTFont(TTFont):
        def __init__(self) -> None:  # deliberately not TTFont's
            self.__dict__["fontName"] = name
            self.__dict__["_briefgen_state"] = "waiting"

        def __getattr__(self, attr: str) -> Any:
            # Only the first miss loads; a miss while loading or after is a plain one
            # (ReportLab probes optional attributes with getattr/hasattr).
            if attr.startswith("__") or self.__dict__.get("_briefgen_state") != "waiting":
                raise AttributeError(attr)
            self.__dict__["_briefgen_state"] = "loading"
            try:
                TTFont.__init__(self, name, str(path))
            except (TTFError, OSError, ValueError, AssertionError) as exc:
                raise LayoutError([error(str(path), None, f"cannot use font file: {exc}")]) from None
            finally:
                self.__dict__["_briefgen_state"] = "loaded"
            log.debug("parsed %s from %s", name, path)
            return getattr(self, attr)

    return LazyTTFont()


def register_theme_fonts(theme: object, chars: Iterable[str] = ()) -> FontSet:
    """Register every face of ``theme.fonts`` and return their names and coverage.

    ``chars`` are the characters the document uses: the fallback faces that
    draw those the theme's faces lack are registered too (subset to them), and
    the styles shape text with HarfBuzz when any is right-to-left.
    """
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
    wanted = set(chars)
    covered: Set[int] = set().union(*cmaps.values())
    lacking = {c for c in wanted if ord(c) not in covered and needs_glyph(c)}
    neutral = {c for c in wanted if bidi.is_neutral(c)}
    keys = _register_fallbacks(theme, lacking, names, cmaps, neutral) if lacking else ()
    shaping = any(bidi.is_rtl(c) for c in wanted)
    if shaping and not _harfbuzz():
        log.warning("uharfbuzz is not installed: the memo draws Arabic letters unjoined")
    return FontSet(names=names, cmaps=cmaps, fallbacks=keys, shaping=shaping)


def _harfbuzz() -> bool:
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        return False
    return True


#: Arabic presentation forms: kept in an Arabic subset so that the PDF maps
#: the shaped (joined) glyphs back to letters (copy, search, screen readers).
_PRESENTATION_FORMS = frozenset(chr(c) for c in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFF00)))


def _register_fallbacks(theme: object, lacking: Set[str], names: Dict[str, Dict[str, str]],
                        cmaps: Dict[str, FrozenSet[int]], neutral: Set[str] = frozenset()) -> Tuple[str, ...]:
    """Register, in the theme's order, each fallback face that draws some of
    ``lacking``, subset to the characters it is the first to cover (with the
    document's digits and punctuation, and Arabic's presentation forms)."""
    from reportlab.pdfbase.pdfmetrics import registerFontFamily

    from ..common.fontfiles import cmap as font_cmap, subset_font

    keys = []
    remaining = set(lacking)
    for face in getattr(theme, "fallback_fonts", ()):
        if not remaining:
            break
        mine = {c for c in remaining if ord(c) in font_cmap(face.regular)}
        if not mine:
            continue
        remaining -= mine
        extra = set(neutral)
        if any(bidi.is_rtl(c) for c in mine):
            extra |= _PRESENTATION_FORMS
        face_cmap = font_cmap(face.regular)
        text = "".join(sorted(mine | {" "} | {c for c in extra if ord(c) in face_cmap}))
        key = f"fallback:{face.key or face.family}"
        styles: Dict[str, str] = {}
        for style, path in zip(FACE_STYLES, face.files()):
            try:
                data = subset_font(path, text, "ttf", face.style_axes(style), True, True)
            except Exception as exc:  # fontTools raises many types for broken fonts
                raise LayoutError([error(str(path), None, f"cannot use font file: {exc}")]) from None
            styles[style], cmap = _register_bytes(data, face.family, style, path)
            if style == "regular":
                cmaps[key] = cmap
        names[key] = styles
        registerFontFamily(styles["regular"], normal=styles["regular"], bold=styles["bold"],
                           italic=styles["italic"], boldItalic=styles["bold_italic"])
        keys.append(key)
        log.debug("fallback face %s for %d characters", face.family, len(mine))
    return tuple(keys)


def document_chars(doc: Any) -> Set[str]:
    """Every character of every string in the document model (iterative walk)."""
    chars: Set[str] = set()
    stack = [doc]
    seen: Set[int] = set()
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            chars.update(item)
        elif isinstance(item, (tuple, list, frozenset, set)):
            stack.extend(item)
        elif isinstance(item, Mapping):
            stack.extend(item.values())
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            if id(item) in seen:
                continue
            seen.add(id(item))
            stack.extend(getattr(item, f.name) for f in dataclasses.fields(item))
    return chars


def describe_chars(chars: "set[str] | FrozenSet[str]") -> str:
    """``U+4E2D '中', U+6587 '文'`` in code point order."""
    return ", ".join(f"U+{ord(c):04X} '{c}'" for c in sorted(chars))
