"""Checks of a printed handout (or any PDF), read back with PyMuPDF.

* :func:`blank_bands`: the tallest band of each page with no ink in the text
  block, as a share of the block's height (a page left 60 % empty by a block
  kept whole shows a band of 0.6; the gaps between paragraphs are under 0.05).
  Looking for the tallest band, not only the one at the bottom, also catches a
  page whose text ends early above its footnotes.
* :func:`repeated_runs`: runs of three or more lines printed twice (a chart
  and its data table both on paper), running heads and page counters left out.
* :func:`urls_after_links`: links whose address is printed right after their
  text ("the report (https://...)").
* :func:`page_texts`: each page's lines.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

_COUNTER = re.compile(r"^Page \d+ of \d+$")


def _bare(text: str) -> str:
    text = re.sub(r"\s+", "", text).lower()
    for prefix in ("mailto:", "https://", "http://", "www."):
        text = text.removeprefix(prefix)
    return text.rstrip("/")


def blank_bands(path: Path, top: float = 0.85 * 72, bottom: float = 0.85 * 72, dpi: int = 40) -> List[float]:
    """For each page, the tallest band without ink between the top and bottom
    margins (points), as a share of that height."""
    import pymupdf as fitz

    shares = []
    with fitz.open(str(path)) as pdf:
        for page in pdf:
            pix = page.get_pixmap(dpi=dpi, colorspace=fitz.csGRAY)
            scale = dpi / 72.0
            first, last = int(top * scale), int((page.rect.height - bottom) * scale)
            samples, width = pix.samples, pix.width
            longest = run = 0
            for row in range(first, min(last, pix.height)):
                line = samples[row * width:(row + 1) * width]
                if min(line) < 235:
                    run = 0
                else:
                    run += 1
                    longest = max(longest, run)
            shares.append(longest / max(1, last - first))
    return shares


def page_texts(path: Path) -> List[List[str]]:
    """Each page's text lines (PyMuPDF's reading order), stripped, blank lines dropped."""
    import pymupdf as fitz

    with fitz.open(str(path)) as pdf:
        return [[ln.strip() for ln in page.get_text("text").splitlines() if ln.strip()] for page in pdf]


def _body_lines(pages: Sequence[Sequence[str]]) -> List[str]:
    """Every page's lines without the running heads and page counters (lines on most pages)."""
    seen: Dict[str, int] = {}
    for lines in pages:
        for line in set(lines):
            seen[line] = seen.get(line, 0) + 1
    frequent = {line for line, n in seen.items() if len(pages) > 2 and n > len(pages) / 2}
    return [ln for lines in pages for ln in lines if ln not in frequent and not _COUNTER.match(ln)]


def repeated_runs(path: Path, length: int = 3, ignore: Sequence[str] = ()) -> List[Tuple[str, ...]]:
    """Runs of ``length`` consecutive lines that appear twice or more, each listed
    once; lines in ``ignore`` (a table's repeated header row) break no run but never count."""
    lines = [ln for ln in _body_lines(page_texts(path)) if ln not in set(ignore)]
    found: Dict[Tuple[str, ...], int] = {}
    for i in range(len(lines) - length + 1):
        window = tuple(lines[i:i + length])
        if sum(len(w) for w in window) < 12 * length // 3:  # three bare numbers are no repetition
            continue
        found[window] = found.get(window, 0) + 1
    return [w for w, n in found.items() if n > 1]


def urls_after_links(path: Path, reach: int = 8) -> List[Tuple[int, str, str]]:
    """``(page, address, text after the link)`` for each external link whose
    address (or most of it) is printed within ``reach`` words after its text."""
    import pymupdf as fitz

    found = []
    with fitz.open(str(path)) as pdf:
        for number, page in enumerate(pdf, 1):
            words = page.get_text("words")
            for link in page.get_links():
                uri = link.get("uri")
                if not uri:
                    continue
                rect = link["from"]
                inside = [i for i, w in enumerate(words)
                          if rect.contains(fitz.Point((w[0] + w[2]) / 2, (w[1] + w[3]) / 2))]
                if not inside:
                    continue
                raw = re.sub(r"^[0-9a-z]{1,3}\.", "", "".join(words[i][4] for i in inside).lower())  # a note's own number
                raw = raw.lstrip("(\"'[\u201c").rstrip(".,;:)\"'\u201d")
                shown, target = _bare(raw), _bare(uri)[:24]
                if raw.startswith(("http", "www.", "mailto:")) or (len(shown) > 5 and shown in _bare(uri)) or (shown[:12] and (
                        target.startswith(shown[:12]) or shown.startswith(target[:12]))):
                    continue  # the link's text is its address (perhaps broken over lines)
                after = "".join(w[4] for w in words[inside[-1] + 1:inside[-1] + 1 + reach])
                if len(_bare(uri)) >= 6 and _bare(uri) in _bare(after):
                    found.append((number, uri, after))
    return found


def text_without_superscripts(path: Path) -> str:
    """The PDF's text without raised spans (note calls and note references), lines joined by spaces."""
    import pymupdf as fitz

    lines = []
    with fitz.open(str(path)) as pdf:
        for page in pdf:
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    lines.append("".join(span["text"] for span in line["spans"] if not span["flags"] & 1))
    return re.sub(r"\s+", " ", " ".join(lines))
