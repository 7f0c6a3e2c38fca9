"""A derived deck told in a bounded length (issue #26 item 7).

A long report's derived deck gets a budget of slides (``budget.max_slides``
in ``deck/layouts.yaml``, 18 by default; ``budget.min_slides``, 12, is the
length a short brief is never padded to). When the planned deck is longer:

1. divider slides go first (one rule for the deck: none);
2. the front (title, summary or lede, key points) and back matter
   (recommendations, authors, sources) stay, and so does every section a staffer
   cares about most: a heading holding one of the theme's ``kept_sections``
   (in the brief's language: "Recommandations" in French; :func:`kept_pattern`),
   else of :data:`ALWAYS` ("Issues for Congress", "Recommendations", "Conclusion", "Options");
3. the other sections share what is left in proportion to their weight (words
   of text), each at least one slide while there is room, the heaviest first;
   a section keeps its first slides (its bullets, then its tables and figures);
4. what is left out is never silent: one "Also in the handout" slide lists the
   sections (and parts of sections) that are only in the handout, and its
   notes name every slide left out.

Pure: slide plans in, slide plans out; no python-pptx. Decks whose sections
carry the author's own ``::: slide`` bullets are the author's and are not trimmed.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from typing import Dict, List, Optional, Sequence, Tuple

from ..common.tablecontent import is_numeric, is_placeholder
from .model import SlidePlan, TablePlan

log = logging.getLogger(__name__)

#: Sections always kept whole when the theme's labels have no ``kept_sections`` (the English default).
ALWAYS = re.compile(r"\b(issues?\s+for\s+congress|recommendations?|conclusions?|options?|policy\s+options|"
                    r"considerations\s+for\s+congress)\b", re.I)
#: A section that is reference matter (a pasted list of notes): no slides; it is in the handout.
REFERENCE_SECTION = re.compile(r"^\s*(notes|endnotes|footnotes|sources|references|works\s+cited)\s*$", re.I)
#: An appendix: kept only when there is room (weight 0).
APPENDIX = re.compile(r"^\s*appendix\b", re.I)
_PART = re.compile(r"\s*\((?:cont\.|\d+\s+of\s+\d+)\)\s*$")


@dataclass(frozen=True)
class Group:
    """The slides ``start:end`` of the planned deck that stand for one section."""

    start: int
    end: int
    title: str
    words: int
    explicit: bool = False


def kept_pattern(words: str) -> "re.Pattern[str]":
    """The headings always kept, from the ``kept_sections`` label (phrases separated by ``;``): any phrase
    as whole words, in any case, spaces between its words of any width; :data:`ALWAYS` when it is empty."""
    phrases = [p.split() for p in words.split(";") if p.strip()]
    if not phrases:
        return ALWAYS
    alternatives = sorted((r"\s+".join(re.escape(w) for w in p) for p in phrases), key=lambda a: (-len(a), a))
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.I)


def quotas(groups: Sequence[Group], room: int) -> Dict[int, int]:
    """Slides per group (by index) for ``room`` slides: by weight, at least one each while there is room."""
    sizes = {i: g.end - g.start for i, g in enumerate(groups)}
    out = {i: 0 for i in sizes}
    if room <= 0:
        return out
    order = sorted(sizes, key=lambda i: (-groups[i].words, i))
    for i in order[:room]:
        out[i] = min(1, sizes[i])
    left = room - sum(out.values())
    total = sum(max(g.words, 1) for g in groups) or 1
    while left > 0:
        grew = False
        for i in sorted(sizes, key=lambda i: (out[i] / max(groups[i].words, 1) * total, i)):
            if out[i] < sizes[i] and left > 0:
                out[i] += 1
                left -= 1
                grew = True
                break
        if not grew:
            break
    return out


def part_pattern(continued: str, part_of: str) -> "re.Pattern[str]":
    """The title suffixes of a continued or split slide in the labels' words (``(cont.)``, ``(2 of 3)``)."""
    part = re.escape(part_of).replace(re.escape("{i}"), r"\d+").replace(re.escape("{n}"), r"\d+")
    return re.compile(r"\s*(?:" + re.escape(continued) + "|" + part + r")\s*$")


def renumber_parts(slides: List[SlidePlan], part_of: str = "({i} of {n})") -> List[SlidePlan]:
    """A split table's kept parts numbered again ("(1 of 2)" alone becomes the plain title): no title promises a
    part the deck left out (the rows left out are named on the appendix slide's notes). ``part_of`` is the
    theme's label for the suffix, in the brief's language."""
    of = re.compile(r"\s*" + re.escape(part_of).replace(re.escape("{i}"), r"\d+").replace(re.escape("{n}"), r"\d+")
                    + r"\s*$")
    out = list(slides)
    i = 0
    while i < len(out):
        if out[i].table is None or not of.search(out[i].title):
            i += 1
            continue
        base = of.sub("", out[i].title)
        j = i
        while j < len(out) and out[j].table is not None and of.search(out[j].title) and of.sub("", out[j].title) == base:
            j += 1
        total = j - i
        right = shown_figures([out[k].table for k in range(i, j) if isinstance(out[k].table, TablePlan)])
        for k in range(i, j):
            title = base if total == 1 else f"{base} " + part_of.replace("{i}", str(k - i + 1)).replace("{n}", str(total))
            table = out[k].table
            if isinstance(table, TablePlan):
                table = replace(table, aligns=tuple("right" if c < len(right) and right[c] else a
                                                    for c, a in enumerate(table.aligns)))
            if title != out[k].title or table != out[k].table:
                out[k] = replace(out[k], title=title, table=table)
        i = j
    return out


def shown_figures(tables: Sequence[TablePlan]) -> Tuple[bool, ...]:
    """Per column of a table's kept parts: True when every cell shown is a figure or a placeholder and one is
    a figure (the alignment judged by the rows the slides show, once the budget has left parts out)."""
    rows = [row for t in tables for row in t.rows]
    out: List[bool] = []
    for c in range(max((len(r) for r in rows), default=0)):
        texts = [" ".join("".join(run.text for run in row[c]).split()) if c < len(row) else "" for row in rows]
        figures = [t for t in texts if not is_placeholder(t)]
        years = all(re.fullmatch(r"(?:19|20)\d\d", t) for t in figures)  # a column of years labels rows
        out.append(bool(figures) and not years and all(is_numeric(t) for t in figures))
    return tuple(out)


def base_title(title: str, pattern: "Optional[re.Pattern[str]]" = None) -> str:
    """A slide title without "(cont.)" or "(1 of 3)" (``pattern``: those words in the brief's language)."""
    return (pattern or _PART).sub("", title).strip()


def trim(slides: Sequence[SlidePlan], groups: Sequence[Group], back_start: int, max_slides: int,
         more: str = "{title} (more)", parts: "Optional[re.Pattern[str]]" = None, part_of: str = "({i} of {n})",
         always_kept: "Optional[re.Pattern[str]]" = None) -> Tuple[List[SlidePlan], List[str], List[str]]:
    """The slides within ``max_slides`` (one more is left for the appendix slide); the sections and the slide
    titles left out. Unchanged when the deck fits or has the author's own slide bullets. ``more`` names a
    section partly left out (the theme's ``section_more`` label); ``parts`` matches the slide-title
    suffixes to drop (:func:`part_pattern`); ``always_kept`` the headings of the sections kept whole
    (:func:`kept_pattern`, :data:`ALWAYS` by default)."""
    if len(slides) <= max_slides or not groups or any(g.explicit for g in groups):
        return list(slides), [], []
    inside = set(i for g in groups for i in range(g.start, g.end))
    groups = [Group(g.start, g.end, g.title, g.words) for g in groups]
    keep_slides = [i for i in range(len(slides)) if slides[i].kind != "section" or i not in inside]
    kept_set = set(keep_slides)
    members = {k: [i for i in range(g.start, g.end) if i in kept_set] for k, g in enumerate(groups)}
    fixed = [i for i in keep_slides if i not in inside]
    always = [k for k, g in enumerate(groups) if (always_kept or ALWAYS).search(g.title)]
    room = max_slides - 1 - len(fixed) - sum(len(members[k]) for k in always)
    others = [k for k in range(len(groups)) if k not in always]
    sized = [Group(0, len(members[k]), groups[k].title, groups[k].words) for k in others]
    quota = quotas(sized, room)
    chosen = set(fixed)
    left_sections: List[str] = []
    left_titles: List[str] = []
    for k in always:
        chosen.update(members[k])
    for j, k in enumerate(others):
        take = members[k][: quota[j]]
        chosen.update(take)
        dropped = members[k][quota[j]:]
        if dropped:
            title = groups[k].title
            left_sections.append(title if not take else more.replace("{title}", title))
            left_titles += [base_title(slides[i].title, parts) for i in dropped]
    out = renumber_parts([slides[i] for i in range(len(slides)) if i in chosen], part_of)
    seen: List[str] = []
    for t in left_titles:
        if t not in seen:
            seen.append(t)
    log.info("deck budget: %d slides planned, %d kept; %d sections shortened", len(slides), len(out), len(left_sections))
    return out, left_sections, seen
