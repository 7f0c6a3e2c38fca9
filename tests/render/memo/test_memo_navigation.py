"""A long memo's navigation, through the real command: contents page, bookmarks, running heads, endnotes.

CI builds one long report (R48906, 27 pages) and the essay with a layout whose
``contents.min_pages`` is 1; ``BRIEFGEN_LONG_REPORTS=1`` adds every report of
``../shared/real-long/`` (about a minute more). Read back with pdfplumber
(words and their pages) and pikepdf (the outline and the structure tree):

* the contents page lists each section with the page its heading is on;
* the outline has a bookmark for every heading of the source, at its level;
* each running head names the section its page opens in;
* the pasted ``## Notes`` list is set as endnotes (smaller type, numbers in their column);
* no character lies past the text block (the print checker's ``margin`` check);
* the contents are tagged TOC > TOCI; a short memo has no contents page.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from tests.support import ESSAY, SHARED, make_project, no_traceback, run_briefgen
from tests.support.tagged_fixtures import structure_roles

LONG = SHARED / "real-long"
ALL_LONG = sorted(p for p in LONG.glob("*.md") if p.name != "README.md") if LONG.is_dir() else []
CI_REPORT = "R48906"
REPORTS = ALL_LONG if os.environ.get("BRIEFGEN_LONG_REPORTS") == "1" else [p for p in ALL_LONG if p.stem == CI_REPORT]
LIST_HEADINGS = ("Figures", "Tables", "Boxes")
HEADING = re.compile(r"^(#{2,6})\s+(.*?)\s*$")


@pytest.fixture(scope="module")
def long_build(tmp_path_factory) -> Path:
    """The long reports' memos, built once."""
    if not REPORTS:
        pytest.skip("../shared/real-long is not present")
    project = make_project(tmp_path_factory.mktemp("long"), REPORTS)
    result = run_briefgen(["build", "--only", "memo"], project, timeout=900)
    no_traceback(result.stderr)
    assert result.returncode == 0, result.stderr
    return project / "build"


def _words(text: str) -> List[str]:
    return re.findall(r"\w+", text.replace("\u2019", "'").lower())


def _source_headings(source: Path) -> List[Tuple[int, str]]:
    """``(level, title)`` of every ``##``… heading of the source (level 0: ``##``)."""
    out = []
    in_fence = False
    for line in source.read_text(encoding="utf-8").split("\n"):
        if line.startswith("```"):
            in_fence = not in_fence
        match = None if in_fence else HEADING.match(line)
        if match:
            title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", match.group(2))  # a link's text only
            out.append((len(match.group(1)) - 2, title))
    return out


def outline(pdf_path: Path) -> List[Tuple[int, str, int, float]]:
    """``(level, title, page 1-based, y)`` of every bookmark, in order."""
    import pikepdf

    found: List[Tuple[int, str, int, float]] = []
    with pikepdf.open(pdf_path) as pdf:
        pages = {page.objgen: i + 1 for i, page in enumerate(pdf.pages)}
        with pdf.open_outline() as tree:
            def walk(items, level):
                for item in items:
                    dest = item.destination
                    page = pages.get(dest[0].objgen, 0) if dest is not None else 0
                    y = float(dest[3]) if dest is not None and len(dest) > 3 and dest[3] is not None else 0.0
                    found.append((level, str(item.title), page, y))
                    walk(item.children, level + 1)
            walk(tree.root, 0)
    return found


def contents_lines(pdf_path: Path) -> List[Tuple[str, int]]:
    """``(title, page)`` of each contents line: the lines after "Contents" ending in a number, up to the body."""
    import pdfplumber

    out: List[Tuple[str, int]] = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages[:3]:
            text = page.extract_text() or ""
            lines = text.split("\n")
            if "Contents" not in lines and not out:
                continue
            start = lines.index("Contents") + 1 if "Contents" in lines else 0
            for line in lines[start:]:
                if re.search(r"Page \d+ of \d+$", line) or line in LIST_HEADINGS:
                    break  # the footer, or the lists of figures, tables and boxes (test_memo_lists.py)
                match = re.match(r"^(.*?)[\s.]*?(\d+)$", line.strip())
                if match and match.group(1).strip():
                    out.append((match.group(1).strip(" ."), int(match.group(2))))
            if out:
                break
    return out


def page_texts(pdf_path: Path) -> Dict[int, str]:
    """Each page's text (1-based)."""
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        return {i + 1: (p.extract_text() or "") for i, p in enumerate(pdf.pages)}


def is_long(memo: Path) -> bool:
    """True when the memo is past the default layout's ``contents.min_pages`` (8): it has navigation."""
    return len(page_texts(memo)) > 8


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.stem)
def test_contents_page_numbers_are_where_the_headings_are(long_build: Path, report: Path):
    memo = long_build / report.stem / "memo.pdf"
    lines = contents_lines(memo)
    if not is_long(memo):  # R44243 (5 pages), R48903 (8): short memos, set as before
        assert not lines
        return
    assert len(lines) >= 5, f"no contents page: {lines}"
    assert not contents_mismatches(lines, page_texts(memo), outline(memo))


def contents_mismatches(lines: List[Tuple[str, int]], texts: Dict[int, str], marks: List[tuple]) -> List[str]:
    """Contents lines whose page does not hold the heading, or whose heading's bookmark is elsewhere."""
    bad = []
    for title, page in lines:
        words = " ".join(_words(title)[:4])
        if not 1 < page <= len(texts) or words not in " ".join(_words(texts[page])):
            bad.append(f"{title!r} is not on page {page}")
            continue
        if title == "Contents":
            continue
        same = [m for m in marks if " ".join(_words(m[1])).endswith(" ".join(_words(title)))]
        if not same or same[0][2] != page:
            bad.append(f"{title!r}: listed on page {page}, bookmarked on {same[0][2] if same else None}")
    return bad


def test_contents_check_fails_numbers_one_page_off(long_build: Path):
    """Negative case: the same contents with every number one page on is caught."""
    memo = long_build / CI_REPORT / "memo.pdf"
    if not memo.is_file():
        pytest.skip(f"{CI_REPORT} not built")
    lines = contents_lines(memo)
    off = [(title, page + 1) for title, page in lines]
    assert len(contents_mismatches(off, page_texts(memo), outline(memo))) >= len(lines) // 2


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.stem)
def test_outline_has_every_heading_at_its_level(long_build: Path, report: Path):
    marks = outline(long_build / report.stem / "memo.pdf")
    titles = [(level, " ".join(_words(title))) for level, title, _p, _y in marks]
    cursor = 0
    for level, heading in _source_headings(report):
        want = " ".join(_words(heading))
        if level == 0 and want == "notes":
            continue  # the pasted notes list: the memo's own Notes heading (checked below)
        hits = [i for i in range(cursor, len(titles)) if titles[i][1].endswith(want)]
        assert hits, f"no bookmark for {heading!r} after #{cursor}"
        cursor = hits[0]
        assert titles[cursor][0] == level, f"{heading!r} bookmarked at level {titles[cursor][0]}, not {level}"
    assert any(title == "notes" for _l, title in titles)


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.stem)
def test_running_heads_name_the_section_the_page_opens_in(long_build: Path, report: Path):
    memo = long_build / report.stem / "memo.pdf"
    if not is_long(memo):
        pytest.skip("a short memo: its running heads do not name sections")
    sections = [(p, title) for level, title, p, _y in outline(memo) if level == 0]
    heads = running_heads(memo)
    assert len(heads) >= 3
    assert not head_mismatches(heads, sections)


def running_heads(memo: Path) -> Dict[int, str]:
    """The running head's words on every page after the first (page -> text)."""
    import pdfplumber

    top = 0.95 * 72  # the default layout's top margin: the running head sits above it
    with pdfplumber.open(memo) as pdf:
        return {number: " ".join(w["text"] for w in page.extract_words() if w["bottom"] < top - 4)
                for number, page in enumerate(pdf.pages, start=1) if number > 1}


def head_mismatches(heads: Dict[int, str], sections: List[Tuple[int, str]]) -> List[str]:
    """Pages whose running head names neither the section carried onto the page nor one opening it."""
    bad = []
    for number, head in sorted(heads.items()):
        before = [t for p, t in sections if p < number]
        here = [t for p, t in sections if p == number]
        allowed = ([before[-1]] if before else []) + here[:1]
        if not allowed:
            continue
        shown = head.replace("…", "")
        if not any(shown.endswith(t[: max(len(shown) // 3, 8)]) or t[:20] in shown for t in allowed):
            bad.append(f"page {number}: running head {head!r}, sections {allowed}")
    return bad


def test_running_head_check_fails_heads_of_other_sections(long_build: Path):
    """Negative case: the same heads checked against sections one place on are caught."""
    memo = long_build / CI_REPORT / "memo.pdf"
    if not memo.is_file():
        pytest.skip(f"{CI_REPORT} not built")
    sections = [(p, title) for level, title, p, _y in outline(memo) if level == 0]
    shifted = [(p, title) for (p, _t), (_p, title) in zip(sections, sections[2:] + sections[:2])]
    assert len(head_mismatches(running_heads(memo), shifted)) >= 3


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.stem)
def test_pasted_notes_are_endnotes_in_the_note_style(long_build: Path, report: Path):
    import pdfplumber

    memo = long_build / report.stem / "memo.pdf"
    notes_page = next(p for level, t, p, _y in outline(memo) if level == 0 and t == "Notes")
    with pdfplumber.open(memo) as pdf:
        words = [dict(w, page=i) for i, page in enumerate(pdf.pages[notes_page - 1:])
                 for w in page.extract_words(extra_attrs=["size"]) if 0.95 * 72 < w["top"] < page.height - 0.9 * 72]
    heading = max((i for i, w in enumerate(words) if w["text"] == "Notes" and w["page"] == 0),
                  key=lambda i: words[i]["size"])  # the heading, not a table's "Notes:" above it
    words = words[heading + 1:]
    body_size = 11.0  # the default layout's body text (memo.yaml styles.body), as in the report's paragraphs
    left = min(w["x0"] for w in words)
    numbers = [w for w in words if re.fullmatch(r"\d{1,3}\.", w["text"]) and w["x0"] < left + 3]
    expected = sum(1 for line in report.read_text(encoding="utf-8").split("## Notes")[-1].split("\n")
                   if re.match(r"^\d+\. ", line))
    assert len(numbers) == expected, f"{len(numbers)} note numbers in the column, {expected} notes"
    assert all(w["size"] < body_size - 0.5 for w in words), "the notes are not in the smaller note style"
    for number in numbers:  # the text of each note starts clear of its number ("231Barnard" was the bug)
        same_line = [w for w in words if w["page"] == number["page"] and abs(w["top"] - number["top"]) < 1
                     and w is not number]
        assert all(w["x0"] > number["x1"] + 2 for w in same_line), f"note {number['text']} runs into its text"


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.stem)
def test_nothing_past_the_text_block(long_build: Path, report: Path):
    from tests.support.checkers.pdf_model import read_pdf
    from tests.support.checkers.print_check import Limits, check_margins

    findings = list(check_margins(read_pdf(long_build / report.stem / "memo.pdf"), Limits()))
    assert not findings, "\n".join(map(str, findings[:10]))


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.stem)
def test_contents_are_tagged_as_a_toc(long_build: Path, report: Path):
    import pikepdf

    with pikepdf.open(long_build / report.stem / "memo.pdf") as pdf:
        roles = structure_roles(pdf)
        long = len(pdf.pages) > 8
    if long:
        assert "/TOC" in roles and roles.count("/TOCI") >= 5
    else:
        assert "/TOC" not in roles


def _essay_project(tmp_path: Path, memo_yaml: str) -> Path:
    project = make_project(tmp_path)
    layout = project / "layouts" / "navtest"
    layout.mkdir(parents=True)
    (layout / "theme.yaml").write_text("extends: default\n", encoding="utf-8")
    (layout / "memo.yaml").write_text(memo_yaml, encoding="utf-8")
    return project


def test_a_layout_sets_the_threshold_and_the_side(tmp_path):
    """The essay (a few pages) gets a contents page when the layout's threshold is 1, the section on the left."""
    project = _essay_project(tmp_path, "contents:\n  min_pages: 1\nrunning_head:\n  section: left\n")
    result = run_briefgen(["build", "--only", "memo", "--layout", "navtest", "sources/essay.md"], project)
    assert result.returncode == 0, result.stderr
    memo = project / "build" / "essay" / "memo.pdf"
    lines = contents_lines(memo)
    assert lines, "no contents page"
    texts = page_texts(memo)
    for title, page in lines:
        assert " ".join(_words(title)[:3]) in " ".join(_words(texts[page])), (title, page)
    first_section = [t for level, t, _p, _y in outline(memo) if level == 0 and t != "Contents"][0]
    import pdfplumber

    with pdfplumber.open(memo) as pdf:
        page = pdf.pages[-1]
        head = [w for w in page.extract_words() if w["bottom"] < 0.95 * 72 - 4]
    assert head and head[0]["x0"] < 150, "no running head on the left"
    assert first_section


def test_short_memo_has_no_contents_page(tmp_path):
    project = make_project(tmp_path, [ESSAY])
    result = run_briefgen(["build", "--only", "memo", "sources/essay.md"], project)
    assert result.returncode == 0, result.stderr
    assert not contents_lines(project / "build" / "essay" / "memo.pdf")
    assert "Contents" not in page_texts(project / "build" / "essay" / "memo.pdf")[1].split("\n")


def test_bad_navigation_settings_are_located(tmp_path):
    project = _essay_project(tmp_path, "running_head:\n  section: top\n")
    result = run_briefgen(["build", "--only", "memo", "--layout", "navtest", "sources/essay.md"], project)
    assert result.returncode == 1
    no_traceback(result.stderr)
    assert "memo.yaml:2:" in result.stderr and "right, left or off" in result.stderr


@pytest.mark.parametrize("report", [p for p in REPORTS if p.stem == CI_REPORT], ids=lambda p: p.stem)
def test_long_memo_passes_the_accessibility_checkers(long_build: Path, report: Path):
    """The contents page (TOC, links) and section running heads keep the memo passing pdfua and page's ua1."""
    import subprocess
    import sys

    page = pytest.importorskip("page")
    path = long_build / report.stem / "memo.pdf"
    checked = subprocess.run([sys.executable, "-m", "pdfua", "check", str(path)], capture_output=True, text=True,
                             timeout=600)
    assert checked.returncode == 0, checked.stdout[-2000:]
    found = page.validate_pdf(str(path), profile="ua1")
    assert found.is_compliant and not found.failures, [str(f) for f in found.failures][:10]


def test_long_memo_without_headings_gets_no_contents(tmp_path):
    """Ten pages of text under no heading: nothing to list, so no contents page (and no extra passes)."""
    paragraph = " ".join(f"Sentence {i} says a little more about the policy under review here." for i in range(40))
    text = ("---\ntitle: No headings\ndate: 2026-01-05\nauthors:\n  - name: A. Writer\n    bio: Writes.\n---\n\n"
            + "\n\n".join(paragraph for _ in range(30)) + "\n")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "plain.md").write_text(text, encoding="utf-8")
    result = run_briefgen(["build", "--only", "memo", "sources/plain.md"], tmp_path)
    assert result.returncode == 0, result.stderr
    memo = tmp_path / "build" / "plain" / "memo.pdf"
    texts = page_texts(memo)
    assert len(texts) > 8 and "Contents" not in texts[1].split("\n")
