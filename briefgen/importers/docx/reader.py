"""Read a ``.docx`` file into a :class:`~briefgen.importers.blocks.Document`, with its pictures and warnings."""

from __future__ import annotations

import datetime
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import List, Tuple

from ...errors import Diagnostic
from ..blocks import Document, Heading, Meta, Paragraph
from ..errors import ImportProblem
from ..issues import Issues
from ..markdown import escape, inline
from .body import BodyReader, plain
from .context import Context
from .front import Person, about_authors, iso_date, organization
from .inline import InlineReader
from .package import DocxPackage
from .parts import read_meta, read_notes, report_comments, report_external, report_headers
from .styles import W, Numbering, Styles

log = logging.getLogger(__name__)


@dataclass
class Imported:
    """The result: the document, the pictures to save (path relative to the source, bytes), the warnings."""

    doc: Document
    images: List[Tuple[str, bytes]]
    diagnostics: List[Diagnostic]


def read_docx(path: Path, image_folder: str) -> Imported:
    """Read ``path``; pictures are named ``image_folder/image-N.ext``. Raises :class:`ImportProblem`."""
    pkg = DocxPackage(path)
    try:
        return _read(pkg, image_folder)
    finally:
        pkg.close()


def _read(pkg: DocxPackage, image_folder: str) -> Imported:
    issues = Issues(pkg.name)
    if path_is_macro(pkg):
        issues.add("macros", None, "the document carries macros (" + ", ".join(pkg.macro_parts()) + "): never run, not imported")
    embedded = pkg.embedded_parts()
    if embedded:
        issues.add("embedded", None, f"{len(embedded)} embedded file(s) or OLE object(s) ({', '.join(embedded[:3])}"
                                     f"{', …' if len(embedded) > 3 else ''}): never opened, run or extracted")
    if pkg.odd_names:
        issues.add("zipnames", None, f"archive entries with unsafe names ({', '.join(repr(n) for n in pkg.odd_names[:3])}): ignored, never written")
    main = pkg.main_part()
    root = pkg.xml(main)
    body = root.find(f"{W}body")
    if body is None:
        raise ImportProblem(pkg.name, f"not a Word document: {main} has no body")
    styles_part = _related(pkg, main, "styles")
    numbering_part = _related(pkg, main, "numbering")
    ctx = Context(pkg, Styles(pkg.optional_xml(styles_part)), Numbering.read(pkg.optional_xml(numbering_part)),
                  issues, image_folder, part=main)
    reader = BodyReader(ctx)
    reader.read(body)
    if reader.pending:
        reader.blocks.append(Paragraph(reader.pending, ctx.paragraph))
    note_reader = InlineReader(ctx, lambda box: [])
    notes = read_notes(ctx, note_reader.paragraph)
    report_comments(ctx)
    report_headers(ctx)
    report_external(ctx)
    _report_changes(ctx)
    meta = _meta(ctx, reader, pkg.path)
    if not reader.blocks:
        raise ImportProblem(pkg.name, "the document has no text to import")
    return Imported(Document(meta, reader.blocks, notes), ctx.images, issues.diagnostics())


def path_is_macro(pkg: DocxPackage) -> bool:
    """Whether the file is a macro-enabled document (by name or by its parts)."""
    return pkg.path.suffix.lower() in (".docm", ".dotm") or bool(pkg.macro_parts())


def _related(pkg: DocxPackage, part: str, kind: str) -> str:
    for rel in pkg.rels(part).values():
        if rel.type.endswith("/" + kind) and not rel.external:
            return rel.target
    return ""


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text).replace("**", "").replace("*", "")


def _report_changes(ctx: Context) -> None:
    counts = ctx.changes
    if not any(counts.values()):
        return
    def many(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"
    where = ", ".join(str(p) for p in ctx.change_places[:12]) + (", …" if len(ctx.change_places) > 12 else "")
    ctx.issues.add("changes", None,
                   f"unresolved tracked changes: {many(counts['insertion'], 'insertion')}, {many(counts['deletion'], 'deletion')} "
                   f"and {many(counts['move'], 'move')}; the import reads the text with every change accepted "
                   f"(paragraph{'s' if len(ctx.change_places) != 1 else ''} {where})")


def _front(ctx: Context, reader: BodyReader, meta: Meta) -> None:
    """briefgen's own front matter styles back into ``meta`` (see :mod:`.front`): the byline's authors and
    roles, About the Authors' bios (the section removed from the body), organization, date, summary, key
    points and recommendations."""
    front = reader.front
    if front.people:
        meta.authors = [p.name for p in front.people if p.name]
        meta.roles = {p.name: p.role for p in front.people if p.name and p.role}
    about = about_authors(reader.blocks, front.people or [Person(name) for name in meta.authors])
    if about is not None:
        start, end, found = about
        del reader.blocks[start:end]
        for name, person in found.items():
            if person.role:
                meta.roles.setdefault(name, person.role)
            if person.bio:
                meta.bios[name] = person.bio
    if front.masthead:
        meta.organization = organization(front.masthead, _series_label())
    if front.date:
        meta.date = iso_date(front.date)
        if not meta.date:
            ctx.issues.add("date", None, f"the date '{front.date}' is not one briefgen reads back: the document's date is used")
    meta.summary, meta.key_points, meta.recommendations = front.summary, front.key_points, front.recommendations


def _series_label() -> str:
    """The default layout's series label ("Policy Memo"), which a masthead line may hold alone, or ""."""
    from ...errors import BriefgenError
    from ...layout import load_layout

    try:
        return str(load_layout("default", Path.cwd(), None).theme.labels.get("series", ""))
    except (BriefgenError, OSError):
        return ""


def _meta(ctx: Context, reader: BodyReader, path: Path) -> Meta:
    core = read_meta(ctx)
    meta = Meta(keywords=core.keywords, lang=core.lang)
    headings = [b for b in reader.blocks if isinstance(b, Heading)]
    top = min((h.level for h in headings), default=0)
    if reader.title:
        meta.title = inline(reader.title).strip()
    elif headings and headings[0].level == top and sum(1 for h in headings if h.level == top) == 1 and len(headings) > 1:
        # one top-level heading above all the others: the document's title (a stale or odd title property
        # loses to it; LibreOffice, for one, takes an HTML page's last <title>, a chart's, as the property)
        meta.title = inline(headings[0].spans).strip()
        reader.blocks.remove(headings[0])
    elif core.title:
        meta.title = escape(core.title)
    else:
        meta.title = escape(path.stem.replace("_", " ").replace("-", " ").strip() or "Untitled")
        ctx.issues.add("notitle", None, "no title (no Title paragraph, no title property): the file name is used")
    first = next((b for b in reader.blocks if isinstance(b, Heading)), None)
    if first is not None and " ".join(plain(first.spans).split()).casefold() == " ".join(_unescape(meta.title).split()).casefold():
        reader.blocks.remove(first)  # the title repeated as the first heading (an HTML page saved as Word)
    if reader.subtitle:
        meta.subtitle = inline(reader.subtitle).strip()
    elif core.subtitle:
        meta.subtitle = escape(core.subtitle)
    meta.authors = core.authors
    _front(ctx, reader, meta)
    if not meta.authors or meta.authors == ["python-docx"]:
        meta.authors = ["Unknown author"]
        ctx.issues.add("noauthor", None, "no author in the document's properties: 'Unknown author' is written; edit authors")
    meta.date = meta.date or core.date
    if not meta.date:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
        when = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch.isdigit() else datetime.datetime.now(datetime.timezone.utc)
        meta.date = when.date().isoformat()
        ctx.issues.add("nodate", None, f"no date in the document's properties: {meta.date} is written; edit date")
    return meta
