"""No character of the source lost where the memo breaks a line (ReportLab kit).

A compound ("two-week", "state-of-the-art") or a web address broken after one of its own
hyphens used to lose a hyphen when the paragraph was broken again from its broken words, as
each piece of a paragraph split over pages is ("TwoWeek", ".../with-800-" / "vesselsstill-trapped/",
"whystrait"): ReportLab's rejoining stripped every hyphen ending a piece. The brief here holds
such words in its body and its notes, many paragraphs split over pages, on both shipped layouts
(two measures) and the notes' smaller type (a third). The memo is read back with pdfplumber
without its page furniture; line ends are joined as the source has them (a hyphen the source has
is kept, one the hyphenator added is dropped, an address broken after '/' closes up) and every
paragraph and note must come back word for word.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from tests.support import no_traceback, run_briefgen

PLAIN = ("the ports report that the international administration of transportation infrastructure "
         "depends on appropriations for environmental responsibilities and approximately regional "
         "characteristics while representatives weigh the programs and their precedents").split()
COMPOUNDS = ("two-week", "energy-efficient", "long-term", "state-of-the-art", "Two-Week", "CPI-U",
             "greenhouse-gas", "cost-effective", "follow-on", "well-known", "decision-making",
             "Iran-Oman", "post-2026", "800-vessel")
URLS = ("https://gcaptain.com/shipowners-eye-hormuz-truce-with-800-vessels-still-trapped/",
        "https://www.freightwaves.com/news/why-strait-of-hormuz-maritime-access-is-also-its-biggest-weakness",
        "https://maritime-executive.com/article/iran-confirms-two-week-ceasefire-and-a-limited-reopening-of-hormuz",
        "https://www.example.org/energy-efficient/long-term_plan?year=2026&part=two-week",
        "https://www.epa.gov/inflation-reduction-act/waste-emissions-charge-for-petroleum-and-natural-gas-systems")
PARAGRAPHS = 12
LAYOUTS = ("default", "example-org")


def words(seed: int, count: int) -> str:
    """``count`` words, a deterministic mix of plain words, compounds and addresses."""
    out = []
    for i in range(count):
        kind = (seed * 7 + i * 5) % 11
        if kind == 0:
            out.append(URLS[(seed + i) % len(URLS)])
        elif kind in (3, 7):
            out.append(COMPOUNDS[(seed * 3 + i) % len(COMPOUNDS)])
        else:
            out.append(PLAIN[(seed * 13 + i * 3) % len(PLAIN)])
    return " ".join(out)


def brief() -> Tuple[str, List[str]]:
    """The brief's Markdown and the texts that must come back: each paragraph, each note."""
    body = [words(p, 60 + 9 * p) + " end." for p in range(1, PARAGRAPHS + 1)]
    notes = [words(p + 40, 30 + 11 * p) + " stop." for p in range(1, PARAGRAPHS + 1)]
    text = ('---\ntitle: "Hyphens Kept"\ndate: "2026-05"\nauthors:\n  - name: "A. Analyst"\n    bio: "Breaks lines."\n'
            'summary: "Compounds and addresses broken over lines."\n---\n\n## Words\n\n'
            + "\n\n".join(f"{p}[^n{i}]" for i, p in enumerate(body, 1)) + "\n\n"
            + "\n".join(f"[^n{i}]: {n}" for i, n in enumerate(notes, 1)) + "\n")
    return text, body + notes


def is_text(obj: Dict[str, object]) -> bool:
    """Neither page furniture (``/Artifact``) nor a note's number label (``/Lbl``)."""
    return obj.get("tag") not in ("Artifact", "Lbl")


def printed_lines(path: Path) -> List[str]:
    """The memo's lines of text, without furniture, labels or note references (lines of digits only)."""
    import pdfplumber

    lines: List[str] = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            lines += (page.filter(is_text).extract_text() or "").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().isdigit()]


def in_source(joined: str, source: str, open_end: bool = False) -> bool:
    """True when ``joined`` stands in ``source`` as whole words (its last word may go on when
    ``open_end``: an address running over a whole line is not finished there)."""
    return re.search(r"(?<!\S)" + re.escape(joined) + ("" if open_end else r"(?!\S)"), source) is not None


def read_back(lines: List[str], source: str) -> Tuple[str, Dict[str, int]]:
    """The lines as one text, each line end joined as the source has it, and how each was joined."""
    text, seen = lines[0], {"kept": 0, "dropped": 0, "closed": 0, "space": 0}
    for line in lines[1:]:
        head = text.rsplit(" ", 1)[-1]
        tail = line.split(" ", 1)[0]
        open_end = tail == line
        if head.endswith("-") and in_source(head + tail, source, open_end):
            text, how = text + line, "kept"  # the source's own hyphen ("two-" / "week")
        elif head.endswith("-") and in_source(head[:-1] + tail, source, open_end):
            text, how = text[:-1] + line, "dropped"  # a hyphen the hyphenator added ("re-" / "sponsibilities")
        elif not in_source(f"{head} {tail}", source, open_end) and in_source(head + tail, source, open_end):
            text, how = text + line, "closed"  # an address broken after '/' or '.'
        else:
            text, how = text + " " + line, "space"
        seen[how] += 1
    return text, seen


def where_it_differs(want: str, text: str) -> str:
    """The words of ``want`` around the first one the printed ``text`` does not hold after the rest."""
    words_ = want.split(" ")
    good = 0
    while good < len(words_) and " ".join(words_[:good + 1]) in text:
        good += 1
    return " ".join(words_[max(0, good - 2):good + 2])


@pytest.fixture(scope="module")
def memos(tmp_path_factory) -> Dict[str, Path]:
    root = tmp_path_factory.mktemp("hyphens")
    (root / "sources").mkdir()
    (root / "sources" / "brief.md").write_text(brief()[0], encoding="utf-8")
    out = {}
    for layout in LAYOUTS:
        result = run_briefgen(["build", "sources/brief.md", "--only", "memo", "--layout", layout, "--paper", "letter",
                               "--out", f"out-{layout}", "-q"], root, timeout=600)
        no_traceback(result.stderr)
        assert result.returncode == 0, result.stderr
        out[layout] = root / f"out-{layout}" / "brief" / "memo.pdf"
    return out


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_word_comes_back_whole(memos: Dict[str, Path], layout: str) -> None:
    expected = brief()[1]
    source = " ".join(expected)
    text, seen = read_back(printed_lines(memos[layout]), source)
    lost = [f"{i}: ...{where_it_differs(want, text)}" for i, want in enumerate(expected, 1) if want not in text]
    assert lost == [], "paragraphs (1-12) and notes (13-24) not printed as written:\n" + "\n".join(lost)
    # the brief exercises every kind of line end: own hyphens, added hyphens, addresses closed up
    assert seen["kept"] >= 10 and seen["dropped"] >= 5 and seen["closed"] >= 5, seen


def test_a_lost_hyphen_is_caught() -> None:
    """Negative case: the read-back finds a hyphen lost mid-line and one lost at a line end."""
    source = "the two-week truce https://a.example/with-800-vessels-still-trapped/ end."
    mid_line = ["the two-week truce https://a.example/with-800-", "vesselsstill-trapped/ end."]
    at_end = ["the two", "week truce https://a.example/with-800-vessels-still-trapped/ end."]
    assert read_back(mid_line, source)[0] != source
    assert read_back(at_end, source)[0] != source
    good = ["the two-", "week truce https://a.example/", "with-800-vessels-still-trapped/ end."]
    assert read_back(good, source) == (source, {"kept": 1, "dropped": 0, "closed": 1, "space": 0})
