"""Charts and timelines: ``::: {.chart type=...}`` divs read into :class:`~briefgen.model.Chart`.

The div's opening line carries pandoc-style attributes; its body holds
``Key: value`` lines (``Title``, ``Units``, ``Source``, ``Alt``) and the data:
a pipe table, ``- DATE: event`` lines (timelines), or ``data="file.csv"``.
The body is read from the source's own lines (not through Markdown), so every
problem names the exact line and column of the offending cell; a CSV's
problems name the CSV's own line and column.

Data files are confined to the source's folder exactly like images
(:func:`~briefgen.source.images.resolve_inside`) and read with the stdlib
``csv`` module, one record per line. Every problem is a :class:`ChartProblem`
carrying its file, line and column; nothing here raises anything else.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import re
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from ..model import CHART_KINDS, Chart, ChartSeries, DataFile, TimelineEvent
from ..model.chartalt import chart_alt
from .attributes import CLASS, IDENT, PAIR, braced, parse_attributes
from .chartcells import Cell, ChartProblem, pipe_table, raise_all, read_csv

log = logging.getLogger(__name__)

MAX_CATEGORIES = 60
"""Most categories (bars or points per series) in one chart."""
MAX_SERIES = 5
"""Most series in one chart (the layouts' palettes have five colors, each told apart with any color vision)."""
MAX_EVENTS = 24
"""Most events in one timeline."""
MAX_LABEL = 120
"""Longest category, series or date label, in characters."""
MAX_EVENT_TEXT = 300
"""Longest timeline event text, in characters."""
KEYS = ("title", "units", "source", "alt")
ATTRS = ("type", "data", "x", "y", "stacked")
_DATE = re.compile(r"^\d{3,4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
_KEY = re.compile(r"^\s*([A-Za-z]+)\s*:\s?(.*)$")
_EVENT = re.compile(r"^(\s*[-*+]\s+)(\S[^:]*?)\s*:\s+(\S.*?)\s*$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_FENCE = re.compile(r"^\s*:::+\s*$")


def chart_div_params(params: str) -> bool:
    """True when a ``:::`` line opens a chart div: ``::: chart`` or ``::: {.chart ...}``."""
    return bool(re.match(r"^\s*(?:chart|\{\s*\.chart(?:\s[^{}]*)?\})\s*$", params))


def parse_chart(
    open_line: str,
    line: int,
    body: Sequence[str],
    path: str,
    source_dir: Path,
    data_files: Dict[str, DataFile],
) -> Chart:
    """Read one chart div: ``open_line`` is its ``:::`` line (file line ``line``), ``body`` the lines after it.

    ``body`` may end with the closing ``:::`` (it is dropped). Raises :class:`ChartProblem`.
    """
    lines = list(body)
    if lines and _FENCE.match(lines[-1]):
        lines.pop()
    attrs = _attributes(open_line, line, path)
    kind = attrs.get("type", ("", 0))[0] or "bar"
    if kind not in CHART_KINDS:
        raise ChartProblem(path, line, attrs["type"][1], f"unknown chart type '{kind}' (known: {', '.join(CHART_KINDS)})")
    keys, table, events = _body(lines, line + 1, path, kind)
    data_attr = attrs.get("data")
    data: Optional[DataFile] = None
    header: List[Cell] = []
    rows: List[List[Cell]] = []
    unread: List[ChartProblem] = []  # the data file's unreadable lines, reported with its bad cells
    if data_attr:
        if table or events:
            where = (table[0] if table else events[0])
            raise ChartProblem(path, where.line, where.col, "this chart has data=\"...\" and data in its body: keep one")
        data, header, rows, unread = read_csv(data_attr[0], line, data_attr[1], path, source_dir, data_files)
    elif table:
        header, rows = pipe_table(table, path)
    elif not events:
        raise ChartProblem(path, line, 1, "this chart has no data: add data=\"file.csv\", a pipe table, or '- DATE: event' lines")
    title = keys.get("title", "")
    if not title:
        raise ChartProblem(path, line, 1, "this chart has no 'Title:' line (the caption every output shows)")
    units, source = keys.get("units", ""), keys.get("source", "")
    if kind == "timeline":
        evs = tuple(events) if events else _along(unread, _table_events, header, rows, attrs, path, line)
        _check_events(evs, path)
        alt = keys.get("alt", "")
        return _with_ident(Chart("timeline", title, units, source, alt or _timeline_alt(title, evs), (), (), evs, line,
                                 alt_generated=not alt, data=data), attrs)
    if events:
        raise ChartProblem(path, events[0].line, events[0].col, f"'- DATE: event' lines make a timeline; a {kind} chart needs a table or data=\"file.csv\"")
    x_label, categories, series = _along(unread, _series, header, rows, attrs, path, line)
    stacked = _flag(attrs.get("stacked"), path, line)
    if stacked and kind == "line":
        raise ChartProblem(path, line, attrs["stacked"][1], "a line chart cannot be stacked (use type=bar or type=hbar)")
    alt = keys.get("alt", "")
    chart = Chart(kind, title, units, source, alt, categories, series, (), line, stacked=stacked, x_label=x_label,
                  alt_generated=not alt, data=data)
    if not alt:
        chart = Chart(kind, title, units, source, generated_alt(chart), categories, series, (), line, stacked=stacked,
                      x_label=x_label, alt_generated=True, data=data)
    return _with_ident(chart, attrs)


def _with_ident(chart: Chart, attrs: Dict[str, Tuple[str, int]]) -> Chart:
    """``chart`` carrying the ``#id`` of its opening line, when it has one."""
    ident = attrs.get("#", ("", 0))[0]
    return dataclasses.replace(chart, ident=ident) if ident else chart


def _along(unread: List[ChartProblem], read, *args) -> object:
    """``read(*args)``, its problems raised together with the data file's ``unread`` lines."""
    try:
        result = read(*args)
    except ChartProblem as exc:
        if not unread:
            raise
        raise_all(unread + list(exc.every()))
    raise_all(unread)
    return result


# ------------------------------------------------------------------ the opening line


def _attributes(open_line: str, line: int, path: str) -> Dict[str, Tuple[str, int]]:
    """``{name: (value, column)}`` from ``::: {.chart #id type=bar data="x.csv" stacked}``
    (the identifier, when given, under ``"#"``), read by :mod:`.attributes`."""
    inside = braced(open_line)
    if inside is None:
        return {}
    out: Dict[str, Tuple[str, int]] = {}
    seen_chart = False
    for attr in parse_attributes(*inside):
        col = attr.col
        if attr.kind == CLASS:
            name = attr.name
            if name == "chart" and not seen_chart:
                seen_chart = True
                continue
            if name == "stacked":
                out["stacked"] = ("true", col)
                continue
            raise ChartProblem(path, line, col, f"unknown chart class '.{name}' (known: .chart, .stacked)")
        if attr.kind == IDENT:
            out.setdefault("#", (attr.name, col))  # an identifier (#fig-spending): kept for cross-references
            continue
        if attr.kind == PAIR:
            key = attr.name
            if key not in ATTRS:
                raise ChartProblem(path, line, col, f"unknown chart attribute '{key}' (known: {', '.join(ATTRS)})")
            if key in out:
                raise ChartProblem(path, line, col, f"chart attribute '{key}' is given twice")
            out[key] = (attr.value.strip(), col)
        elif attr.name == "stacked":
            out["stacked"] = ("true", col)
        else:
            raise ChartProblem(path, line, col, f"cannot read chart attribute '{attr.name[:40]}' (write key=value or key=\"value\")")
    return out


def _flag(value: Optional[Tuple[str, int]], path: str, line: int) -> bool:
    if value is None:
        return False
    text = value[0].lower()
    if text in ("true", "yes", "1"):
        return True
    if text in ("false", "no", "0"):
        return False
    raise ChartProblem(path, line, value[1], f"stacked must be true or false, not '{value[0][:40]}'")


# ------------------------------------------------------------------ the body


def _body(lines: List[str], first: int, path: str, kind: str) -> Tuple[Dict[str, str], List[Cell], List[TimelineEvent]]:
    """Key lines, pipe-table lines (as cells of whole lines) and timeline events of a chart's body."""
    keys: Dict[str, str] = {}
    table: List[Cell] = []
    events: List[TimelineEvent] = []
    last: Optional[str] = None
    for offset, raw in enumerate(lines):
        number = first + offset
        text = raw.rstrip()
        stripped = text.strip()
        if not stripped:
            last = None
            continue
        if stripped.startswith("|"):
            table.append(Cell(text, path, number, len(text) - len(text.lstrip()) + 1))
            last = None
            continue
        event = _EVENT.match(text)
        if event and kind == "timeline":
            when, what = event.group(2).strip(), event.group(3).strip()
            events.append(TimelineEvent(when, what, number))
            _check_label(when, path, number, len(event.group(1)) + 1, MAX_LABEL, "date")
            _check_label(what, path, number, text.index(what, len(event.group(1)) + len(when)) + 1, MAX_EVENT_TEXT, "event")
            last = None
            continue
        key = _KEY.match(text)
        if key and key.group(1).lower() in KEYS:
            name = key.group(1).lower()
            if name in keys:
                raise ChartProblem(path, number, 1, f"'{key.group(1)}:' is given twice in this chart")
            keys[name] = key.group(2).strip()
            last = name
            continue
        if last is not None and (raw.startswith((" ", "\t")) or not key):
            keys[last] = (keys[last] + " " + stripped).strip()
            continue
        hint = "'- DATE: event'" if kind == "timeline" else "a pipe table"
        raise ChartProblem(path, number, 1, f"a chart holds 'Title:', 'Units:', 'Source:', 'Alt:' lines and {hint}; "
                                            f"this line is none of them")
    return keys, table, events


def _check_label(text: str, path: str, line: int, col: int, limit: int, what: str) -> None:
    if len(text) > limit:
        raise ChartProblem(path, line, col, f"this {what} is {len(text)} characters long; the limit is {limit}")


# ------------------------------------------------------------------ series and events


def _column(header: List[Cell], name: str, attr: str, path: str, line: int, col: int) -> int:
    wanted = name.strip().lower()
    for index, cell in enumerate(header):
        if cell.text.lower() == wanted:
            return index
    columns = ", ".join(c.text for c in header)
    raise ChartProblem(path, line, col, f"{attr}: the data has no column '{name[:40]}' (its columns: {columns[:200]})")


def _check_rows(header: List[Cell], rows: List[List[Cell]]) -> List[ChartProblem]:
    """Raise for a missing header or no rows; return a problem for every ragged row."""
    if not header or not any(c.text for c in header):
        raise ChartProblem(header[0].path if header else "", header[0].line if header else 1, 1, "the data has no header row")
    for index, cell in enumerate(header):
        if not cell.text:
            raise ChartProblem(cell.path, cell.line, cell.col, f"column {index + 1} of the header row has no name")
    if not rows:
        raise ChartProblem(header[0].path, header[0].line, header[0].col, "the data has a header row but no rows of values")
    problems = []
    for row in rows:
        if len(row) != len(header):
            where = row[min(len(row), len(header)) - 1] if row else header[0]
            problems.append(ChartProblem(where.path, where.line, where.col,
                                         f"this row has {len(row)} values; the header row has {len(header)} columns"))
    return problems


def _checked(problems: List[ChartProblem], check, *args) -> object:
    """``check(*args)``, or ``None`` with its :class:`ChartProblem` added to ``problems``."""
    try:
        return check(*args)
    except ChartProblem as exc:
        problems.append(exc)
        return None


def _series(header: List[Cell], rows: List[List[Cell]], attrs: Dict[str, Tuple[str, int]], path: str,
            line: int) -> Tuple[str, Tuple[str, ...], Tuple[ChartSeries, ...]]:
    problems = _check_rows(header, rows)
    x_attr = attrs.get("x")
    x = _column(header, x_attr[0], "x", path, line, x_attr[1]) if x_attr else 0
    if attrs.get("y"):
        value, col = attrs["y"]
        names = [n for n in (p.strip() for p in value.split(",")) if n]
        ys = [_column(header, n, "y", path, line, col) for n in names]
    else:
        ys = [i for i in range(len(header)) if i != x]
    if not ys:
        raise ChartProblem(path, line, 1, "this chart has no value columns (name them with y=\"A,B\")")
    if len(ys) > MAX_SERIES:
        raise ChartProblem(path, line, 1, f"this chart has {len(ys)} series; the limit is {MAX_SERIES}")
    if len(rows) > MAX_CATEGORIES:
        cell = rows[MAX_CATEGORIES][0]
        raise_all(problems + [ChartProblem(cell.path, cell.line, cell.col,
                                           f"this chart has {len(rows)} rows of data; the limit is {MAX_CATEGORIES} points per series")])
    for y in ys:
        _checked(problems, _check_label, header[y].text, header[y].path, header[y].line, header[y].col, MAX_LABEL, "series name")
    whole = [row for row in rows if len(row) == len(header)]  # a ragged row is reported above, its cells not read
    categories = []
    values: List[List[object]] = [[] for _ in ys]
    for row in whole:  # row by row, so the problems come out in the file's order
        cell = row[x]
        if not cell.text:
            problems.append(ChartProblem(cell.path, cell.line, cell.col, f"the '{header[x].text}' value (the category) is empty"))
        _checked(problems, _check_label, cell.text, cell.path, cell.line, cell.col, MAX_LABEL, "label")
        categories.append(cell.text)
        for column, y in zip(values, ys):
            column.append(_checked(problems, number, row[y], header[y].text))
    raise_all(problems)
    series = tuple(ChartSeries(header[y].text, tuple(column)) for y, column in zip(ys, values))  # type: ignore[arg-type]
    return header[x].text, tuple(categories), series


def number(cell: Cell, column: str) -> float:
    """A cell's number: ``1234.5``, ``-3``, ``1,234``, ``$12``, ``45%``, ``−2`` (U+2212); else :class:`ChartProblem`."""
    text = cell.text.replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
    if text[:1] in "$€£¥" and text:
        text = text[1:]
    if text.endswith("%"):
        text = text[:-1]
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    if not cell.text.strip():
        raise ChartProblem(cell.path, cell.line, cell.col, f"the '{column}' value is empty (write 0, or leave the row out)")
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not re.match(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$", text):
        raise ChartProblem(cell.path, cell.line, cell.col, f"'{cell.text[:40]}' in column '{column}' is not a number")
    if abs(value) >= 1e15:
        raise ChartProblem(cell.path, cell.line, cell.col, f"'{cell.text[:40]}' in column '{column}' is too large to chart")
    return value


def _table_events(header: List[Cell], rows: List[List[Cell]], attrs: Dict[str, Tuple[str, int]], path: str,
                  line: int) -> Tuple[TimelineEvent, ...]:
    raise_all(_check_rows(header, rows))
    x_attr, y_attr = attrs.get("x"), attrs.get("y")
    x = _column(header, x_attr[0], "x", path, line, x_attr[1]) if x_attr else 0
    y = _column(header, y_attr[0], "y", path, line, y_attr[1]) if y_attr else (1 if x != 1 else 0)
    if y >= len(header) or y == x:
        raise ChartProblem(path, line, 1, "a timeline's data needs a date column and an event column")
    out = []
    for row in rows:
        when, what = row[x], row[y]
        _check_label(when.text, when.path, when.line, when.col, MAX_LABEL, "date")
        _check_label(what.text, what.path, what.line, what.col, MAX_EVENT_TEXT, "event")
        if not what.text:
            raise ChartProblem(what.path, what.line, what.col, "this event has no text")
        out.append(TimelineEvent(when.text, what.text, when.line))
    return tuple(out)


def _check_events(events: Sequence[TimelineEvent], path: str) -> None:
    if len(events) > MAX_EVENTS:
        raise ChartProblem(path, events[MAX_EVENTS].line, 1, f"this timeline has {len(events)} events; the limit is {MAX_EVENTS}")
    previous: Tuple[int, ...] = ()
    for event in events:
        if not _DATE.match(event.when):
            raise ChartProblem(path, event.line, 1, f"'{event.when[:40]}' is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)")
        key = tuple(int(p) for p in event.when.split("-"))  # 2002 sorts before 2002-10, 2002-10 before 2003
        if key < previous:
            raise ChartProblem(path, event.line, 1, f"'{event.when}' comes before the event above it: list events in date order")
        previous = key


# ------------------------------------------------------------------ generated alt text


def generated_alt(chart: Chart) -> str:
    """A plain description of a chart from its data (used when the source gives no ``Alt:``), in English:
    each renderer has it again in the brief's language (:func:`briefgen.model.chartalt.localize_alts`)."""
    return chart_alt(chart)


def _timeline_alt(title: str, events: Sequence[TimelineEvent]) -> str:
    return chart_alt(Chart("timeline", title, "", "", "", (), (), tuple(events), 0))
