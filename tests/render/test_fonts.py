"""Every script drawn: the fallback faces in all four outputs (issue 16, item 4).

Briefs whose title, an author and a heading are in Hangul, and one in Hebrew
and Arabic, go through the real ``briefgen build``; the outputs are read back
with poppler (``pdffonts``, ``pdftotext``), as HTML and as the deck's XML.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

import pytest

from tests.support import ROOT, no_traceback, pdftotext, run_briefgen, tool_missing
from tests.support.glyphs import glyph_problems, pdffonts

pytestmark = pytest.mark.skipif(tool_missing("pdffonts"), reason="poppler is not installed")

HANGUL = """---
title: "김정은 and the Talks"
date: "2018-08"
authors:
  - name: 김정은 연구자
    bio: 김정은 연구자 writes about the peninsula.
summary: |
  The bottom line: 북한 will not give up its weapons.
---

The lede names 조선민주주의인민공화국 once.

## 한반도의 평화

A paragraph with **김정은** in bold and a sign no face has: \U00012000.
"""

RTL = """---
title: "ירושלים and القدس"
date: "2018-08"
authors:
  - name: "דנה כהן"
    bio: "Dana writes about policy."
---

## القدس

The city is ירושלים in Hebrew and القدس in Arabic.

שלום עולם ומלואו.
"""


def _build(tmp: Path, name: str, text: str, *extra: str) -> tuple:
    (tmp / "sources").mkdir(parents=True, exist_ok=True)
    source = tmp / "sources" / f"{name}.md"
    source.write_text(text, encoding="utf-8")
    result = run_briefgen(["build", f"sources/{name}.md", *extra], tmp, env={"SOURCE_DATE_EPOCH": "1533081600"})
    no_traceback(result.stderr)
    assert result.returncode == 0, result.stderr
    return source, result.stderr, tmp / "build" / name


@pytest.fixture(scope="module")
def hangul(tmp_path_factory) -> tuple:
    return _build(tmp_path_factory.mktemp("hangul"), "korea", HANGUL)


@pytest.fixture(scope="module")
def rtl(tmp_path_factory) -> tuple:
    return _build(tmp_path_factory.mktemp("rtl"), "jerusalem", RTL)


def _deck_xml(out: Path) -> str:
    with zipfile.ZipFile(out / "deck.pptx") as archive:
        return "\n".join(archive.read(n).decode("utf-8") for n in sorted(archive.namelist()) if n.startswith("ppt/slides/slide"))


# --------------------------------------------------------------------------- Hangul


@pytest.mark.parametrize("pdf", ["memo.pdf", "handout.pdf"])
def test_hangul_face_is_embedded_and_gives_the_text_back(hangul: tuple, pdf: str) -> None:
    _source, _stderr, out = hangul
    assert "NotoSansCJK" in pdffonts(out / pdf).replace("-", "")
    text = re.sub(r"\s+", " ", pdftotext(out / pdf))
    for word in ("김정은 and the Talks", "김정은 연구자", "한반도의 평화", "조선민주주의인민공화국", "북한"):
        assert word in text, f"{pdf} lacks {word!r}"


def test_hangul_in_the_handout_and_the_deck(hangul: tuple) -> None:
    _source, _stderr, out = hangul
    html = (out / "handout.html").read_text(encoding="utf-8")
    rules = re.findall(r'@font-face\{font-family:"Noto Sans CJK TC";[^}]*\}', html)
    assert len(rules) == 2 and all("src:url(data:font/woff2;base64," in r for r in rules)
    assert "unicode-range:" in rules[0] and "U+AE40" in rules[0]  # 김
    assert re.search(r'--font-heading: "IBM Plex Sans Condensed", [^;]*"Noto Sans CJK TC"', html)
    deck = _deck_xml(out)
    assert re.search(r'<a:rPr[^>]*lang="ko-KR"[^>]*>(?:(?!</a:rPr>).)*<a:ea typeface="Malgun Gothic"/>', deck)


def test_only_the_character_no_face_has_is_warned(hangul: tuple) -> None:
    source, stderr, out = hangul
    glyph_warnings = [l for l in stderr.splitlines() if "glyph" in l or "empty boxes" in l]
    assert glyph_warnings, stderr
    for line in glyph_warnings:
        assert "U+12000" in line, line
        assert not re.search(r"U\+(AC|B|C|D[0-7])[0-9A-F]{2,3}\b", line), line  # no Hangul named
    assert "korea.md:15: warning: no font has glyphs for: U+12000" in stderr
    assert glyph_problems(source, stderr, out) == []


# --------------------------------------------------------------------------- Hebrew and Arabic


@pytest.mark.parametrize("pdf", ["memo.pdf", "handout.pdf"])
def test_rtl_faces_are_embedded_and_give_the_words_back(rtl: tuple, pdf: str) -> None:
    _source, _stderr, out = rtl
    fonts = pdffonts(out / pdf).replace("-", "")
    assert "Heebo" in fonts and "IBMPlexSansArabic" in fonts, fonts
    # poppler gives right-to-left words back in logical order; the memo's joined
    # Arabic letters come back as presentation forms (NFKC folds them)
    text = unicodedata.normalize("NFKC", pdftotext(out / pdf))
    for word in ("ירושלים", "القدس", "דנה כהן", "שלום עולם"):
        assert word in text, f"{pdf} lacks {word!r}: {text!r}"


def test_rtl_direction_in_the_handout_and_the_deck(rtl: tuple) -> None:
    source, stderr, out = rtl
    html = (out / "handout.html").read_text(encoding="utf-8")
    assert '<p dir="rtl">שלום עולם ומלואו.</p>' in html  # (three words: the deck makes no bullet of fewer)
    assert re.search(r'<h2 id="[^"]*" dir="rtl">القدس</h2>', html)
    assert '<h1 class="title" dir="rtl">' in html
    assert '<p dir="auto">The city is' in html  # left to right, with right-to-left words
    deck = _deck_xml(out)
    assert re.search(r'<a:pPr[^>]*rtl="1"[^>]*>(?:(?!</a:p>).)*שלום עולם', deck)
    assert re.search(r'<a:rPr[^>]*lang="he-IL"[^>]*>(?:(?!</a:rPr>).)*<a:cs typeface="Arial"/>', deck)
    assert "glyph" not in stderr and "empty boxes" not in stderr, stderr
    assert glyph_problems(source, stderr, out) == []


def test_a_child_layout_can_drop_a_fallback_face(tmp_path: Path) -> None:
    """The negative fixture of the checker: without the CJK face, Hangul is
    warned about and the checker finds no face embedded for it."""
    layout = tmp_path / "layouts" / "nocjk"
    layout.mkdir(parents=True)
    (layout / "theme.yaml").write_text("extends: default\nname: nocjk\nfallback_fonts:\n  cjk: null\n", encoding="utf-8")
    source, stderr, out = _build(tmp_path, "korea", HANGUL, "--layout", "nocjk", "--only", "memo,handout")
    assert "NotoSansCJK" not in pdffonts(out / "memo.pdf").replace("-", "")
    assert "U+AE40" in stderr  # 김 is named now
    assert glyph_problems(source, stderr, out, "nocjk", tmp_path) == []
    # ...and the checker fails the same outputs judged against the default layout
    assert any("Noto Sans CJK TC" in p for p in glyph_problems(source, "", out))


# --------------------------------------------------------------------------- the pieces


@pytest.mark.parametrize(
    "logical, visual",
    [
        ("no right-to-left here", "no right-to-left here"),
        ("and مرحبا بالعالم here", "and بالعالم مرحبا here"),
        ("Hebrew שלום עולם, and", "Hebrew עולם ,שלום and"),  # the comma ends the run: drawn at its right
        ("Also القدس.", "Also .القدس"),
        ("שלום IBM Plex עולם", "עולם IBM Plex שלום"),  # right-to-left line, a left-to-right run inside
        ("מספר 123 באמצע", "באמצע 123 מספר"),
    ],
)
def test_visual_word_order(logical: str, visual: str) -> None:
    from briefgen.render.common.bidi import visual_words

    assert visual_words(logical) == visual


def test_base_direction() -> None:
    from briefgen.render.common.bidi import base_direction

    assert base_direction("123 שלום abc") == "rtl"
    assert base_direction("“Hello” שלום") == "ltr"
    assert base_direction("123 ...") is None


def _default_faces():
    from briefgen.layout import load_layout

    return {f.key: f for f in load_layout("default", ROOT).theme.fallback_fonts}


def test_cff_face_becomes_deterministic_truetype(monkeypatch, tmp_path: Path) -> None:
    import io

    from fontTools.ttLib import TTFont

    from briefgen.render.common import fontfiles

    cjk = _default_faces()["cjk"]
    chars = "".join(sorted(set("김정은 中文")))
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", "")
    first = fontfiles._subset_font(cjk.regular, chars, None, (), True, True)
    assert first == fontfiles._subset_font(cjk.regular, chars, None, (), True, True)
    font = TTFont(io.BytesIO(first))
    assert "glyf" in font and "CFF " not in font
    assert {ord(c) for c in chars} <= set(font.getBestCmap())
    # cached and fresh are the same bytes
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path))
    fontfiles.subset_font.cache_clear()
    assert fontfiles.subset_font(cjk.regular, chars, "ttf", (), True, True) == first
    fontfiles.subset_font.cache_clear()
    assert fontfiles.subset_font(cjk.regular, chars, "ttf", (), True, True) == first


def test_variable_face_is_pinned_per_style(monkeypatch) -> None:
    import io

    from fontTools.ttLib import TTFont

    from briefgen.render.common import fontfiles

    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", "")
    hebrew = _default_faces()["hebrew"]
    weights = []
    for style in ("regular", "bold"):
        data = fontfiles._subset_font(getattr(hebrew, style), "שלום", None, hebrew.style_axes(style), True, True)
        font = TTFont(io.BytesIO(data))
        assert "fvar" not in font and "glyf" in font
        weights.append(font["OS/2"].usWeightClass)
    assert weights == [400, 600]


def test_a_latin_brief_never_opens_the_fallback_faces(monkeypatch) -> None:
    """The memo stays fast: no fallback cmap is read, nothing is registered."""
    from briefgen.layout import load_layout
    from briefgen.render.common import fontfiles
    from briefgen.render.pdfkit import fonts

    opened = []
    real = fontfiles.cmap
    monkeypatch.setattr(fontfiles, "cmap", lambda path: opened.append(path) or real(path))
    theme = load_layout("default", ROOT).theme
    fallback_files = {path for face in theme.fallback_fonts for path in face.files()}
    # The theme's own faces may be read here (their code points, once per process: whether an earlier
    # test read them depends on the order the tests run in); a fallback face never is.
    latin = fonts.register_theme_fonts(theme, set("Plain English, “quoted” — 100 %"))
    assert latin.fallbacks == () and not latin.shaping and not fallback_files & set(opened)
    mixed = fonts.register_theme_fonts(theme, set("Kim 김 and שלום"))
    assert mixed.fallbacks == ("fallback:hebrew", "fallback:cjk") and mixed.shaping
    assert mixed.fallback_for("body", "김") == "fallback:cjk"
    # negative case: the spy sees a fallback face when one is needed
    assert fallback_files & set(opened)


def test_fallback_entries_merge_by_key(tmp_path: Path) -> None:
    from briefgen.errors import LayoutError
    from briefgen.layout import load_layout

    folder = tmp_path / "layouts" / "child"
    folder.mkdir(parents=True)
    (folder / "theme.yaml").write_text(
        "extends: default\nname: child\nfallback_fonts:\n  arabic: null\n"
        "  hebrew:\n    family: Heebo\n    package: fontpkg_heebo\n    regular: \"Heebo[wght].ttf\"\n    axes: {bold: {wght: 800}}\n",
        encoding="utf-8",
    )
    faces = load_layout("child", tmp_path).theme.fallback_fonts
    assert [f.key for f in faces] == ["hebrew", "cjk"]
    assert faces[0].style_axes("bold_italic") == (("wght", 800.0),) and faces[0].style_axes("regular") == ()
    (folder / "theme.yaml").write_text("extends: default\nfallback_fonts:\n  thai:\n    family: X\n    regular: nofile.ttf\n", encoding="utf-8")
    with pytest.raises(LayoutError, match=r"fallback_fonts\.thai\.regular: font file 'nofile.ttf' not found"):
        load_layout("child", tmp_path)


def test_subsets_of_one_face_stay_apart_in_one_process() -> None:
    """Two briefs rendered by one worker (and a variable face's instances, which
    keep one PostScript name) must not share ReportLab's font objects: ReportLab
    maps a font to an earlier one of the same face name, and drew boxes."""
    from reportlab.pdfbase import pdfmetrics

    from briefgen.layout import load_layout
    from briefgen.render.pdfkit import fonts

    theme = load_layout("default", ROOT).theme
    first = fonts.register_theme_fonts(theme, set("مرحبا שלום"))
    second = fonts.register_theme_fonts(theme, set("القدس ירושלים"))
    for key in ("fallback:arabic", "fallback:hebrew"):
        a, b = pdfmetrics.getFont(first.name(key)), pdfmetrics.getFont(second.name(key))
        assert a is not b and ord("ق") in second.cmaps["fallback:arabic"]
        assert pdfmetrics.getFont(second.name(key, "bold")) is not b


def test_bold_text_takes_the_bold_fallback_face(hangul: tuple) -> None:
    """The title, a heading, a bold run and the byline are bold: so is their Hangul."""
    _source, _stderr, out = hangul
    for pdf in ("memo.pdf", "handout.pdf"):
        names = pdffonts(out / pdf).lower().replace("-", "")
        assert "notosanscjktcbold" in names and re.search(r"notosanscjktc(regular|\n|$)", names), names


def test_fallback_outputs_are_reproducible_cached_or_not(hangul: tuple, tmp_path: Path) -> None:
    """Same source and SOURCE_DATE_EPOCH: the same bytes, whether the font
    cache is warm (the fixture's build) or off (this one)."""
    _source, _stderr, out = hangul
    _s, _e, again = _build(tmp_path, "korea", HANGUL, "--force")
    fresh = run_briefgen(["build", "sources/korea.md", "--force"], tmp_path,
                         env={"SOURCE_DATE_EPOCH": "1533081600", "BRIEFGEN_CACHE_DIR": ""})
    assert fresh.returncode == 0, fresh.stderr
    for name in ("memo.pdf", "handout.html", "handout.pdf", "deck.pptx"):
        assert (again / name).read_bytes() == (out / name).read_bytes(), name


def test_a_wrapping_right_to_left_paragraph_is_warned(tmp_path: Path) -> None:
    text = RTL.replace("שלום עולם ומלואו.\n", "שלום עולם " * 30 + "\n\nשלום עולם\n")
    _source, stderr, out = _build(tmp_path, "long", text, "--only", "memo")
    warned = [l for l in stderr.splitlines() if "right-to-left paragraph" in l]
    assert len(warned) == 1 and warned[0].startswith("sources/long.md:13:"), stderr
    assert "שלום עולם" in pdftotext(out / "memo.pdf")


@pytest.mark.slow
@pytest.mark.skipif(tool_missing("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_reads_the_scripts_of_both_decks(hangul: tuple, rtl: tuple, tmp_path: Path) -> None:
    """LibreOffice opens the decks and gives their Hangul, Hebrew and Arabic
    back in logical order (which face it draws them with depends on the
    machine's fonts: the deck can only name them)."""
    import shutil
    import subprocess

    for (_s, _e, out), name in ((hangul, "korea"), (rtl, "jerusalem")):
        shutil.copyfile(out / "deck.pptx", tmp_path / f"{name}.pptx")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "korea.pptx"), str(tmp_path / "jerusalem.pptx")],
                   check=True, capture_output=True, timeout=300)
    korea = pdftotext(tmp_path / "korea.pdf")
    assert "김정은 and the Talks" in korea and "한반도의 평화" in korea
    jerusalem = unicodedata.normalize("NFKC", pdftotext(tmp_path / "jerusalem.pdf"))
    for word in ("ירושלים", "القدس", "שלום עולם"):
        assert word in jerusalem, jerusalem
