"""CSL-JSON bibliographies (``.json``, as Zotero and Better BibTeX export them).

The file is a JSON array of objects, each with a string ``id`` and a CSL
``type``. Names must be objects of strings, dates ``{"date-parts": ...}``,
``{"raw": ...}`` or ``{"literal": ...}``; other values strings or numbers.
Title fields read citeproc-js's rich text (``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
``<span class="nocase">``: :mod:`.markup`); any other tag, and every other field,
is kept as written and shown as text, never interpreted. The formatter's private
marks cannot come from the data, not even as JSON escapes (``"\\ue000"``).
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Tuple

from ..errors import Diagnostic, error
from .dates import parse_date
from .errors import CitationError
from .markup import TITLE_FIELDS, read_markup

CSL_TYPES = frozenset("""article article-journal article-magazine article-newspaper bill book broadcast
chapter classic collection dataset document entry entry-dictionary entry-encyclopedia event figure graphic
hearing interview legal_case legislation manuscript map motion_picture musical_score pamphlet
paper-conference patent performance periodical personal_communication post post-weblog regulation report
review review-book software song speech standard thesis treaty webpage""".split())
NAME_VARIABLES = frozenset("""author chair collection-editor compiler composer container-author contributor
curator director editor editorial-director executive-producer guest host illustrator interviewer narrator
organizer original-author performer producer recipient reviewed-author script-writer series-creator
translator""".split())
DATE_VARIABLES = frozenset("accessed available-date event-date issued original-date submitted".split())
_NAME_PARTS = ("family", "given", "literal", "suffix", "dropping-particle", "non-dropping-particle")
_PRIVATE = {c: "\ufffd" for c in range(0xE000, 0xE010)}  # the formatter's marks (a JSON escape can write them)


def parse_csl_json(text: str, path: str) -> List[Tuple[str, str, Dict[str, Any], int, int]]:
    """``(key, type, data, line, col)`` for every entry of a CSL-JSON document."""
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CitationError([error(path, exc.lineno, f"not valid JSON: {exc.msg}", exc.colno)]) from None
    if not isinstance(items, list):
        raise CitationError([error(path, 1, "a CSL-JSON bibliography is a JSON array of entries", 1)])
    places = _id_places(text)
    diags: List[Diagnostic] = []
    out = []
    for index, item in enumerate(items):
        where = places[index] if index < len(places) else (1, 1)
        if not isinstance(item, dict):
            diags.append(error(path, where[0], f"entry {index + 1} is not a JSON object", where[1]))
            continue
        key, kind = item.get("id"), item.get("type")
        if not isinstance(key, (str, int)) or isinstance(key, bool) or str(key) == "":
            diags.append(error(path, where[0], f"entry {index + 1} has no string 'id'", where[1]))
            continue
        if kind not in CSL_TYPES:
            diags.append(error(path, where[0], f"entry '{key}': 'type' must be a CSL type (report, book, legislation, webpage...), not {json.dumps(kind)[:40]}", where[1]))
            continue
        try:
            data = _check_fields(item)
        except ValueError as exc:
            diags.append(error(path, where[0], f"entry '{key}': {exc}", where[1]))
            continue
        out.append((str(key), kind, data, where[0], where[1]))
    if diags:
        raise CitationError(diags)
    return out


def _id_places(text: str) -> List[Tuple[int, int]]:
    """Line and column of each top-level object's opening brace (depth-1 ``{``)."""
    places, depth, line, col, in_str, escape = [], 0, 1, 0, False, False
    for ch in text:
        col += 1
        if ch == "\n":
            line, col = line + 1, 0
        if in_str:
            if escape:
                escape = False
            elif ch == "\\":
                escape = True
            elif ch == '"':
                in_str = False
            continue
        if ch == '"':
            in_str = True
        elif ch in "[{":
            if depth == 1 and ch == "{":
                places.append((line, col))
            depth += 1
        elif ch in "]}":
            depth -= 1
    return places


def _check_fields(item: Dict[str, Any]) -> Dict[str, Any]:
    """The entry's fields checked and normalized (``id``/``type`` dropped)."""
    data: Dict[str, Any] = {}
    for name, value in item.items():
        if name in ("id", "type"):
            continue
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]{0,60}", name):
            raise ValueError(f"field name {json.dumps(name)[:40]} is not a CSL variable")
        if name in NAME_VARIABLES:
            data[name] = _names(name, value)
        elif name in DATE_VARIABLES:
            data[name] = _date(name, value)
        elif isinstance(value, bool) or not isinstance(value, (str, int, float)):
            if name in ("custom", "note") or isinstance(value, (dict, list)):
                continue  # Zotero's extras (custom, system fields): not used in formatting
            raise ValueError(f"'{name}' must be text or a number")
        else:
            text = str(value).translate(_PRIVATE)
            data[name] = read_markup(text) if name in TITLE_FIELDS else text
    return data


def _names(name: str, value: Any) -> List[Dict[str, str]]:
    if not isinstance(value, list) or not all(isinstance(n, dict) for n in value):
        raise ValueError(f"'{name}' must be a list of name objects ({{\"family\": ..., \"given\": ...}})")
    names = []
    for person in value:
        clean = {k: str(v).translate(_PRIVATE) for k, v in person.items() if k in _NAME_PARTS and isinstance(v, (str, int))}
        if not clean.get("family") and not clean.get("literal"):
            raise ValueError(f"a name in '{name}' has neither 'family' nor 'literal'")
        names.append(clean)
    return names


def _date(name: str, value: Any) -> Dict[str, Any]:
    if isinstance(value, str):
        return parse_date(value)
    if not isinstance(value, dict):
        raise ValueError(f"'{name}' must be a date object ({{\"date-parts\": [[2021, 1, 5]]}})")
    if "date-parts" in value:
        parts = value["date-parts"]
        try:
            clean = [[int(p) for p in part][:3] for part in parts][:2]
        except (TypeError, ValueError):
            raise ValueError(f"'{name}': date-parts must be lists of numbers") from None
        if not clean or not all(clean):
            raise ValueError(f"'{name}': date-parts is empty")
        for part in clean:
            if len(part) > 1 and not 1 <= part[1] <= 24:  # 13-24: CSL seasons
                raise ValueError(f"'{name}': month {part[1]} is not 1 to 12 (or 13 to 24 for seasons)")
            if len(part) > 2 and not 1 <= part[2] <= 31:
                raise ValueError(f"'{name}': day {part[2]} is not 1 to 31")
        return {"date-parts": clean}
    if isinstance(value.get("raw"), str):
        return parse_date(value["raw"])
    if isinstance(value.get("literal"), str):
        return {"literal": value["literal"].translate(_PRIVATE)}
    raise ValueError(f"'{name}' must have 'date-parts', 'raw' or 'literal'")
