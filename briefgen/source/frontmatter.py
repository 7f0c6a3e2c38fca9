"""The front matter's fields: types, required fields, and clear messages.

Works on the line-tracking node tree of :mod:`briefgen.yamlsafe`. Every value
stays text unless the field wants a list or mapping; a plain (unquoted) scalar
that YAML would silently turn into a number, boolean, date or null is refused
with a message telling the user to quote it (``date`` alone accepts dates and
years). Every problem found is collected, so the user sees them all at once.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from ..errors import Diagnostic, error, warning
from ..language import canonical, check_tag
from ..yamlsafe import YMap, YNode, YScalar, YSeq, describe
from . import invisible
from .reader import strip_controls

Position = Tuple[int, int]

FIELDS = (
    "title",
    "subtitle",
    "short_title",
    "date",
    "authors",
    "organization",
    "summary",
    "key_points",
    "recommendations",
    "keywords",
    "layout",
    "lang",
    "status",
    "embargo",
    "page_budget",
    "url",
    "bibliography",
    "csl",
    "nocite",
    "extra",
)
AUTHOR_FIELDS = ("name", "role", "bio", "contact")
STATUSES = ("draft", "final")
MAX_PAGE_BUDGET = 500
REQUIRED = ("title", "date", "authors")
MAX_TITLE_CHARS = 300
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass
class RawAuthor:
    """An author's fields as text, with the lines of the entry and its bio."""

    name: str
    role: str
    bio: str
    line: int
    bio_line: int
    contact: str = ""
    positions: Dict[str, Position] = field(default_factory=dict)


@dataclass
class RawMeta:
    """The validated front matter, still as text (Markdown not yet parsed)."""

    title: str = ""
    subtitle: str = ""
    short_title: str = ""
    date: str = ""
    authors: List[RawAuthor] = field(default_factory=list)
    organization: str = ""
    summary: str = ""
    key_points: List[str] = field(default_factory=list)
    recommendations: List[str] = field(default_factory=list)
    keywords: List[str] = field(default_factory=list)
    layout: str = "default"
    lang: str = ""
    """The source's BCP 47 tag, canonical (``fr-CA``); "" when it names none (the layout's then)."""
    status: str = "final"
    embargo: str = ""
    page_budget: int = 0
    url: str = ""
    bibliography: List[str] = field(default_factory=list)
    """Bibliography files (``.bib``, CSL-JSON ``.json``) beside the source, as written."""
    csl: str = ""
    """The citation style: a name (``chicago-notes``, ``chicago-author-date``, ``apa``) or a ``.csl`` file."""
    nocite: List[str] = field(default_factory=list)
    """Works listed in the bibliography though not cited, as written (``@key``, ``@*`` for all)."""
    extra: Dict[str, object] = field(default_factory=dict)
    lines: Dict[str, int] = field(default_factory=dict)
    positions: Dict[str, Position] = field(default_factory=dict)
    """Where each value starts, ``(line, col)``: ``title``, ``key_points.2``, ``authors.1.name``..."""


class FieldChecker:
    """Validates one front matter mapping, collecting diagnostics."""

    def __init__(self, path: str, first_line: int) -> None:
        self.path = path
        self.first_line = first_line
        self.diags: List[Diagnostic] = []
        self.positions: List[Position] = []  # where the last text_list's kept items start

    def err(self, line: int, message: str, col: Optional[int] = None) -> None:
        """Record an error."""
        self.diags.append(error(self.path, line, message, col))

    def text(self, node: YNode, name: str, line: int, *, allow_dates: bool = False) -> Optional[str]:
        """A text value: refuses lists, mappings, nulls and silently typed scalars."""
        if not isinstance(node, YScalar):
            self.err(line, f"'{name}' must be text, not {describe(node)}", node.col)
            return None
        kind = node.implicit_type()
        if kind == "null":
            self.err(node.line, f"'{name}' is empty", node.col)
            return None
        if kind != "str" and not (allow_dates and kind in ("date", "int")):
            self.err(
                node.line,
                f"'{name}' would be read as a {kind} ({node.value!r}): put it in quotes, e.g. {name}: \"{node.value}\"",
                node.col,
            )
            return None
        return self.clean(node, name)

    def clean(self, node: YScalar, name: str) -> str:
        """The scalar's text without control or invisible characters, with a warning for each kind removed."""
        value, found = invisible.scrub(node.value)
        if found:
            line, col = scalar_position(node, found[0])
            self.diags.append(warning(self.path, line, invisible.describe(found, f"'{name}'"), col))
        lookalikes = invisible.confusables(value)
        if lookalikes:
            at = node.raw.find(lookalikes[0].word)
            line, col = (node.line, node.col + at) if at >= 0 and "\n" not in node.raw[:at] else (node.line, node.col)
            self.diags.append(warning(self.path, line, invisible.describe_confusables(lookalikes, f"'{name}'"), col))
        value, removed = strip_controls(value)
        if removed:
            self.diags.append(
                warning(self.path, node.line, f"control characters removed from '{name}': {', '.join(removed)}", node.col)
            )
        return value

    def text_list(self, node: YNode, name: str) -> List[str]:
        """A list of text values (a single text is accepted as a one-item list)."""
        if isinstance(node, YScalar) and node.implicit_type() == "str":
            value = self.text(node, name, node.line)
            return [value] if value else []
        if not isinstance(node, YSeq):
            self.err(node.line, f"'{name}' must be a list of text items, not {describe(node)}", node.col)
            return []
        out = []
        for index, item in enumerate(node.items, start=1):
            value = self.text(item, f"{name} item {index}", item.line)
            if value is not None and value.strip():
                out.append(value)
                self.positions.append((item.line, item.col))
        return out

    def extra(self, node: YNode, name: str) -> object:
        """The ``extra`` mapping as plain Python, every text in it cleaned (nothing coerced)."""
        if isinstance(node, YScalar):
            return self.clean(node, name)
        if isinstance(node, YSeq):
            return [self.extra(item, f"{name} item {i}") for i, item in enumerate(node.items, start=1)]
        out: Dict[str, object] = {}
        for key in node.order:
            clean_key, found = invisible.scrub(key)
            if found:
                line, col = node.key_lines[key], node.key_cols.get(key)
                self.diags.append(warning(self.path, line, invisible.describe(found, f"the key '{clean_key}'"), col))
            out[clean_key] = self.extra(node.items[key], f"{name}.{clean_key}")
        return out

    def unknown(self, key: str, line: int, known: tuple, where: str, col: Optional[int] = None) -> None:
        """Report an unknown key with the nearest known one."""
        guess = difflib.get_close_matches(invisible.scrub(key)[0], known, n=1, cutoff=0.6)
        hint = f"; did you mean '{guess[0]}'?" if guess else f" (known {where} fields: {', '.join(known)})"
        self.err(line, f"unknown {where} field '{key}'{hint}", col)


def scalar_position(node: YScalar, found: invisible.Finding) -> Position:
    """The file position of ``found`` (an index into ``node.value``), or the scalar's start.

    The character is looked up in the scalar as written: the k-th occurrence
    in the value is the k-th in the file. A character written as an escape
    (``"\\u202e"``) is not in the file; it is reported at the scalar's start.
    """
    ch = found.char
    nth = node.value[: found.index].count(ch)
    pos = -1
    for _ in range(nth + 1):
        pos = node.raw.find(ch, pos + 1)
        if pos < 0:
            return node.line, node.col
    before = node.raw[:pos]
    breaks = before.count("\n")
    if not breaks:
        return node.line, node.col + pos
    return node.line + breaks, pos - before.rfind("\n")


def check_front_matter(root: Optional[YNode], path: str, first_line: int) -> tuple:
    """Validate the front matter tree; return ``(RawMeta, diagnostics)``."""
    chk = FieldChecker(path, first_line)
    meta = RawMeta()
    if root is None:
        chk.err(first_line, "the front matter is empty: title, date and authors are required")
        return meta, chk.diags
    if not isinstance(root, YMap):
        chk.err(root.line, f"the front matter must be a mapping of fields (title: ..., date: ...), not {describe(root)}", root.col)
        return meta, chk.diags
    meta.lines = dict(root.key_lines)

    def at(key: str) -> Tuple[int, Optional[int]]:
        """Where the field's value starts (its key when it has none), else the front matter's first line."""
        if key in meta.positions:
            return meta.positions[key]
        if key in root.key_lines:
            return root.key_lines[key], root.key_cols.get(key)
        return first_line, None

    for key in root.order:
        node, line = root.items[key], root.key_lines[key]
        if key not in FIELDS:
            chk.unknown(key, line, FIELDS, "front matter", root.key_cols.get(key))
            continue
        meta.positions[key] = (node.line, node.col)
        if key == "authors":
            meta.authors = _authors(chk, node)
        elif key in ("key_points", "recommendations", "keywords", "bibliography", "nocite"):
            chk.positions = []
            setattr(meta, key, chk.text_list(node, key))
            for index, position in enumerate(chk.positions, start=1):
                meta.positions[f"{key}.{index}"] = position
        elif key == "extra":
            if not isinstance(node, YMap):
                chk.err(node.line, f"'extra' must be a mapping of your own fields, not {describe(node)}", node.col)
            else:
                meta.extra = chk.extra(node, "extra")  # type: ignore[assignment]
        elif key in WORKFLOW_FIELDS:
            _workflow_field(chk, meta, key, node, line)
        else:
            value = chk.text(node, key, line, allow_dates=(key == "date"))
            if value is not None:
                setattr(meta, key, value.strip() if key != "summary" else value)
    for index, author in enumerate(meta.authors, start=1):
        meta.positions.update({f"authors.{index}.{k}": v for k, v in author.positions.items()})
    for key in REQUIRED:
        if key not in root.items:
            chk.err(first_line, f"the required field '{key}' is missing")
    if "title" in root.items and not meta.title.strip() and not any(d.line == root.key_lines["title"] and d.severity == "error" for d in chk.diags):
        line, col = at("title")
        chk.err(line, "'title' is empty", col)
    if len(meta.title) > MAX_TITLE_CHARS:
        line, col = at("title")
        chk.err(line, f"the title is {len(meta.title)} characters long; the limit is {MAX_TITLE_CHARS}", col)
    if meta.date and not _DATE.match(meta.date):
        line, col = at("date")
        chk.err(line, f"date '{meta.date}' must be YYYY-MM-DD, YYYY-MM or YYYY", col)
    elif meta.date:
        _check_date_values(chk, meta.date, *at("date"))
    if meta.lang:
        problem = check_tag(meta.lang)
        if problem:
            line, col = at("lang")
            chk.err(line, f"lang: {problem}", col)
        else:
            meta.lang = canonical(meta.lang)
    if meta.layout and not re.match(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", meta.layout):
        line, col = at("layout")
        chk.err(line, f"layout '{meta.layout}' is not a layout name", col)
    if "authors" in root.items and not meta.authors and not any(d.line and d.line >= root.items["authors"].line for d in chk.diags):
        chk.err(root.key_lines["authors"], "'authors' needs at least one author with a name", root.key_cols.get("authors"))
    if meta.authors and not any(a.bio.strip() for a in meta.authors) and not chk.diags:
        for author in meta.authors:
            line, col = author.positions.get("name", (author.line, None))
            chk.diags.append(warning(path, line, f"author '{author.name}' has no bio: add 'bio:' for the About the Author section", col))
    return meta, chk.diags


WORKFLOW_FIELDS = ("status", "embargo", "page_budget", "url")
_URL = re.compile(r"^https?://[^\s/?#@]+(?::\d+)?(?:[/?#][^\s]*)?$", re.IGNORECASE)


def _workflow_field(chk: FieldChecker, meta: RawMeta, key: str, node: YNode, line: int) -> None:
    """``status``, ``embargo``, ``page_budget`` and ``url``: checked strictly, each error located at the value."""
    col = getattr(node, "col", None)
    if key == "page_budget":
        if isinstance(node, YScalar) and node.implicit_type() in ("int", "str"):
            text = node.value.strip()
            if text.isdigit() and 0 < int(text) <= MAX_PAGE_BUDGET:
                meta.page_budget = int(text)
                return
        shown = node.value if isinstance(node, YScalar) else describe(node)
        chk.err(node.line, f"'page_budget' must be a whole number of pages from 1 to {MAX_PAGE_BUDGET}, not {shown!r}", col)
        return
    value = chk.text(node, key, line, allow_dates=(key == "embargo"))
    if value is None:
        return
    value = value.strip()
    if key == "status":
        if value.lower() not in STATUSES:
            chk.err(node.line, f"status '{value}' must be draft or final", col)
        else:
            meta.status = value.lower()
    elif key == "embargo":
        moment = parse_embargo(value)
        if moment is None:
            chk.err(node.line, f"embargo '{value}' must be an ISO 8601 date and time with its UTC offset, "
                               "e.g. 2026-12-05T09:00-05:00", col)
        else:
            meta.embargo = moment
    elif key == "url":
        if not _URL.match(value):
            chk.err(node.line, f"url '{value}' must be an http:// or https:// address where the full brief can be read", col)
        else:
            meta.url = value


def parse_embargo(value: str) -> Optional[str]:
    """``value`` as a normalized ISO 8601 date-time with offset (``2026-12-05T09:00:00-05:00``), or None.

    A date alone, a time without a UTC offset (``Z`` counts) or an impossible date is refused.
    """
    import datetime

    text = value.strip()
    if not re.match(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})$", text):
        return None
    if text[-1] in "Zz":
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.datetime.fromisoformat(text.replace("t", "T"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.isoformat()


def _check_date_values(chk: FieldChecker, value: str, line: int, col: Optional[int] = None) -> None:
    import datetime

    match = _DATE.match(value)
    assert match is not None
    year, month, day = match.group(1), match.group(2), match.group(3)
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        chk.err(line, f"date '{value}' is not a real date", col)


def _authors(chk: FieldChecker, node: YNode) -> List[RawAuthor]:
    if not isinstance(node, YSeq):
        chk.err(node.line, f"'authors' must be a list of authors (- name: ...), not {describe(node)}", node.col)
        return []
    authors = []
    for entry in node.items:
        if not isinstance(entry, YMap):
            chk.err(entry.line, "each author must be a mapping with at least 'name:'", entry.col)
            continue
        author = RawAuthor("", "", "", entry.line, entry.line)
        for key in entry.order:
            value, line = entry.items[key], entry.key_lines[key]
            if key not in AUTHOR_FIELDS:
                chk.unknown(key, line, AUTHOR_FIELDS, "author", entry.key_cols.get(key))
                continue
            text = chk.text(value, f"author {key}", line)
            if text is not None:
                setattr(author, key, text.strip())
                author.positions[key] = (value.line, value.col)
            if key == "bio":
                author.bio_line = value.line
        if "name" not in entry.items:
            chk.err(entry.line, "this author has no 'name'", entry.col)
        elif not author.name and not any(d.line == entry.items["name"].line and d.severity == "error" for d in chk.diags):
            chk.err(entry.items["name"].line, "the author's name is empty", entry.items["name"].col)
        if author.name:
            authors.append(author)
    return authors
