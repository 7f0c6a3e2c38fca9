"""Read a finished .pptx back and report what a presenter would object to (issue #29, #26 item 7).

``check_deck(path)`` returns :class:`Finding` rows (check, slide number, detail);
an empty list is a deck a presenter could present unchanged as far as these
checks see.  Nothing is written.  The checks:

* ``keep-out``: text drawn over the template's art (layout/master decorations,
  the slide's own pictures and drawings), except where the layout's own
  placeholder of the same kind already sits over that art;
* ``body-size``: more than one body text size in the deck;
* ``one-bullet``, ``pointer-only``, ``long-bullet``, ``duplicate-bullet``,
  ``dangling-reference``, ``citation-bullet``, ``dangling-lead-in``: derived
  content that misleads or says nothing;
* ``list-cut``: a bullet ending in an ellipsis;
* ``table-align``, ``table-split``: numbers not right-aligned, a split table
  whose first part leaves much of the body empty;
* ``notes-long``, ``notes-pipe-table``, ``notes-title-twice``, ``notes-empty``.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple, Union

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER

from . import deck_shapes as S
from .deck_tables import check_tables

log = logging.getLogger(__name__)

#: Overlap smaller than this (EMU, about 0.02 in) on either axis is touching, not crossing.
SLACK = 18288
LONG_BULLET_WORDS = 40
NOTES_WORDS = 250
#: Text boxes the deck adds that are not body text (credits, sources, captions, stamps, timeline labels).
NOT_BODY_NAME = re.compile(r"credit|source|caption|note|footer|stamp|draft|date|event|label|number", re.I)
NOT_BODY_TEXT = re.compile(r"^\s*(sources?|notes?|table|figure|credit)\b\s*[:.\d]", re.I)

POINTER = re.compile(r"\b(is|are) in the (handout|speaker notes|notes)\b|\bin the speaker notes\b|\bnotes: each\b"
                     r"|\bsee the (handout|notes|speaker notes)\b", re.I)
REFERENCE = re.compile(r"\bthe following\b|\((figure|fig\.|table|chart|box)\s*\d+[a-z]?\)|\bsee (figure|table|chart|box|appendix)\s*\d*"
                       r"|\bas shown (below|above)\b|\b(shown|listed|described) below\b|\bbelow:\s*$", re.I)
CITATION = re.compile(r"\bCRS (Report|In Focus|Insight)\b|\bCRS\s+R[LS]?\d{3,5}|\bvol\.\s*\d|\bpp?\.\s*\d"
                      r"|\bAvailable (at|from)\b|https?://|\bwww\.|\bIbid\b|\bop\.\s*cit\b"
                      r"|,\s*by\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){1,3}\s*(?:,|\.|$|and\b)")
DANGLING_WORDS = {"were", "was", "are", "is", "be", "been", "the", "a", "an", "of", "to", "and", "or", "for", "with",
                  "by", "in", "on", "at", "that", "which", "include", "includes", "including", "as", "from", "such",
                  "than", "whose", "these", "this", "following"}
#: The one slide where citations belong.
SOURCES_TITLE = re.compile(r"^\s*(sources|references|notes|endnotes|bibliography|further reading|works cited)\b", re.I)
LEAD_IN = re.compile(r"following|below", re.I)
ELLIPSIS = re.compile(r"(\u2026|\.\.\.)\s*$")


@dataclass(frozen=True)
class Finding:
    """One objection: which check, on which slide (0 for the deck as a whole), and what."""

    check: str
    slide: int
    detail: str


@dataclass
class Body:
    """The body text of one slide: paragraphs (level, text, sizes) of body placeholders and text boxes."""

    paragraphs: List[Tuple[int, str, List[float]]]
    has_visual: bool  # a table, chart, picture or group carries content
    content: bool  # a content slide (not a title, divider or blank slide)
    title: str
    title_top: Optional[int] = None


def _kind(shape) -> str:
    """'title', 'footer', 'subtitle', 'body' or 'other' for a text shape."""
    if shape.is_placeholder:
        kind = shape.placeholder_format.type
        if kind in S.TITLE_TYPES:
            return "title"
        if kind in S.FOOTER_TYPES:
            return "footer"
        if kind in S.BODY_TYPES:
            return "body"
        return "subtitle" if "SUBTITLE" in str(kind) else "other"
    if NOT_BODY_NAME.search(shape.name or "") or NOT_BODY_TEXT.match(shape.text_frame.text):
        return "other"
    return "body"


def _words(text: str) -> int:
    return len(text.split())


def read_body(slide, slide_h: int) -> Body:
    """The slide's body paragraphs and what kind of slide it is."""
    paragraphs: List[Tuple[int, str, List[float]]] = []
    title, visual, title_top, cover = "", False, None, False
    for shape in slide.shapes:
        if shape.shape_type in (MSO_SHAPE_TYPE.PICTURE, MSO_SHAPE_TYPE.GROUP) or getattr(shape, "has_table", False) \
                or getattr(shape, "has_chart", False):
            visual = visual or S.has_text(shape) or shape.shape_type == MSO_SHAPE_TYPE.PICTURE
            continue
        if not getattr(shape, "has_text_frame", False) or not shape.has_text_frame:
            continue
        kind = _kind(shape)
        if kind == "subtitle" or (shape.is_placeholder and shape.placeholder_format.type == PP_PLACEHOLDER.CENTER_TITLE):
            cover = True
        if kind == "title":
            title = shape.text_frame.text.strip()
            title_top = shape.top
        if kind != "body":
            continue
        for paragraph in shape.text_frame.paragraphs:
            text = "".join(r.text for r in paragraph.runs).strip()
            if text:
                sizes = [s for s in (S.run_size(slide, shape, paragraph, r) for r in paragraph.runs if r.text.strip()) if s]
                paragraphs.append((paragraph.level, text, sizes))
    content = bool(title) and not cover and (bool(paragraphs) or visual)
    return Body(paragraphs, visual, content, title, title_top)


def mark_content(bodies: Dict[int, "Body"]) -> None:
    """Content slides keep their titles where most slides with a body do; a divider's title sits elsewhere
    (a slide with a list or a visual under its title is content wherever its title is)."""
    tops = Counter(round(b.title_top / SLACK) for b in bodies.values() if b.content and b.title_top is not None)
    if not tops:
        return
    usual = tops.most_common(1)[0][0]
    for body in bodies.values():
        elsewhere = body.title_top is not None and abs(round(body.title_top / SLACK) - usual) > 5
        if body.content and elsewhere and len(body.paragraphs) < 2 and not body.has_visual:
            body.content = False


def check_keep_out(prs) -> List[Finding]:
    """Text-bearing shapes whose box crosses a keep-out zone, unless the layout's own placeholder does too."""
    found = []
    w, h = int(prs.slide_width), int(prs.slide_height)
    for number, slide in enumerate(prs.slides, 1):
        zones = S.keep_out_zones(slide, w, h)
        for shape in slide.shapes:
            if not S.has_text(shape):
                continue
            box = S.box_of(shape)
            if box is None:
                continue
            base = S.layout_placeholder(slide, shape) if shape.is_placeholder else None
            base_box = S.box_of(base) if base is not None else None
            crossed = []
            for zone in zones:
                inter = S.intersection(box, zone.box)
                if inter is None or min(inter[2] - inter[0], inter[3] - inter[1]) < min(SLACK, _thin(zone.box)):
                    continue
                if base_box is not None:
                    allowed = S.intersection(base_box, zone.box)
                    if allowed is not None and S.contains(allowed, inter, SLACK):
                        continue
                crossed.append(f"the {zone.where}'s {zone.name or 'unnamed shape'!r} {_inches(zone.box)}")
            if crossed:
                found.append(Finding("keep-out", number, f"{shape.name!r} {_inches(box)} crosses "
                                                         f"{len(crossed)} zone(s): " + "; ".join(crossed)))
    return found


def _thin(box: S.Box) -> int:
    return min(box[2] - box[0], box[3] - box[1])


def _inches(box: S.Box) -> str:
    return "[" + ", ".join(f"{v / S.EMU_PER_IN:.2f}" for v in box) + "] in"


def check_body_sizes(bodies: Dict[int, Body]) -> List[Finding]:
    """More than one top-level body size over the deck's content slides (large-type statement slides and the
    endnotes' "Sources" slide, reference matter set smaller by design, aside)."""
    per_size: Dict[float, List[int]] = defaultdict(list)
    for number, body in bodies.items():
        if not body.content or SOURCES_TITLE.match(body.title):
            continue
        for level, _text, sizes in body.paragraphs:
            if level == 0:
                for size in set(sizes):
                    if number not in per_size[size]:
                        per_size[size].append(number)
    if len(per_size) <= 1:
        return []
    modal = max(per_size, key=lambda s: (len(per_size[s]), -s))
    # A statement slide (one or two short paragraphs in type larger than the body) is a size of its own by design.
    for size in [s for s in per_size if s > modal]:
        per_size[size] = [n for n in per_size[size] if not _statement(bodies[n])]
        if not per_size[size]:
            del per_size[size]
    if len(per_size) <= 1:
        return []
    listing = "; ".join(f"{s:g} pt on slides {', '.join(map(str, sorted(n)[:8]))}{'…' if len(n) > 8 else ''}"
                        for s, n in sorted(per_size.items()))
    return [Finding("body-size", 0, f"{len(per_size)} body sizes: {listing}")]


def _statement(body: Body) -> bool:
    return len(body.paragraphs) <= 2 and sum(_words(t) for _l, t, _s in body.paragraphs) <= 60 and not body.has_visual


def check_content(bodies: Dict[int, Body]) -> List[Finding]:
    """The derived-content rules: one-bullet and pointer-only slides, long, duplicate, referring,
    citation-like, dangling and cut bullets."""
    found: List[Finding] = []
    seen: Dict[str, int] = {}
    sizes = Counter(s for b in bodies.values() if b.content for _l, _t, ss in b.paragraphs for s in ss)
    modal = sizes.most_common(1)[0][0] if sizes else None
    for number, body in bodies.items():
        paras = body.paragraphs
        if body.content and paras and all(POINTER.search(t) for _l, t, _s in paras) and not body.has_visual:
            found.append(Finding("pointer-only", number, f"only a pointer elsewhere: {paras[0][1][:80]!r}"))
        elif body.content and len(paras) == 1 and not body.has_visual:
            big = modal is not None and paras[0][2] and min(paras[0][2]) > modal
            if not big:
                found.append(Finding("one-bullet", number, f"one bullet: {paras[0][1][:80]!r}"))
        for index, (_level, text, _sizes) in enumerate(paras):
            short = text[:90]
            if _words(text) > LONG_BULLET_WORDS and not SOURCES_TITLE.match(body.title):  # endnotes are not bullets
                found.append(Finding("long-bullet", number, f"{_words(text)} words: {short!r}"))
            key = re.sub(r"[\W_]+", " ", text.lower()).strip()
            if _words(key) >= 3:
                if key in seen:
                    found.append(Finding("duplicate-bullet", number, f"also on slide {seen[key]}: {short!r}"))
                else:
                    seen[key] = number
            ref = REFERENCE.search(text)
            if ref and LEAD_IN.search(ref.group(0)) and text.rstrip().endswith(":") and index < len(paras) - 2:
                ref = None  # "the following:" with its list after it on the same slide
            if ref:
                found.append(Finding("dangling-reference", number, f"{ref.group(0)!r} in {short!r}"))
            cite = None if SOURCES_TITLE.match(body.title) else CITATION.search(text)
            if cite:
                found.append(Finding("citation-bullet", number, f"{cite.group(0).strip()!r} in {short!r}"))
            if ELLIPSIS.search(text):
                found.append(Finding("list-cut", number, f"ends in an ellipsis: {text[-80:]!r}"))
                continue
            last = re.sub(r"[\"'\u201d\u2019)\]]+$", "", text.rstrip())
            word = re.findall(r"[\w'-]+$", last)
            if last.endswith(":") and index >= len(paras) - 2:
                after = "no list" if index == len(paras) - 1 else "a single item"
                found.append(Finding("dangling-lead-in", number, f"lead-in with {after} after it: {text[-80:]!r}"))
            elif word and word[0].lower() in DANGLING_WORDS:
                found.append(Finding("dangling-lead-in", number, f"ends on {word[0]!r}: {text[-80:]!r}"))
    return found


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().lower()


def check_notes(prs, bodies: Dict[int, Body]) -> List[Finding]:
    """Speaker notes a presenter can use: short, no pipe tables, the title at most once, present on content slides."""
    found = []
    for number, slide in enumerate(prs.slides, 1):
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide and \
            slide.notes_slide.notes_text_frame is not None else ""
        body = bodies[number]
        words = _words(notes)
        if words > NOTES_WORDS:
            found.append(Finding("notes-long", number, f"{words} words of notes"))
        pipes = [line for line in notes.splitlines() if line.count("|") >= 2]
        if pipes:
            found.append(Finding("notes-pipe-table", number, f"{len(pipes)} pipe-separated lines: {pipes[0][:80]!r}"))
        title = _norm(body.title).rstrip(".:")
        heads = [line for line in notes.splitlines() if title and _norm(line).rstrip(".:") == title]
        if len(title) >= 4 and len(heads) >= 2:
            found.append(Finding("notes-title-twice", number, f"the title {body.title[:60]!r} is a line of the "
                                                              f"notes {len(heads)} times"))
        if body.content and (not notes.strip() or _norm(notes) == title):
            found.append(Finding("notes-empty", number, "no notes" if not notes.strip() else "notes are only the title"))
    return found


def check_deck(path: Union[str, Path]) -> List[Finding]:
    """Every finding of every check for the deck at ``path``."""
    prs = Presentation(str(path))
    h = int(prs.slide_height)
    bodies = {n: read_body(slide, h) for n, slide in enumerate(prs.slides, 1)}
    mark_content(bodies)
    findings = check_keep_out(prs)
    findings += check_body_sizes(bodies)
    findings += check_content(bodies)
    findings += check_tables(prs)
    findings += check_notes(prs, bodies)
    log.debug("%s: %d findings", path, len(findings))
    return findings


CHECKS = ("keep-out", "body-size", "one-bullet", "pointer-only", "long-bullet", "duplicate-bullet",
          "dangling-reference", "citation-bullet", "dangling-lead-in", "list-cut", "table-align", "table-split",
          "notes-long", "notes-pipe-table", "notes-title-twice", "notes-empty")


def main(argv: Optional[List[str]] = None) -> int:
    """``python -m checkers.deck_check DECK...``: print the findings, exit 1 if any."""
    import sys

    paths = sys.argv[1:] if argv is None else argv
    total = 0
    for path in paths:
        for f in check_deck(path):
            total += 1
            print(f"{path}: slide {f.slide}: {f.check}: {f.detail}")
    return 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(main())
