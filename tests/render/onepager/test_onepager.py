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
import sys
from pathlib import Path

import pytest

from briefgen.render.onepager.fit import Fit, PartSize, cut_advice, fit, scales
from tests.support import ESSAY, ROOT, SHARED, make_project, no_traceback, pdftotext, run_briefgen, tool_missing

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
    text = re.sub(r"(?<=[/.]) (?=[a-z])", "", text)  # a web address broken after a slash in the sidebar
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


# ------------------------------------------------------------------ the derived one-pager (issue 22 item 1)

from briefgen import model as dm  # noqa: E402
from briefgen.render.onepager.derive import BUDGETS, DERIVED_NOTE, MIN_WORDS, missing_fields, needs_derivation, plan  # noqa: E402

LONG = sorted(p for p in (SHARED / "real-long").glob("*.md") if p.name != "README.md") if (SHARED / "real-long").is_dir() else []


def _para(text: str, line: int) -> dm.Paragraph:
    return dm.Paragraph((dm.Text(text),), line)


def _section(title: str, line: int, *blocks: dm.Block) -> dm.Section:
    return dm.Section((dm.Text(title),), title.lower().replace(" ", "-"), tuple(blocks), (), (), line)


def _doc(lede=(), sections=(), **meta) -> dm.Document:
    fields = dict(title=(dm.Text("A report"),), subtitle=(), date="2026", date_display="2026", authors=(), organization="",
                  summary=(), key_points=(), recommendations=(), keywords=(), layout="default", short_title="")
    fields.update(meta)
    return dm.Document(dm.Metadata(**fields), tuple(lede), tuple(sections), (), "r.md", Path("."), "en", (), 0)


SENTENCES = " ".join(f"Sentence number {i} of the opening says something about the policy at hand." for i in range(1, 11))


def test_the_plan_takes_the_summary_section_first_then_each_section_opening() -> None:
    table = dm.Table((dm.TableCell((dm.Text("A"),)),), ((dm.TableCell((dm.Text("1"),)),),), (None,), 30)
    doc = _doc(lede=[_para("The lede is not used when there is a summary section. It says so.", 9)], sections=[
        _section("Summary", 10, _para(SENTENCES, 12)),
        _section("Background", 20, _para("Table 1. A caption line", 21), _para("First point here. Second point here. Third point.", 22), table),
        _section("Notes", 40, _para("Some endnote text that is not argument at all.", 41)),
    ])
    rich = plan(doc, BUDGETS[0])
    assert rich.lead_from == "summary section" and len(rich.lead) == 1 and rich.lead[0].line == 12
    assert rich.lead[0].text.count("Sentence number") == BUDGETS[0].lead_sentences
    assert [(g.heading, g.passage.text, g.passage.line) for g in rich.gists] == [("Background", "First point here. Second point here.", 22)]
    assert rich.visuals == (table,) and rich.meaningful
    lean = plan(doc, BUDGETS[-1])
    assert lean.lead[0].text.count("Sentence number") == BUDGETS[-1].lead_sentences and lean.visuals == ()
    assert lean.gists[0].passage.text == "First point here." and lean.words < rich.words


def test_the_plan_falls_back_to_the_lede_then_the_first_section() -> None:
    doc = _doc(lede=[_para(SENTENCES, 9)], sections=[_section("Overview", 10, _para("Overview text. More.", 11))])
    assert plan(doc).lead_from == "lede" and [g.heading for g in plan(doc).gists] == ["Overview"]
    doc = _doc(sections=[_section("Overview", 10, _para(SENTENCES, 11)), _section("Next", 20, _para("Next text here.", 21))])
    first = plan(doc)
    assert first.lead_from == "first section" and [g.heading for g in first.gists] == ["Next"]


def test_a_report_with_few_sections_gives_a_gist_a_subsection() -> None:
    sub = lambda title, line: dm.SubHeading((dm.Text(title),), 3, "x", line)  # noqa: E731
    doc = _doc(lede=[_para(SENTENCES, 5)], sections=[_section("Introduction", 10, _para("Intro text here.", 11),
                                                               sub("When?", 12), _para("At the start.", 13),
                                                               sub("Who?", 14), _para("The Clerk presides.", 15))])
    assert [(g.heading, g.passage.text) for g in plan(doc).gists] == [
        ("Introduction", "Intro text here."), ("When?", "At the start."), ("Who?", "The Clerk presides.")]


def test_boilerplate_gives_nothing_and_a_thin_report_is_not_meaningful() -> None:
    doc = _doc(lede=[_para("For more information, see CRS Report R1.", 5)],
               sections=[_section("Background", 10, _para("Source: CRS.", 11), _para("Short text.", 12))])
    thin = plan(doc)
    assert thin.words == 2 and not thin.meaningful and thin.words < MIN_WORDS
    assert plan(_doc()).words == 0 and not plan(_doc()).meaningful


def test_a_note_number_glued_after_a_sentence_end_is_dropped_and_numbers_stay() -> None:
    doc = _doc(lede=[_para(SENTENCES, 5)], sections=[_section("Growth", 10, _para(
        'It defines growth as "the conditions for growth."1 The rate rose to 5.12 percent.', 11))])
    assert plan(doc).gists[0].passage.text == 'It defines growth as "the conditions for growth." The rate rose to 5.12 percent.'


def test_derivation_is_for_a_front_matter_without_summary_and_key_points() -> None:
    point = ((dm.Text("A point"),),)
    assert needs_derivation(_doc().meta) and missing_fields(_doc().meta) == ("summary", "key_points", "recommendations")
    assert not needs_derivation(_doc(key_points=point).meta)
    assert needs_derivation(_doc(recommendations=point).meta) and missing_fields(_doc(recommendations=point).meta) == ("summary", "key_points")


def test_the_plan_module_needs_no_reportlab() -> None:
    code = ("import sys, briefgen.render.onepager.derive, briefgen.render.onepager.columns, briefgen.render.onepager.fit; "
            "print('reportlab' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


def _words(text: str) -> list:
    return re.findall(r"[A-Za-z][A-Za-z'’-]+|\d[\d,.$%]*", text)


def own_words(pdf_text: str, source_text: str, skip: str) -> int:
    """How many words of ``pdf_text`` are words of the source, less one occurrence of each word of ``skip``
    (the title, byline, masthead and derived line: what is not the report's text)."""
    from collections import Counter

    vocabulary = {w.lower() for w in _words(source_text)}
    found = Counter(w.lower() for w in _words(pdf_text) if w.lower() in vocabulary)
    found.subtract(Counter(w.lower() for w in _words(skip)))
    return sum(n for n in found.values() if n > 0)


def test_the_own_words_check_fails_for_text_from_another_report() -> None:
    # negative: a page of another text shares only common words with the source
    ours = "ENERGY STAR is a voluntary labeling program for energy-efficient products managed by EPA and DOE."
    other = " ".join(["Russia possesses the world's largest nuclear arsenal and continues to modernize its forces."] * 20)
    assert own_words(other, ours, "") < 150
    assert own_words(" ".join([ours] * 12), ours, "") >= 150


@pytest.fixture(scope="module")
def derived(tmp_path_factory) -> Path:
    """Every real report as it is (no summary, no key points), built on the default layout."""
    project = make_project(tmp_path_factory.mktemp("derived"), sources=REAL + LONG)
    result = run_briefgen(["build", "--only", "onepager", "-j", "2"], project, timeout=900)
    no_traceback(result.stderr)
    (project / "stderr.txt").write_text(result.stderr, encoding="utf-8")
    return project


@needs_poppler
@pytest.mark.parametrize("source", REAL + LONG, ids=lambda p: p.stem)
def test_every_real_report_gives_a_derived_one_pager_or_a_located_error(derived, source) -> None:
    stderr = (derived / "stderr.txt").read_text(encoding="utf-8")
    pdf = derived / "build" / source.stem / "onepager.pdf"
    if not pdf.exists():
        assert re.search(rf"sources/{re.escape(source.name)}:\d+:\d+: error: the one-pager", stderr), stderr
        return
    assert _pdfinfo(pdf)["Pages"] == "1"
    text = re.sub(r"\s+", " ", pdftotext(pdf))
    assert DERIVED_NOTE in text.replace("\u2019", "'")
    assert re.search(rf"sources/{re.escape(source.name)}:\d+:\d+: warning: the one-pager is drawn from the report's text.*"
                     r"add 'summary:', 'key_points:', 'recommendations:'", stderr), stderr
    front = source.read_text(encoding="utf-8").split("\n---\n", 1)[0]
    # the masthead (title, organization, byline, date) and the contact lines repeat the front matter: skip it twice
    skip = " ".join([front] * 2) + " " + DERIVED_NOTE + " Bottom line Policy memo"
    assert own_words(text, source.read_text(encoding="utf-8"), skip) >= 150


def test_a_brief_with_nothing_to_show_fails_with_a_located_error(tmp_path) -> None:
    project = make_project(tmp_path, sources=())
    (project / "sources" / "thin.md").write_text('---\ntitle: "Thin"\ndate: "2026-01-01"\nauthors:\n  - name: "A. Writer"\n---\n\n'
                                                 "## Background\n\nTBD.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\nSource: nobody.\n", encoding="utf-8")
    result = run_briefgen(["build", "--only", "onepager"], project)
    no_traceback(result.stderr)
    assert result.returncode == 1
    assert re.search(r"sources/thin\.md:2:8: error: the one-pager has nothing to show", result.stderr), result.stderr
    assert not (project / "build" / "thin" / "onepager.pdf").exists()


def test_a_derived_one_pager_that_cannot_fit_fails_with_a_located_error(tmp_path) -> None:
    """Sixty authors' lines leave no room even for one sentence a section: an error at the title, no file."""
    report = SHARED / "real" / "crs-if12672-russia-nuclear-weapons.md"
    if not report.exists():
        pytest.skip("the real reports are not here")
    head, body = report.read_text(encoding="utf-8").split("\n---\n", 1)
    authors = "authors:\n" + "".join(f'  - name: "Author Number {i}"\n    role: "Specialist in a very long role title '
                                     f'that wraps onto a second line of the byline"\n' for i in range(60))
    head = re.sub(r"authors:\n(?:  .*\n)+", authors, head + "\n").rstrip("\n")
    project = make_project(tmp_path, sources=())
    (project / "sources" / "crowded.md").write_text(head + "\n---\n" + body, encoding="utf-8")
    result = run_briefgen(["build", "--only", "onepager"], project)
    no_traceback(result.stderr)
    assert result.returncode == 1
    assert re.search(r"sources/crowded\.md:2:8: error: the one-pager drawn from the report's text does not fit on one page "
                     r"even with one sentence a section at the smallest sizes \(onepager\.min_size 8pt\): \d+ pt over", result.stderr), result.stderr
    assert not (project / "build" / "crowded" / "onepager.pdf").exists()
