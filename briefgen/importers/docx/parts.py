"""The other parts of a Word document: notes, comments, document properties, headers, settings.

Footnotes and endnotes become notes labelled in order of first reference.
Comments are never imported into the text: each becomes a warning naming its
author, the text it is anchored to and what it says. Headers and footers are
not imported; a warning quotes the text they hold. An attached template or any
other external relationship is never fetched.
"""

from __future__ import annotations

import re
from typing import Callable, Dict, List, Optional

from lxml import etree

from ..blocks import Meta, Note, Span
from .context import Context
from .styles import W

DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
FOLLOWED = {"hyperlink"}
"""External relationship types that are ordinary links (kept as links, not fetched)."""

ParagraphReader = Callable[[etree._Element], List[Span]]


def _part_of(ctx: Context, kind: str) -> Optional[str]:
    for rel in ctx.pkg.rels(ctx.part).values():
        if rel.type == REL_BASE + kind and not rel.external and rel.target:
            return rel.target
    return None


def read_notes(ctx: Context, read_paragraph: ParagraphReader) -> List[Note]:
    """The footnotes and endnotes referenced in the body, in order of their labels."""
    notes: Dict[str, Note] = {}
    main = ctx.part
    for kind in ("footnote", "endnote"):
        part = _part_of(ctx, kind + "s")
        root = ctx.pkg.optional_xml(part)
        if root is None:
            continue
        ctx.part = part or main
        for node in root.iter(f"{W}{kind}"):
            nid = node.get(f"{W}id") or ""
            if (node.get(f"{W}type") or "normal") != "normal":
                continue
            label = ctx.note_labels.get((kind, nid))
            paragraphs = [spans for spans in (read_paragraph(p) for p in node.iter(f"{W}p")) if "".join(s.text for s in spans).strip()]
            if label is None:
                if paragraphs:
                    label = ctx.note_label(kind, nid)
                    ctx.issues.add(f"unreferenced:{kind}{nid}", None,
                                   f"{kind} {nid} is not referenced in the text: kept as note [^{label}] without a reference")
                else:
                    continue
            for spans in paragraphs:
                if spans and spans[0].text:
                    spans[0].text = spans[0].text.lstrip()
            notes[label] = Note(label, paragraphs)
        ctx.part = main
    for (kind, nid), label in ctx.note_labels.items():
        if label not in notes:
            ctx.issues.add(f"missingnote:{kind}{nid}", None, f"{kind} {nid} is referenced but missing from the document")
            notes[label] = Note(label, [[Span("(missing note)")]])
    return sorted(notes.values(), key=lambda n: int(n.label))


def report_comments(ctx: Context) -> None:
    """One warning per comment: who wrote it, the text it is anchored to and what it says."""
    part = _part_of(ctx, "comments")
    root = ctx.pkg.optional_xml(part)
    if root is None:
        return
    for node in root.iter(f"{W}comment"):
        cid = node.get(f"{W}id") or ""
        author = node.get(f"{W}author") or "someone"
        said = " ".join(" ".join("".join(t.text or "" for t in p.iter(f"{W}t")).split()) for p in node.iter(f"{W}p")).strip()
        anchor = " ".join(ctx.comment_anchor.get(cid, "").split())
        on = f" on “{_short(anchor)}”" if anchor else ""
        ctx.issues.add(f"comment:{cid}", ctx.comment_place.get(cid),
                       f"comment by {author}{on}: “{_short(said, 200)}” (comments are not imported into the text)")


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def report_headers(ctx: Context) -> None:
    """A warning quoting the text of headers and footers (not imported)."""
    texts = []
    for rel in ctx.pkg.rels(ctx.part).values():
        if rel.type in (REL_BASE + "header", REL_BASE + "footer") and not rel.external and ctx.pkg.has(rel.target):
            root = ctx.pkg.xml(rel.target)
            text = " ".join("".join(t.text or "" for t in root.iter(f"{W}t")).split())
            if text and text not in texts:
                texts.append(text)
    if texts:
        ctx.issues.add("headers", None, f"headers and footers are not imported; they hold: “{_short(' / '.join(texts), 160)}”")


def report_external(ctx: Context) -> None:
    """A warning for each external relationship that is not a link: attached templates, linked files, frames."""
    parts = [ctx.part, "", "word/settings.xml"]
    parts += [r.target for r in ctx.pkg.rels(ctx.part).values() if not r.external and r.target]
    for part in dict.fromkeys(parts):
        if part and not ctx.pkg.has(part):
            continue
        for rel in ctx.pkg.rels(part).values():
            kind = rel.type.rsplit("/", 1)[-1]
            if rel.external and kind not in FOLLOWED and kind != "image":
                what = "an attached template" if kind == "attachedTemplate" else f"an external {kind}"
                ctx.issues.add(f"external:{part}:{rel.rid}", None,
                               f"{what} at '{_short(rel.target, 100)}' ({part or 'package'}, {rel.rid}): never fetched")
            if not rel.external and not rel.target:
                ctx.issues.add(f"escape:{part}:{rel.rid}", None,
                               f"a relationship in {part or 'the package'} ({rel.rid}) points outside the document: ignored")


def read_meta(ctx: Context) -> Meta:
    """Title, authors, date, keywords and language from ``docProps/core.xml``."""
    meta = Meta()
    part = next((r.target for r in ctx.pkg.rels("").values() if r.type.endswith("/core-properties") and not r.external), None)
    root = ctx.pkg.optional_xml(part or "docProps/core.xml")
    if root is None:
        return meta

    def text(tag: str) -> str:
        node = root.find(tag)
        return " ".join((node.text or "").split()) if node is not None else ""

    meta.title = text(f"{DC}title")
    meta.subtitle = text(f"{DC}subject")
    creator = text(f"{DC}creator")
    meta.authors = [a.strip() for a in re.split(r";|\s+and\s+|&", creator) if a.strip()] if creator else []
    for tag in (f"{DCTERMS}created", f"{DCTERMS}modified"):
        value = text(tag)
        if re.match(r"\d{4}-\d{2}-\d{2}", value) and not value.startswith(("1601", "1899", "1900", "0001")):
            meta.date = value[:10]
            break
    keywords = text(f"{CP}keywords")
    meta.keywords = [k.strip() for k in re.split(r"[;,]", keywords) if k.strip()] if keywords else []
    language = text(f"{DC}language")
    meta.lang = language if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", language) else ""
    return meta
