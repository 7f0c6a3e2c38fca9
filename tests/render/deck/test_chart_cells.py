"""The deck's embedded chart workbooks hold data, never formulas (issue 21, item 2).

A chart's category and series names come from a CSV file of the source, which
is untrusted. Through the real ``briefgen build``, a CSV whose labels start
with ``=``, ``+``, ``-``, ``@``, a tab, or look like a URL or a number must give
a workbook (the one PowerPoint's "Edit Data" opens) whose every label cell is a
string: read back with openpyxl (no formula cell, the labels as written) and
recalculated by LibreOffice (the labels come out literally). Each checker has a
negative case: a workbook made here with a formula cell must fail it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import subprocess
import zipfile
from pathlib import Path
from typing import List

import pytest

from tests.support import no_traceback, run_briefgen, tool_missing

CATEGORIES = [
    '=HYPERLINK("http://x.invalid/","click")',
    "=cmd|' /C calc'!A0",
    "=Total",  # written in the CSV with a leading tab, which the reader strips
    "+1+2",
    "-2+3",
    "@SUM(A1)",
    "http://example.invalid/",
    "1e5",
]
SERIES = ["=SUM(B2:B3)", "@risk"]

SOURCE = """---
title: "Hostile chart labels"
date: "2026-04"
authors:
  - name: "A. Tester"
    bio: "Tests things."
---

Some text before the chart.

::: {.chart type=bar data="data/h.csv" x="Label"}
Title: Labels that look like formulas
Units: things
Source: a test
Alt: Bars for eight labels that a spreadsheet could take for formulas.
:::

Text after the chart.
"""


def _write_project(root: Path) -> Path:
    (root / "sources" / "data").mkdir(parents=True)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["Label", *SERIES])
    for index, name in enumerate(CATEGORIES):
        writer.writerow(["\t" + name if name == "=Total" else name, index + 1, index + 2])
    (root / "sources" / "data" / "h.csv").write_text(buf.getvalue(), encoding="utf-8")
    (root / "sources" / "h.md").write_text(SOURCE, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def deck(tmp_path_factory) -> Path:
    project = _write_project(tmp_path_factory.mktemp("cells"))
    result = run_briefgen(["build", "sources/h.md", "--only", "deck"], project, env={"SOURCE_DATE_EPOCH": "1700000000"})
    no_traceback(result.stderr)
    assert result.returncode == 0, result.stderr
    return project / "build" / "h" / "deck.pptx"


def _workbooks(deck: Path) -> List[bytes]:
    with zipfile.ZipFile(deck) as archive:
        return [archive.read(n) for n in sorted(archive.namelist()) if n.startswith("ppt/embeddings/") and n.endswith(".xlsx")]


def formula_cells(blob: bytes) -> List[str]:
    """The checker: every cell of the workbook that holds a formula (openpyxl, and the raw sheet XML)."""
    from openpyxl import load_workbook

    found = []
    book = load_workbook(io.BytesIO(blob), data_only=False)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    found.append(f"{sheet.title}!{cell.coordinate}: {cell.value!r}")
    with zipfile.ZipFile(io.BytesIO(blob)) as xlsx:
        for name in xlsx.namelist():
            xml = xlsx.read(name) if name.startswith("xl/worksheets/") else b""
            if b"<f>" in xml or b"<f " in xml:
                found.append(f"{name}: a <f> element")
    return found


def _labels(blob: bytes) -> tuple:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(blob)).worksheets[0]
    cats = [sheet.cell(row=r, column=1) for r in range(2, 2 + len(CATEGORIES))]
    names = [sheet.cell(row=1, column=c) for c in range(2, 2 + len(SERIES))]
    return cats, names


def _formula_workbook() -> bytes:
    """The negative case: a workbook like the deck's, but with a formula for a label."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet["B1"] = "EPA"
    sheet["A2"] = "=1+1"
    sheet["B2"] = 3
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_no_cell_is_a_formula_and_labels_stay_text(deck):
    blobs = _workbooks(deck)
    assert len(blobs) == 1
    assert formula_cells(blobs[0]) == []
    cats, names = _labels(blobs[0])
    assert [c.value for c in cats] == CATEGORIES
    assert [c.value for c in names] == SERIES
    assert {c.data_type for c in cats + names} == {"s"}
    # quote-prefixed, so even editing a cell in Excel keeps it text
    assert all(c.quotePrefix for c in cats + names)
    with zipfile.ZipFile(io.BytesIO(blobs[0])) as xlsx:
        shared = xlsx.read("xl/sharedStrings.xml").decode("utf-8")
        assert "<t>=Total</t>" in shared and "<t>@risk</t>" in shared
        assert "hyperlink" not in xlsx.read("xl/worksheets/sheet1.xml").decode("utf-8").lower()
        assert not [n for n in xlsx.namelist() if "externalLink" in n or n.endswith(".rels") and b"External" in xlsx.read(n)]


def test_the_checker_fails_on_a_formula_cell():
    assert formula_cells(_formula_workbook()), "the checker missed a formula cell"


def test_the_chart_shows_the_labels_as_written(deck):
    from pptx import Presentation

    charts = [s.chart for slide in Presentation(str(deck)).slides for s in slide.shapes if getattr(s, "has_chart", False)]
    assert len(charts) == 1
    plot = charts[0].plots[0]
    assert list(plot.categories) == CATEGORIES
    assert [s.name for s in plot.series] == SERIES


def test_the_workbook_bytes_are_reproducible(deck, tmp_path):
    project = _write_project(tmp_path / "again")
    result = run_briefgen(["build", "sources/h.md", "--only", "deck"], project, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr
    again = project / "build" / "h" / "deck.pptx"
    assert hashlib.sha256(again.read_bytes()).hexdigest() == hashlib.sha256(deck.read_bytes()).hexdigest()


RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def _libreoffice_csv(blob: bytes, work: Path) -> List[List[str]]:
    """The workbook as LibreOffice shows it after recalculating every formula on load (a fresh profile)."""
    profile = work / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
    (work / "book.xlsx").write_bytes(blob)
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(work / "out"), str(work / "book.xlsx")],
        capture_output=True, text=True, timeout=240,
    )
    target = work / "out" / "book.csv"
    assert target.is_file(), result.stdout + result.stderr
    return list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))


def labels_shown_literally(rows: List[List[str]]) -> bool:
    """The checker: LibreOffice's recalculated sheet shows every label as written."""
    return [r[0] for r in rows[1:1 + len(CATEGORIES)]] == CATEGORIES and rows[0][1:1 + len(SERIES)] == SERIES


@pytest.mark.skipif(tool_missing("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_recalculation_shows_the_labels(deck, tmp_path):
    rows = _libreoffice_csv(_workbooks(deck)[0], tmp_path / "deck")
    assert labels_shown_literally(rows), rows
    # negative: a formula label is evaluated by the same conversion, so the checker fails on it
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(_workbooks(deck)[0]))
    book.worksheets[0]["A2"] = "=1+1"
    out = io.BytesIO()
    book.save(out)
    evaluated = _libreoffice_csv(out.getvalue(), tmp_path / "negative")
    assert evaluated[1][0] == "2", evaluated
    assert not labels_shown_literally(evaluated)
