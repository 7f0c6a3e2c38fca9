"""Turn the typed ``styles:`` of ``memo.yaml`` (:mod:`.stylespecs`) into ReportLab paragraph styles."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Dict

from .config import MemoConfig
from .fonts import FontSet
from .hyphens import LEFT_MIN, RIGHT_MIN, Hyphenator, install_rejoin_fix, install_url_breaks
from .stylespecs import read_style

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class StyleInfo:
    """Extra facts about a style that ReportLab's ParagraphStyle does not carry."""

    role: str
    upper: bool


def _lang_for_pyphen(lang: str) -> str:
    """The pyphen dictionary for a BCP 47 tag, or '' when pyphen has none."""
    try:
        import pyphen
    except ImportError:  # pragma: no cover - pyphen is a dependency
        return ""
    tag = (lang or "en").replace("-", "_")
    if tag.lower() == "en":  # pyphen's bare "en" is British (pro-cess, fa-cing); an unmarked English is American
        tag = "en_US"
    found = pyphen.language_fallback(tag)
    if not found and tag.lower().startswith("en"):
        found = pyphen.language_fallback("en_US")
    if found:
        from .hyphens import preload

        preload(found)
    return found or ""


class _FreshLineOnly(int):
    """ReportLab's ``embeddedHyphenation`` as 2 (above 1: a word that cannot be broken to fit the
    rest of a line is tried again at the start of the next, so a web address starting late in a
    line moves on and breaks after a '/' there instead of being cut letter by letter, "htt / ps:"),
    yet false where ReportLab asks whether to break a compound at its own hyphen: the
    :class:`~.hyphens.Hyphenator` does that, counting the hyphenated lines in a row."""

    def __bool__(self) -> bool:
        return False


FRESH_LINE = _FreshLineOnly(2)

#: The smallest type a style is scaled down to (a publications desk's floor: 7.5 pt).
MIN_TYPE_SIZE = 7.5


class Stylesheet:
    """Every paragraph style of the memo by name, built from ``memo.yaml``."""

    def __init__(self, cfg: MemoConfig, fonts: FontSet, lang: str,
                 size: float = 1.0, leading: float = 1.0, space: float = 1.0) -> None:
        """``size``, ``leading`` and ``space`` scale every style's font size, line height
        (on top of the size) and paragraph spacing: the one-pager fits by them, and a memo
        over its page budget tries tighter settings with them."""
        from reportlab.lib.styles import ParagraphStyle

        self.factors = (size, leading, space)
        self.lang = lang
        self.cfg = cfg
        self.fonts = fonts
        self.hyphen_lang = _lang_for_pyphen(lang) if cfg.settings.paragraphs.hyphenate else ""
        exceptions = {word.replace("-", ""): word for word in cfg.settings.paragraphs.hyphen_exceptions}
        self.hyphenator = Hyphenator(self.hyphen_lang, exceptions) if self.hyphen_lang else None
        install_url_breaks()
        install_rejoin_fix()  # a word broken after its own hyphen keeps it when broken again
        self._styles: Dict[str, ParagraphStyle] = {}
        self._info: Dict[str, StyleInfo] = {}
        for name in cfg.style_names():
            self._build(name)

    def __getitem__(self, name: str) -> Any:
        if name not in self._styles:
            self._build(name)
        return self._styles[name]

    def info(self, name: str) -> StyleInfo:
        """Role and case of style ``name``."""
        self[name]
        return self._info[name]

    def derive(self, name: str, **changes: Any) -> Any:
        """A copy of style ``name`` with ReportLab attributes changed (cached)."""
        key = name + "|" + "|".join(f"{k}={v}" for k, v in sorted(changes.items()))
        if key not in self._styles:
            from reportlab.lib.styles import ParagraphStyle

            self._styles[key] = ParagraphStyle(key, parent=self[name], **changes)
            self._info[key] = self.info(name)
        return self._styles[key]

    def _build(self, name: str) -> None:
        from reportlab.lib.colors import HexColor
        from reportlab.lib.styles import ParagraphStyle

        spec = self.cfg.settings.styles.get(name) or read_style(self.cfg, name)  # a missing style: its error
        size_f, leading_f, space_f = self.factors
        size, leading = spec.size, spec.leading
        # scaled down (the one-pager's fit, a memo over budget) never below the smallest print type
        scaled = max(size * size_f, min(size, MIN_TYPE_SIZE))
        size, leading = scaled, leading * (scaled / size if size else size_f) * leading_f
        style = ParagraphStyle(
            name,
            fontName=self.fonts.name(spec.role, spec.weight),
            fontSize=size,
            leading=leading,
            textColor=HexColor(spec.color),
            alignment=spec.alignment,
            spaceBefore=spec.space_before * space_f,
            spaceAfter=spec.space_after * space_f,
            leftIndent=spec.left_indent,
            rightIndent=spec.right_indent,
            firstLineIndent=spec.first_line_indent,
            keepWithNext=int(spec.keep_with_next),
            allowOrphans=int(spec.allow_orphans),
            allowWidows=int(spec.allow_widows),
            bulletFontName=self.fonts.name(spec.role, "regular"),
            bulletFontSize=size,
            linkUnderline=0,
            splitLongWords=1,  # the last resort for a token wider than the line: never past the margin
            hyphenationLang=self.hyphenator if spec.hyphenate and self.hyphen_lang else "",
            hyphenationMinWordLength=LEFT_MIN + RIGHT_MIN,
            # a break after a hyphen the text has: the hyphenator's (it counts hyphenated lines in a row);
            # either way a word that fits nowhere on this line is tried again on the next (see FRESH_LINE)
            embeddedHyphenation=FRESH_LINE if spec.hyphenate and self.hyphen_lang and self.hyphenator else 2,
            uriWasteReduce=0.3,
            wordWrap=None,
            shaping=1 if self.fonts.shaping else 0,
        )
        self._styles[name] = style
        self._info[name] = StyleInfo(role=spec.role, upper=spec.upper)

    def rgb(self, value: str) -> Any:
        """A ReportLab color for a ``#RRGGBB`` color of the typed settings (``cfg.settings.boxes.code.background``)."""
        from reportlab.lib.colors import HexColor

        return HexColor(value)

    def table_font(self) -> list:
        """TableStyle commands that set the body face for every cell.

        ReportLab's tables select ``Helvetica`` for each cell before drawing it
        unless told otherwise, which would put an unembedded font in the PDF.
        """
        body = self["base"]
        return [("FONT", (0, 0), (-1, -1), body.fontName, body.fontSize, body.leading),
                ("TEXTCOLOR", (0, 0), (-1, -1), body.textColor)]

    def theme_color(self, name: str) -> Any:
        """A ReportLab color for a theme color name."""
        from reportlab.lib.colors import HexColor

        return HexColor(self.cfg.resolve_color(name, name))
