"""Loading the bibliography files a source names, confined like its images and data.

Each file is a relative path inside the source's folder (symlinks resolved,
no URL, no absolute path: :func:`briefgen.source.images.resolve_inside`),
at most :data:`MAX_BIB_BYTES`, UTF-8, ``.bib`` (BibTeX/BibLaTeX) or ``.json``
(CSL-JSON). Nothing is fetched from the network. ``crossref`` parents are
merged into their children; a loop is an error.
"""

from __future__ import annotations

import logging
from pathlib import Path, PurePosixPath
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ..errors import Diagnostic, error
from ..source.images import ImageProblem, resolve_inside
from .bibtex import parse_bib
from .csljson import parse_csl_json
from .errors import CitationError
from .model import Bibliography, Entry, freeze

logger = logging.getLogger(__name__)

MAX_BIB_BYTES = 5 * 1024 * 1024
"""Largest bibliography file read: 5 MiB (a 10,000-entry Zotero export is about 4)."""
MAX_ENTRIES = 20_000
_PRIVATE = {c: "\ufffd" for c in range(0xE000, 0xE010)}  # the formatter's markers never come from data


def load_bibliographies(files: Sequence[str], source_dir: Path, source_path: str,
                        line: Optional[int] = None, col: Optional[int] = None) -> Bibliography:
    """Read every file of the front matter's ``bibliography:`` into one :class:`Bibliography`.

    ``source_path``/``line``/``col`` locate the ``bibliography:`` field, for errors
    about the files themselves (missing, outside the folder, too large).
    """
    entries: Dict[str, Entry] = {}
    diags: List[Diagnostic] = []
    for rel in files:
        try:
            loaded = _load_one(rel, source_dir, source_path, line, col)
        except CitationError as exc:
            diags.extend(exc.diagnostics)
            continue
        for entry in loaded:
            if entry.key in entries:
                first = entries[entry.key]
                diags.append(error(entry.path, entry.line, f"duplicate citation key '{entry.key}' (also in {first.path}:{first.line})", entry.col))
                continue
            entries[entry.key] = entry
    if diags:
        raise CitationError(diags)
    return Bibliography(entries, tuple(files))


def _shown(rel: str, source_path: str) -> str:
    """The bibliography's path as messages show it (beside the source's path)."""
    parent = PurePosixPath(Path(source_path).parent.as_posix())
    return rel if str(parent) == "." else str(parent / rel)


def _load_one(rel: str, source_dir: Path, source_path: str, line: Optional[int], col: Optional[int]) -> List[Entry]:
    """The entries of one file, crossrefs resolved."""
    if not isinstance(rel, str):
        raise CitationError([error(source_path, line, "each 'bibliography' file is a relative path (text)", col)])
    try:
        target, info = resolve_inside(rel, source_dir, "bibliography file", "bibliographies")
    except ImageProblem as exc:
        raise CitationError([error(source_path, line, str(exc), col)]) from None
    if info.st_size > MAX_BIB_BYTES:
        raise CitationError([error(source_path, line, f"bibliography '{rel}' is {info.st_size // 1024} KiB; the limit is {MAX_BIB_BYTES // 1024} KiB", col)])
    suffix = target.suffix.lower()
    if suffix not in (".bib", ".json"):
        raise CitationError([error(source_path, line, f"bibliography '{rel}' must be a .bib (BibTeX) or .json (CSL-JSON) file", col)])
    shown = _shown(rel, source_path)
    try:
        with open(target, "rb") as handle:
            raw = handle.read(MAX_BIB_BYTES + 1)  # the file may have grown since stat
    except OSError as exc:
        raise CitationError([error(source_path, line, f"bibliography '{rel}' cannot be read: {exc.strerror}", col)]) from None
    if len(raw) > MAX_BIB_BYTES:
        raise CitationError([error(source_path, line, f"bibliography '{rel}' is larger than {MAX_BIB_BYTES // 1024} KiB", col)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        number = raw[: exc.start].count(b"\n") + 1
        raise CitationError([error(shown, number, "not valid UTF-8; save the bibliography as UTF-8",
                                   exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1)]) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_PRIVATE)
    if suffix == ".bib":
        rows = parse_bib(text, shown)
        merged = _resolve_crossrefs(rows, shown)
    else:
        merged = [(k, t, d, ln, c) for k, t, d, ln, c in parse_csl_json(text, shown)]
    if len(merged) > MAX_ENTRIES:
        raise CitationError([error(shown, 1, f"{len(merged)} entries; the limit is {MAX_ENTRIES}", 1)])
    logger.debug("bibliography %s: %d entries", shown, len(merged))
    return [Entry(key, kind, freeze(data), shown, ln, c) for key, kind, data, ln, c in merged]


def _resolve_crossrefs(rows: List[Tuple[str, str, Dict[str, Any], int, int, Optional[str]]],
                       shown: str) -> List[Tuple[str, str, Dict[str, Any], int, int]]:
    """Children get the fields they lack from their ``crossref`` parent (transitively).

    A parent's ``title`` becomes the child's ``container-title`` (BibLaTeX's rule
    for ``@inbook``/``@incollection``/``@inproceedings``). A missing parent or a loop
    is an error at the child's line.
    """
    by_key = {row[0]: row for row in rows}
    diags: List[Diagnostic] = []
    out = []
    for key, kind, data, line, col, parent in rows:
        chain = [key]
        merged = dict(data)
        while parent is not None:
            if parent in chain:
                loop = " -> ".join(chain + [parent])
                diags.append(error(shown, line, f"crossref loop: {loop}", col))
                break
            if parent not in by_key:
                diags.append(error(shown, line, f"crossref '{parent}' of entry '{key}' is not in this file", col))
                break
            chain.append(parent)
            _, _, pdata, _, _, grand = by_key[parent]
            for name, value in pdata.items():
                target = "container-title" if name == "title" else name
                merged.setdefault(target, value)
            parent = grand
        out.append((key, kind, merged, line, col))
    if diags:
        raise CitationError(diags)
    return out
