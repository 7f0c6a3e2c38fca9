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
from typing import Dict, List, Optional

from ..errors import Diagnostic, error, warning
from ..yamlsafe import YMap, YNode, YScalar, YSeq, describe, to_python
from .reader import strip_controls

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
    "extra",
)
AUTHOR_FIELDS = ("name", "role", "bio")
REQUIRED = ("title", "date", "authors")
MAX_TITLE_CHARS = 300
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


@dataclass
class RawAuthor:
    """An author's fields as text, with the lines of the entry and its bio."""

    name: str
    role: str
    bio: str
    line: int
    bio_line: int


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
    lang: str = "en"
    extra: Dict[str, object] = field(default_factory=dict)
    lines: Dict[str, int] = field(default_factory=dict)


class FieldChecker:
    """Validates one front matter mapping, collecting diagnostics."""

    def __init__(self, path: str, first_line: int) -> None:
        self.path = path
        self.first_line = first_line
        self.diags: List[Diagnostic] = []

    def err(self, line: int, message: str) -> None:
        """Record an error."""
        self.diags.append(error(self.path, line, message))

    def text(self, node: YNode, name: str, line: int, *, allow_dates: bool = False) -> Optional[str]:
        """A text value: refuses lists, mappings, nulls and silently typed scalars."""
        if not isinstance(node, YScalar):
            self.err(line, f"'{name}' must be text, not {describe(node)}")
            return None
        kind = node.implicit_type()
        if kind == "null":
            self.err(node.line, f"'{name}' is empty")
            return None
        if kind != "str" and not (allow_dates and kind in ("date", "int")):
            self.err(
                node.line,
                f"'{name}' would be read as a {kind} ({node.value!r}): put it in quotes, e.g. {name}: \"{node.value}\"",
            )
            return None
        value, removed = strip_controls(node.value)
        if removed:
            self.diags.append(warning(self.path, node.line, f"control characters removed from '{name}': {', '.join(removed)}"))
        return value

    def text_list(self, node: YNode, name: str) -> List[str]:
        """A list of text values (a single text is accepted as a one-item list)."""
        if isinstance(node, YScalar) and node.implicit_type() == "str":
            value = self.text(node, name, node.line)
            return [value] if value else []
        if not isinstance(node, YSeq):
            self.err(node.line, f"'{name}' must be a list of text items, not {describe(node)}")
            return []
        out = []
        for index, item in enumerate(node.items, start=1):
            value = self.text(item, f"{name} item {index}", item.line)
            if value is not None and value.strip():
                out.append(value)
        return out

    def unknown(self, key: str, line: int, known: tuple, where: str) -> None:
        """Report an unknown key with the nearest known one."""
        guess = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = f"; did you mean '{guess[0]}'?" if guess else f" (known {where} fields: {', '.join(known)})"
        self.err(line, f"unknown {where} field '{key}'{hint}")


def check_front_matter(root: Optional[YNode], path: str, first_line: int) -> tuple:
    """Validate the front matter tree; return ``(RawMeta, diagnostics)``."""
    chk = FieldChecker(path, first_line)
    meta = RawMeta()
    if root is None:
        chk.err(first_line, "the front matter is empty: title, date and authors are required")
        return meta, chk.diags
    if not isinstance(root, YMap):
        chk.err(root.line, f"the front matter must be a mapping of fields (title: ..., date: ...), not {describe(root)}")
        return meta, chk.diags
    meta.lines = dict(root.key_lines)
    for key in root.order:
        node, line = root.items[key], root.key_lines[key]
        if key not in FIELDS:
            chk.unknown(key, line, FIELDS, "front matter")
            continue
        if key == "authors":
            meta.authors = _authors(chk, node)
        elif key in ("key_points", "recommendations", "keywords"):
            setattr(meta, key, chk.text_list(node, key))
        elif key == "extra":
            if not isinstance(node, YMap):
                chk.err(node.line, f"'extra' must be a mapping of your own fields, not {describe(node)}")
            else:
                meta.extra = to_python(node)  # type: ignore[assignment]
        else:
            value = chk.text(node, key, line, allow_dates=(key == "date"))
            if value is not None:
                setattr(meta, key, value.strip() if key != "summary" else value)
    for key in REQUIRED:
        if key not in root.items:
            chk.err(first_line, f"the required field '{key}' is missing")
    if "title" in root.items and not meta.title.strip() and not any(d.line == root.key_lines["title"] for d in chk.diags):
        chk.err(root.key_lines["title"], "'title' is empty")
    if len(meta.title) > MAX_TITLE_CHARS:
        chk.err(root.key_lines["title"], f"the title is {len(meta.title)} characters long; the limit is {MAX_TITLE_CHARS}")
    if meta.date and not _DATE.match(meta.date):
        chk.err(root.key_lines.get("date", first_line), f"date '{meta.date}' must be YYYY-MM-DD, YYYY-MM or YYYY")
    elif meta.date:
        _check_date_values(chk, meta.date, root.key_lines.get("date", first_line))
    if meta.lang and not _LANG.match(meta.lang):
        chk.err(root.key_lines.get("lang", first_line), f"lang '{meta.lang}' is not a language tag such as en or en-US")
    if meta.layout and not re.match(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", meta.layout):
        chk.err(root.key_lines.get("layout", first_line), f"layout '{meta.layout}' is not a layout name")
    if "authors" in root.items and not meta.authors and not any(d.line and d.line >= root.items["authors"].line for d in chk.diags):
        chk.err(root.key_lines["authors"], "'authors' needs at least one author with a name")
    if meta.authors and not any(a.bio.strip() for a in meta.authors) and not chk.diags:
        for author in meta.authors:
            chk.diags.append(warning(path, author.line, f"author '{author.name}' has no bio: add 'bio:' for the About the Author section"))
    return meta, chk.diags


def _check_date_values(chk: FieldChecker, value: str, line: int) -> None:
    import datetime

    match = _DATE.match(value)
    assert match is not None
    year, month, day = match.group(1), match.group(2), match.group(3)
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        chk.err(line, f"date '{value}' is not a real date")


def _authors(chk: FieldChecker, node: YNode) -> List[RawAuthor]:
    if not isinstance(node, YSeq):
        chk.err(node.line, f"'authors' must be a list of authors (- name: ...), not {describe(node)}")
        return []
    authors = []
    for entry in node.items:
        if not isinstance(entry, YMap):
            chk.err(entry.line, "each author must be a mapping with at least 'name:'")
            continue
        author = RawAuthor("", "", "", entry.line, entry.line)
        for key in entry.order:
            value, line = entry.items[key], entry.key_lines[key]
            if key not in AUTHOR_FIELDS:
                chk.unknown(key, line, AUTHOR_FIELDS, "author")
                continue
            text = chk.text(value, f"author {key}", line)
            if text is not None:
                setattr(author, key, text.strip())
            if key == "bio":
                author.bio_line = value.line
        if "name" not in entry.items:
            chk.err(entry.line, "this author has no 'name'")
        elif not author.name and not any(d.line == entry.items["name"].line for d in chk.diags):
            chk.err(entry.items["name"].line, "the author's name is empty")
        if author.name:
            authors.append(author)
    return authors
