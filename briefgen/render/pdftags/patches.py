"""The three places where tagging changes ReportLab's behaviour (ReportLab pinned at 5.1.0).

All monkeypatches live here, installed once by :func:`install` (idempotent).
``tests/test_pdftags.py`` fails if the functions patched change in a new
ReportLab release (their source is fingerprinted in :data:`FINGERPRINTS`).

1. ``ttfonts.makeToUnicodeCMap``: ReportLab's TrueType subsets map every
   unused code of a 256-code subset to U+0000, which PDF/UA forbids (7.21.7;
   page-validation's PDFUA1-FONT-UNICODE-VALUE-001). The patched version
   leaves unused codes out and writes code points above U+FFFF as UTF-16
   surrogate pairs. It changes only the ToUnicode stream, for every PDF.
2. ``PDFTextObject._textOut``: ReportLab drops the space at each line break,
   so text read from the tags runs words together ("GoNowhere"). Inside a
   tagged sequence, a line that ends without a space or a hyphen gets a
   trailing space: invisible, as nothing follows it on the line.
3. ``paragraph._drawBullet``: a Paragraph's ``bulletText`` is drawn as its
   own text object; it is bracketed as the paragraph's ``Lbl`` node (set by
   the flowable mixin), or as an artifact when it has none.
"""

from __future__ import annotations

import hashlib
import inspect
from typing import Any, Callable, Dict, List

#: sha256 (first 16 hex digits) of the source of each function patched, in ReportLab 5.1.0.
FINGERPRINTS: Dict[str, str] = {}

_installed: List[bool] = []


def fingerprint(func: Callable) -> str:
    """A short hash of ``func``'s source (to notice a ReportLab upgrade under a patch)."""
    return hashlib.sha256(inspect.getsource(func).encode()).hexdigest()[:16]


def to_unicode_cmap(fontname: str, subset: List[int]) -> str:
    """A ToUnicode CMap for ``subset`` (codes to code points), unused (0) codes left out."""
    entries = []
    for code, cp in enumerate(subset):
        if not cp:
            continue
        if cp > 0xFFFF:
            v = cp - 0x10000
            hexval = "%04X%04X" % (0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF))
        else:
            hexval = "%04X" % cp
        entries.append("<%02X> <%s>" % (code, hexval))
    cmap = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        "<< /Registry (%s)" % fontname, "/Ordering (%s)" % fontname, "/Supplement 0", ">> def",
        "/CMapName /%s def" % fontname, "/CMapType 2 def", "1 begincodespacerange",
        "<00> <%02X>" % (max(len(subset), 1) - 1), "endcodespacerange",
    ]
    for start in range(0, len(entries), 100):  # at most 100 entries per bfchar block
        chunk = entries[start : start + 100]
        cmap += ["%d beginbfchar" % len(chunk)] + chunk + ["endbfchar"]
    cmap += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(cmap)


def install() -> None:
    """Install the three patches (once)."""
    if _installed:
        return
    from reportlab.pdfbase import ttfonts
    from reportlab.pdfgen import textobject
    from reportlab.platypus import paragraph

    FINGERPRINTS.update({
        "makeToUnicodeCMap": fingerprint(ttfonts.makeToUnicodeCMap),
        "_textOut": fingerprint(textobject.PDFTextObject._textOut),
        "_drawBullet": fingerprint(paragraph._drawBullet),
    })
    ttfonts.makeToUnicodeCMap = to_unicode_cmap

    text_out = textobject.PDFTextObject._textOut

    def _textOut(self: Any, text: str, TStar: int = 0) -> None:  # ReportLab's names
        rec = getattr(self._canvas, "_pdftags", None)
        if TStar and text and rec is not None and rec.stack and not rec.in_artifact \
                and not text[-1].isspace() and text[-1] not in "-\u00ad\u2010\u2011":
            text += " "
        text_out(self, text, TStar)

    textobject.PDFTextObject._textOut = _textOut

    draw_bullet = paragraph._drawBullet

    def _drawBullet(canvas: Any, *args: Any, **kw: Any) -> Any:
        rec = getattr(canvas, "_pdftags", None)
        if rec is None or not rec.stack:
            return draw_bullet(canvas, *args, **kw)
        from .tree import LAYOUT

        with canvas.tagged(rec.label or LAYOUT):
            return draw_bullet(canvas, *args, **kw)

    paragraph._drawBullet = _drawBullet
    _installed.append(True)
