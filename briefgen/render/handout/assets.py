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
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

from ...errors import RenderError, error
from ... import model as m
from ..common import bidi
from ..common.fontfiles import SUBSET_RECIPE, cmap, needs_glyph, subset_font  # noqa: F401 - re-exported

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
    ignoring whitespace and control characters. Fonts are read in order and
    only while some character is still uncovered (a large fallback face is
    not opened for a brief its earlier faces already cover)."""
    remaining = {c for c in set(chars) if _visible(c)}
    for path in fonts:
        if not remaining:
            break
        font_cmap = _cmap(path)
        remaining = {c for c in remaining if ord(c) not in font_cmap}
    return sorted(remaining)


_visible = needs_glyph  # the name the handout used before the shared module


def font_face_css(fonts: Mapping[str, object], chars: Iterable[str], origin: str, flavor: str = "woff2",
                  fallbacks: Sequence[object] = ()) -> str:
    """``@font-face`` rules for every role and style of the theme's fonts, each
    subset to ``chars`` plus :data:`BASE_CHARS`, then for each fallback face
    that draws characters some role's face lacks (regular and bold, subset to
    those characters, with their ``unicode-range``)."""
    wanted = "".join(sorted(set(chars) | BASE_CHARS))
    rules = []
    seen: Set[Tuple[str, str]] = set()
    faces: List[Tuple[str, str, int, Path, str]] = []
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
            faces.append((face.family, font_style, weight, path, keep))
    if flavor == "woff2":
        # On a cold font cache the handout and its PDF run at once in two workers and
        # need the same subsets: the PDF makes them first to last, the handout last to
        # first, so each face is subset once (the cache's lock) by whichever gets there.
        for _family, _style, _weight, path, keep in reversed(faces):
            _embed(path, keep, flavor, origin)
    for family, font_style, weight, path, keep in faces:
        rules.append(_face_rule(family, font_style, weight, _embed(path, keep, flavor, origin), flavor))
    rules.extend(_fallback_rules(fonts, fallbacks, set(chars), origin, flavor))
    return "\n".join(rules)


def _embed(path: Path, keep: str, flavor: str, origin: str, axes: Tuple[Tuple[str, float], ...] = (),
           all_features: bool = False) -> bytes:
    try:
        return subset_font(path, keep, flavor, axes, False, all_features)
    except Exception as exc:  # fontTools raises many types for broken fonts
        raise RenderError([error(origin, None, f"cannot embed font '{path.name}': {exc}")]) from None


def _face_rule(family: str, font_style: str, weight: int, payload: bytes, flavor: str, ranges: str = "") -> str:
    extra = f"unicode-range:{ranges};" if ranges else ""
    return (
        "@font-face{font-family:%s;font-style:%s;font-weight:%d;font-display:swap;%s"
        "src:url(%s) format(\"%s\");}" % (css_string(family), font_style, weight, extra, data_uri(FLAVORS[flavor][1], payload), FLAVORS[flavor][2])
    )


def _fallback_rules(fonts: Mapping[str, object], fallbacks: Sequence[object], chars: Set[str],
                    origin: str, flavor: str) -> List[str]:
    """The fallback faces' rules: only faces that draw some character of
    ``chars`` that a role's face lacks, each with the characters it is the
    first fallback to cover."""
    role_cmaps = [_cmap(fonts[role].regular) for role in sorted(fonts)]
    lacking = {c for c in chars if _visible(c) and any(ord(c) not in cm for cm in role_cmaps)}
    rules: List[str] = []
    for face in fallbacks:
        if not lacking:
            break
        face_cmap = _cmap(face.regular)  # type: ignore[attr-defined]
        mine = sorted(c for c in lacking if ord(c) in face_cmap)
        if not mine:
            continue
        lacking -= set(mine)
        # spaces and punctuation between the face's letters are set in it too
        # (WeasyPrint keeps a run in one face, whatever its unicode-range)
        keep = "".join(sorted(set(mine) | {c for c in chars | {" "} if c.isspace() or bidi.is_neutral(c)}))
        ranges = unicode_ranges(ord(c) for c in mine)
        for style in ("regular", "bold"):
            font_style, weight = STYLES[style]
            path = getattr(face, style)
            payload = _embed(path, keep, flavor, origin, face.style_axes(style), True)  # type: ignore[attr-defined]
            rules.append(_face_rule(face.family, font_style, weight, payload, flavor, ranges))  # type: ignore[attr-defined]
    return rules


def unicode_ranges(codes: Iterable[int]) -> str:
    """``U+5D0-5D4,U+AC00`` for the code points (sorted, consecutive ones merged)."""
    out: List[str] = []
    start = prev = None
    for code in sorted(set(codes)):
        if prev is not None and code == prev + 1:
            prev = code
            continue
        if start is not None:
            out.append(f"U+{start:X}" if start == prev else f"U+{start:X}-{prev:X}")
        start = prev = code
    if start is not None:
        out.append(f"U+{start:X}" if start == prev else f"U+{start:X}-{prev:X}")
    return ",".join(out)
