"""What a one-pager shows when the front matter gives no summary or key points: a plan drawn from the report's text.

Pure functions of the document model (no ReportLab, no drawing): the
renderer sets the :class:`Plan` and measures it (:mod:`.fit`), asking for a
leaner plan (:data:`BUDGETS`, richest first, a finite ladder) until one fits.

A plan holds, in reading order:

* the **lead**: the report's own ``## Summary`` section if there is one
  (``Summary``, ``Executive Summary``, ``In Brief``), else the lede (the text
  before the first heading), else the first section's opening; its first
  sentences, paragraph by paragraph;
* a **gist** of each other top-level section: its first sentence or two
  (found with ``pysbd``, as the deck's bullets are) under its heading;
* the **visuals** the renderer may add: every table and chart, in order, then
  every box (it takes the first whose measured height fits the room left).

Boilerplate gives nothing: captions, "Source:" lines, cross-references
("For more information, see CRS Report ..."), and sections that are only
notes or references. A plan whose text is too thin to stand for the report
(:data:`MIN_WORDS`) is not meaningful: the renderer then fails with a located
error instead of printing a blank page.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Iterable, List, Optional, Tuple

from ... import model as m
from ..deck.bullets import is_boilerplate, sentences, shorten_sentence

log = logging.getLogger(__name__)

MIN_WORDS = 5
"""Fewer words of the report's own prose than this (not one sentence): nothing meaningful to show. A short report
gets a short one-pager (all it has); only a body without prose fails."""

MAX_SENTENCE_WORDS = 60
"""A longer sentence is shortened at clause boundaries (never mid-phrase) towards this many words."""

FIELDS = ("summary", "key_points", "recommendations")
"""The front matter fields whose absence a derived one-pager makes up for."""

DERIVED_NOTE = "Summary drawn from the report's text"
"""The visible line on a derived one-pager (the layout's ``labels.derived`` replaces it)."""

FEW_SECTIONS = 3
"""A report with fewer top-level sections than this gives a gist a ``###`` subsection instead."""

_SUMMARY_TITLES = frozenset({"summary", "executive summary", "in brief", "summary and key points", "key takeaways"})
_SKIP_TITLES = re.compile(r"^\s*(?:notes?|end\s*notes|references|bibliography|sources|additional\s+references?|"
                          r"further\s+reading|appendix\b.*|acknowledg\w*|author\s+information|disclaimer)\s*$", re.I)
_SKIP_SENTENCE = re.compile(r"^\W*(?:\(?\s*see\s+(?:also\s+)?(?:crs|figure|table|appendix)\b|for\s+(?:a\s+)?(?:more|further|additional)"
                            r"\s+(?:detailed\s+)?(?:information|detail|details|discussion|treatment|analysis|on)\b|this\s+(?:report|in\s+focus|insight)\s+"
                            r"(?:briefly\s+)?(?:provides|describes|discusses|poses|summarizes|examines|presents|is)\b)", re.I)

_POINTS_AT_VISUAL = re.compile(r"\b(?:figure|table|chart)\s+\d+\s+(?:lists|shows|presents|provides|summarizes|illustrates|displays|"
                               r"compares|depicts|details|gives)\b", re.I)
"""A sentence about a figure or table ("Table 1 lists the monarchs..."), which the one-pager seldom shows."""

_GLUED_NOTE = re.compile(r"(?<=[.!?][\"\u201d\u2019)])\d{1,3}(?=\s|$)|(?<=[a-z)][.!?])\d{1,3}(?=\s+[A-Z]|$)")
"""A note number glued after a sentence's end (``services."1``), left by a conversion from PDF."""


@dataclass(frozen=True)
class Budget:
    """How much text a plan takes: sentences of the lead, sentences a section, sections, and a visual or not."""

    lead_sentences: int
    section_sentences: int
    max_sections: int
    visual: bool
    section_paragraphs: int = 1
    """How many of a section's paragraphs its sentences may come from (set as one paragraph under its heading)."""


BUDGETS: Tuple[Budget, ...] = (
    Budget(8, 2, 12, True),
    Budget(6, 2, 10, True),
    Budget(6, 1, 10, True),
    Budget(4, 1, 8, True),
    Budget(4, 1, 8, False),
    Budget(3, 1, 6, False),
    Budget(2, 1, 5, False),
)
"""From the richest plan to the leanest; the renderer stops at the first that fits."""

FILL: Tuple[Budget, ...] = (
    Budget(10, 3, 12, True, 2),
    Budget(12, 4, 12, True, 3),
    Budget(12, 6, 12, True, 4),
)
"""Richer plans, tried in order at the size the first plan fitted, when that plan left much of the page empty
(a short report whose table does not fit): each section's next sentences fill it, as long as they fit."""


@dataclass(frozen=True)
class Passage:
    """One paragraph of the report's own sentences, with the source line it came from."""

    text: str
    line: int


@dataclass(frozen=True)
class Gist:
    """A top-level section's heading (plain text) and its opening sentences."""

    heading: str
    passage: Passage
    line: int


@dataclass(frozen=True)
class Plan:
    """A derived one-pager: the lead, the section gists, the candidate visuals, and the fields that would do better."""

    lead: Tuple[Passage, ...]
    gists: Tuple[Gist, ...]
    visuals: Tuple[m.Block, ...]
    missing: Tuple[str, ...]
    lead_from: str
    """Where the lead came from: ``summary section``, ``lede``, ``first section`` or ``""`` (none)."""

    @property
    def words(self) -> int:
        """The words of the report's own text the plan sets (headings not counted)."""
        return sum(len(p.text.split()) for p in self.lead) + sum(len(g.passage.text.split()) for g in self.gists)

    @property
    def meaningful(self) -> bool:
        """Whether the plan says enough to stand for the report (at least :data:`MIN_WORDS` words)."""
        return self.words >= MIN_WORDS


def needs_derivation(meta: m.Metadata) -> bool:
    """True when the front matter has neither a summary nor key points: the one-pager's box would be empty."""
    return not meta.summary and not meta.key_points


def missing_fields(meta: m.Metadata) -> Tuple[str, ...]:
    """The fields of :data:`FIELDS` the front matter does not give."""
    return tuple(f for f in FIELDS if not getattr(meta, f))


def warning_text(missing: Iterable[str]) -> str:
    """The build warning of a derived one-pager, naming the fields that would make it better."""
    names = ", ".join(f"'{f}:'" for f in missing)
    return (f"the one-pager is drawn from the report's text (no summary or key points in the front matter); "
            f"add {names} for a one-pager in the author's own words")


def plan(doc: m.Document, budget: Budget = BUDGETS[0]) -> Plan:
    """The derived one-pager of ``doc`` at ``budget``."""
    lang = doc.lang or "en"
    sections = [s for s in doc.sections if not _SKIP_TITLES.match(m.plain_text(s.title))]
    summary = next((s for s in sections if m.plain_text(s.title).strip().lower() in _SUMMARY_TITLES), None)
    lead_blocks: m.Blocks = ()
    lead_from = ""
    rest = list(sections)
    if summary is not None:
        lead_blocks, lead_from = summary.blocks, "summary section"
        rest.remove(summary)
    elif _prose(doc.lede):
        lead_blocks, lead_from = doc.lede, "lede"
    elif rest and _prose(rest[0].blocks):
        lead_blocks, lead_from = rest[0].blocks, "first section"
        rest = rest[1:]
    lead = _passages(lead_blocks, budget.lead_sentences, lang)
    gists: List[Gist] = []
    for heading, line, blocks in _units(rest):
        if len(gists) >= budget.max_sections:
            break
        found = _passages(blocks, budget.section_sentences, lang, paragraphs=budget.section_paragraphs)
        if found and heading:
            gists.append(Gist(heading, Passage(" ".join(p.text for p in found), found[0].line), line))
    # a table or chart first; else a box (::: {.box}) if one fits what is left of the page
    visuals = tuple(b for b in m.all_body_blocks(doc) if isinstance(b, (m.Table, m.Chart))) if budget.visual else ()
    visuals += tuple(b for b in m.all_body_blocks(doc) if isinstance(b, m.Box)) if budget.visual else ()
    result = Plan(tuple(lead), tuple(gists), visuals, missing_fields(doc.meta), lead_from if lead else "")
    log.debug("one-pager plan at %s: %d words (lead from %s), %d sections", budget, result.words, result.lead_from, len(gists))
    return result


def _units(sections: List[m.Section]) -> List[Tuple[str, int, m.Blocks]]:
    """``(heading, line, blocks)`` of each section; with fewer than :data:`FEW_SECTIONS` sections, a section
    with ``###`` subheadings gives its opening (if it has prose) and then one unit a subsection."""
    out: List[Tuple[str, int, m.Blocks]] = []
    for section in sections:
        heading = " ".join(m.plain_text(section.title).split())
        subs = [i for i, b in enumerate(section.blocks) if isinstance(b, m.SubHeading) and b.level == 3]
        if len(sections) >= FEW_SECTIONS or not subs:
            out.append((heading, section.line, section.blocks))
            continue
        if _prose(section.blocks[:subs[0]]):
            out.append((heading, section.line, section.blocks[:subs[0]]))
        for start, end in zip(subs, subs[1:] + [len(section.blocks)]):
            sub = section.blocks[start]
            assert isinstance(sub, m.SubHeading)
            out.append((" ".join(m.plain_text(sub.inlines).split()), sub.line, section.blocks[start + 1:end]))
    return out


def _prose(blocks: Iterable[m.Block]) -> List[m.Paragraph]:
    """The paragraphs of ``blocks`` (top level and in lists' first paragraphs) that are argument, not boilerplate."""
    out: List[m.Paragraph] = []
    for block in blocks:
        if isinstance(block, m.Paragraph):
            text = m.plain_text(block.inlines)
            if text.strip() and not is_boilerplate(text) and not _SKIP_SENTENCE.match(text):
                out.append(block)
    return out


def _passages(blocks: Iterable[m.Block], limit: int, lang: str, paragraphs: int = 0) -> List[Passage]:
    """Up to ``limit`` sentences from the prose of ``blocks``, one passage a paragraph (``paragraphs``: at most
    that many paragraphs; 0: any number)."""
    out: List[Passage] = []
    left = limit
    for para in _prose(blocks):
        if left <= 0:
            break
        kept = [s for s in sentences(_GLUED_NOTE.sub("", m.plain_text(para.inlines)), lang)
                if not _SKIP_SENTENCE.match(s) and not _POINTS_AT_VISUAL.search(s) and not s.rstrip().endswith(":")][:left]
        kept = [shorten_sentence(s, MAX_SENTENCE_WORDS) for s in kept]
        if not kept:
            continue
        out.append(Passage(" ".join(kept), para.line))
        left -= len(kept)
        if paragraphs and len(out) >= paragraphs:
            break
    return out


def title_position(doc: m.Document) -> Tuple[Optional[int], Optional[int]]:
    """Where a message about the front matter points: the title's value (line 1 when unknown)."""
    line, col = doc.meta.position("title")
    return (line, col) if line is not None else (1, None)
