"""Reading a brief's source into the document model (parse once, render many).

:func:`load_source` reads ``sources/<name>.md``: bytes to text
(:mod:`.reader`), front matter through the strict YAML reader
(:mod:`briefgen.yamlsafe`, :mod:`.frontmatter`), the body through
markdown-it-py (:mod:`.markdown`), and sections (:mod:`.structure`). Every
problem is collected and reported at once; errors raise
:class:`~briefgen.errors.SourceError`, warnings come back with the document.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Tuple

from ..errors import Diagnostic, SourceError, error
from ..model import Document


@dataclass(frozen=True)
class LoadResult:
    """A loaded source: the document and the warnings found on the way."""

    doc: Document
    diagnostics: Tuple[Diagnostic, ...]


def display_path(path: Path, cwd: Optional[Path] = None) -> str:
    """The path as messages show it: relative to the working folder when inside it."""
    cwd = cwd or Path.cwd()
    try:
        return str(path.resolve().relative_to(cwd.resolve()))
    except ValueError:
        return str(path)


def missing_source(path: Path) -> str:
    """The message for a source that does not exist, with ``sources/NAME`` when that is what was meant."""
    meant = Path("sources") / path.name
    if path.parent.name != "sources" and meant.is_file():
        return f"no such source file; did you mean {meant.as_posix()}?"
    return "no such source file"


def load_source(path: Path, project_dir: Optional[Path] = None, epoch: Optional[int] = None,
                layout: Optional[str] = None, default_lang: Optional[str] = None) -> LoadResult:
    """Read and validate one source file into a :class:`~briefgen.model.Document`.

    ``epoch`` fixes the build timestamp; by default it is ``SOURCE_DATE_EPOCH``
    when set, else midnight UTC of the source's date. ``layout`` (``--layout``) replaces the
    front matter's for a citing source's house citation style and labels. Raises
    :class:`SourceError` with every error found (warnings included).
    ``default_lang`` is the language of a source without ``lang:`` (its layout's).
    """
    from .. import yamlsafe
    from .frontmatter import check_front_matter
    from .reader import check_body_controls, check_body_invisible, decode, split_front_matter
    from .structure import build_document

    shown = display_path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError([error(shown, None, missing_source(path))]) from None
    except IsADirectoryError:
        raise SourceError([error(shown, None, "is a folder, not a source file")]) from None
    except OSError as exc:
        raise SourceError([error(shown, None, f"cannot read the source: {exc.strerror}")]) from None
    text = decode(data, shown)
    split = split_front_matter(text, shown)
    diags: List[Diagnostic] = []
    try:
        root = yamlsafe.load(split.front, shown, split.front_offset)
    except yamlsafe.YamlProblem as exc:
        raise SourceError([exc.diag]) from None
    raw, meta_diags = check_front_matter(root, shown, split.front_offset)
    diags.extend(meta_diags)
    body, invisible_diags = check_body_invisible(split.body, split.body_offset, shown)
    diags.extend(invisible_diags)
    body, body_diags = check_body_controls(body, split.body_offset, shown)
    diags.extend(body_diags)
    if not body.strip():
        diags.append(error(shown, split.body_offset + 1, "the body is empty: write the brief's text after the front matter"))
    if any(d.severity == "error" for d in diags):
        raise SourceError(diags)
    doc, build_diags = build_document(raw, body, split.body_offset, path, shown, epoch, project_dir, layout, default_lang)
    diags.extend(build_diags)
    if any(d.severity == "error" for d in diags):
        raise SourceError(diags)
    import dataclasses
    import hashlib

    doc = dataclasses.replace(doc, source_sha256=hashlib.sha256(data).hexdigest())
    return LoadResult(doc, tuple(diags))
