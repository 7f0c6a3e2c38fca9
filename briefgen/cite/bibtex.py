"""BibTeX and BibLaTeX (``.bib``) files read into CSL-JSON-shaped entries.

Parsed with ``bibtexparser`` 2.x (``@string`` macros resolved, nothing else
run); a block it cannot parse, a duplicate key, a missing or looping
``crossref`` is an error at the ``.bib`` file's ``line:col``. Field values go
through :func:`~briefgen.cite.latex.latex_to_text`. The type and field
mapping follows pandoc's (BibLaTeX names first, BibTeX aliases accepted).
"""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Tuple

from ..errors import Diagnostic, error
from .dates import parse_date
from .errors import CitationError
from .latex import latex_to_text, protected_groups
from .sentence import PROTECTED
from .names import parse_names

logger = logging.getLogger(__name__)

_TYPES = {
    "article": "article-journal", "book": "book", "mvbook": "book", "booklet": "pamphlet",
    "inbook": "chapter", "incollection": "chapter", "bookinbook": "chapter", "suppbook": "chapter",
    "collection": "book", "mvcollection": "book", "proceedings": "book", "mvproceedings": "book",
    "inproceedings": "paper-conference", "conference": "paper-conference",
    "manual": "report", "report": "report", "techreport": "report",
    "thesis": "thesis", "phdthesis": "thesis", "mastersthesis": "thesis",
    "online": "webpage", "www": "webpage", "electronic": "webpage",
    "dataset": "dataset", "data": "dataset", "software": "software",
    "legislation": "legislation", "statute": "legislation", "law": "legislation",
    "bill": "bill", "hearing": "hearing", "jurisdiction": "legal_case", "legal": "legal_case",
    "regulation": "regulation", "unpublished": "manuscript", "patent": "patent",
    "periodical": "periodical", "misc": "document", "newsarticle": "article-newspaper",
    "map": "map", "video": "motion_picture", "audio": "song", "interview": "interview",
    "letter": "personal_communication", "standard": "standard", "speech": "speech",
}
_SUBTYPES = {"newspaper": "article-newspaper", "magazine": "article-magazine"}
_TEXT_FIELDS = {
    "title": "title", "shorttitle": "title-short", "subtitle": None, "titleaddon": None,
    "journaltitle": "container-title", "journal": "container-title", "booktitle": "container-title",
    "maintitle": "container-title", "shortjournal": "container-title-short",
    "publisher": "publisher", "institution": "publisher", "organization": "publisher", "school": "publisher",
    "location": "publisher-place", "address": "publisher-place", "venue": "event-place",
    "eventtitle": "event-title", "edition": "edition", "volume": "volume", "volumes": "number-of-volumes",
    "pages": "page", "pagetotal": "number-of-pages", "chapter": "chapter-number",
    "series": "collection-title", "type": "genre", "note": "note", "addendum": "note",
    "howpublished": "medium", "url": "URL", "doi": "DOI", "isbn": "ISBN", "issn": "ISSN",
    "version": "version", "language": "language", "abstract": None, "keywords": None,
    "section": "section", "authority": "authority", "jurisdiction": "jurisdiction",
    "archive": "archive", "archiveprefix": None, "eprint": None, "file": None, "annotation": None,
    "entrysubtype": None, "langid": None, "urldate": None, "date": None, "year": None,
    "month": None, "day": None, "crossref": None, "number": None, "issue": None,
    "author": None, "editor": None, "translator": None, "eventdate": None,
}
_NAME_FIELDS = {"author": "author", "editor": "editor", "translator": "translator"}
_NUMBER_AS_ISSUE = {"article-journal", "article-newspaper", "article-magazine", "periodical"}


def parse_bib(text: str, path: str) -> List[Tuple[str, str, Dict[str, Any], int, int, Optional[str]]]:
    """``(key, csl_type, csl_data, line, col, crossref)`` for every entry of ``text``.

    Raises :class:`CitationError` with every unparseable block, at its line.
    """
    import bibtexparser
    from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, ParsingFailedBlock

    quiet = logging.getLogger("bibtexparser")
    saved = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        library = bibtexparser.parse_string(text)
    finally:
        quiet.setLevel(saved)
    lines = text.split("\n")
    diags: List[Diagnostic] = []
    for block in library.failed_blocks:
        line, col = _where(lines, block.start_line, "@")
        if isinstance(block, DuplicateBlockKeyBlock):
            diags.append(error(path, line, f"duplicate entry key '{block.key}' (each key once per bibliography)", col))
        elif isinstance(block, DuplicateFieldKeyBlock):
            fields = ", ".join(sorted(block.duplicate_keys))
            diags.append(error(path, line, f"an entry has the field {fields} more than once", col))
        elif isinstance(block, ParsingFailedBlock):
            head = block.raw.split("\n", 1)[0][:60]
            diags.append(error(path, line, f"malformed BibTeX entry '{head}': check its braces, quotes and commas", col))
        else:
            diags.append(error(path, line, f"malformed BibTeX block ({type(block).__name__})", col))
    out = []
    for entry in library.entries:
        line, col = _where(lines, entry.start_line, "@")
        key, kind, data, crossref = _convert(entry)
        out.append((key, kind, data, line, col, crossref))
    if diags:
        raise CitationError(diags)
    return out


def _where(lines: List[str], start_line: Optional[int], mark: str) -> Tuple[int, int]:
    """1-based line and column of ``mark`` on bibtexparser's 0-based ``start_line``."""
    index = start_line or 0
    if 0 <= index < len(lines):
        col = lines[index].find(mark)
        return index + 1, col + 1 if col >= 0 else 1
    return index + 1, 1


def _convert(entry: Any) -> Tuple[str, str, Dict[str, Any], Optional[str]]:
    """One bibtexparser entry as ``(key, csl_type, csl_data, crossref)``."""
    fields = {f.key.lower(): str(f.value) for f in entry.fields}
    btype = entry.entry_type.lower()
    kind = _TYPES.get(btype, "document")
    sub = fields.get("entrysubtype", "").strip().lower()
    if btype == "article" and sub in _SUBTYPES:
        kind = _SUBTYPES[sub]
    data: Dict[str, Any] = {}
    for name, value in fields.items():
        if name in _NAME_FIELDS:
            data[_NAME_FIELDS[name]] = parse_names(value)
            continue
        target = _TEXT_FIELDS.get(name)
        if target is None or (target in data and target in ("note", "container-title", "publisher")):
            continue
        text = value.strip() if target in ("URL", "DOI") else latex_to_text(value)
        if text:
            data[target] = text
    title = data.get("title")
    if title and fields.get("subtitle"):
        data["title"] = f"{title}: {latex_to_text(fields['subtitle'])}"
    kept = protected_groups(fields.get("title", "")) + protected_groups(fields.get("subtitle", ""))
    if title and kept:
        data[PROTECTED] = kept  # for APA's sentence case (briefgen.cite.sentence)
    if kind == "webpage" and "container-title" not in data and fields.get("organization"):
        data["container-title"] = latex_to_text(fields["organization"])  # the site's name
        if data.get("publisher") == data["container-title"]:
            del data["publisher"]
    number = latex_to_text(fields.get("number") or fields.get("issue") or "")
    if number:
        data["issue" if kind in _NUMBER_AS_ISSUE else "number"] = number
    if kind in _NUMBER_AS_ISSUE and fields.get("issue") and fields.get("number"):
        data["number"] = latex_to_text(fields["number"])
    issued = _issued(fields)
    if issued is not None:
        data["issued"] = issued
    if fields.get("urldate"):
        data["accessed"] = parse_date(fields["urldate"].strip())
    if fields.get("eventdate"):
        data["event-date"] = parse_date(fields["eventdate"].strip())
    if "DOI" in data:
        data["DOI"] = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", data["DOI"], flags=re.I)
    crossref = fields.get("crossref", "").strip() or None
    return entry.key, kind, data, crossref


_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


def _issued(fields: Dict[str, str]) -> Optional[Dict[str, Any]]:
    """The CSL ``issued`` date from ``date`` or ``year``/``month``/``day``."""
    if fields.get("date", "").strip():
        return parse_date(latex_to_text(fields["date"]))
    year = latex_to_text(fields.get("year", ""))
    if not year:
        return None
    if not re.fullmatch(r"-?\d{1,4}", year):
        return {"literal": year}
    parts = [int(year)]
    month = latex_to_text(fields.get("month", "")).lower()[:3]
    if month:
        number = _MONTHS.get(month) or (int(month) if month.isdigit() and 1 <= int(month) <= 12 else None)
        if number:
            parts.append(number)
            day = latex_to_text(fields.get("day", ""))
            if day.isdigit() and 1 <= int(day) <= 31:
                parts.append(int(day))
    return {"date-parts": [parts]}
