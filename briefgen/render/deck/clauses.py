"""A sentence over a bullet's word limit made to fit, still a true, grammatical statement (#29 item 2).

Two ways, tried in order by :func:`briefgen.render.deck.bullets.split_long`:

* :func:`split_clauses` cuts at a coordinating ", and" / ", but" whose second
  half is a whole clause; when that half has no subject of its own
  ("Congress encouraged EDA ..., and directed EDA ..."), the first half's
  subject is carried over ("Congress directed EDA ..."). A series' last item
  ("..., commercially viable, and militarily useful") is never cut off.
* :func:`trim_clauses` drops, one at a time and only while the sentence is
  over the limit, clauses that can go: parentheticals and dash asides, a
  leading attribution ("According to X,") or concessive clause ("As debates
  continue,"), an appositive after the subject ("X, part of Y, administers"),
  a participial aside (", long established by international law,"), a
  trailing manner phrase (" by expanding ...", the quotation closed), a
  trailing relative clause after a quotation ("\u201d that have occurred ..."),
  and a paired adjective modifier ("free to navigation and unencumbered by
  any coastal state"). Nothing is cut mid-phrase; no ellipsis is added.

Pure functions, no python-pptx.
"""

from __future__ import annotations

import logging
import re
from typing import Callable, List, Optional, Tuple

log = logging.getLogger(__name__)

_CLOSE = "\u201d\"\u2019"
#: A sentence's end: its mark, then a closing quote and a note number ("services.\u201d1").
_TAIL = rf"(?P<tail>[{_CLOSE}]?\d*[.!?]?[{_CLOSE}]?\d*)$"
_PARENS = re.compile(r"\s*\([^()]*\)")
_DASH_ASIDE = re.compile(r"\s*(?:\u2014[^\u2014]+\u2014|\s\u2013\s[^\u2013]+\s\u2013\s)\s*")
_ATTRIBUTION = re.compile(r"^(?:according\s+to|as\s+(?:noted|stated|reported)\s+(?:in|by))\s+[^,]{1,160},\s+", re.I)
#: A leading clause whose main clause stands without it ("As debates ... continue, Congress may ...").
#: Never "If"/"Unless"/"When": without its condition the main clause would not be true.
_CONCESSIVE = re.compile(r"^(?:as|while|although|though|because|whereas|given\s+that)\s+[^,;]{3,200},\s+(?=\S)", re.I)
#: An appositive between the subject and its verb ("The U.S. Maritime Administration, part of the U.S. ...,").
_APPOSITIVE = re.compile(r"^(?P<subject>[A-Z][^,;]{1,80}?),\s+(?:part\s+of|one\s+of|a|an|the|formerly|now)\s+[^,;]{1,100},\s+"
                         r"(?=[a-z])")
#: A participial aside between commas (", long established by international law,").
_PARTICIPIAL = re.compile(r",\s+(?:(?:long|first|once|often|widely|\w+ly)\s+)?(?:\w+ed|known|seen|given|held|built|written)\s+"
                          r"(?:by|in|as|under|since|through)\s+[^,;]{1,60},\s+")
#: A trailing manner phrase (" by expanding the capacity of ..."), the sentence's end kept.
_MANNER = re.compile(rf"\s+by\s+\w+ing\b[^;]*?{_TAIL}")
#: A trailing relative clause after a quotation ("\u201d that have occurred since ...").
_RELATIVE = re.compile(rf"(?<=[{_CLOSE}])\s+that\s+(?:have|has|had|were|was|are|is|will|would|may|might|can|could)\b"
                       rf"[^,;]*?{_TAIL}")
_ADJ = r"(?:free|exempt|immune|closed|open|safe|subject|un\w+ed)\s+(?:to|from|of|by)\s+"
#: A paired adjective modifier after a noun ("waterway free to navigation and unencumbered by any coastal state").
_ADJ_PAIR = re.compile(rf"\s+{_ADJ}[\w-]+\s+and\s+{_ADJ}(?:(?:any|the|a|an|all)\s+)?[\w-]+(?:\s+[\w-]+)?(?=\s+(?:to|into)\s)")
#: A finite verb opening a clause without a subject ("directed EDA to ...").
_BARE_VERB = re.compile(r"^(?:also\s+)?(?:\w+ed|is|are|was|were|has|have|had|will|would|may|can|could|should|must)\b")
#: The subject of a sentence: its words before the first finite verb ("Congress | encouraged").
_SUBJECT = re.compile(r"^(?P<subject>(?:[A-Z][\w.\u2019'-]*|the|of|and|for)(?:\s+(?:[A-Z][\w.\u2019'-]*|the|of|and|for)){0,7})"
                      r"\s+(?:\w+ed|is|are|was|were|has|have|had|will|would|may|can|could|should|must)\b")
_JOINTS = (", and ", ", but ", ",\u201d and ", ",\u201d but ", ',\" and ', ',\" but ')


def _words(text: str) -> int:
    return len(text.split())


def _balanced(text: str) -> bool:
    return (text.count("(") == text.count(")") and text.count("\u201c") == text.count("\u201d")
            and text.count('"') % 2 == 0)


def _tidy(text: str) -> str:
    text = re.sub(r"\s+([,.;:])", r"\1", " ".join(text.split())).strip(" ,;:")
    return text[:1].upper() + text[1:]


def _keep_tail(match: "re.Match[str]") -> str:
    return match.group("tail")


_STEPS: Tuple[Tuple[str, Callable[[str], str]], ...] = (
    ("parenthetical", lambda s: _PARENS.sub("", s)),
    ("dash aside", lambda s: _DASH_ASIDE.sub(" ", s)),
    ("attribution", lambda s: _ATTRIBUTION.sub("", s)),
    ("leading clause", lambda s: _CONCESSIVE.sub("", s)),
    ("appositive", lambda s: _APPOSITIVE.sub(lambda m: m.group("subject") + " ", s)),
    ("participial aside", lambda s: _PARTICIPIAL.sub(" ", s)),
    ("manner phrase", lambda s: _MANNER.sub(_keep_tail, s)),
    ("relative clause", lambda s: _RELATIVE.sub(_keep_tail, s)),
    ("adjective pair", lambda s: _ADJ_PAIR.sub("", s)),
)


def trim_clauses(sentence: str, limit: int) -> str:
    """``sentence`` with removable clauses dropped, one kind at a time, until it has at most ``limit`` words
    (or none is left to drop: then as short as it got)."""
    current = " ".join(sentence.split())
    for name, step in _STEPS:
        if _words(current) <= limit:
            break
        candidate = _tidy(step(current))
        if candidate != current and _words(candidate) >= 6 and _balanced(candidate):
            log.debug("bullet: %s dropped (%d -> %d words)", name, _words(current), _words(candidate))
            current = candidate
    return current


def _is_series(before: str) -> bool:
    """True when the text before ", and" ends a series' items ("privately owned, commercially viable")."""
    return bool(re.search(r",\s+[^,]{1,40}$", before)) and _words(before.rsplit(",", 1)[-1]) <= 4


def split_clauses(sentence: str, limit: int) -> Optional[List[str]]:
    """``sentence`` as two complete statements cut at a coordinating conjunction, every word kept (the first
    half's subject repeated when the second half has none); None when no such cut gives halves of at most
    ``limit`` words."""
    for joint in _JOINTS:
        at = sentence.find(joint)
        if at < 0:
            continue
        before, after = sentence[:at], sentence[at + len(joint):]
        if joint.startswith(", ") and _is_series(before):
            continue
        quote = joint[1] if joint[1] != " " else ""
        conj = joint.split()[-1]
        first = before + "." + quote
        if _BARE_VERB.match(after):
            found = _SUBJECT.match(before)
            if not found or not _balanced(first):
                continue
            second = f"{found.group('subject')} {after}"
        else:
            second = f"{conj} {after}"
        second = second[:1].upper() + second[1:]
        if _balanced(first) and _balanced(second) and max(_words(first), _words(second)) <= limit:
            return [first, second]
    return None
