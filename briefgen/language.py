"""A brief's language: its BCP 47 tag checked and spelled the ways each output wants it, and dates in it.

The source's ``lang:`` (or the layout's ``lang:`` when the source has none) is a
BCP 47 tag such as ``fr``, ``es``, ``de``, ``en-GB`` or ``fr-CA``. This module is
pure and light (Babel is imported only to write a date in a language other
than English):

- :func:`check_tag` says what is wrong with a malformed tag (``fr_CA``, ``french``);
- :func:`canonical` spells it the standard way (``fr-ca`` -> ``fr-CA``);
- :func:`primary` is its language alone (``fr-CA`` -> ``fr``), which picks the
  shipped label table, the sentence splitter and the hyphenation patterns;
- :func:`office_tag` adds the usual region Office needs (``fr`` -> ``fr-FR``) for
  the deck's runs and the docx's ``w:lang``, so spell-check works;
- :func:`long_date`, :func:`day_date` write dates in the language (``5 août 2018``);
- :func:`quotes_for` gives its quotation marks (the source's typographer and any quote briefgen adds).

English dates keep briefgen's own wording (``August 5, 2018``) without Babel, so an
English brief's bytes do not depend on Babel's data.
"""

from __future__ import annotations

import calendar
import datetime
import logging
import re
from typing import Optional, Sequence

log = logging.getLogger(__name__)

DEFAULT_LANG = "en"

_TAG = re.compile(
    r"^(?P<lang>[A-Za-z]{2,3})"
    r"(?:-(?P<script>[A-Za-z]{4}))?"
    r"(?:-(?P<region>[A-Za-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$"
)

OFFICE_REGIONS = {
    "en": "US", "fr": "FR", "es": "ES", "de": "DE", "it": "IT", "pt": "BR", "nl": "NL", "sv": "SE", "da": "DK",
    "nb": "NO", "fi": "FI", "pl": "PL", "cs": "CZ", "ru": "RU", "uk": "UA", "ja": "JP", "ko": "KR", "zh": "CN",
    "ar": "SA", "he": "IL", "tr": "TR", "el": "GR", "hu": "HU", "ro": "RO",
}
"""The region Office assumes for a bare language (``fr`` -> ``fr-FR``): its proofing tools want one."""

_AMERICAN = ("en", "en-US")

NNBSP = "\u202f"
"""Narrow no-break space (U+202F): the thin space of French typography."""

FRENCH_SPACE = "\u00a0"
"""The space set inside French guillemets: a no-break space (U+00A0), which the
Imprimerie nationale's rules prescribe for guillemets. Not :data:`NNBSP`: the
layouts' IBM Plex faces have no glyph for U+202F, and ReportLab breaks lines
and stretches justified lines at it, so « and » could end up alone at a line
end in the memo. Switch to :data:`NNBSP` once the memo renderer sets U+202F as
a narrow unbreakable space."""

QUOTES = {
    "en": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "en-gb": ("\u2018", "\u2019", "\u201c", "\u201d"),
    "fr": ("\u00ab" + FRENCH_SPACE, FRENCH_SPACE + "\u00bb", "\u2039" + FRENCH_SPACE, FRENCH_SPACE + "\u203a"),
    "de": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "de-ch": ("\u00ab", "\u00bb", "\u2039", "\u203a"),
    "es": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "it": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "pt": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "nl": ("\u201c", "\u201d", "\u2018", "\u2019"),
}
"""Outer open, outer close, inner open, inner close, by language tag (lower case; a region falls back to its language)."""

BRITISH = ("en-gb", "en-uk", "en-ie", "en-au", "en-nz", "en-za", "en-in")
"""English regions that set single quotes outside."""


def quotes_for(lang: str) -> Sequence[str]:
    """The four quote marks for a language tag (``en``, ``en-GB``, ``fr-CA``...); English for any other."""
    tag = (lang or "en").strip().lower().replace("_", "-")
    if tag in QUOTES:
        return QUOTES[tag]
    if tag in BRITISH:
        return QUOTES["en-gb"]
    base = tag.split("-")[0]
    return QUOTES.get(base, QUOTES["en"])


def check_tag(tag: str) -> Optional[str]:
    """Why ``tag`` is not a BCP 47 language tag (a message), or None when it is one."""
    text = tag.strip()
    if _TAG.match(text):
        return None
    if "_" in text and _TAG.match(text.replace("_", "-")):
        return f"'{text}' is not a BCP 47 language tag: write it with a hyphen, '{text.replace('_', '-')}'"
    return (f"'{text}' is not a BCP 47 language tag: a 2- or 3-letter language, then an optional region, "
            "e.g. fr, es, de, en-GB, fr-CA")


def canonical(tag: str) -> str:
    """``tag`` as BCP 47 writes it: language lower case, script title case, region upper case (``fr-ca`` -> ``fr-CA``)."""
    parts = tag.strip().replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha() or len(part) == 3 and part.isdigit():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def primary(tag: str) -> str:
    """The language subtag alone, lower case (``fr-CA`` -> ``fr``; empty -> ``en``)."""
    return (tag or DEFAULT_LANG).strip().replace("_", "-").split("-")[0].lower() or DEFAULT_LANG


def region(tag: str) -> str:
    """The region subtag, upper case, or "" (``fr-CA`` -> ``CA``)."""
    match = _TAG.match(canonical(tag or DEFAULT_LANG))
    return (match.group("region") or "").upper() if match else ""


def office_tag(tag: str) -> str:
    """The tag with a region for Office's proofing tools (``fr`` -> ``fr-FR``, ``en`` -> ``en-US``, ``fr-CA`` kept)."""
    tag = canonical(tag or DEFAULT_LANG)
    if region(tag):
        return tag
    lang = primary(tag)
    extra = OFFICE_REGIONS.get(lang)
    return f"{lang}-{extra}" if extra else tag


def babel_locale(tag: str) -> str:
    """The Babel locale name for ``tag`` (``fr-CA`` -> ``fr_CA``), its language alone when Babel lacks the region."""
    from babel import Locale, UnknownLocaleError

    lang, reg = primary(tag), region(tag)
    for name in ((f"{lang}_{reg}",) if reg else ()) + (lang,):
        try:
            Locale.parse(name)
            return name
        except (UnknownLocaleError, ValueError):
            continue
    return DEFAULT_LANG


def long_date(date: str, tag: str = DEFAULT_LANG) -> str:
    """The source's ``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` in words in language ``tag``.

    ``2018-08-05`` -> ``August 5, 2018`` (English), ``5 août 2018`` (French),
    ``5 de agosto de 2018`` (Spanish), ``5. August 2018`` (German); a month alone
    -> ``August 2018`` / ``août 2018``; a year stays as written.
    """
    parts = date.split("-") if date else []
    if len(parts) < 2:
        return date
    year, month = int(parts[0]), int(parts[1])
    day = int(parts[2]) if len(parts) == 3 else 0
    if canonical(tag or DEFAULT_LANG) in _AMERICAN:
        name = calendar.month_name[month]
        return f"{name} {day}, {year}" if day else f"{name} {year}"
    from babel.dates import format_date, format_skeleton

    locale = babel_locale(tag)
    if day:
        return format_date(datetime.date(year, month, day), "long", locale=locale)
    return format_skeleton("yMMMM", datetime.date(year, month, 1), locale=locale)


def day_date(moment: datetime.date, tag: str = DEFAULT_LANG) -> str:
    """A day in words, day first in English (``5 December 2026``: the embargo line), else as ``tag`` writes it."""
    if canonical(tag or DEFAULT_LANG) in _AMERICAN:
        return f"{moment.day} {calendar.month_name[moment.month]} {moment.year}"
    from babel.dates import format_date

    return format_date(moment, "long", locale=babel_locale(tag))


def short_date(when: str, tag: str) -> str:
    """A timeline's ``YYYY-MM`` / ``YYYY-MM-DD`` with a short month in language ``tag`` (``mars 2001``,
    ``12 juin 2018``); anything else as written. English is :func:`briefgen.model.when_text`'s own."""
    parts = when.split("-")
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
        return when
    from babel.dates import format_skeleton

    try:
        day = datetime.date(int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) == 3 else 1)
    except ValueError:
        return when
    return format_skeleton("yMMMd" if len(parts) == 3 else "yMMM", day, locale=babel_locale(tag))


def number_text(value: float, decimals: int, tag: str = DEFAULT_LANG) -> str:
    """``value`` with ``decimals`` places, thousands grouped as language ``tag`` writes them
    (``1,204.5``; ``1 204,5`` in French, ``1.204,5`` in German). English keeps Python's own form.
    A narrow no-break space (the layouts' faces lack it) is set as a no-break space."""
    if primary(tag) == DEFAULT_LANG:
        return f"{value:,.{decimals}f}"
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(value, format=pattern, locale=babel_locale(tag))
    return text.replace("\u202f", "\u00a0").replace("\u2212", "-")

