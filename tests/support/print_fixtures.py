"""Small PDFs drawn with ReportLab's canvas for the print checker's tests: a clean one and one per fault.

Text is given as words; a word may carry a forced line end:

- ``"denuc-|learize"``  a hyphenation (the hyphen is added; the source spells "denuclearize");
- ``"Jong=|un"``        a compound's own hyphen at the line end (the source spells "Jong-un");
- ``"htt|ps://x"``      a break with no hyphen inside a word;
- ``"land?|"``          a line ended after a whole word (a false paragraph break).

Lines are filled greedily to the measure and justified, except each paragraph's last line. The page
is US letter with a 300 pt measure centred on it (about 65 characters of 10.5 pt Times), a body of
10.5/14 pt and a running footer ("Page N") in 8 pt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Tuple

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

FONT, SIZE, LEADING = "Times-Roman", 10.5, 14.0
LEFT, WIDTH, TOP, BOTTOM = 156.0, 300.0, 72.0, 720.0
PARA_GAP = 7.0

WORDS = (
    "the committee asked whether the agency had spent its funds as the law directs and found that most "
    "programs met their goals while a few needed more time to show results so the members agreed to "
    "review the plan again next year with better data on costs and benefits for each region and state "
    "staff will report on the findings before the next hearing and suggest changes where the record "
    "shows a need for them"
).split()


@dataclass
class Line:
    """One line to draw: its words and whether it is justified to the measure."""

    words: List[str]
    justified: bool
    x: float = LEFT
    width: float = WIDTH
    size: float = SIZE


@dataclass
class Page:
    """Lines (with gaps) from the top of the text block down, and extra text drawn anywhere."""

    items: List[object] = field(default_factory=list)  # Line or float (a gap in points)
    extras: List[Tuple[float, float, str, float]] = field(default_factory=list)  # x, y from top, text, size
    rules: List[Tuple[float, float, float]] = field(default_factory=list)  # x0, x1, y from top: a 1 pt rule


def words(n: int, start: int = 0) -> List[str]:
    """``n`` words of plain English prose from the pool (lower case, no long words)."""
    return [WORDS[(start + i) % len(WORDS)] for i in range(n)]


def source_of(tokens: List[str]) -> str:
    """The source text the tokens stand for (forced breaks undone)."""
    return " ".join(t.replace("-|", "").replace("=|", "-").replace("|", "") for t in tokens)


def paragraph(tokens: List[str], width: float = WIDTH, x: float = LEFT, size: float = SIZE, justify: bool = True) -> List[Line]:
    """Break ``tokens`` into lines filled to ``width``, justified but the last.

    A forced break inside a word falls at a line's end: words from the pool are filled in before it
    (and into ``tokens``, which this changes in place, so :func:`source_of` tells the whole text).
    """
    lines: List[Line] = []
    current: List[str] = []
    space = stringWidth(" ", FONT, size)

    def natural(ws: List[str]) -> float:
        return sum(stringWidth(w, FONT, size) for w in ws) + space * max(0, len(ws) - 1)

    def close() -> None:
        nonlocal current
        lines.append(Line(current, True, x, width, size))
        current = []

    out: List[str] = []
    filler = 0
    for token in tokens:
        if "|" in token:
            left, right = token.split("|", 1)
            left = left[:-1] + "-" if left.endswith(("-", "=")) else left
            if current and natural(current + [left]) > width:
                close()
            if not right:  # a line ended after a whole word: left short, as a false paragraph break is
                current.append(left)
                out.append(token)
                lines.append(Line(current, False, x, width, size))
                current = []
                continue
            while natural(current + [WORDS[filler % len(WORDS)], left]) <= width:  # the break falls at the line's end
                current.append(WORDS[filler % len(WORDS)])
                out.append(WORDS[filler % len(WORDS)])
                filler += 1
            current.append(left)
            out.append(token)
            close()
            current.append(right)
            continue
        out.append(token)
        if current and natural(current + [token]) > width:
            close()
        current.append(token)
    if current:
        lines.append(Line(current, False, x, width, size))
    elif lines:
        lines[-1].justified = False
    tokens[:] = out  # the words filled in before forced breaks belong to the source too
    if not justify:
        for line in lines:
            line.justified = False
    return lines


def draw(path: Path, pages: List[Page], footer: bool = True) -> Path:
    """Draw ``pages`` into a PDF at ``path`` (deterministic: no dates, no random ids)."""
    c = canvas.Canvas(str(path), pagesize=letter, invariant=1, pageCompression=0)
    height = letter[1]
    for number, page in enumerate(pages, start=1):
        y = TOP
        for item in page.items:
            if isinstance(item, (int, float)):
                y += float(item)
                continue
            assert isinstance(item, Line)
            y += LEADING if item.size == SIZE else item.size * 1.3
            _draw_line(c, item, height - y + 3)
        for x, top, text, size in page.extras:
            c.setFont(FONT, size)
            c.drawString(x, height - top, text)
        for x0, x1, top in page.rules:
            c.setLineWidth(1)
            c.line(x0, height - top, x1, height - top)
        if footer:
            c.setFont(FONT, 8)
            c.drawString(LEFT, height - 750, f"Page {number} of {len(pages)}")
        c.showPage()
    c.save()
    return path


def _draw_line(c: canvas.Canvas, line: Line, baseline: float) -> None:
    c.setFont(FONT, line.size)
    widths = [stringWidth(w, FONT, line.size) for w in line.words]
    gaps = len(line.words) - 1
    space = stringWidth(" ", FONT, line.size)
    if line.justified and gaps > 0:
        space = (line.width - sum(widths)) / gaps
    x = line.x
    for word, w in zip(line.words, widths):
        c.drawString(x, baseline, word)
        x += w + space


def flow(paras: List[List[Line]], first_page_items: Optional[List[object]] = None) -> List[Page]:
    """Set paragraphs on pages, a paragraph gap between them, moving a line to the next page when it does not fit.

    A paragraph is never broken so that one line stands alone at a page's foot or head (two lines
    move together instead).
    """
    pages = [Page(list(first_page_items or []))]
    y = TOP + _height(pages[0].items)
    capacity = BOTTOM - TOP
    for p_index, lines in enumerate(paras):
        if p_index and y > TOP:
            pages[-1].items.append(PARA_GAP)
            y += PARA_GAP
        i = 0
        while i < len(lines):
            room = int((BOTTOM - y) // LEADING)
            rest = len(lines) - i
            take = min(room, rest)
            if take == 1 and rest > 1 or (0 < take < rest and rest - take == 1):
                take -= 1  # no orphan, no widow: move one more line
            if take <= 0 and y > TOP:
                pages.append(Page())
                y = TOP
                continue
            take = max(take, 1)
            pages[-1].items.extend(lines[i : i + take])
            y += take * LEADING
            i += take
            if i < len(lines):
                pages.append(Page())
                y = TOP
    assert capacity > 0
    return pages


def _height(items: List[object]) -> float:
    return sum(float(i) if isinstance(i, (int, float)) else LEADING for i in items)
