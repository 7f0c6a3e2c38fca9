"""Pure rules for table content (issue 26 item 5): placeholders in figure columns, multi-row headers."""

from __future__ import annotations

import pytest

from briefgen.render.common.tablecontent import header_rows, is_numeric, is_placeholder


@pytest.mark.parametrize("text", ["", "—", "–", "-", "--", "N/A", "n/a", "n.a.", "N.A.", "NA", "(NA)", "*",
                                  "...", "…", "x", "—c"])
def test_placeholders_are_not_figures(text: str) -> None:
    """A dash, "N/A", "n.a." or an asterisk stands for no figure: it never makes a column text."""
    assert is_placeholder(text)


@pytest.mark.parametrize("text", ["Public Works", "Program", "N/A rule", "2020 total", "a"])
def test_labels_are_not_placeholders(text: str) -> None:
    """Negative twin: words stay words."""
    assert not is_placeholder(text)


@pytest.mark.parametrize("text", ["1,234", "$3.5 million", "457.5*", "10.0e", "41.0f", "(4.2)", "12.5%"])
def test_figures_with_marks(text: str) -> None:
    """Figures with a note mark or a run-in table-note letter (CRS conversions) are figures."""
    assert is_numeric(text)


@pytest.mark.parametrize("text", ["2a", "Sec. 26", "11.300 program", "e"])
def test_not_figures(text: str) -> None:
    """Negative twin: a section label is not a figure."""
    assert not is_numeric(text)


def test_column_with_placeholders_is_numeric() -> None:
    """A column of figures and "—", "N/A", "n.a.", "*" is right-aligned (through the model)."""
    from briefgen import model as m
    from briefgen.render.common.tablecontent import column_aligns

    def cells(*texts: str) -> tuple:
        return tuple(m.TableCell((m.Text(t),) if t else ()) for t in texts)

    table = m.Table(cells("Program", "FY2024"), (cells("A", "1,000"), cells("B", "—"), cells("C", "N/A"),
                                                 cells("D", "n.a."), cells("E", "*"), cells("F", "–")),
                    (None, None), 1)
    assert column_aligns(table) == ("left", "right")


STUB_HEAD = (["", "FY2012", "FY2013", "FY2014"],
             [["Program", "", "", ""], ["Public Works", "111.6", "77.2", "96.0"], ["Planning", "29.0", "28.4", "29.0"]])
GROUPS = (["", "Enacted", "", "Requested", ""],
          [["Program", "FY2024", "FY2025", "FY2024", "FY2025"], ["Public Works", "100", "120", "90", "110"]])
EMPTY_FIRST = (["Fiscal Year", "Request", "Enacted"], [["", "", ""], ["2012", "324.9", "457.5*"]])
GROUP_LABEL = (["Personal Exemption:", "$0 (Permanently repealed under current law)"],
               [["Standard Deduction:", ""], ["Joint", "$32,200"], ["Single", "$16,100"]])
PLAIN = (["Item", "2020", "2021"], [["A", "1", "2"], ["B", "3", "4"]])
YEARS_UNDER_GROUPS = (["", "Enacted", ""], [["Program", "2024", "2025"], ["Public Works", "100", "120"]])
FIGURES_UNDER_GROUPS = (["", "Enacted", ""], [["Total", "1,234", "2,345"], ["Public Works", "100", "120"]])
ONLY_ROW = (["", "FY2012"], [["Program", ""]])


@pytest.mark.parametrize("shape, expect", [
    (STUB_HEAD, 1),            # R46991 Table B-2: "Program" under the empty corner
    (GROUPS, 1),               # column groups over column heads
    (EMPTY_FIRST, 1),          # R46991 Table B-1: an empty row straight under the header
    (YEARS_UNDER_GROUPS, 1),   # years are labels in a header
    (GROUP_LABEL, 0),          # RL34498: a row labelling the rows below it, under a filled header
    (PLAIN, 0),                # an ordinary table
    (FIGURES_UNDER_GROUPS, 0), # figures are never header cells
    (ONLY_ROW, 0),             # the last body row is never the header
])
def test_header_rows(shape: tuple, expect: int) -> None:
    """How many leading body rows belong to the header."""
    header, rows = shape
    assert header_rows(header, rows) == expect


def test_header_rows_two_and_bounded() -> None:
    """Two group rows then heads: two rows join the header, never more than ``most``."""
    header = ["", "Enacted", "", "", ""]
    rows = [["", "", "", "Requested", ""], ["Program", "FY2024", "FY2025", "FY2024", "FY2025"],
            ["Public Works", "1", "2", "3", "4"]]
    assert header_rows(header, rows) == 2
    assert header_rows(header, rows, most=1) == 1
    assert header_rows(header, []) == 0


def test_memo_repeats_a_two_row_header(tmp_path) -> None:
    """Through the real command: a stub head under the empty corner is set as a header row and repeated.

    R46991's Table B-2 shape (years over the columns, "Program" in the first body row), long enough
    for three pages: every page of the table shows both header rows; figures beside "—" and "N/A"
    stay right-aligned ("n.a." and "12.25" end at the same edge).
    """
    import re
    import subprocess

    from tests.support import no_traceback, run_briefgen, tool_missing

    if tool_missing("pdftotext"):
        pytest.skip("poppler-utils not installed")
    head = '---\ntitle: "T"\ndate: "2024"\nauthors:\n  - name: A. Analyst\n    bio: "Writes."\n---\n\nText.\n\n'
    lines = ["Table: Funding by Program", "", "| | FY2012 | FY2013 | FY2014 |", "|---|---|---|---|",
             "| Stubhead | | | |"]
    lines += [f"| Program {i} | {i},000.5 | {'—' if i % 3 else '7.5'} | {'n.a.' if i % 4 else '12.25'} |"
              for i in range(1, 120)]
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "t.md").write_text(head + "\n".join(lines) + "\n", encoding="utf-8")
    proc = run_briefgen(["build", "-q", "--only", "memo"], tmp_path)
    no_traceback(proc.stderr)
    assert proc.returncode == 0, proc.stderr
    xml = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "build" / "t" / "memo.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    pages = re.findall(r"<page\b.*?</page>", xml, re.S)
    table_pages = [p for p in pages if ">Program<" in p]
    assert len(table_pages) >= 2
    for page in table_pages:
        assert ">Stubhead<" in page and ">FY2012<" in page, "the two header rows repeat on every page"
    word = re.compile(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')
    edges = [float(x) for x, t in word.findall(table_pages[0]) if t in ("n.a.", "12.25")]
    assert len(edges) > 4 and max(edges) - min(edges) < 1.0, "figures and placeholders share their right edge"
