"""Invisible and direction-changing characters: found once, removed once.

A source can hide text from its reader with characters that draw nothing:
bidirectional embeddings, overrides and isolates that make a line read
differently from what it is ("Trojan Source"), zero-width spaces and joiners,
word joiners, a byte order mark in mid-text, Hangul fillers, tag characters,
stray variation selectors. The source layer removes them here, before any
renderer sees the text, so all four outputs get the same, visible text by
construction; every removal is reported with its line and column.

**The rule** (see ``SECURITY.md``): a code point is *suspect* when it is of
general category Cf (format), has Unicode's Default_Ignorable_Code_Point
property, is a standalone Hangul filler (U+3164, U+FFA0), the object
replacement character U+FFFC, or a line/paragraph separator (U+2028, U+2029).
Every suspect is removed (the separators become a space) **unless** it is one
of these legitimate uses:

* a prepended concatenation mark (U+0600–U+0605, U+06DD, U+070F, U+08E2...):
  visible signs of Arabic and Syriac numbers;
* ZWJ (U+200D) between two emoji (an emoji ZWJ sequence such as 👩🏽‍💻);
* ZWJ or ZWNJ (U+200C) after a virama (Indic conjuncts), or in a cursive
  joining context (a joining letter before it, one after it, transparent marks
  skipped: Persian ``می‌خواهم``), as IDNA's ContextJ rules (RFC 5892) define;
* one variation selector directly after a visible base character (``☺︎``,
  Mongolian free variation selectors after a Mongolian letter);
* tag characters inside an emoji tag sequence (the flag of Scotland);
* the Hangul choseong filler before a vowel jamo, the jungseong filler after
  a leading consonant jamo (old-Hangul syllables).

Everything here is pure (no I/O); :func:`scrub` is property-tested.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import List, Sequence, Tuple

import regex

_SUSPECT = regex.compile(
    r"[[\p{Cf}\p{Default_Ignorable_Code_Point}\u3164\uFFA0\uFFFC\u2028\u2029]--\p{Prepended_Concatenation_Mark}]",
    regex.V1,
)
# Every block where a suspect can be (a superset of _SUSPECT, tested over all code
# points): the standard library scans long text for these ~20 times faster.
_PREFILTER = re.compile(
    "[\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5"
    "\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffc"
    "\U000110bd\U000110cd\U00013430-\U0001345f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SEPARATORS = frozenset("\u2028\u2029")
_ZWJ, _ZWNJ = "\u200d", "\u200c"
_EMOJI = regex.compile(r"\p{Extended_Pictographic}")
_EMOJI_TAIL = regex.compile(r"[\p{Emoji_Modifier}\uFE0F\u20E3\U000E0020-\U000E007F]")
_TAG_SEQUENCE = regex.compile(r"\U0001F3F4[\U000E0020-\U000E007E]+\U000E007F")
_VARIATION = regex.compile(r"\p{Variation_Selector}")
_BASE = regex.compile(r"[\p{L}\p{N}\p{P}\p{S}]")
_TRANSPARENT = regex.compile(r"\p{Joining_Type=Transparent}")
_JOINS_AFTER = regex.compile(r"[\p{Joining_Type=Dual_Joining}\p{Joining_Type=Left_Joining}]")
_JOINS_BEFORE = regex.compile(r"[\p{Joining_Type=Dual_Joining}\p{Joining_Type=Right_Joining}]")
_LEADING_JAMO = regex.compile(r"\p{Hangul_Syllable_Type=Leading_Jamo}")
_VOWEL_JAMO = regex.compile(r"\p{Hangul_Syllable_Type=Vowel_Jamo}")


@dataclass(frozen=True)
class Finding:
    """One suspect character at ``index`` of the text it was found in."""

    index: int
    char: str

    @property
    def replacement(self) -> str:
        """What the character becomes: a space for line separators, else nothing."""
        return " " if self.char in _SEPARATORS else ""


_ALIASES = {"\ufeff": "zero width no-break space (byte order mark)"}


def char_name(ch: str) -> str:
    """``U+202E right-to-left override``: the code point and its Unicode name."""
    name = _ALIASES.get(ch) or unicodedata.name(ch, "")
    if not name and 0xE0020 <= ord(ch) <= 0xE007F:
        name = "tag character"
    return f"U+{ord(ch):04X} {name.lower()}".rstrip()


def _is(pattern: "regex.Pattern", ch: str) -> bool:
    return bool(pattern.match(ch))


def _neighbour(text: str, index: int, step: int) -> str:
    """The nearest character before (``step=-1``) or after ``index``, skipping transparent marks."""
    index += step
    while 0 <= index < len(text) and _is(_TRANSPARENT, text[index]):
        index += step
    return text[index] if 0 <= index < len(text) else ""


def _emoji_before(text: str, index: int) -> bool:
    index -= 1
    while index >= 0 and _is(_EMOJI_TAIL, text[index]):
        index -= 1
    return index >= 0 and _is(_EMOJI, text[index])


def _legitimate(text: str, index: int, in_tag_sequence: bool) -> bool:
    ch = text[index]
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if ch in (_ZWJ, _ZWNJ):
        if before and unicodedata.combining(before) == 9:  # after a virama
            return True
        if ch == _ZWJ and _emoji_before(text, index) and after and _is(_EMOJI, after):
            return True
        prev, nxt = _neighbour(text, index, -1), _neighbour(text, index, 1)
        return bool(prev and nxt and _is(_JOINS_AFTER, prev) and _is(_JOINS_BEFORE, nxt))
    if _is(_VARIATION, ch):
        return bool(before) and _is(_BASE, before) and not _is(_SUSPECT, before)
    if 0xE0020 <= ord(ch) <= 0xE007F:
        return in_tag_sequence
    if ch == "\u115f":
        return bool(after) and _is(_VOWEL_JAMO, after)
    if ch == "\u1160":
        return bool(before) and _is(_LEADING_JAMO, before)
    return False


def find(text: str) -> List[Finding]:
    """Every suspect character of ``text`` that is not a legitimate use, in order."""
    if not _PREFILTER.search(text):
        return []
    tagged = {i for m in _TAG_SEQUENCE.finditer(text) for i in range(m.start() + 1, m.end())}
    return [
        Finding(m.start(), m.group())
        for m in _PREFILTER.finditer(text)
        if _is(_SUSPECT, m.group()) and not _legitimate(text, m.start(), m.start() in tagged)
    ]


def scrub(text: str) -> Tuple[str, List[Finding]]:
    """``text`` without its suspect characters, and what was removed (see the module's rule)."""
    found = find(text)
    if not found:
        return text, found
    parts: List[str] = []
    last = 0
    for item in found:
        parts.append(text[last : item.index])
        parts.append(item.replacement)
        last = item.index + 1
    parts.append(text[last:])
    return "".join(parts), found


def describe(found: Sequence[Finding], where: str = "") -> str:
    """The message text for ``found``: what kind of characters, then each distinct one once.

    e.g. ``direction-changing character removed from 'title': U+202E right-to-left override``
    (``where`` is ``'title'`` there; without it the message says no place).
    """
    distinct = list(dict.fromkeys(f.char for f in found))
    bidi = any(c in _BIDI for c in distinct)
    hidden = any(c not in _BIDI for c in distinct)
    kind = " and ".join(k for k, on in (("invisible", hidden), ("direction-changing", bidi)) if on)
    noun = "character" if len(found) == 1 else "characters"
    verb = "replaced by a space" if all(c in _SEPARATORS for c in distinct) else "removed"
    place = f" from {where}" if where and verb == "removed" else (f" in {where}" if where else "")
    return f"{kind} {noun} {verb}{place}: {', '.join(char_name(c) for c in distinct)}"


def is_clean(text: str) -> bool:
    """True when ``text`` holds no suspect character outside a legitimate use."""
    return not find(text)


_LATIN = regex.compile(r"\p{Script=Latin}")
_CYRILLIC = regex.compile(r"\p{Script=Cyrillic}")
# Greek capitals and small letters that look like Latin ones (Α, ο, ν...): a
# Greek letter such as Δ or β next to Latin ones is ordinary notation
_GREEK_LOOKALIKE = frozenset("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧΫϒοαιϲνρυχκ")
_FOREIGN = re.compile("[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f\U0001e030-\U0001e08f" + "".join(sorted(_GREEK_LOOKALIKE)) + "]")
_LETTER = regex.compile(r"[\p{L}\p{M}]")


@dataclass(frozen=True)
class Confusable:
    """A word at ``index`` that mixes Latin letters with look-alikes from another script."""

    index: int
    word: str
    chars: Tuple[str, ...]


def confusables(text: str) -> List[Confusable]:
    """Words of ``text`` that mix Latin letters with Cyrillic ones or Latin-looking Greek ones.

    ``pаypal`` with a Cyrillic ``а`` reads as ``paypal`` but is not it. These are
    kept (they are visible) and reported, so a reader can check them.
    """
    out: List[Confusable] = []
    done = -1
    for hit in _FOREIGN.finditer(text):  # only around the few foreign letters: fast on long text
        if hit.start() < done:
            continue
        start, end = hit.start(), hit.end()
        while start > 0 and _is(_LETTER, text[start - 1]):
            start -= 1
        while end < len(text) and _is(_LETTER, text[end]):
            end += 1
        done = end
        word = text[start:end]
        if _LATIN.search(word):
            odd = tuple(dict.fromkeys(c for c in word if _is(_CYRILLIC, c) or c in _GREEK_LOOKALIKE))
            out.append(Confusable(start, word, odd))
    return out


def describe_confusables(found: Sequence[Confusable], where: str = "") -> str:
    """The message for look-alike words: each word once, with the foreign letters named."""
    words = list(dict.fromkeys(f.word for f in found))
    chars = list(dict.fromkeys(c for f in found for c in f.chars))
    place = f" in {where}" if where else ""
    shown = ", ".join(f"'{w}'" for w in words[:5]) + (f" and {len(words) - 5} more" if len(words) > 5 else "")
    return (
        f"{'a word mixes' if len(words) == 1 else 'words mix'} Latin letters with look-alikes from another script{place}: "
        f"{shown} ({', '.join(char_name(c) for c in chars[:8])}); check it reads as meant"
    )
