"""Font files cut down to what a document uses: subsets, static instances, TrueType outlines.

Shared by the memo (ReportLab needs static TrueType ``glyf`` outlines) and the
handout (WOFF2 for the page, plain TrueType for WeasyPrint). A fallback face may
be a variable font (pinned per style with ``axes``) or an OpenType file with
CFF outlines (Noto Sans CJK): :func:`subset_font` instances it, subsets it to
the characters asked for and, with ``truetype``, converts its cubic outlines
to quadratic ones (``fontTools.cu2qu``).

Every result is a pure function of the font's bytes, the characters, the
options, the recipe and fontTools' version, and is kept in briefgen's cache
(:mod:`briefgen.build.cache`): cached or not, the bytes are the same.
"""

from __future__ import annotations

import hashlib
import io
import logging
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import FrozenSet, Optional, Tuple

log = logging.getLogger(__name__)

SUBSET_RECIPE = "3"
"""Bump when :func:`_subset_font`'s options change (it is part of the cache key)."""

#: OpenType features kept for the theme's own faces (Latin typography).
LATIN_FEATURES = ("kern", "liga", "clig", "calt", "ccmp", "locl", "mark", "mkmk")

Axes = Tuple[Tuple[str, float], ...]


def needs_glyph(ch: str) -> bool:
    """True for a character that needs a glyph (not space, control, format or a
    variation selector)."""
    if ch.isspace() or not ch.isprintable():
        return False
    code = ord(ch)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return False
    return unicodedata.category(ch) not in ("Cf", "Cc", "Cs", "Co", "Cn")


def file_digest(path: Path) -> str:
    """The SHA-256 of a font file's bytes (remembered while its size and mtime hold)."""
    stat = path.stat()
    return _digest(path, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=64)
def _digest(path: Path, size: int, mtime: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=64)
def cmap(path: Path) -> FrozenSet[int]:
    """The code points the font at ``path`` has glyphs for.

    Reading a large face's cmap costs ~0.3-0.7 s (Noto Sans CJK: 44,000
    entries), so the code points are kept in the cache too, keyed by the
    file's bytes and fontTools' version.
    """
    import array

    import fontTools

    from ...build import cache

    name = hashlib.sha256(f"{file_digest(path)}\0cmap\0{fontTools.version}".encode()).hexdigest() + ".cmap"
    data = cache.read("fonts", name)
    if data is not None and len(data) % 4 == 0:
        codes = array.array("I")
        codes.frombytes(data)
        return frozenset(codes)
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        result = frozenset(font.getBestCmap() or {})
    cache.write("fonts", name, array.array("I", sorted(result)).tobytes())
    return result


@lru_cache(maxsize=128)
def subset_font(path: Path, chars: str, flavor: Optional[str] = "woff2", axes: Axes = (),
                truetype: bool = False, all_features: bool = False) -> bytes:
    """The font at ``path`` cut down to ``chars`` (sorted, unique).

    ``flavor`` is ``woff2`` or ``None``/``"ttf"`` (an sfnt); ``axes`` pins a
    variable font's axes (a static instance); ``truetype`` converts CFF outlines
    to ``glyf``; ``all_features`` keeps every OpenType feature (the shaping of
    Arabic needs ``init``/``medi``/``fina``/``rlig``...), else only
    :data:`LATIN_FEATURES`. Subsetting costs ~0.2-0.4 s per face, so results
    are kept on disk, keyed by everything they depend on.
    """
    import fontTools

    from ...build import cache

    real_flavor = None if flavor in (None, "ttf") else flavor
    options = repr((sorted(axes), truetype, all_features)).encode()
    key = hashlib.sha256(
        b"\0".join([file_digest(path).encode(), chars.encode("utf-8"), SUBSET_RECIPE.encode(), fontTools.version.encode(),
                    (flavor or "ttf").encode()] + ([options] if (axes or truetype or all_features) else []))
    ).hexdigest()
    name = f"{key}.{flavor or 'ttf'}"
    if real_flavor == "woff2":  # compress the sfnt subset (made once for both the handout and its PDF)
        return cache.computed("fonts", name, lambda: _to_woff2(subset_font(path, chars, None, axes, truetype, all_features)))
    return cache.computed("fonts", name, lambda: _subset_font(path, chars, None, axes, truetype, all_features))


def _to_woff2(sfnt: bytes) -> bytes:
    """``sfnt`` (a subset made by :func:`_subset_font`) as WOFF2: the same tables, compressed."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(sfnt), recalcTimestamp=False, recalcBBoxes=False)
    try:
        font.flavor = "woff2"
        out = io.BytesIO()
        font.save(out, reorderTables=False)
    finally:
        font.close()
    return out.getvalue()


def _subset_font(path: Path, chars: str, flavor: Optional[str], axes: Axes = (),
                 truetype: bool = False, all_features: bool = False) -> bytes:
    """Subset with fontTools; layout features (kerning, ligatures) are kept."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    # WOFF2. (WOFF would spare WeasyPrint its slow WOFF2 decoding, ~0.25 s a face,
    # but then WeasyPrint's PDF subsets carry a fresh timestamp: not reproducible.)
    options.flavor = flavor
    options.layout_features = ["*"] if all_features else list(LATIN_FEATURES)
    options.drop_tables = list(options.drop_tables) + ["meta"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.hinting = False
    options.desubroutinize = True
    font = TTFont(str(path), recalcTimestamp=False, lazy=True)  # same bytes, ~10-20 % faster
    try:
        subsetter = subset.Subsetter(options=options)
        subsetter.populate(unicodes=[ord(c) for c in chars])
        subsetter.subset(font)
        if axes and "fvar" in font:  # after subsetting: instancing few glyphs is fast
            from fontTools.varLib import instancer

            font = instancer.instantiateVariableFont(font, dict(axes), static=True)
        if truetype and "CFF " in font:
            _cff_to_glyf(font)
        out = io.BytesIO()
        font.flavor = flavor
        font.save(out, reorderTables=False)
    finally:
        font.close()
    return out.getvalue()


def _cff_to_glyf(font: object) -> None:
    """Replace ``font``'s CFF outlines by TrueType ones (in place).

    Cubic curves become quadratic within 1 font unit (``cu2qu``); the
    horizontal metrics are kept, vertical ones and the CFF-only tables go.
    """
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    glyph_order = font.getGlyphOrder()  # type: ignore[attr-defined]
    glyph_set = font.getGlyphSet()  # type: ignore[attr-defined]
    glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    for tag in ("CFF ", "VORG", "vhea", "vmtx"):
        if tag in font:  # type: ignore[operator]
            del font[tag]  # type: ignore[attr-defined]
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    font["glyf"] = glyf  # type: ignore[index]
    font["loca"] = newTable("loca")  # type: ignore[index]
    maxp = font["maxp"]  # type: ignore[index]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0
    head = font["head"]  # type: ignore[index]
    head.indexToLocFormat = 0
    head.glyphDataFormat = 0
    post = font["post"]  # type: ignore[index]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = None
    font.sfntVersion = "\x00\x01\x00\x00"  # type: ignore[attr-defined]
    glyf.compile(font)  # sets the bounding boxes
    maxp.recalc(font)
