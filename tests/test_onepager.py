"""The one-page leave-behind (issue 13): fitted by measuring, exactly one page, or a located error saying how much to cut.

The fitting is tested as pure functions (no drawing); the output is read
back with poppler (``pdfinfo`` for the page count and metadata, ``pdffonts``
for embedding, ``pdftotext`` for the words) on the essay, on every real CRS
report in ``../shared/real/`` (with a summary added from its own first
paragraph), on both layouts, and on briefs with ten key points.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from briefgen.render.onepager.fit import Fit, PartSize, cut_advice, fit, scales
from conftest import ESSAY, SHARED, make_project, no_traceback, pdftotext, run_briefgen, tool_missing

REAL = sorted(p for p in (SHARED / "real").glob("*.md") if p.name != "README.md") if (SHARED / "real").is_dir() else []
needs_poppler = pytest.mark.skipif(tool_missing("pdfinfo") or tool_missing("pdffonts"), reason="poppler is not installed")


# ------------------------------------------------------------------ the pure fit


def test_scales_run_from_the_memo_sizes_down_to_the_minimum_and_end() -> None:
    ladder = scales(10.5, 8.0, 0.25)
    assert ladder[0] == 1.0 and abs(ladder[-1] - 8.0 / 10.5) < 1e-9
    assert all(a > b for a, b in zip(ladder, ladder[1:])) and len(ladder) == 11
    assert scales(10.5, 8.0, 0) == (1.0, 8.0 / 10.5)  # no step: the memo's size, then the minimum
    assert scales(10.5, 12.0, 0.25) == (1.0,)  # a minimum above the size: only the size
    assert scales(10.5, 8.1, 1.0)[-1] == pytest.approx(8.1 / 10.5)  # the minimum itself is always tried


def test_fit_takes_the_first_scale_that_fits_and_measures_each_once() -> None:
    calls = []

    def measure(scale: float) -> float:
        calls.append(scale)
        return 1000 * scale

    assert fit((1.0, 0.9, 0.8, 0.7), measure, 850) == Fit(0.8, 0.0, 3)
    assert calls == [1.0, 0.9, 0.8]
    calls.clear()
    nothing = fit((1.0, 0.9), measure, 500)
    assert nothing.scale is None and nothing.overflow == pytest.approx(400) and calls == [1.0, 0.9]


def test_cut_advice_names_the_tallest_part_in_lines_and_words() -> None:
    parts = [PartSize("summary", "bottom line", 60, 80, 12), PartSize("key_points", "key points", 240, 300, 12)]
    part, advice = cut_advice(parts, 30)
    # 30 pt at 12 pt a line: 3 lines; 300 words in 20 lines: 15 a line; one line more: 60 words
    assert part.key == "key_points" and advice == "key points: 3 lines over; cut about 60 words"
    assert cut_advice(parts, 1)[1] == "key points: 1 line over; cut about 30 words"
    counted = [PartSize("key_points", "key points", 240, 300, 12, lines=30)]  # counted lines win: 10 words a line
    assert cut_advice(counted, 30)[1] == "key points: 3 lines over; cut about 40 words"
    # ten paragraphs end in half-full lines: 300 words fill 25 full lines, 12 a line
    halves = [PartSize("key_points", "key points", 240, 300, 12, lines=30, paragraphs=10)]
    assert cut_advice(halves, 30)[1] == "key points: 3 lines over; cut about 50 words"
    assert cut_advice([], 20) == (None, "20 pt over")


# ------------------------------------------------------------------ the output, read back


def _pdfinfo(path: Path) -> dict:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def unembedded_fonts(path: Path) -> list:
    """The fonts ``pdffonts`` lists as not embedded (the ``emb`` column)."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return [line.split()[0] for line in out if line.split() and re.search(r"\s(no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line)]


@needs_poppler
def test_the_font_check_catches_an_unembedded_font(tmp_path) -> None:
    # negative fixture: ReportLab's standard Helvetica is never embedded
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "helvetica.pdf"
    canvas = Canvas(str(path))
    canvas.setFont("Helvetica", 12)
    canvas.drawString(72, 720, "Not embedded")
    canvas.save()
    assert unembedded_fonts(path) == ["Helvetica"]


def _with(source: Path, extra: str, summary_from_body: bool = False) -> str:
    text = source.read_text(encoding="utf-8")
    if summary_from_body:
        body = text.split("\n---\n", 1)[1]
        first = next(p for p in body.split("\n\n") if p.strip() and not p.lstrip().startswith(("#", "|", ">", "-", "!", ":::")))
        extra += "summary: |\n" + "".join(f"  {line}\n" for line in first.strip().splitlines())
    return text.replace("\n---\n", "\n" + extra + "---\n", 1)


@pytest.fixture(scope="module")
def onepagers(tmp_path_factory) -> Path:
    """The essay (with a url and a contact line) and every real report (with a summary), both layouts."""
    project = make_project(tmp_path_factory.mktemp("onepager"))
    essay = _with(ESSAY, 'url: "https://example.org/briefs/korea"\n').replace(
        'role: "2017 YPFP Nuclear Security Fellow"', 'role: "2017 YPFP Nuclear Security Fellow"\n    contact: "john.ashley@example.org"')
    (project / "sources" / "essay.md").write_text(essay, encoding="utf-8")
    for report in REAL:
        (project / "sources" / report.name).write_text(_with(report, "", summary_from_body=True), encoding="utf-8")
    for layout, out in (("default", "build"), ("example-org", "meridian")):
        result = run_briefgen(["build", "--only", "onepager", "--layout", layout, "--out", out, "-j", "2"], project, timeout=600)
        no_traceback(result.stderr)
        assert result.returncode == 0, result.stderr
    return project


STEMS = ["essay"] + [p.stem for p in REAL]


@needs_poppler
@pytest.mark.parametrize("out", ["build", "meridian"])
@pytest.mark.parametrize("stem", STEMS)
def test_the_one_pager_is_one_page_with_embedded_fonts_and_metadata(onepagers, stem, out) -> None:
    path = onepagers / out / stem / "onepager.pdf"
    info = _pdfinfo(path)
    assert info["Pages"] == "1"
    assert info["Title"] and info["Author"] and info["Creator"].startswith("briefgen")
    assert unembedded_fonts(path) == []
    text = re.sub(r"\s+", " ", pdftotext(path))
    assert ("BOTTOM LINE" if out == "build" else "IN BRIEF") in text.upper()
    if out == "meridian":
        assert info["Page size"].startswith("595.") or "A4" in info["Page size"]


@needs_poppler
def test_the_essay_one_pager_holds_the_brief_at_a_glance(onepagers) -> None:
    text = re.sub(r"\s+", " ", pdftotext(onepagers / "build" / "essay" / "onepager.pdf"))
    for words in ("Do not be Disappointed", "KEY POINTS", "RECOMMENDATIONS", "Remain cognizant of North Korea",
                  "John Ashley", "john.ashley@example.org", "Read the full brief: https://example.org/briefs/korea",
                  "Young Professionals in Foreign Policy"):
        assert words in text, words
    links = subprocess.run(["pdfinfo", "-url", str(onepagers / "build" / "essay" / "onepager.pdf")],
                           capture_output=True, text=True, check=True).stdout
    assert re.search(r"^\s*1\s+Annotation\s+https://example\.org/briefs/korea\s*$", links, re.M), links


def _ten_points(words_each: int, cut: int = 0) -> str:
    """Ten key points of ``words_each`` words, less ``cut`` words taken from the end (a point left empty goes)."""
    counts = [words_each] * 10
    for i in range(9, -1, -1):
        take = min(cut, counts[i])
        counts[i] -= take
        cut -= take
    points = "".join(f'  - "Point {i}: {" ".join(["policy"] * n)}."\n' for i, n in enumerate(counts, 1) if n)
    return _with(ESSAY, "").replace("key_points:\n", "key_points:\n" + points, 1)


def test_ten_short_key_points_fit_on_one_page(tmp_path) -> None:
    project = make_project(tmp_path)
    (project / "sources" / "essay.md").write_text(_ten_points(8), encoding="utf-8")
    result = run_briefgen(["build", "--only", "onepager"], project)
    assert result.returncode == 0, result.stderr
    if not tool_missing("pdfinfo"):
        assert _pdfinfo(project / "build" / "essay" / "onepager.pdf")["Pages"] == "1"


def test_ten_long_key_points_fail_with_a_located_error_saying_how_much_to_cut(tmp_path) -> None:
    project = make_project(tmp_path)
    text = _ten_points(60)
    (project / "sources" / "essay.md").write_text(text, encoding="utf-8")
    (project / "build" / "essay").mkdir(parents=True)
    earlier = project / "build" / "essay" / "onepager.pdf"
    earlier.write_bytes(b"earlier")
    result = run_briefgen(["build", "--only", "onepager"], project)
    no_traceback(result.stderr)
    assert result.returncode == 1
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("key_points:")) + 1  # the list's first item
    match = re.search(rf"sources/essay\.md:{line}:3: error: the one-pager does not fit on one page even at the smallest sizes "
                      r"\(onepager\.min_size 8pt\): key points: (\d+) lines? over; cut about (\d+) words", result.stderr)
    assert match, result.stderr
    assert int(match.group(1)) > 5 and int(match.group(2)) > 50
    assert earlier.read_bytes() == b"earlier"  # the earlier output is untouched


@pytest.mark.parametrize("words_each", [40, 55, 80])
def test_cutting_what_the_error_says_makes_it_fit(tmp_path, words_each) -> None:
    """The advice is honest: cut the words it names (in one place: the last points) and the one-pager fits."""
    project = make_project(tmp_path)
    text = _ten_points(words_each)
    (project / "sources" / "essay.md").write_text(text, encoding="utf-8")
    result = run_briefgen(["build", "--only", "onepager"], project)
    match = re.search(r"cut about (\d+) words", result.stderr)
    if match is None:  # it fitted already
        assert result.returncode == 0, result.stderr
        return
    (project / "sources" / "essay.md").write_text(_ten_points(words_each, int(match.group(1))), encoding="utf-8")
    again = run_briefgen(["build", "--only", "onepager"], project)
    assert again.returncode == 0, again.stderr
