"""A PDF read back as lines on pages: the model the print checks measure.

Each page's characters (pdfplumber) are grouped into text lines by their top edge, and each line is
split into *segments* where a horizontal gap wider than 1.5 em separates two runs of text (table
cells, a label and its value), so a segment is one run of text a reader reads as one line.
Running elements (running heads, footers, page numbers, rules and logos repeated on most pages) are
marked and left out of the text block. The text block is worked out from the page geometry:

- left: the leftmost edge shared by several lines; right: the edge most justified body lines end at
  (or the paper's left margin mirrored, if wider), for ragged-right text the furthest edge several
  line ends crowd against; widened to any right edge shared by several lines;
- widened to the rules drawn across it: two or more horizontal rules (or shaded boxes) sharing their left
  and right edges, set symmetrically on the paper (a masthead's rules, a shaded box), mark the text block's
  width where its lines do not reach both edges (ragged text, a column narrower than the page);
- top and bottom: the highest and lowest non-running content over all pages.

The body style is the font and size carrying the most characters in the document's wide runs (at
least 40 % of the paper's width: table cells and chart labels do not decide it), or a larger style
carrying nearly as many (endnotes set smaller can outweigh a short report's text: see ``body_style``).
"""

from __future__ import annotations

import logging
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import pdfplumber

log = logging.getLogger(__name__)

#: A horizontal gap (in em of the line's size) that separates two segments on one baseline; a gap over
#: 0.9 em also does when it is 2.5 times the line's usual word space (table cells side by side).
SEGMENT_GAP_EM = 1.5
#: A space is assumed between two characters further apart than this (in em) with no space char.
SPACE_GAP_EM = 0.18


@dataclass
class Segment:
    """One run of text on one line of a page (coordinates in points, top-down, as pdfplumber)."""

    page: int  # 1-based
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float  # the size carrying most characters
    font: str  # the font carrying most characters (subset prefix removed)
    text: str
    chars: List[dict] = field(repr=False, default_factory=list)
    running: bool = False
    right_sibling: bool = False  # another segment follows on the same line
    left_sibling: bool = False  # another segment precedes on the same line
    element: Optional[Tuple[int, int]] = None  # in a tagged PDF: the structure element (paragraph, cell...) its text belongs to
    role: str = ""  # that element's structure type ("P", "H2", "LBody"...), "" when untagged

    @property
    def mcid(self) -> Optional[int]:
        """The marked-content id most of its characters carry (None: untagged)."""
        ids = Counter(c.get("mcid") for c in self.chars if c.get("mcid") is not None)
        return ids.most_common(1)[0][0] if ids else None


@dataclass
class Graphic:
    """A rule, box, curve or image on a page."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    running: bool = False


@dataclass
class TextBlock:
    """The text block: where body content may go on every page."""

    left: float
    right: float
    top: float
    bottom: float
    right_from: str  # how the right edge was found: "justified edge" or "mirrored left margin"

    @property
    def height(self) -> float:
        """The text block's height in points."""
        return self.bottom - self.top


@dataclass
class Document:
    """A PDF read back: its pages' segments and graphics, body style and text block."""

    path: Path
    page_sizes: List[Tuple[float, float]]
    segments: List[Segment]
    graphics: List[Graphic]
    body_size: float
    body_font: str
    body_leading: float
    block: TextBlock
    lang: Optional[str]

    def page_segments(self, page: int, running: bool = False) -> List[Segment]:
        """The segments of one page (1-based) in reading order (top, then left), running ones only if asked."""
        segs = [s for s in self.segments if s.page == page and (running or not s.running)]
        return sorted(segs, key=lambda s: (round(s.top, 1), s.x0))

    def is_body(self, seg: Segment) -> bool:
        """True for a line of body text: the body font at the body size, not a running element."""
        return (not seg.running) and abs(seg.size - self.body_size) < 0.3 and seg.font == self.body_font

    def plain_text(self) -> str:
        """All non-running text, one segment a line (for evidence of how words are spelled)."""
        return "\n".join(s.text for s in self.segments if not s.running)


def normalize(text: str) -> str:
    """NFKC (ligatures split), typographic quotes and dashes made plain, soft hyphens dropped."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    table = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2010": "-", "\u2011": "-"}
    return "".join(table.get(ch, ch) for ch in text)


def _font_name(name: str) -> str:
    return name.split("+", 1)[-1]


def _baseline(ch: dict, page_height: float) -> float:
    return page_height - ch["matrix"][5]


def _line_groups(chars: List[dict], page_height: float) -> List[List[dict]]:
    """Characters grouped into lines: upright text clustered by top edge (tolerance 3 pt)."""
    upright = [c for c in chars if c.get("upright", True)]
    upright.sort(key=lambda c: (c["top"], c["x0"]))
    lines: List[List[dict]] = []
    for ch in upright:
        if lines and abs(ch["top"] - lines[-1][0]["top"]) <= 3.0:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    other = [c for c in chars if not c.get("upright", True)]
    for ch in other:  # rotated text: one segment a character run is enough for size and margin checks
        lines.append([ch])
    return lines


def _word_gap(ink: List[dict]) -> float:
    """The line's usual space between words (the median gap wider than 0.15 em)."""
    gaps = [b["x0"] - a["x1"] for a, b in zip(ink, ink[1:]) if b["x0"] - a["x1"] > 0.15 * max(a["size"], 1.0)]
    return statistics.median(gaps) if gaps else 0.0


def _segments_of_line(page: int, line: List[dict], page_height: float) -> List[Segment]:
    chars = sorted(line, key=lambda c: c["x0"])
    word_gap = _word_gap([c for c in chars if not c["text"].isspace()])
    runs: List[List[dict]] = []
    last_ink: Optional[dict] = None
    for ch in chars:
        if ch["text"].isspace():
            if runs:
                runs[-1].append(ch)
            continue
        if last_ink is not None and runs:
            em = max(ch["size"], last_ink["size"], 1.0)
            gap = ch["x0"] - last_ink["x1"]
            if gap > SEGMENT_GAP_EM * em or (gap > 0.9 * em and gap > 2.5 * word_gap):
                runs.append([])
        elif not runs:
            runs.append([])
        runs[-1].append(ch)
        last_ink = ch
    segs = []
    for run in runs:
        ink = [c for c in run if not c["text"].isspace()]
        if not ink:
            continue
        sizes: Counter = Counter()
        fonts: Counter = Counter()
        bases: Counter = Counter()
        for c in ink:
            sizes[round(c["size"], 1)] += 1
            fonts[_font_name(c["fontname"])] += 1
            bases[round(_baseline(c, page_height), 1)] += 1
        text = []
        prev = None
        for c in run:
            if c["text"].isspace():
                if text and text[-1] != " ":
                    text.append(" ")
                continue
            if prev is not None and text and text[-1] != " " and c["x0"] - prev["x1"] > SPACE_GAP_EM * c["size"]:
                text.append(" ")
            text.append(c["text"])
            prev = c
        segs.append(
            Segment(
                page=page,
                x0=min(c["x0"] for c in ink),
                x1=max(c["x1"] for c in ink),
                top=min(c["top"] for c in ink),
                bottom=max(c["bottom"] for c in ink),
                baseline=bases.most_common(1)[0][0],
                size=sizes.most_common(1)[0][0],
                font=fonts.most_common(1)[0][0],
                text="".join(text).strip(),
                chars=ink,
            )
        )
    for left, right in zip(segs, segs[1:]):
        left.right_sibling = True
        right.left_sibling = True
    return segs


def _mark_running(segments: List[Segment], graphics: List[Graphic], npages: int, heights: Dict[int, float], body: Tuple[float, str]) -> None:
    """Mark running heads, footers, page numbers and repeated rules or logos (on at least half the pages)."""
    for s in segments:  # small type in the outer 7 % of the paper: a running head, folio or footer line
        h = heights[s.page]
        if (s.bottom < 0.07 * h or s.top > 0.93 * h) and s.size < body[0] - 0.3:
            s.running = True
    if npages < 2:
        return
    need = max(2, (npages + 1) // 2)

    def zone(page: int, top: float, bottom: float) -> bool:
        h = heights[page]
        return bottom < 0.15 * h or top > 0.85 * h

    by_text: Dict[Tuple, set] = defaultdict(set)
    by_place: Dict[Tuple, set] = defaultdict(set)
    for s in segments:
        if not zone(s.page, s.top, s.bottom):
            continue
        by_text[(round(s.top / 2), re.sub(r"\d+", "#", s.text))].add(s.page)
        by_place[(round(s.top / 2), s.size, s.font)].add(s.page)
    for s in segments:
        if not zone(s.page, s.top, s.bottom):
            continue
        if len(by_text[(round(s.top / 2), re.sub(r"\d+", "#", s.text))]) >= need:
            s.running = True
        elif (abs(s.size - body[0]) >= 0.3 or s.font != body[1]) and len(by_place[(round(s.top / 2), s.size, s.font)]) >= need:
            s.running = True
    for g in graphics:  # a rule or logo in the outer 7 % of the paper belongs to the running head or foot
        h = heights[g.page]
        if g.bottom < 0.07 * h or g.top > 0.93 * h:
            g.running = True
    by_box: Dict[Tuple, set] = defaultdict(set)
    for g in graphics:
        by_box[(round(g.x0), round(g.x1), round(g.top), round(g.bottom))].add(g.page)
    for g in graphics:
        if zone(g.page, g.top, g.bottom) and len(by_box[(round(g.x0), round(g.x1), round(g.top), round(g.bottom))]) >= need:
            g.running = True


def at_edge(g: Graphic, sizes: List[Tuple[float, float]]) -> bool:
    """True for a graphic touching the paper's edge (a color band or bleed, not text block content)."""
    width, height = sizes[g.page - 1]
    return g.top < 1.0 or g.x0 < 1.0 or g.bottom > height - 1.0 or g.x1 > width - 1.0


def _within_paragraph_pitch(pitches: Sequence[float]) -> Optional[float]:
    """The line pitch inside paragraphs: the smallest pitch nearly as common as the most common one."""
    if not pitches:
        return None
    counts = Counter(round(p * 2) / 2 for p in pitches)
    top = max(counts.values())
    return min(v for v, n in counts.items() if n >= 0.25 * top)


def _common_edge(values: Sequence[float], low: bool) -> Optional[float]:
    """The outermost edge (lowest or highest) shared by at least 3 segments and 2 % of them."""
    counts = Counter(round(v * 2) / 2 for v in values)
    need = max(3, 0.02 * len(values))
    common = [v for v, n in counts.items() if n >= need]
    if not common:
        return None
    return min(common) if low else max(common)


def _ragged_edge(ends: Sequence[float]) -> Optional[float]:
    """Ragged-right text's edge: the furthest line end with at least 3 line ends within 3 pt short of it.

    The longest lines of ragged text crowd just short of the edge; a URL running past it stands alone.
    """
    ends = sorted(ends, reverse=True)
    for i, v in enumerate(ends):
        if sum(1 for e in ends[i : i + 50] if v - 3.0 <= e <= v) >= 3:
            return v
    return None


def _rules_across(graphics: Sequence[Graphic], sizes: List[Tuple[float, float]], tol: float = 1.5) -> Optional[Tuple[float, float]]:
    """The left and right edges of the rules drawn across the text block, or None.

    Two or more non-running graphics (rules, shaded boxes) off the paper's edges, sharing their left and right
    edges (within ``tol``), each as far from the paper's left edge as from its right (a table run past the
    margin is not symmetric), and at least half the paper wide; the widest such pair wins.
    """
    if not sizes:
        return None
    counts: Counter = Counter()
    for g in graphics:
        width = sizes[g.page - 1][0]
        if g.running or at_edge(g, sizes) or g.x1 - g.x0 < 0.5 * width or abs(g.x0 - (width - g.x1)) > tol:
            continue
        counts[(round(g.x0), round(g.x1))] += 1
    shared = [edges for edges, n in counts.items() if n >= 2]
    if not shared:
        return None
    x0, x1 = max(shared, key=lambda e: e[1] - e[0])
    return float(x0), float(x1)


def _mode(values: Sequence[float]) -> Tuple[Optional[float], int]:
    if not values:
        return None, 0
    value, count = Counter(round(v * 2) / 2 for v in values).most_common(1)[0]
    return value, count


def _structure_owners(path: Path) -> Dict[Tuple[int, int], Tuple[Tuple[int, int], str]]:
    """In a tagged PDF, ``(page, mcid)`` -> the block-level structure element holding that content (its
    object number: a paragraph, a list item's body, a cell; a link or span inside it counts as its
    paragraph), read from the structure tree's ParentTree: a paragraph split across a page turn is one
    element on both pages; with the element's structure type. Empty for an untagged PDF."""
    import pikepdf

    owners: Dict[Tuple[int, int], Tuple[Tuple[int, int], str]] = {}
    with pikepdf.open(path) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        parents = tree.get("/ParentTree") if tree is not None else None
        if parents is None:
            return owners
        arrays: Dict[int, object] = {}
        stack = [parents]
        while stack:  # the number tree: /Nums [key value ...] at its leaves, /Kids above them
            node = stack.pop()
            nums = node.get("/Nums")
            if nums is not None:
                for i in range(0, len(nums) - 1, 2):
                    arrays[int(nums[i])] = nums[i + 1]
            stack.extend(node.get("/Kids") or [])
        for number, page in enumerate(pdf.pages, start=1):
            key = page.obj.get("/StructParents")
            array = arrays.get(int(key)) if key is not None else None
            if not isinstance(array, pikepdf.Array):
                continue
            for mcid, element in enumerate(array):
                if isinstance(element, pikepdf.Dictionary) and element.is_indirect:
                    block = _block_of(element)
                    owners[(number, mcid)] = (block.objgen, str(block.get("/S", "")).lstrip("/"))
    return owners


#: Structure types that sit inside a line of text: a segment's paragraph is the nearest ancestor of another type.
INLINE_TYPES = frozenset({"/Span", "/Link", "/Quote", "/Code", "/Reference", "/Annot", "/Em", "/Strong", "/Sub", "/Sup", "/Ruby", "/Warichu"})


def _block_of(element: "object") -> "object":
    """The nearest block-level element holding ``element`` (itself unless it is inline: a link, a span)."""
    for _ in range(64):  # a structure tree is shallow; the bound guards a cyclic /P
        parent = element.get("/P")  # type: ignore[attr-defined]
        if str(element.get("/S")) not in INLINE_TYPES or parent is None or not parent.get("/S"):  # type: ignore[attr-defined]
            return element
        element = parent
    return element


def _pdf_lang(pdf: "pdfplumber.PDF") -> Optional[str]:
    try:
        lang = pdf.doc.catalog.get("Lang")
        if lang is None:
            return None
        lang = getattr(lang, "resolve", lambda: lang)()
        if isinstance(lang, bytes):
            lang = lang.decode("latin-1")
        return str(lang).strip("/") or None
    except Exception:  # an odd catalog: no language, the default applies
        return None


def read_pdf(path: Path) -> Document:
    """Read a PDF into a :class:`Document` (segments, graphics, body style, text block)."""
    path = Path(path)
    segments: List[Segment] = []
    graphics: List[Graphic] = []
    sizes: List[Tuple[float, float]] = []
    with pdfplumber.open(path) as pdf:
        lang = _pdf_lang(pdf)
        for number, page in enumerate(pdf.pages, start=1):
            sizes.append((float(page.width), float(page.height)))
            for line in _line_groups(page.chars, float(page.height)):
                segments.extend(_segments_of_line(number, line, float(page.height)))
            for obj in list(page.rects) + list(page.lines) + list(page.curves) + list(page.images):
                if obj["x1"] - obj["x0"] > 0.97 * float(page.width) and obj["bottom"] - obj["top"] > 0.97 * float(page.height):
                    continue  # a page background
                graphics.append(Graphic(number, float(obj["x0"]), float(obj["x1"]), float(obj["top"]), float(obj["bottom"])))
            page.close()  # pdfplumber's per-page caches: a long PDF read in bounded memory
    owners = _structure_owners(path)
    for s in segments:
        owner = owners.get((s.page, s.mcid)) if owners else None
        if owner is not None:
            s.element, s.role = owner
    weight: Counter = Counter()
    for s in segments:  # body text runs across the column: narrow runs (table cells, labels) do not count
        if s.x1 - s.x0 >= 0.4 * sizes[s.page - 1][0]:
            weight[(s.size, s.font)] += len(s.chars)
    if not weight:
        for s in segments:
            weight[(s.size, s.font)] += len(s.chars)
    (body_size, body_font) = body_style(weight)
    heights = {i + 1: h for i, (_, h) in enumerate(sizes)}
    _mark_running(segments, graphics, len(sizes), heights, (body_size, body_font))
    body = [s for s in segments if not s.running and abs(s.size - body_size) < 0.3 and s.font == body_font]
    pitches = []
    by_page: Dict[int, List[Segment]] = defaultdict(list)
    for s in body:
        by_page[s.page].append(s)
    widest = max((s.x1 - s.x0 for s in body), default=0.0)
    for segs in by_page.values():
        segs.sort(key=lambda s: s.top)
        for a, b in zip(segs, segs[1:]):  # a long upper line: inside a paragraph, not over a paragraph gap
            if abs(a.x0 - b.x0) < 1.0 and 0 < b.baseline - a.baseline < 2.5 * body_size and a.x1 - a.x0 >= 0.75 * widest:
                pitches.append(b.baseline - a.baseline)
    leading = _within_paragraph_pitch(pitches) or round(1.2 * body_size, 1)
    content_segs = [s for s in segments if not s.running]
    left = _common_edge([s.x0 for s in content_segs if not s.left_sibling], low=True)
    width = sizes[0][0] if sizes else 612.0
    if left is None:
        left = 72.0
    right, right_count = _mode([s.x1 for s in body if not s.right_sibling])
    right_from = "justified edge"
    if right is None or right_count < max(3, 0.2 * len(body)):
        right, right_from = _ragged_edge([s.x1 for s in body if not s.right_sibling]) or width - left, "ragged edge"
    elif width - left > right:
        right, right_from = width - left, "mirrored left margin (beyond the justified edge)"
    common_right = _common_edge([s.x1 for s in content_segs if not s.right_sibling], low=False)
    if common_right is not None and common_right > right:
        right, right_from = common_right, right_from + " widened to a common right edge"
    across = _rules_across(graphics, sizes)
    if across is not None and (across[0] < left - 0.5 or across[1] > right + 0.5):
        left, right = min(left, across[0]), max(right, across[1])
        right_from += " widened to the rules drawn across the text block"
    content = [(s.page, s.top, s.bottom) for s in segments if not s.running]
    content += [(g.page, g.top, g.bottom) for g in graphics if not g.running and not at_edge(g, sizes)]
    top = min((t for _, t, _ in content), default=0.0)
    bottom = max((b for _, _, b in content), default=0.0)
    block = TextBlock(left=left, right=right, top=top, bottom=bottom, right_from=right_from)
    log.debug("%s: body %s pt %s, leading %s, block %s", path, body_size, body_font, leading, block)
    return Document(path, sizes, segments, graphics, body_size, body_font, leading, block, lang)


BODY_SHARE = 0.3
"""A style carrying at least this share of the heaviest style's characters may be the body (see :func:`body_style`)."""


def body_style(weight: Counter) -> Tuple[float, str]:
    """The body's (size, font) from the characters each style carries in wide runs.

    The heaviest style, unless a larger one carries at least :data:`BODY_SHARE` of its characters:
    then the larger (endnotes set smaller on the same measure can outweigh the text they annotate,
    as in a short report with long notes, and the notes are not the body).
    """
    if not weight:
        return (10.0, "")
    (size, font), most = weight.most_common(1)[0]
    larger = [(s, f) for (s, f), n in weight.items() if n >= BODY_SHARE * most and s > size + 0.3]
    if larger:
        return max(larger, key=lambda sf: (weight[sf], sf[0]))
    return (size, font)


def median(values: Sequence[float]) -> Optional[float]:
    """The median, or None for no values."""
    return statistics.median(values) if values else None
