"""Embedded assets of the handout: images and fonts as ``data:`` URIs.

The handout is one self-contained file: it must never make a request. Images
are read from the paths the parser checked (and hashed) and become ``data:``
URIs; the theme's fonts are subset with fontTools to the characters the page
uses and embedded as WOFF2 in ``@font-face`` rules.

Subsetting is deterministic: same font file + same characters = same bytes
(fontTools keeps the font's own timestamps; WOFF2/Brotli has no clock).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import unicodedata
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, Mapping, Optional, Set, Tuple

from ...errors import RenderError, error
from ... import model as m
from ..fontfiles import SUBSET_RECIPE, cmap, subset_font  # noqa: F401 - re-exported

log = logging.getLogger(__name__)

#: Characters every font subset keeps whatever the text: printable ASCII (print
#: URLs, page counters, CSS generated content) and common typography.
#: Latin-1 and the General Punctuation block are always kept too, so most
#: English briefs share one subset per face (and the on-disk cache hits).
BASE_CHARS: FrozenSet[str] = (
    frozenset(chr(c) for c in range(0x20, 0x7F))
    | frozenset(chr(c) for c in range(0xA0, 0x100))
    | frozenset(chr(c) for c in range(0x2010, 0x2028))
    | frozenset("\u2030\u2032\u2033\u2039\u203a\u20ac\u2122\u2191\u21a9")
)

#: The styles embedded for each font role; others are synthesized by the reader
#: (each embedded face costs file size and ~0.2 s of subsetting).
EMBEDDED_STYLES: Mapping[str, Tuple[str, ...]] = {
    "body": ("regular", "bold", "italic", "bold_italic"),
    "heading": ("regular", "bold", "italic"),
    "mono": ("regular",),
}

STYLES = {
    "regular": ("normal", 400),
    "bold": ("normal", 700),
    "italic": ("italic", 400),
    "bold_italic": ("italic", 700),
}


def data_uri(mime: str, payload: bytes) -> str:
    """A base64 ``data:`` URI."""
    return f"data:{mime};base64,{base64.b64encode(payload).decode('ascii')}"


def css_string(text: str) -> str:
    """``text`` as a double-quoted CSS string: quotes, backslashes, ``<``, ``>``,
    ``&`` and control characters are written as CSS hex escapes, so the string
    can neither end early nor close the ``<style>`` element."""
    out = []
    for ch in text:
        if ch in '"\\<>&' or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


class ImageStore:
    """Turns model images into ``data:`` URIs, checking each file is still the one
    the parser measured (its SHA-256), once per image."""

    def __init__(self, source: str) -> None:
        self._source = source
        self._uris: Dict[Path, str] = {}

    def uri(self, image: m.Image, line: Optional[int]) -> str:
        """The data URI of ``image``; :class:`RenderError` if it cannot be read or
        changed since the source was parsed."""
        cached = self._uris.get(image.path)
        if cached is not None:
            return cached
        try:
            payload = Path(image.path).read_bytes()
        except OSError as exc:
            raise RenderError([error(self._source, line, f"cannot read image '{image.rel}': {exc.strerror or exc}")]) from None
        if image.sha256 and hashlib.sha256(payload).hexdigest() != image.sha256.lower():
            raise RenderError([error(self._source, line, f"image '{image.rel}' changed while the brief was being built")])
        uri = data_uri(image.mime, payload)
        self._uris[image.path] = uri
        return uri

    def made(self) -> Tuple[str, ...]:
        """Every data URI made so far."""
        return tuple(self._uris.values())


def logo_uri(path: Path, origin: str) -> str:
    """The theme logo as a data URI (PNG, JPEG or GIF by its signature)."""
    try:
        payload = path.read_bytes()
    except OSError as exc:
        raise RenderError([error(origin, None, f"cannot read logo '{path}': {exc.strerror or exc}")]) from None
    mime = _sniff_mime(payload)
    if mime is None:
        raise RenderError([error(origin, None, f"logo '{path.name}' is not a PNG, JPEG or GIF image")])
    return data_uri(mime, payload)


def _sniff_mime(payload: bytes) -> Optional[str]:
    if payload.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if payload.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if payload[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    return None


# --------------------------------------------------------------------------- fonts


_cmap = cmap  # the name the handout used before the shared module


FLAVORS = {"woff2": ("woff2", "font/woff2", "woff2"), "ttf": (None, "font/ttf", "truetype")}
"""Font encodings: the HTML embeds WOFF2 (small); the PDF's copy of the page
embeds plain TrueType, which WeasyPrint loads without a slow WOFF2 decode."""


def uncovered(fonts: Iterable[Path], chars: Iterable[str]) -> List[str]:
    """The characters of ``chars`` no font in ``fonts`` has a glyph for (sorted),
    ignoring whitespace and control characters."""
    covered: Set[int] = set()
    for path in fonts:
        covered |= _cmap(path)
    return sorted(c for c in set(chars) if _visible(c) and ord(c) not in covered)


def _visible(ch: str) -> bool:
    """True for a character that needs a glyph (not space, control, format or a
    variation selector)."""
    if ch.isspace() or not ch.isprintable():
        return False
    code = ord(ch)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return False
    return unicodedata.category(ch) not in ("Cf", "Cc", "Cs", "Co", "Cn")


def font_face_css(fonts: Mapping[str, object], chars: Iterable[str], origin: str, flavor: str = "woff2") -> str:
    """``@font-face`` rules for every role and style of the theme's fonts, each
    subset to ``chars`` plus :data:`BASE_CHARS`."""
    wanted = "".join(sorted(set(chars) | BASE_CHARS))
    rules = []
    seen: Set[Tuple[str, str]] = set()
    for role in sorted(fonts):
        face = fonts[role]
        for style in EMBEDDED_STYLES.get(role, tuple(STYLES)):
            font_style, weight = STYLES[style]
            path: Path = getattr(face, style)
            key = (face.family, style)
            if key in seen:
                continue
            seen.add(key)
            keep = "".join(c for c in wanted if ord(c) in _cmap(path))
            try:
                payload = subset_font(path, keep, flavor)
            except Exception as exc:  # fontTools raises many types for broken fonts
                raise RenderError([error(origin, None, f"cannot embed font '{path.name}': {exc}")]) from None
            rules.append(
                "@font-face{font-family:%s;font-style:%s;font-weight:%d;font-display:swap;"
                "src:url(%s) format(\"%s\");}" % (css_string(face.family), font_style, weight, data_uri(FLAVORS[flavor][1], payload), FLAVORS[flavor][2])
            )
    return "\n".join(rules)
