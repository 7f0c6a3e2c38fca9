"""A chart's data as located cells: the pipe table of its body and its CSV data file.

Every value keeps the file, line and column it was written at (:class:`Cell`), so
:mod:`.charts` can name the exact place of a bad number; every problem is a
:class:`ChartProblem`.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Dict, List, Sequence, Tuple

from ..model import DataFile
from .images import ImageProblem, resolve_inside

MAX_DATA_BYTES = 256 * 1024
"""Largest chart data file read (a chart of a few numbers is a few hundred bytes)."""


@dataclass(frozen=True)
class ChartProblem(Exception):
    """A located problem with a chart: ``path:line:col`` and a message for the user."""

    path: str
    line: int
    col: int
    message: str
    more: Tuple["ChartProblem", ...] = ()
    """The chart's other problems, each located: a data file's every bad cell is reported in one run."""

    def every(self) -> Tuple["ChartProblem", ...]:
        """This problem and the ones reported with it."""
        return (self,) + self.more


MAX_PROBLEMS = 20
"""Most problems reported for one chart's data (then a count of the rest)."""


def raise_all(problems: Sequence[ChartProblem]) -> None:
    """Raise ``problems`` (if any) as one :class:`ChartProblem`, the first carrying the others."""
    if not problems:
        return
    ordered = sorted(problems, key=lambda p: (p.path, p.line, p.col))  # the file's order
    shown = ordered[:MAX_PROBLEMS]
    if len(problems) > MAX_PROBLEMS:
        last = shown[-1]
        shown.append(ChartProblem(last.path, last.line, last.col, f"and {len(problems) - MAX_PROBLEMS} more problems in this chart's data"))
    first = shown[0]
    raise ChartProblem(first.path, first.line, first.col, first.message, tuple(shown[1:]))


@dataclass(frozen=True)
class Cell:
    """One cell of chart data with where it was written (file, 1-based line and column)."""

    text: str
    path: str
    line: int
    col: int


def split_row(text: str, line: int, col0: int, path: str) -> List[Cell]:
    """The cells of one pipe-table line, each with its column (``\\|`` is a literal bar)."""
    body = text.strip()
    lead = col0 + (1 if body.startswith("|") else 0)
    inner = body[1:] if body.startswith("|") else body
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    cells: List[Cell] = []
    start, i, buf = 0, 0, []
    while i <= len(inner):
        ch = inner[i] if i < len(inner) else "|"
        if ch == "\\" and i + 1 < len(inner) and inner[i + 1] == "|":
            buf.append("|")
            i += 2
            continue
        if ch == "|":
            raw = "".join(buf)
            pad = len(raw) - len(raw.lstrip())
            cells.append(Cell(raw.strip(), path, line, lead + start + pad))
            buf, start = [], i + 1
        else:
            buf.append(ch)
        i += 1
    return cells


def pipe_table(lines: List[Cell], path: str) -> Tuple[List[Cell], List[List[Cell]]]:
    """The header and rows of a chart's pipe table (``lines``: its lines as cells with their columns)."""
    rows = [split_row(c.text, c.line, c.col, path) for c in lines]
    if len(rows) < 2 or not all(re.match(r"^:?-+:?$", c.text) for c in rows[1]):
        where = lines[1] if len(lines) > 1 else lines[0]
        raise ChartProblem(path, where.line, where.col, "the chart's table needs a header row and a '|---|---|' line under it")
    return rows[0], rows[2:]


# ------------------------------------------------------------------ CSV files


def read_csv(rel: str, line: int, col: int, path: str, source_dir: Path,
              data_files: Dict[str, DataFile]) -> Tuple[DataFile, List[Cell], List[List[Cell]], List[ChartProblem]]:
    """The header and rows of a CSV data file inside the source's folder, and its lines that cannot be read."""
    try:
        target, info = resolve_inside(rel, source_dir, "data file", "data files")
    except ImageProblem as exc:
        raise ChartProblem(path, line, col, str(exc)) from None
    if info.st_size > MAX_DATA_BYTES:
        raise ChartProblem(path, line, col, f"data file '{rel}' is {info.st_size // 1024} KiB; the limit is {MAX_DATA_BYTES // 1024} KiB")
    shown = str(PurePosixPath(Path(path).parent.as_posix()) / rel) if Path(path).parent.as_posix() != "." else rel
    try:
        raw = target.read_bytes()
    except OSError as exc:
        raise ChartProblem(path, line, col, f"data file '{rel}' cannot be read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        number = raw[: exc.start].count(b"\n") + 1
        raise ChartProblem(shown, number, exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1,
                           "not valid UTF-8; save the data file as UTF-8") from None
    data_files.setdefault(rel, DataFile(target, rel, hashlib.sha256(raw).hexdigest()))
    records: List[List[Cell]] = []
    problems: List[ChartProblem] = []
    for number, physical in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if not physical.strip():
            continue
        try:
            records.append(csv_record(physical, number, shown))
        except ChartProblem as exc:
            problems.append(exc)
    if not records or (problems and problems[0].line < records[0][0].line):  # no header row to read the rest by
        raise_all(problems or [ChartProblem(shown, 1, 1, "the data file is empty: it needs a header row and rows of values")])
    return data_files[rel], records[0], records[1:], problems


def csv_record(physical: str, number: int, shown: str) -> List[Cell]:
    """One CSV line's cells with their columns (quoted values may not span lines)."""
    try:
        values = next(csv.reader([physical], strict=True))
    except csv.Error as exc:
        raise ChartProblem(shown, number, 1, f"cannot read this CSV line: {exc}") from None
    cells: List[Cell] = []
    pos = 0
    for value in values:
        col = pos + 1
        if pos < len(physical) and physical[pos] == '"':
            pos += 1
            while pos < len(physical):
                if physical[pos] == '"' and pos + 1 < len(physical) and physical[pos + 1] == '"':
                    pos += 2
                elif physical[pos] == '"':
                    pos += 1
                    break
                else:
                    pos += 1
            if pos >= len(physical) and not physical.endswith('"'):
                raise ChartProblem(shown, number, col, "a quoted value is not closed on its line (values may not span lines)")
        else:
            pos += len(value)
        pad = len(value) - len(value.lstrip()) if not physical[col - 1 : col] == '"' else 0
        cells.append(Cell(value.strip(), shown, number, col + pad))
        pos += 1  # the comma
    return cells
