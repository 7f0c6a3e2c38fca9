"""The memo's tables read back from the PDF (poppler's ``pdftotext -bbox-layout``).

A five-column table like the one in issue 15 (program, statute, a paragraph
of summary, funding, participation), long enough to run over several pages,
goes through the real ``briefgen build``. Then, from the words' positions:
no figure is split across lines, no row starts on one page and ends on the
next, the header repeats on every page of the table under "Table 1
(continued)", the caption shares a page with the first row and the note with
the last. A row taller than a page is the one exception, marked "(continued)".
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from tests.support import CORPUS, make_project, no_traceback, run_briefgen, tool_missing

pytestmark = pytest.mark.skipif(tool_missing("pdftotext"), reason="poppler-utils not installed")

HEAD = '---\ntitle: "Nutrition Programs"\ndate: "2024"\nauthors:\n  - name: A. Analyst\n    bio: "Writes."\n---\n\n'
SENTENCE = "The program provides benefits to eligible households through state agencies under federal rules. "
_PAGE = re.compile(r"<page\b.*?</page>", re.S)
_LINE = re.compile(r"<line\b.*?</line>", re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>')

Word = Tuple[int, int, str]  # page, line index, text


def words(pdf: Path) -> List[Word]:
    """Every word of the PDF with its page number and a global line number."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    out: List[Word] = []
    line_no = 0
    for p, page in enumerate(_PAGE.findall(xml), start=1):
        for line in _LINE.findall(page):
            line_no += 1
            for _, _, text in _WORD.findall(line):
                out.append((p, line_no, text.replace("&amp;", "&")))
    return out


def first_page(ws: List[Word], text: str) -> int:
    return next(p for p, _, t in ws if t == text)


def pages_of(ws: List[Word], text: str) -> List[int]:
    return [p for p, _, t in ws if t == text]


def _source(rows: int = 34) -> str:
    lines = ["Some text before the table. " * 8, "", "Table: Major Nutrition Programs, FY2024", "",
             "| Program | Authorizing statute | Summary | Funding | Participation |", "|---|---|---|---|---|"]
    for r in range(1, rows + 1):
        summary = f"R{r}start " + SENTENCE * (1 + r % 4) + f"R{r}end"
        funding = f"${r * 3.7 + 100:.3f} billion" if r % 3 else f"${r + 20} million[^n{r}]"
        lines.append(f"| Prog{r} | 42 U.S.C. § {1700 + r}(a) | {summary} | {funding} | {r * 1.3:.1f} million |")
    lines += ["", "**Source:** CRS analysis of agency budget justifications.", "", "Text after the table.", ""]
    lines += [f"[^n{r}]: Note {r}." for r in range(3, rows + 1, 3)]
    return HEAD + "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def nutrition(tmp_path_factory) -> Tuple[List[Word], str]:
    project = tmp_path_factory.mktemp("nutrition")
    (project / "sources").mkdir()
    source = _source()
    (project / "sources" / "nutrition.md").write_text(source, encoding="utf-8")
    result = run_briefgen(["build", "--only", "memo"], project)
    no_traceback(result.stderr)
    assert result.returncode == 0, result.stderr
    return words(project / "build" / "nutrition" / "memo.pdf"), source


def test_the_table_spans_pages(nutrition):
    ws, _ = nutrition
    assert first_page(ws, "R34end") > first_page(ws, "R1start")


def test_no_figure_is_split_across_lines(nutrition):
    ws, source = nutrition
    figures = re.findall(r"\| (\$[\d.]+) (billion|million)", source)
    assert figures
    by_text: Dict[str, List[Word]] = {}
    for w in ws:
        by_text.setdefault(w[2], []).append(w)
    for number, unit in figures:
        hits = by_text.get(number) or by_text.get(number + "?")
        assert hits, f"{number} not found whole (split inside?)"
        _, line, _ = hits[0]
        index = ws.index(hits[0])
        follower = ws[index + 1]
        assert follower[1] == line and follower[2].startswith(unit), f"{number} {unit} broken over lines"
    assert not [t for _, _, t in ws if re.fullmatch(r"bil-|mil-|\$[\d.]+-", t)]


def test_a_row_split_across_pages_goes_on_under_a_continued_mark(nutrition):
    """A row that fits a page is split only rather than leave more than 15 % of a page empty
    (boxes.table.max_hole); its rest starts the next page under the row's "(continued)" mark."""
    ws, _ = nutrition
    marks = {p for i, (p, _, t) in enumerate(ws) if t == "(continued)" and ws[i - 1][2] != "1"}
    for r in range(1, 35):
        start, end = first_page(ws, f"R{r}start"), first_page(ws, f"R{r}end")
        if start != end:
            assert end == start + 1 and end in marks, f"row {r} split across pages without its mark"


def test_rows_move_whole_when_the_layout_allows_holes(tmp_path):
    """boxes.table.max_hole: 0 keeps every row that fits a page whole (it moves to the next page)."""
    project = _layout_project(tmp_path, "boxes:\n  table:\n    max_hole: 0\n")
    result = run_briefgen(["build", "--only", "memo", "--layout", "desk"], project)
    assert result.returncode == 0, result.stderr
    ws = words(project / "build" / "nutrition" / "memo.pdf")
    assert first_page(ws, "R12end") > first_page(ws, "R1start")
    for r in range(1, 13):
        assert first_page(ws, f"R{r}start") == first_page(ws, f"R{r}end"), f"row {r} split across pages"


def test_header_repeats_on_every_page_of_the_table_under_continued(nutrition):
    ws, _ = nutrition
    first, last = first_page(ws, "R1start"), first_page(ws, "R34end")
    header_pages = set(pages_of(ws, "Participation"))
    assert set(range(first, last + 1)) <= header_pages
    continued = {p for i, (p, _, t) in enumerate(ws) if t == "(continued)" and ws[i - 1][2] == "1"}
    assert continued == set(range(first + 1, last + 1))


def test_caption_with_the_first_row_and_note_with_the_last(nutrition):
    ws, _ = nutrition
    caption = next(p for i, (p, _, t) in enumerate(ws) if t == "Table" and ws[i + 1][2] == "1.")
    assert caption == first_page(ws, "R1start")
    assert first_page(ws, "Source:") == first_page(ws, "R34end")


def test_a_row_taller_than_a_page_splits_with_a_continued_mark(tmp_path):
    long_cell = " ".join(f"w{i}" for i in range(2200))
    body = f"| Key | Text |\n|---|---|\n| first | short |\n| TALLstart | {long_cell} TALLend |\n| after | short |\n"
    project = make_project(tmp_path)
    (project / "sources" / "essay.md").unlink()
    (project / "sources" / "tall.md").write_text(HEAD + body, encoding="utf-8")
    result = run_briefgen(["build", "--only", "memo"], project)
    assert result.returncode == 0, result.stderr
    ws = words(project / "build" / "tall" / "memo.pdf")
    assert first_page(ws, "TALLend") > first_page(ws, "TALLstart")
    assert "(continued)" in [t for _, _, t in ws]
    missing = [f"w{i}" for i in range(2200) if f"w{i}" not in {t for _, _, t in ws}]
    assert not missing[:5]


def test_the_corpus_200_row_table_repeats_its_header_on_every_page(tmp_path):
    case = CORPUS / "34_table_200_rows.md"
    if not case.exists():
        pytest.skip("corpus case 34 missing")
    project = make_project(tmp_path, [case], CORPUS / "assets")
    result = run_briefgen(["build", "--only", "memo"], project)
    assert result.returncode == 0, result.stderr
    ws = words(project / "build" / case.stem / "memo.pdf")
    header = re.search(r"^\|\s*([^|\s]+)", case.read_text(encoding="utf-8").split("\n---\n", 1)[1], re.M).group(1)
    body_pages = sorted({p for p, _, _ in ws})
    table_pages = [p for p in body_pages if pages_of(ws, header).count(p)]
    assert len(table_pages) >= 3
    assert table_pages == list(range(table_pages[0], table_pages[-1] + 1))


def test_a_table_too_wide_for_the_page_is_set_smaller_with_a_warning(tmp_path):
    """Twenty columns of long words (more than three parts of the page would hold): smaller type
    from the layout, a located warning, no overlap."""
    from briefgen.render import memo
    from tests.support.memo_fixtures import context, document, section, table
    from briefgen import model as m

    words12 = ["Intergovernmental", "Counterintelligence", "Appropriations", "Reconciliation",
               "Administrative", "Infrastructure", "Accountability", "Responsibilities",
               "Telecommunications", "Establishment", "Characteristics", "Implementation"]
    header = tuple(m.TableCell((m.Text(f"H{c}"),)) for c in range(20))
    rows = tuple(tuple(m.TableCell((m.Text(f"{w} {w}"),)) for w in (words12 + words12)[:20]) for _ in range(3))
    wide = m.Table(header, rows, (None,) * 20, 321)
    normal = table(3, 2, 300)
    ctx = context(document([section(1, [normal, wide])]))
    pdf = tmp_path / "wide.pdf"
    pdf.write_bytes(memo.render(ctx))
    warned = [w for w in ctx.warnings if "wider than the page" in w.message]
    assert warned and warned[0].line == 321
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    boxes = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in
             re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', xml)]
    height = {t: d - b for a, b, c, d, t in boxes}
    assert height["H0"] < height["Heading"] * 0.9  # set in smaller type than the ordinary table
    # the columns do not overlap, and nothing runs past the right margin (1.05in)
    heads = sorted({(a, c) for a, b, c, d, t in boxes if re.fullmatch(r"H\d+", t)})  # (repeated on each page)
    assert len(heads) == 20
    assert all(right <= next_left for (_, right), (next_left, _) in zip(heads, heads[1:]))
    assert max(c for a, b, c, d, t in boxes) <= 612 - 1.05 * 72 + 0.5


def _layout_project(tmp: Path, memo_yaml: str) -> Path:
    project = tmp
    (project / "sources").mkdir(parents=True)
    (project / "sources" / "nutrition.md").write_text(_source(rows=12), encoding="utf-8")
    folder = project / "layouts" / "desk"
    folder.mkdir(parents=True)
    (folder / "theme.yaml").write_text("extends: default\nname: desk\n", encoding="utf-8")
    (folder / "memo.yaml").write_text(memo_yaml, encoding="utf-8")
    return project


def test_table_settings_are_layout_data(tmp_path):
    """A layout puts the caption below the table and drops the "continued" line."""
    project = _layout_project(tmp_path, 'boxes:\n  table:\n    caption: below\n    continued: ""\n    max_hole: 0\n')
    result = run_briefgen(["build", "--only", "memo", "--layout", "desk"], project)
    assert result.returncode == 0, result.stderr
    ws = words(project / "build" / "nutrition" / "memo.pdf")
    caption = next(p for i, (p, _, t) in enumerate(ws) if t == "Table" and ws[i + 1][2] == "1.")
    assert caption == first_page(ws, "R12end") > first_page(ws, "R1start")
    assert not [i for i, (_, _, t) in enumerate(ws) if t == "(continued)"]


def test_a_bad_caption_placement_is_a_layout_error(tmp_path):
    project = _layout_project(tmp_path, "boxes:\n  table:\n    caption: sideways\n")
    result = run_briefgen(["build", "--only", "memo", "--layout", "desk"], project)
    no_traceback(result.stderr)
    assert result.returncode == 1
    assert "boxes.table.caption: 'sideways' is not above or below" in result.stderr


def test_a_table_too_wide_even_in_the_smallest_type_is_set_in_two_parts(tmp_path):
    """Sixteen years of figures beside program names (CRS R46991's funding history): at 7.5 pt
    the columns do not fit, so the table is set in two parts, each with the program names;
    no name is cut inside a word, no type is under 7.5 pt, and no warning is given."""
    years = [f"FY{y}" for y in range(2010, 2026)]
    names = ["Economic Adjustment Assistance", "Planning Assistance", "Technical Assistance"]
    body = "| Program | " + " | ".join(years) + " |\n" + "|---" * (len(years) + 1) + "|\n"
    for name in names:
        body += f"| {name} | " + " | ".join(f"{10 + i * 1.5:.1f}" for i in range(len(years))) + " |\n"
    project = make_project(tmp_path)
    (project / "sources" / "essay.md").unlink()
    (project / "sources" / "wide.md").write_text(HEAD + "Table: Funding history\n\n" + body, encoding="utf-8")
    result = run_briefgen(["build", "--only", "memo"], project)
    assert result.returncode == 0, result.stderr
    assert "wider than the page" not in result.stderr
    ws = words(project / "build" / "wide" / "memo.pdf")
    texts = [t for _, _, t in ws]
    assert texts.count("Economic") == 2 and texts.count("Adjustment") == 2  # the names in both parts, whole
    assert texts.count("FY2010") == 1 and texts.count("FY2025") == 1
    assert texts.index("FY2025") > texts.index("FY2010")
    assert any(t == "(continued)" for t in texts)  # the second part under "Table 1 (continued)"
    import pdfplumber

    with pdfplumber.open(project / "build" / "wide" / "memo.pdf") as pdf:
        assert min(round(c["size"], 2) for page in pdf.pages for c in page.chars if c["text"].strip()) >= 7.5
