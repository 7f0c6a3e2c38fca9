"""Runs in other scripts: the fonts and languages a deck names for them.

A ``.pptx`` cannot carry fonts; PowerPoint and LibreOffice pick a face per
character class from the run's ``a:latin``, ``a:ea`` (East Asian: Hangul, Han,
kana) and ``a:cs`` (complex scripts: Arabic, Hebrew) typefaces, and shape and
order right-to-left text themselves when the paragraph says ``rtl="1"``. The
theme names the faces (``deck.fonts.east_asian``, ``deck.fonts.complex``):
by default Malgun Gothic and Arial, which Office ships and for which
LibreOffice substitutes the system's Noto/DejaVu faces.
"""

from __future__ import annotations

from typing import Optional

from pptx.oxml.ns import qn

from ..common import bidi

#: rPr children that must come after a:latin/a:ea/a:cs (ECMA-376 CT_TextCharacterProperties).
_AFTER = tuple(qn(t) for t in ("a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst"))


def _script_of(text: str) -> "tuple[bool, bool, Optional[str]]":
    """(has East Asian, has complex script, a language tag or None) for ``text``."""
    east = complex_ = False
    lang: Optional[str] = None
    for char in text:
        code = ord(char)
        if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
            east, lang = True, lang or "ko-KR"
        elif 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF or 0x20000 <= code <= 0x3FFFF:
            east = True
        elif 0x0590 <= code <= 0x05FF or 0xFB1D <= code <= 0xFB4F:
            complex_, lang = True, lang or "he-IL"
        elif 0x0600 <= code <= 0x08FF or 0xFB50 <= code <= 0xFEFC:
            complex_, lang = True, lang or "ar-SA"
    return east, complex_, lang


def mark_scripts(element: object, east_asian: str, complex_face: str) -> None:
    """Name ``east_asian``/``complex_face`` (``a:ea``/``a:cs``) and a ``lang`` on
    every run of ``element`` (a slide's XML) that holds such characters, and
    make paragraphs whose first strong character is right-to-left ``rtl="1"``
    (right-aligned)."""
    for body in element.iter(qn("p:txBody"), qn("a:txBody")):  # type: ignore[attr-defined]
        paras = list(body.iter(qn("a:p")))
        rtl = [bidi.base_direction("".join(t.text or "" for t in p.iter(qn("a:t")))) == "rtl" for p in paras]
        if not any(rtl):
            continue
        for para, is_rtl in zip(paras, rtl):
            ppr = para.find(qn("a:pPr"))
            if ppr is None:
                ppr = para.makeelement(qn("a:pPr"), {})
                para.insert(0, ppr)
            # explicit both ways: LibreOffice carries rtl over to the next paragraph
            ppr.set("rtl", "1" if is_rtl else "0")
            if is_rtl:
                ppr.set("algn", "r")
    for para in element.iter(qn("a:p")):  # type: ignore[attr-defined]
        for run in para.iter(qn("a:r")):
            t = run.find(qn("a:t"))
            east, complex_, lang = _script_of(t.text or "" if t is not None else "")
            if not (east or complex_):
                continue
            rpr = run.find(qn("a:rPr"))
            if rpr is None:
                rpr = run.makeelement(qn("a:rPr"), {})
                run.insert(0, rpr)
            if lang:
                rpr.set("lang", lang)
            for wanted, tag, face in ((east, "a:ea", east_asian), (complex_, "a:cs", complex_face)):
                if not wanted or not face or rpr.find(qn(tag)) is not None:
                    continue
                node = rpr.makeelement(qn(tag), {"typeface": face})
                _insert(rpr, node)


RUN_PROPS = ("a:rPr", "a:endParaRPr", "a:defRPr")
"""The run-property elements whose ``lang`` PowerPoint's proofing reads (a run's, a paragraph end's, a default)."""


def mark_language(element: object, lang: str) -> None:
    """Give every run of ``element`` (a slide, its notes, a chart) the brief's language ``lang`` (``fr-FR``),
    so PowerPoint spell-checks it in that language. A run already in another script's
    language (``ko-KR``, set by :func:`mark_scripts`) keeps it; one marked ``en-US`` (a
    template's default) is changed."""
    for run in element.iter(qn("a:r"), qn("a:fld")):  # type: ignore[attr-defined]
        if run.find(qn("a:rPr")) is None:
            run.insert(0, run.makeelement(qn("a:rPr"), {}))
    for tag in RUN_PROPS:
        for rpr in element.iter(qn(tag)):  # type: ignore[attr-defined]
            if rpr.get("lang") in (None, "", "en-US"):
                rpr.set("lang", lang)


def _insert(rpr: object, node: object) -> None:
    """Insert ``node`` (a:ea or a:cs) in schema order: after a:latin/a:ea, before a:sym..."""
    for i, child in enumerate(rpr):  # type: ignore[attr-defined]
        if child.tag in _AFTER or (node.tag == qn("a:ea") and child.tag == qn("a:cs")):  # type: ignore[attr-defined]
            rpr.insert(i, node)  # type: ignore[attr-defined]
            return
    rpr.append(node)  # type: ignore[attr-defined]
