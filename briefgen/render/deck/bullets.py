"""Bullets a presenter would keep, derived from a section's prose.

For a section without a ``::: slide`` block, each paragraph gives at most one
bullet: a whole sentence (found with the ``pysbd`` sentence segmenter, so
"U.S." or "e.g." do not end one), or a sentence shortened only at clause
boundaries: parentheticals and dash asides dropped, a leading attribution
("According to X,") or a leading time phrase ("In 2024,") dropped, a trailing
"; ..." or ", including ..." clause dropped. A bullet is never cut mid-phrase
and never gains an ellipsis. Figure and table labels, captions, source and
note lines and cross-references ("(See CRS In Focus ...)") give no bullet.

Pure functions, no python-pptx.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import List, Optional

from ...language import primary
from .clauses import split_clauses, trim_clauses

#: Paragraphs that are captions, labels, source lines or boilerplate, not argument.
_SKIP = re.compile(
    r"""^\W*(?:
        (?:figure|fig\.|table|chart|map|exhibit|graph|box|photo|image|illustration)\s+[\dA-Z][\w.-]*\s*[.:\u2013\u2014-]
      | (?:figure|table)\s+[\dA-Z][\w.-]*\s*$
      | (?:figure|table)\s+\d+\s+(?:presents|shows|lists|provides|summarizes|displays|depicts|illustrates|gives)\b
      | \([^()]*\)\W*$
      | (?:sources?|notes?|credits?|photo\s+credits?|image\s+credits?|abbreviations?|data)\s*:
      | \(?see\s+(?:also\s+)?(?:crs|figure|table|appendix|the\s+appendix)\b
      | for\s+more\s+(?:information|detail|details|on)\b
      | (?:created|prepared|compiled)\s+by\s+crs\b
      | [a-h]\.\s+\S                       # a table note: "a. FY2013 levels reflect ..."
    )""",
    re.I | re.X,
)
#: Citations and reading lists ("CRS Report R4..., Title, by Name"): reference matter, never a bullet.
_CITATION = re.compile(
    r"^\W*(?:CRS\s+(?:Report|In\s+Focus|Insight|Legal\s+Sidebar)\b|CRS\s+R[LS]?\d{3,5}\b|Ibid\b)"
    r"|https?://|\bwww\.|\bAvailable\s+(?:at|from)\b|\bvol\.\s*\d|\bpp?\.\s*\d"
    r"|,\s*by\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){1,3}\s*(?:,|\.|$|and\b)"
)
#: A parenthetical pointing at what a bullet's slide does not show: "(Table 2)", "(see Figure 1)".
_REFERENCE_PARENS = re.compile(
    r"\s*\((?:see\s+(?:also\s+)?)?(?:figure|fig\.|table|chart|box|appendix|map)s?\b[^()]*\)", re.I)
#: Words that point at what follows in the text ("the following", "shown below").
POINTS_ON = re.compile(r"\bthe\s+following\b|\b(?:shown|listed|described)\s+below\b|\bbelow:\s*$", re.I)
_SKIP_SENTENCE = re.compile(r"^\W*\(?\s*see\s+(?:also\s+)?(?:crs|figure|table|appendix)\b"
                            r"|^.*?\bsee\s+(?:also\s+)?CRS\s+(?:Report|In\s+Focus|Insight|Legal\s+Sidebar)\b", re.I)
_LEADING_ATTRIBUTION = re.compile(
    r"^(?:according\s+to|as\s+(?:noted|stated|reported|described|explained)\s+(?:in|by)|per)\s+[^,]{1,160},\s+", re.I
)
_LEADING_TIME = re.compile(
    r"^(?:in|since|on|by|throughout|during|after|before|at|through|over|from|as\s+of|more\s+recently|at\s+the\s+same\s+time)"
    r"\b[^,]{0,70}(?:,\s*\d{4})?,\s+", re.I
)
_PARENS = re.compile(r"\s*\([^()]*\)")
_DASH_ASIDE = re.compile(r"\s*(?:\u2014[^\u2014]+\u2014|\s\u2013\s[^\u2013]+\s\u2013\s)\s*")
_TRAILING = (re.compile(r",\s+(?:including|such\s+as|as\s+well\s+as|among\s+them)\b.*$", re.I),
             re.compile(r",\s+(?:which|while|although|though|whereas)\b[^,]*$", re.I))
_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$")
#: A closing enumeration after a colon ("...in two accounts: (1) Salaries ($207.0 million) and (2) ...").
_COLON_LIST = re.compile(r":\s+\S.*$")
#: Words a clause cannot end on before a dropped colon list ("...were: a, b, c").
_OPEN_END = frozenset("were was are is be been include includes including as follows following of the a an to and or "
                      "for with by in on at that which these this such than".split())
#: A figure with its unit: "$225.1 million", "29.0%", "4 percent", "2,112 facilities" does not count.
FIGURE = re.compile(r"[$\u20ac\u00a3]\s?\d|\d[\d,.]*\s?(?:%|percent\b|million\b|billion\b|trillion\b|thousand\b)", re.I)
#: A paragraph that continues a quotation or sentence begun before it ("while economic development is ..."
#: after "...the agency's approach:"): a fragment, never a bullet (its text stays in the notes).
CONTINUATION = re.compile(r"^[\"'\u201c\u2018]?(?:while|and|but|or|nor|that|which|whereas|because|although|though|"
                          r"where|when|so|then|to|of|for|with|as|if|than)\b")
#: A sentence that leans on the one before it for its subject: "The total represents...", "It also...".
_ANAPHOR = re.compile(r"^(?:(?:the|this|these|those|such)\s+(?P<noun>[a-z][\w-]*)|it|they|this|these)(?:\s+also)?$", re.I)
#: The main verb of a lead sentence, ending its subject ("The total ... request, $225.1 million, | is contained").
_VERB = re.compile(r"\s(?:is|are|was|were|has|have|had|will|would|could|can|may|might|must|should|seeks?|represents?|"
                   r"includes?|provides?|remains?|reached|rose|fell|grew|increased|decreased|declined|funds?)\b")
LANGUAGES = frozenset("en hi mr zh es am ar hy bg ur ru pl fa nl da fr my el it ja de kk sk".split())


@lru_cache(maxsize=8)
def _segmenter(lang: str):
    import pysbd

    return pysbd.Segmenter(language=lang if lang in LANGUAGES else "en", clean=False)


def sentences(text: str, lang: str = "en") -> List[str]:
    """The sentences of ``text`` (one paragraph), whitespace-trimmed."""
    text = " ".join(text.split())
    if not text:
        return []
    return [s.strip() for s in _segmenter(primary(lang)).segment(text) if s.strip()]


def is_boilerplate(text: str) -> bool:
    """True for captions, figure/table labels, source and note lines, cross-references, and short
    label lines without an end mark ("Fiscal years 2015 through 2024, in millions of dollars")."""
    text = " ".join(text.split())
    if _SKIP.match(text) or (is_citation(text) and _words(text) <= 60 and len(sentences(text)) <= 2):
        return True  # a citation line (a paragraph of prose ending in one keeps its other sentences)
    return bool(text) and _words(text) < 15 and not re.search(r"[.!?:][\"'\u201d\u2019)\]]*$", text)


def is_citation(text: str) -> bool:
    """True for a citation or a "see also" reference: a report number, a URL, "..., by Name Name"."""
    return bool(_CITATION.search(" ".join(text.split())))


def drop_references(text: str) -> str:
    """``text`` without parentheticals that point at figures, tables or appendixes not on the slide."""
    out = _REFERENCE_PARENS.sub("", text)
    out = re.sub(r"\s+([,.;:])", r"\1", out).strip()
    return out if _balanced(out) and _words(out) >= 3 else text


def split_long(text: str, limit: int = 40, lang: str = "en") -> List[str]:
    """``text`` in pieces of at most ``limit`` words, each a whole statement: cut at sentence ends; a sentence
    still too long is cut into two complete clauses (:func:`~.clauses.split_clauses`), else at a semicolon,
    a dash or a ", so" clause, else shortened by dropping clauses that can go (:func:`~.clauses.trim_clauses`);
    whole otherwise. Never a fragment ("And militarily useful ...", "While ...")."""
    if _words(text) <= limit:
        return [text]
    pieces: List[str] = []
    for sentence in sentences(text, lang) or [text]:
        parts = [sentence]
        if _words(sentence) > limit:
            parts = split_clauses(sentence, limit) or _split_at_joint(sentence)
            parts = [trim_clauses(p, limit) for p in parts]
        for part in parts:
            if pieces and _words(pieces[-1]) + _words(part) <= limit:
                pieces[-1] = f"{pieces[-1]} {part}"
            else:
                pieces.append(part)
    return pieces


def _split_at_joint(sentence: str) -> List[str]:
    """``sentence`` cut at its semicolons, else a dash or a ", so" clause; ``[sentence]`` when it has none."""
    joint = next((j for j in ("; ", ", so ", " \u2014 ") if j in sentence), None)
    if not joint:
        return [sentence]
    bits = sentence.split(joint, 1) if joint != "; " else sentence.split(joint)
    if joint == ", so ":
        bits[1] = "so " + bits[1]
    parts = [b.rstrip(" ;") + ("." if i < len(bits) - 1 else "") for i, b in enumerate(bits)]
    return [p[0].upper() + p[1:] if p and p[0].islower() else p for p in parts]


def _words(text: str) -> int:
    return len(text.split())


def _finish(text: str, ending: str) -> str:
    """Tidy a shortened sentence: capital first letter, one end mark."""
    text = re.sub(r"\s+([,.;:])", r"\1", " ".join(text.split())).strip(" ,;:")
    if not text:
        return ""
    if text[0].islower():
        text = text[0].upper() + text[1:]
    if not _END.search(text):
        text = text.rstrip(".,;:") + ending
    return text


def _balanced(text: str) -> bool:
    return text.count("(") == text.count(")") and text.count("\u201c") == text.count("\u201d") and text.count('"') % 2 == 0


def shorten_sentence(sentence: str, max_words: int) -> str:
    """``sentence`` shortened at clause boundaries until it has at most ``max_words`` words (if it can)."""
    sentence = " ".join(sentence.split())
    if _words(sentence) <= max_words:
        return sentence
    mark = _END.search(sentence)
    ending = sentence[mark.start()] if mark else "."
    current = sentence
    steps = (
        lambda s: _PARENS.sub("", s),
        lambda s: _DASH_ASIDE.sub(" ", s),
        lambda s: _LEADING_ATTRIBUTION.sub("", s),
        lambda s: _LEADING_TIME.sub("", s),
        lambda s: s.split("; ", 1)[0] if "; " in s else s,
        lambda s: _TRAILING[0].sub("", s),
        lambda s: _TRAILING[1].sub("", s),
        _drop_colon_list,
    )
    for step in steps:
        candidate = step(current)
        if candidate != current and _words(candidate) >= 4 and _balanced(candidate):
            current = _finish(candidate, ending)
        if _words(current) <= max_words:
            break
    return current


def _drop_colon_list(sentence: str) -> str:
    """``sentence`` without a closing ": ..." enumeration when what precedes it is a whole clause."""
    head = _COLON_LIST.sub("", sentence)
    last = re.findall(r"[\w'-]+$", head)
    if head == sentence or _words(head) < 5 or not last or last[0].lower() in _OPEN_END:
        return sentence
    return head


def carry_subject(sentence: str, lead: str) -> Optional[str]:
    """``sentence`` standing on its own: when it opens on a word pointing back ("The total represents...",
    "It also provides..."), that opening is replaced by the lead sentence's subject when that subject names
    the same thing ("The total FY2027 request for the Supreme Court, $225.1 million, represents..."); None
    when it cannot be told (a bare pronoun, or a noun the lead's subject lacks): the sentence is not taken."""
    own = _VERB.search(sentence)
    found = _ANAPHOR.match(sentence[: own.start()].strip()) if own else None
    if not found:
        return sentence
    verb = _VERB.search(lead)
    subject = lead[: verb.start()].strip() if verb else ""
    if not 2 <= _words(subject) <= 16 or not subject[:1].isupper():
        return None
    noun = found.group("noun")
    if not noun or not re.search(rf"\b{re.escape(noun)}\b", subject, re.I):
        return None  # a bare "It" or "They" may point past the lead's subject ("The EDA's mission ... It is the agency")
    also = " also" if re.search(r"\salso$", sentence[: own.start()].strip(), re.I) else ""
    return subject + also + sentence[own.start():]


def derive_bullet(text: str, max_words: int, lang: str = "en") -> Optional[str]:
    """The bullet for one paragraph, or None when it is boilerplate or empty.

    The lead sentence, shortened at clause boundaries; when it stays longer
    than ``max_words``, or has no figure where a later sentence gives one
    (a key figure with its unit: "$225.1 million", "4.9%"), one of the next
    two sentences that fits; else the lead sentence as shortened, whole. A
    later sentence that leans on the lead for its subject ("The total
    represents...") is taken with that subject carried over, or not at all.
    """
    if not text.strip() or is_boilerplate(text) or CONTINUATION.match(text.strip()):
        return None
    found = [s for s in sentences(text, lang) if not _SKIP_SENTENCE.match(s) and not is_boilerplate(s)]
    if not found:
        return None
    shortened = [drop_references(shorten_sentence(s, max_words)) for s in found[:1]]
    for later in found[1:3]:
        carried = carry_subject(later, found[0])
        if carried is not None:
            shortened.append(drop_references(shorten_sentence(carried, max_words)))
    shortened = [c for c in shortened if _words(c) >= 3] or [""]  # never a bullet of a mark or two ("a.")
    if not shortened[0]:
        return None
    fits = [c for c in shortened if _words(c) <= max_words]
    if fits and not FIGURE.search(fits[0]):
        return next((c for c in fits if FIGURE.search(c)), fits[0])
    return fits[0] if fits else shortened[0]


def derive_item(text: str, max_words: int, lang: str = "en") -> Optional[str]:
    """The bullet for one list item: the item whole when it is short (the author wrote it as a bullet,
    often a phrase without an end mark), else as :func:`derive_bullet` derives it."""
    flat = " ".join(text.split())
    if flat and _words(flat) <= max_words and not _SKIP.match(flat) and "\n" not in text.strip():
        return _ITEM_JOINER.sub("", flat) or flat
    return derive_bullet(text, max_words, lang)


#: The list's own joining punctuation at an item's end ("a hybrid drive;", "networking; and"): not the bullet's.
_ITEM_JOINER = re.compile(r"\s*(?:[;,]\s*(?:and|or)|[;,])\s*$", re.I)
