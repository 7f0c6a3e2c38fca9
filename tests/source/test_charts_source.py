"""Chart divs read into the model (issue 12): the syntax, and a located error for every kind of bad data.

Each bad case must give exactly one error, at the file, line and column of the
offending cell (the CSV's own line for a data file, the source line for an
inline table), and no chart in the model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Optional

import pytest

from briefgen.errors import SourceError
from briefgen.model import Chart
from briefgen.source import load_source

HEAD = '---\ntitle: "T"\ndate: "2024-05-01"\nauthors:\n  - name: "Ana"\n    bio: "B"\n---\n\n## Money\n\n'
FIRST = HEAD.count("\n") + 1  # the line of the chart div's opening fence
CSV = "year,Benefits,Administration\n2015,69.6,4.2\n2016,66.5,4.3\n2017,63.7,4.4\n"


def load(tmp_path: Path, body: str, files: Optional[Dict[str, str]] = None):
    for rel, text in (files or {}).items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    src = tmp_path / "case.md"
    src.write_text(HEAD + body, encoding="utf-8")
    try:
        result = load_source(src)
    except SourceError as exc:
        return None, list(exc.diagnostics)
    return result.doc, list(result.diagnostics)


def charts(doc) -> list:
    return [b for s in doc.sections for b in s.blocks if isinstance(b, Chart)]


def test_csv_chart_with_every_key(tmp_path: Path) -> None:
    body = ('::: {.chart type=bar data="data/snap.csv" x=year y="Benefits,Administration" stacked=true}\n'
            "Title: SNAP spending\nUnits: billions of dollars\nSource: CRS, using USDA data\n"
            "Alt: Stacked bars; benefits fall\n  from 69.6 to 63.7.\n:::\n\nAfter.\n")
    doc, diags = load(tmp_path, body, {"data/snap.csv": CSV})
    assert diags == []
    (chart,) = charts(doc)
    assert (chart.kind, chart.stacked, chart.x_label) == ("bar", True, "year")
    assert chart.categories == ("2015", "2016", "2017")
    assert [(s.name, s.values) for s in chart.series] == [("Benefits", (69.6, 66.5, 63.7)), ("Administration", (4.2, 4.3, 4.4))]
    assert chart.alt == "Stacked bars; benefits fall from 69.6 to 63.7." and not chart.alt_generated
    assert (chart.title, chart.units, chart.source, chart.line) == ("SNAP spending", "billions of dollars", "CRS, using USDA data", FIRST)
    assert [d.rel for d in doc.data_files] == ["data/snap.csv"]
    # the text after the div is still a paragraph of the section
    assert doc.sections[0].blocks[-1].inlines[0].text == "After."


def test_inline_table_and_generated_alt_warns(tmp_path: Path) -> None:
    body = ("::: {.chart type=line}\nTitle: Participation\n\n| Year | People | Cost |\n|---|---:|---:|\n"
            "| 2015 | 45.8 | $1,204 |\n| 2016 | 44.2 | 7% |\n:::\n")
    doc, diags = load(tmp_path, body)
    (chart,) = charts(doc)
    assert chart.series[1].values == (1204.0, 7.0) and chart.data is None
    assert chart.alt_generated and "45.8 in 2015" in chart.alt
    assert [(d.severity, d.line) for d in diags] == [("warning", FIRST)] and "no 'Alt:'" in diags[0].message


def test_timeline_events(tmp_path: Path) -> None:
    body = "::: {.chart type=timeline}\nTitle: History\nAlt: Two events.\n- 1953: The armistice: fighting stops\n- 1968-01: Pueblo\n:::\n"
    doc, diags = load(tmp_path, body)
    assert diags == []
    (chart,) = charts(doc)
    assert [(e.when, e.text, e.line) for e in chart.events] == [("1953", "The armistice: fighting stops", FIRST + 3),
                                                               ("1968-01", "Pueblo", FIRST + 4)]


BAD = {
    # name: (body, files, path suffix, line, col, words)
    "non-numeric csv cell": ('::: {.chart type=bar data="d.csv"}\nTitle: T\nAlt: A\n:::\n', {"d.csv": "year,a\n2015,1\n2016,abc\n"},
                             "d.csv", 3, 6, "'abc' in column 'a' is not a number"),
    "quoted csv cell": ('::: {.chart type=bar data="d.csv"}\nTitle: T\nAlt: A\n:::\n', {"d.csv": 'year,a,b\n2015,"1",  "x y"\n'},
                        "d.csv", 2, 12, "'\"x y\"' in column 'b'"),
    "ragged csv row": ('::: {.chart type=bar data="d.csv"}\nTitle: T\nAlt: A\n:::\n', {"d.csv": "year,a,b\n2015,1\n"},
                       "d.csv", 2, 6, "has 2 values; the header row has 3"),
    "empty csv cell": ('::: {.chart type=bar data="d.csv"}\nTitle: T\nAlt: A\n:::\n', {"d.csv": "year,a\n2015,\n"},
                       "d.csv", 2, 6, "value is empty"),
    "missing column": ('::: {.chart type=bar data="d.csv" y="a,Zed"}\nTitle: T\nAlt: A\n:::\n', {"d.csv": "year,a\n2015,1\n"},
                       "case.md", FIRST, 35, "no column 'Zed'"),
    "too many points": ('::: {.chart type=line data="d.csv"}\nTitle: T\nAlt: A\n:::\n',
                        {"d.csv": "x,y\n" + "".join(f"{i},{i}\n" for i in range(80))}, "d.csv", 62, 1, "the limit is 60"),
    "data outside the folder": ('::: {.chart type=bar data="../d.csv"}\nTitle: T\nAlt: A\n:::\n', {}, "case.md", FIRST, 22,
                                "outside the source's folder"),
    "data is a URL": ('::: {.chart type=bar data="https://x.org/d.csv"}\nTitle: T\nAlt: A\n:::\n', {}, "case.md", FIRST, 22, "is a URL"),
    "missing file": ('::: {.chart type=bar data="nope.csv"}\nTitle: T\nAlt: A\n:::\n', {}, "case.md", FIRST, 22, "not found"),
    "inline non-numeric": ("::: {.chart type=bar}\nTitle: T\nAlt: A\n| y | a |\n|---|---|\n| 2015 | 1 |\n| 2016 |  n/a |\n:::\n", {},
                           "case.md", FIRST + 6, 11, "'n/a' in column 'a'"),
    "inline ragged": ("::: {.chart type=bar}\nTitle: T\nAlt: A\n| y | a | b |\n|---|---|---|\n| 2015 | 1 |\n:::\n", {},
                      "case.md", FIRST + 5, 10, "has 2 values"),
    "no title": ("::: {.chart type=bar}\nAlt: A\n| y | a |\n|---|---|\n| 1 | 2 |\n:::\n", {}, "case.md", FIRST, 1, "no 'Title:'"),
    "no data": ("::: {.chart type=bar}\nTitle: T\n:::\n", {}, "case.md", FIRST, 1, "has no data"),
    "unknown type": ("::: {.chart type=pie}\nTitle: T\n:::\n", {}, "case.md", FIRST, 13, "unknown chart type 'pie'"),
    "unknown attribute": ("::: {.chart type=bar colour=red}\nTitle: T\n:::\n", {}, "case.md", FIRST, 22, "unknown chart attribute 'colour'"),
    "stray line": ("::: {.chart type=bar}\nTitle: T\n\nsomething else\n| y | a |\n|---|---|\n| 1 | 2 |\n:::\n", {}, "case.md", FIRST + 3, 1,
                   "this line is none of them"),
    "timeline out of order": ("::: {.chart type=timeline}\nTitle: T\nAlt: A\n- 2003: b\n- 1953: a\n:::\n", {}, "case.md", FIRST + 4, 1,
                              "date order"),
    "timeline bad date": ("::: {.chart type=timeline}\nTitle: T\nAlt: A\n- soon: b\n:::\n", {}, "case.md", FIRST + 3, 1, "is not a date"),
    "stacked line": ("::: {.chart type=line stacked}\nTitle: T\nAlt: A\n| y | a |\n|---|---|\n| 1 | 2 |\n:::\n", {}, "case.md", FIRST, 23,
                     "cannot be stacked"),
    "chart in a list": ("- item\n\n  ::: {.chart type=bar}\n  Title: T\n  :::\n", {}, "case.md", FIRST + 2, None, "must stand on its own"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_chart_data_is_located(tmp_path: Path, name: str) -> None:
    body, files, suffix, line, col, words = BAD[name]
    doc, diags = load(tmp_path, body, files)
    errors = [d for d in diags if d.severity == "error"]
    assert len(errors) == 1, [str(d) for d in diags]
    (err,) = errors
    assert words in err.message, str(err)
    assert err.path.endswith(suffix), str(err)
    assert (err.line, err.col) == (line, col), str(err)
    if doc is not None:
        assert charts(doc) == []


def test_a_good_case_has_no_error(tmp_path: Path) -> None:
    # negative fixture for the checker above: the same CSV with a number gives no error
    doc, diags = load(tmp_path, '::: {.chart type=bar data="d.csv"}\nTitle: T\nAlt: A\n:::\n', {"d.csv": "year,a\n2015,1\n2016,2\n"})
    assert diags == [] and len(charts(doc)) == 1


# ------------------------------------------------------------------ generated data (hypothesis)

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from briefgen.source.charts import ChartProblem, parse_chart  # noqa: E402

_CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_CELL, min_size=1, max_size=4), min_size=0, max_size=8))
def test_any_csv_gives_a_chart_or_a_located_problem(tmp_path, rows):
    text = "\n".join(",".join(r) for r in rows)
    (tmp_path / "d.csv").write_text(text, encoding="utf-8")
    try:
        chart = parse_chart('::: {.chart type=bar data="d.csv"}', 5, ["Title: T", "Alt: A", ":::"], "s.md", tmp_path, {})
    except ChartProblem as exc:
        assert exc.line >= 1 and exc.col >= 1 and exc.message
        assert exc.path in ("s.md", "d.csv")
        return
    assert len(chart.categories) == len([r for r in rows if "".join(r).strip()]) - 1


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.lists(st.floats(-1e9, 1e9, allow_nan=False).map(lambda v: round(v, 3)), min_size=2, max_size=2),
                       min_size=1, max_size=20))
def test_numbers_in_a_csv_come_back_exactly(tmp_path, values):
    lines = ["year,a,b"] + [f"{2000 + i},{a!r},{b!r}" for i, (a, b) in enumerate(values)]
    (tmp_path / "d.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    chart = parse_chart('::: {.chart type=line data="d.csv"}', 5, ["Title: T", "Alt: A"], "s.md", tmp_path, {})
    assert chart.series[0].values == tuple(a for a, _ in values)
    assert chart.series[1].values == tuple(b for _, b in values)
