"""A print checker: reads a PDF back (pdfplumber) and lists what a publications desk would mark.

Checks (each finding names its check, its page and what was seen):

``page_fill``      a page but the last more than 15 % empty at the bottom of the text block;
``hyphenation``    a line-end hyphen not at a pattern point (pyphen, the document's language), with fewer
                   than 2 letters before or 3 after, in a capitalized word or an acronym, on a page's
                   last line, a third hyphenated line in a row, or a hyphen repeated at the line start;
``word_break``     a break with no hyphen inside a word, other than in a URL after ``/ . ? & - _``;
``short_line``     a body line ending short (the next word would have fit) whose next line goes on in
                   the same paragraph (same left edge, no paragraph space): a false paragraph break;
``measure``        the median body line (full justified lines) outside 60-75 characters;
``min_size``       type under 7.5 pt on a page (raised or lowered note markers aside);
``margin``         a character's box outside the text block horizontally (or off the paper);
``widow_orphan``   a paragraph's first line alone at a page bottom, or its last line alone at a page top;
                   in a tagged PDF also a heading as a page's last text (its text on the next page).

Contents pages (mostly entries with dot leaders) are titles and page numbers, not prose: the page-fill
and line-break checks pass over them.

Use :func:`check_pdf` for the findings and :func:`measure_pdf` for findings and figures.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set, Tuple

from .breaks import (
    HYPHENS,
    LIST_MARKER,
    URL_BREAK_CHARS,
    BreakJudge,
    Break,
    continuation,
    ends_with_hyphen,
    head_letters,
    is_url_piece,
    tail_letters,
)
from .pdf_model import Document, Segment, at_edge, median, read_pdf

log = logging.getLogger(__name__)

CHECKS = ("page_fill", "hyphenation", "word_break", "short_line", "measure", "min_size", "margin", "widow_orphan")
SENTENCE_END = tuple(".?!:;\"'”’)]")


@dataclass(frozen=True)
class Finding:
    """One thing a publications desk would mark: which check, on which page (1-based; 0: the whole document)."""

    check: str
    page: int
    detail: str

    def __str__(self) -> str:
        return f"{self.check} p{self.page}: {self.detail}"


@dataclass
class Limits:
    """The thresholds the checks hold a PDF to (the issue's rules)."""

    max_empty: float = 0.15
    measure: Tuple[int, int] = (60, 75)
    min_size: float = 7.5
    min_before: int = 2
    min_after: int = 3
    max_hyphen_run: int = 2
    margin_tolerance: float = 1.0
    #: regexes for the first line of a page the layout starts on purpose (e.g. r"^About the Authors?$");
    #: none by default: every hole counts until a layout says why it is there
    intended_breaks: Tuple[str, ...] = ()


@dataclass
class Report:
    """Findings and the figures measured on the way."""

    path: Path
    pages: int
    findings: List[Finding]
    measure_median: Optional[float]
    smallest_size: Optional[float]
    doc: Optional[Document] = field(repr=False, default=None)  # the model read back (drop it to save memory)

    def by_check(self) -> Dict[str, List[Finding]]:
        """The findings grouped by check name (every check present, maybe empty)."""
        out: Dict[str, List[Finding]] = {name: [] for name in CHECKS}
        for f in self.findings:
            out[f.check].append(f)
        return out


def _excerpt(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _body_blocks(doc: Document, page: int) -> List[List[Segment]]:
    """Body lines of a page chained into blocks: same left edge, one body leading apart."""
    lines = [s for s in doc.page_segments(page) if doc.is_body(s)]
    blocks: List[List[Segment]] = []
    used = set()
    for seg in lines:
        if id(seg) in used:
            continue
        block = [seg]
        used.add(id(seg))
        while True:
            last = block[-1]
            nxt = [o for o in lines if id(o) not in used and abs(o.x0 - last.x0) < 1.0
                   and abs((o.baseline - last.baseline) - doc.body_leading) <= 1.0]
            if not nxt:
                break
            block.append(min(nxt, key=lambda o: o.top))
            used.add(id(block[-1]))
        blocks.append(block)
    return blocks


def _measure_right(doc: Document) -> Dict[float, float]:
    """For each left edge of body lines, the right edge most of its full lines reach."""
    edges: Dict[float, List[float]] = {}
    for s in doc.segments:
        if doc.is_body(s) and not s.right_sibling:
            edges.setdefault(round(s.x0 * 2) / 2, []).append(round(s.x1 * 2) / 2)
    out = {}
    for x0, ends in edges.items():
        if len(ends) >= 3:
            out[x0] = max(set(ends), key=lambda v: (ends.count(v), v))
    return out


def _is_full(doc: Document, seg: Segment, rights: Dict[float, float]) -> bool:
    """True for a line that reaches its measure: the justified edge, or for ragged text its last 15 %."""
    if doc.block.right_from.startswith("ragged"):
        return seg.x1 >= doc.block.right - 0.15 * (doc.block.right - seg.x0)
    right = rights.get(round(seg.x0 * 2) / 2, doc.block.right)
    return seg.x1 >= right - 1.5


PAGE_NUMBER = re.compile(r"^(?:\d{1,4}|[ivxlc]{1,6})$")


def _led_to(doc: Document, seg: Segment) -> bool:
    """True when a dot leader (tiny marks, drawn or typed) runs up to ``seg`` from the left on its line."""
    if any(o.page == seg.page and o.x1 <= seg.x0 + 0.5 and seg.x0 - o.x1 < 30 and re.search(r"(?:\.\s?){4,}$", o.text)
           and o.top < seg.bottom and o.bottom > seg.top for o in doc.segments):
        return True
    return any(g.page == seg.page and g.x1 - g.x0 < 2.5 and g.bottom - g.top < 2.5 and g.x1 <= seg.x0 + 0.5
               and seg.x0 - g.x1 < 30 and g.top < seg.bottom and g.bottom > seg.top for g in doc.graphics)


def contents_pages(doc: Document) -> Set[int]:
    """Pages that are mostly entries led by dots to a page number: a contents page or a list of tables.

    Their entries are titles and page numbers, not prose (no hyphenation or word-break rules), and the
    body starts on a new page after them on purpose (no page-fill rule).
    """
    out = set()
    for page in range(1, len(doc.page_sizes) + 1):
        segs = doc.page_segments(page)
        entries = sum(1 for s in segs if PAGE_NUMBER.match(s.text.strip()) and _led_to(doc, s))
        if entries and entries >= 0.2 * len(segs):
            out.add(page)
    return out


def check_page_fill(doc: Document, limits: Limits) -> Iterable[Finding]:
    """Pages but the last whose lowest content stops more than ``max_empty`` short of the text block bottom
    (a contents page aside: the body starts on the next page on purpose)."""
    block = doc.block
    if block.height <= 0:
        return
    skip = contents_pages(doc)
    for page in range(1, len(doc.page_sizes)):
        if page in skip:
            continue
        bottoms = [s.bottom for s in doc.segments if s.page == page and not s.running]
        bottoms += [g.bottom for g in doc.graphics if g.page == page and not g.running and not at_edge(g, doc.page_sizes)]
        low = max(bottoms, default=block.top)
        empty = (block.bottom - low) / block.height
        if empty > limits.max_empty:
            following = doc.page_segments(page + 1)
            head = following[0].text if following else ""
            if any(re.search(rx, head) for rx in limits.intended_breaks):
                continue  # the layout breaks the page there on purpose (back matter)
            last = [s for s in doc.page_segments(page) if abs(s.bottom - low) < 2] or doc.page_segments(page)[-1:]
            tail = f" after '{_excerpt(last[-1].text, 40)}'" if last else ""
            yield Finding("page_fill", page, f"{empty:.0%} empty at the bottom ({block.bottom - low:.0f} pt){tail}; next page begins '{_excerpt(head, 30)}'")


def _page_lines(doc: Document) -> Dict[int, List[Segment]]:
    return {p: doc.page_segments(p) for p in range(1, len(doc.page_sizes) + 1)}


def _breaks(doc: Document) -> List[Break]:
    lines = _page_lines(doc)
    skip = contents_pages(doc)
    out = []
    for page, segs in lines.items():
        if page in skip:
            continue
        for seg in segs:
            if seg.right_sibling or not seg.text:
                continue
            br = continuation(doc, seg, lines)
            if br is not None and br.next.text:
                out.append(br)
    return out


def check_breaks(doc: Document, limits: Limits, judge: BreakJudge) -> Iterable[Finding]:
    """Hyphenation and breaks inside words, judged line end by line end."""
    run: List[Break] = []
    for br in _breaks(doc):
        a_text, b_text = br.line.text, br.next.text
        if br.line.element is not None and br.next.element is not None and br.line.element != br.next.element:
            run = []  # a tagged PDF says the two lines are two paragraphs (a note's address, the next note's number)
            continue
        if ends_with_hyphen(a_text):
            last = a_text.split()[-1]
            if judge.suspended(tail_letters(a_text[:-1]), head_letters(b_text)):
                run = []  # "innovation- / and": a break at a space, after the text's own hyphen
                continue
            if any(mark in last for mark in ("/", "://", "www.")) and b_text[0] not in HYPHENS:
                continue  # a web address broken after its own '-' (Chicago's rule): no hyphen added
            run = run + [br] if run and run[-1].next is br.line else [br]
            yield from _judge_hyphen(br, limits, judge)
            if len(run) == limits.max_hyphen_run + 1:
                yield Finding("hyphenation", br.line.page, f"{len(run)} hyphenated lines in a row, from '{_excerpt(run[0].line.text[-30:], 30)}'")
            continue
        run = []
        a = a_text.split()[-1]
        b = b_text.split()[0]
        if not (a[-1].isalnum() and b[0].isalnum()):
            continue
        inside = is_url_piece(a, b) or (judge.joined_in_source(a, b) and not judge.spaced_in_source(a, b))
        if inside and a[-1] not in URL_BREAK_CHARS and b[0] not in URL_BREAK_CHARS:
            yield Finding("word_break", br.line.page, f"broken inside a word with no hyphen: '{a}' / '{b}'")


def _judge_hyphen(br: Break, limits: Limits, judge: BreakJudge) -> Iterable[Finding]:
    a_text, b_text = br.line.text, br.next.text
    page = br.line.page
    if b_text[0] in HYPHENS:
        yield Finding("hyphenation", page, f"hyphen repeated at the line start: '{a_text.split()[-1]}' / '{b_text.split()[0]}'")
        return
    left, right = tail_letters(a_text[:-1]), head_letters(b_text)
    if not left or not right:
        return
    shown = f"{left}-{right}"
    if judge.spelled_with_hyphen(left, right) or (left[-1].islower() and right[0].isupper()):
        return  # a compound's own hyphen: a break the text allows
    word = left + right
    if br.across_page:
        yield Finding("hyphenation", page, f"hyphen across a page turn: '{shown}'")
    if word.isupper() and len(word) > 1:
        yield Finding("hyphenation", page, f"acronym hyphenated: '{shown}'")
    elif word[0].isupper() and not judge.used_in_lower_case(word):
        yield Finding("hyphenation", page, f"capitalized word hyphenated: '{shown}'")
    points = judge.points(word)
    if len(left) not in points:
        pattern = _show_points(word, points)
        yield Finding("hyphenation", page, f"not a pattern point ({judge.lang}): '{shown}' (patterns: {pattern})")
    elif len(left) < limits.min_before or len(right) < limits.min_after:
        yield Finding("hyphenation", page, f"fewer than {limits.min_before} letters before or {limits.min_after} after: '{shown}'")


def _show_points(word: str, points: List[int]) -> str:
    out, last = [], 0
    for p in points:
        out.append(word[last:p])
        last = p
    out.append(word[last:])
    return "-".join(out)


def check_short_lines(doc: Document, limits: Limits) -> Iterable[Finding]:
    """Body lines that end short although the next word would have fit, and the paragraph goes on below."""
    space = 0.25 * doc.body_size
    for page in range(1, len(doc.page_sizes) + 1):
        for block in _body_blocks(doc, page):
            if len(block) < 2:
                continue
            right = _block_right(block)
            for seg, nxt in zip(block, block[1:]):
                if seg.right_sibling or seg.left_sibling or nxt.left_sibling or ends_with_hyphen(seg.text):
                    continue
                if LIST_MARKER.match(nxt.text):
                    continue
                first = nxt.text.split()[0]
                first_w = _width_of_prefix(nxt, len(first))
                room = right - seg.x1
                if room > first_w + space + 1.0 and room > 3 * doc.body_size:
                    yield Finding("short_line", page, f"line ends {room:.0f} pt short mid-paragraph: '{_excerpt(seg.text[-40:], 40)}' / '{_excerpt(nxt.text, 40)}'")


def _block_right(block: List[Segment]) -> float:
    """A block's measure: the edge most of its lines end at when justified (a quote set narrower), else its longest line."""
    ends = [round(s.x1 * 2) / 2 for s in block]
    edge = max(set(ends), key=lambda v: (ends.count(v), v))
    if ends.count(edge) >= max(2, 0.3 * len(ends)):
        return edge
    return max(s.x1 for s in block)


def _width_of_prefix(seg: Segment, nchars: int) -> float:
    ink = sorted(seg.chars, key=lambda c: c["x0"])
    if not ink:
        return 0.0
    take = ink[: max(1, min(nchars, len(ink)))]
    return take[-1]["x1"] - take[0]["x0"]


def check_measure(doc: Document, limits: Limits) -> Tuple[Optional[float], List[Finding]]:
    """The median length in characters of body lines at the text block's left edge, paragraphs' last lines aside."""
    counts = []
    lefts = [round(s.x0 * 2) / 2 for s in doc.segments if doc.is_body(s) and not s.left_sibling]
    main_left = max(set(lefts), key=lefts.count) if lefts else doc.block.left  # the body column's left edge
    for page in range(1, len(doc.page_sizes) + 1):
        for block in _body_blocks(doc, page):
            for s in block[:-1]:  # a paragraph's lines but its last (in justified text: its full lines)
                if not s.right_sibling and not s.left_sibling and abs(s.x0 - main_left) < 1.0:
                    counts.append(len(s.text))
    value = median(counts)
    findings = []
    low, high = limits.measure
    if value is not None and len(counts) >= 5 and not (low <= value <= high):
        findings.append(Finding("measure", 0, f"median body line {value:.0f} characters ({len(counts)} full lines); the rule is {low}-{high}"))
    return value, findings


def check_min_size(doc: Document, limits: Limits) -> Tuple[Optional[float], List[Finding]]:
    """The smallest type on each page, note markers (raised or lowered smaller characters) aside."""
    smallest: Optional[float] = None
    findings = []
    for page in range(1, len(doc.page_sizes) + 1):
        worst: Optional[Tuple[float, Segment]] = None
        segs = doc.page_segments(page, running=True)
        for seg in segs:
            if _note_marker(seg, segs):
                continue
            for ch in seg.chars:
                size = float(ch["size"])
                if size < seg.size - 0.3 and abs(ch["bottom"] - seg.bottom) > 0.15 * seg.size:
                    continue  # a superscript or subscript
                if worst is None or size < worst[0]:
                    worst = (size, seg)
        if worst is None:
            continue
        smallest = worst[0] if smallest is None else min(smallest, worst[0])
        if worst[0] < limits.min_size - 0.05:
            findings.append(Finding("min_size", page, f"{worst[0]:.1f} pt type: '{_excerpt(worst[1].text, 40)}'"))
    return smallest, findings


def _note_marker(seg: Segment, segs: List[Segment]) -> bool:
    """True for a raised note marker ("1", "a", "*") set apart from the larger text it follows."""
    if len(seg.text) > 3:
        return False
    return any(o is not seg and o.size > seg.size + 0.3 and abs(o.x1 - seg.x0) < 2.0 and o.top - 1 < seg.bottom and seg.top < o.bottom
               and seg.bottom < o.bottom - 0.1 * o.size for o in segs)


def check_margins(doc: Document, limits: Limits) -> Iterable[Finding]:
    """Characters whose box lies left or right of the text block (or off the paper)."""
    left, right, tol = doc.block.left, doc.block.right, limits.margin_tolerance
    for seg in doc.segments:
        width = doc.page_sizes[seg.page - 1][0]
        lo, hi = (0.0, width) if seg.running else (left - tol, right + tol)
        out = [c for c in seg.chars if c["x0"] < lo or c["x1"] > hi]
        if out:
            far = max(max(lo - c["x0"], c["x1"] - hi) for c in out)
            where = "off the paper" if any(c["x1"] > width or c["x0"] < 0 for c in out) else "past the margin"
            yield Finding("margin", seg.page, f"{len(out)} characters {where} (by {far:.0f} pt): '{_excerpt(seg.text, 50)}'")


def check_widows_orphans(doc: Document, limits: Limits) -> Iterable[Finding]:
    """A paragraph's first line alone at a page bottom (orphan) or its last line alone at a page top (widow)."""
    rights = _measure_right(doc)
    npages = len(doc.page_sizes)
    for page in range(1, npages):
        blocks = _body_blocks(doc, page)
        nxt_blocks = _body_blocks(doc, page + 1)
        if not blocks or not nxt_blocks:
            continue
        last_block = max(blocks, key=lambda b: b[-1].bottom)
        first_block = min(nxt_blocks, key=lambda b: b[0].top)
        tail, head = last_block[-1], first_block[0]
        if not _lowest_on_page(doc, tail) or not _highest_on_page(doc, head):
            continue
        continues = _is_full(doc, tail, rights) and not LIST_MARKER.match(head.text) and abs(head.x0 - tail.x0) < 1.0
        if tail.element is not None and head.element is not None and tail.element != head.element:
            continues = False  # a tagged PDF says where paragraphs end: two elements, two paragraphs
        if not continues:
            continue
        if len(last_block) == 1 and not _neighbour(doc, tail, above=True):
            yield Finding("widow_orphan", page, f"orphan: a paragraph's first line alone at the page bottom: '{_excerpt(tail.text, 50)}'")
        if len(first_block) == 1 and not _is_full(doc, head, rights) and not _neighbour(doc, head, above=False):
            yield Finding("widow_orphan", page + 1, f"widow: a paragraph's last line alone at the page top: '{_excerpt(head.text, 50)}'")


HEADING_ROLE = re.compile(r"^H[1-6]?$")


def check_stranded_headings(doc: Document) -> Iterable[Finding]:
    """In a tagged PDF, a heading as the last text of a page (but the last): its text begins on the next
    page, the heading alone at the foot. Reported with the widows and orphans."""
    skip = contents_pages(doc)
    for page in range(1, len(doc.page_sizes)):
        segs = [s for s in doc.page_segments(page) if s.text.strip()]
        if page in skip or not segs:
            continue
        low = max(s.bottom for s in segs)
        last = [s for s in segs if s.bottom > low - 0.5 * s.size]
        if last and all(HEADING_ROLE.match(s.role) for s in last):
            yield Finding("widow_orphan", page, f"heading alone at the page foot: '{_excerpt(last[0].text, 50)}'")


def _neighbour(doc: Document, seg: Segment, above: bool) -> bool:
    """True when any text (of any size: a line of small URLs, say) sits one line away above or below ``seg``."""
    reach = 1.3 * doc.body_leading
    for other in doc.page_segments(seg.page):
        if other is seg or other.x1 < seg.x0 or other.x0 > seg.x1:
            continue
        gap = seg.baseline - other.baseline if above else other.baseline - seg.baseline
        if 0 < gap <= reach:
            return True
    return False


def _lowest_on_page(doc: Document, seg: Segment) -> bool:
    return not any(o.top > seg.bottom - 0.5 for o in doc.page_segments(seg.page) if o is not seg)


def _highest_on_page(doc: Document, seg: Segment) -> bool:
    """True when no text but running elements stands above ``seg`` on its page."""
    return not any(o.bottom < seg.top + 0.5 for o in doc.page_segments(seg.page) if o is not seg)


def measure_pdf(path: Path, source_text: Optional[str] = None, lang: Optional[str] = None, limits: Optional[Limits] = None) -> Report:
    """Read ``path`` and run every check; ``source_text`` (the Markdown) tells compounds from hyphenation."""
    limits = limits or Limits()
    doc = read_pdf(Path(path))
    judge = BreakJudge(doc, source_text, lang)
    findings: List[Finding] = []
    findings += check_page_fill(doc, limits)
    findings += check_breaks(doc, limits, judge)
    findings += check_short_lines(doc, limits)
    measure, more = check_measure(doc, limits)
    findings += more
    smallest, more = check_min_size(doc, limits)
    findings += more
    findings += check_margins(doc, limits)
    findings += check_widows_orphans(doc, limits)
    findings += check_stranded_headings(doc)
    findings.sort(key=lambda f: (CHECKS.index(f.check), f.page))
    return Report(Path(path), len(doc.page_sizes), findings, measure, smallest, doc)


def check_pdf(path: Path, source_text: Optional[str] = None, lang: Optional[str] = None, limits: Optional[Limits] = None) -> List[Finding]:
    """The findings for the PDF at ``path`` (empty: a publications desk would print it unchanged)."""
    return measure_pdf(path, source_text, lang, limits).findings
