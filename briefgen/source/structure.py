"""Assembling the document: sections, lede, slide and notes divs, endnotes, metadata.

The body's top-level tokens are split at ``#``/``##`` headings into
:class:`~briefgen.model.Section` objects; text before the first heading is the
lede, and a body without headings is one untitled section. ``::: slide`` and
``::: notes`` divs attach to the section they sit in.
"""

from __future__ import annotations

import calendar
import datetime
import os
import re
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

from ..errors import BriefgenError, Diagnostic, error, warning
from ..language import DEFAULT_LANG, long_date
from ..model import (
    Author,
    Block,
    DataFile,
    Document,
    Footnote,
    Image,
    Inlines,
    ListBlock,
    Metadata,
    Paragraph,
    Section,
    SubHeading,
    plain_text,
)
from . import citeplace
from .citations import setup as setup_citations
from .frontmatter import RawMeta
from .crossrefs import check_crossrefs, trailing_ident
from .fences import check_fences
from .footnotes import check_footnotes
from .pastednotes import read_pasted_notes
from .divs import check_div_fences, slide_attributes
from .markdown import Converter, Node, fold, make_parser
from .typography import smarten

SHORT_TITLE_CHARS = 60
_TYPED = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-"})


def build_document(
    raw: RawMeta, body: str, body_offset: int, path: Path, shown: str, epoch: Optional[int],
    project: Optional[Path] = None, layout: Optional[str] = None, default_lang: Optional[str] = None,
) -> Tuple[Document, List[Diagnostic]]:
    """Parse the body and the Markdown fields and assemble the :class:`Document`.

    ``project`` and ``layout`` (a ``--layout`` override) find the layout whose citation
    style and labels a citing source uses (see :mod:`.citations`); ``default_lang`` is the
    language of a source without ``lang:`` (the layout's; else English)."""
    diags: List[Diagnostic] = []
    raw.lang = raw.lang or default_lang or DEFAULT_LANG
    images: Dict[str, Image] = {}
    source_dir = path.resolve().parent
    lang = raw.lang or "en"
    md = make_parser(lang)
    conv = Converter(shown, source_dir, images, diags, line_offset=body_offset, body_lines=tuple(body.split("\n")), lang=lang)
    diags.extend(check_div_fences(body, body_offset, shown))
    try:
        conv.citations = setup_citations(raw, source_dir, shown, body, body_offset, project, layout)
    except BriefgenError as exc:
        diags.extend(exc.diagnostics)
    try:
        env: dict = {}
        tokens = md.parse(body, env)
    except RecursionError:
        diags.append(error(shown, body_offset + 1, "the body is nested too deeply to read"))
        return _empty_doc(raw, shown, source_dir), diags
    diags.extend(check_fences(tokens, conv.body_lines, body_offset, shown))
    diags.extend(check_footnotes(tokens, env, conv.body_lines, body_offset, shown))
    nodes = fold(tokens)
    footnote_nodes = [n for n in nodes if n.tok.type == "footnote_block_open"]
    body_nodes = [n for n in nodes if n.tok.type != "footnote_block_open"]
    lede, sections = _sections(body_nodes, conv, shown, body_offset, diags)
    footnotes = _footnotes(footnote_nodes, conv, body_offset)
    cited: Tuple[DataFile, ...] = ()
    if conv.citations is not None:
        try:
            lede, sections, footnotes = conv.citations.finish(lede, sections, footnotes)  # type: ignore[assignment]
        except BriefgenError as exc:
            diags.extend(exc.diagnostics)
        cited = conv.citations.files
    else:  # no bibliography: a ::: {#refs} div leaves nothing
        lede, sections, _ = citeplace.place(tuple(lede), tuple(sections), None)  # type: ignore[assignment]
    sections, footnotes, pasted, pasted_diags = read_pasted_notes(sections, footnotes, shown)
    diags.extend(pasted_diags)
    meta = _metadata(raw, md, shown, source_dir, images, diags)
    doc = Document(
        meta=meta,
        lede=tuple(lede),
        sections=tuple(sections),
        footnotes=tuple(footnotes),
        source=shown,
        source_dir=source_dir,
        lang=raw.lang or "en",
        images=tuple(images[k] for k in sorted(images)),
        epoch=epoch if epoch is not None else build_epoch(raw.date),
        data_files=tuple(conv.data_files[k] for k in sorted(conv.data_files)) + cited,
        pasted_notes=pasted,
    )
    diags.extend(check_crossrefs(doc, conv.body_lines, body_offset, shown))
    return doc, diags


def build_epoch(date: str) -> int:
    """``SOURCE_DATE_EPOCH`` when set and valid, else midnight UTC of the source's date."""
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env.isdigit():
        return int(env)
    parts = [int(p) for p in date.split("-")] if date else [1980]
    year, month, day = (parts + [1, 1])[:3]
    try:
        return calendar.timegm(datetime.date(max(year, 1980), month, day).timetuple())
    except ValueError:
        return 315532800


def display_date(date: str, lang: str = DEFAULT_LANG) -> str:
    """``2018-08`` -> ``August 2018``; ``2018-08-05`` -> ``August 5, 2018`` (``5 août 2018`` in French)."""
    return long_date(date, lang)


def slugify(text: str, used: Set[str]) -> str:
    """A unique, ASCII anchor for a heading.

    Typographer's apostrophes and dashes count as the straight marks they were
    typed as, so ``## EDA's Role`` keeps its anchor ``eda-s-role``.
    """
    norm = unicodedata.normalize("NFKD", text.translate(_TYPED)).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", norm.lower()).strip("-")[:60].strip("-") or "section"
    candidate, n = slug, 2
    while candidate in used:
        candidate = f"{slug}-{n}"
        n += 1
    used.add(candidate)
    return candidate


def short_title(title: str) -> str:
    """A running-head title: the part before a colon, or the title cut at a word."""
    head = title.split(":")[0].strip() if ":" in title else title.strip()
    if len(head) <= SHORT_TITLE_CHARS:
        return head
    cut = head[: SHORT_TITLE_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:—–- ")
    return (cut or head[: SHORT_TITLE_CHARS - 1]) + "…"


def _sections(
    nodes: List[Node], conv: Converter, shown: str, body_offset: int, diags: List[Diagnostic]
) -> Tuple[List[Block], List[Section]]:
    used: Set[str] = set()
    lede: List[Block] = []
    lede_slide: List[Tuple[Inlines, int]] = []
    lede_notes: List[Block] = []
    lede_options: dict = {}
    groups: List[dict] = []
    current: Optional[dict] = None
    for node in nodes:
        kind = node.tok.type
        line = conv.line_of(node, body_offset + 1)
        if kind == "heading_open" and node.tok.tag in ("h1", "h2"):
            if node.tok.tag == "h1":
                diags.append(warning(shown, line, "'#' headings start sections too; the title comes from the front matter (use '##')"))
            title, ident = trailing_ident(conv.inlines(node.children[0], line) if node.children else ())
            current = {"title": title, "line": line, "blocks": [], "slide": [], "notes": [], "ident": ident}
            groups.append(current)
            continue
        if kind == "container_slide_open":
            target = current["slide"] if current else lede_slide
            target.extend(_slide_items(conv.blocks(node.children, 0, line)))
            _slide_options(node, current if current is not None else lede_options, shown, line, diags)
            continue
        if kind == "container_notes_open":
            (current["notes"] if current else lede_notes).extend(conv.blocks(node.children, 0, line))
            continue
        blocks = conv.block(node, 0, line)
        (current["blocks"] if current else lede).extend(blocks)
    if not groups:
        groups = [{"title": (), "line": body_offset + 1, "blocks": lede, "slide": lede_slide, "notes": lede_notes, **lede_options}]
        lede = []
    elif lede_slide or lede_notes:
        groups[0]["slide"] = lede_slide + groups[0]["slide"]
        groups[0]["notes"] = lede_notes + groups[0]["notes"]
    sections = []
    lede = conv.captions(lede)
    # ids written on headings ({#sec-background}) are anchors as given; the others are made unique around them
    used.update(g["ident"] for g in groups if g.get("ident"))
    used.update(b.anchor for g in groups for b in g["blocks"] if isinstance(b, SubHeading) and b.anchor)
    for group in groups:
        anchor = group.get("ident") or slugify(plain_text(group["title"]) or "overview", used)
        blocks = [_anchor_subheadings(b, used) for b in conv.captions(group["blocks"])]
        sections.append(
            Section(
                title=group["title"],
                anchor=anchor,
                blocks=tuple(blocks),
                slide=tuple(inlines for inlines, _ in group["slide"]),
                notes=tuple(group["notes"]),
                line=group["line"],
                slide_layout=group.get("slide_layout", ""),
                deck_skip=bool(group.get("deck_skip", False)),
                slide_lines=tuple(at for _, at in group["slide"]),
            )
        )
    return lede, sections


def _anchor_subheadings(block: Block, used: Set[str]) -> Block:
    if isinstance(block, SubHeading) and not block.anchor:
        return replace(block, anchor=slugify(plain_text(block.inlines), used))
    return block


def _slide_options(node: Node, group: dict, shown: str, line: int, diags: List[Diagnostic]) -> None:
    """Per-section deck options from ``::: {.slide layout="..." skip}`` (unknown ones warned about)."""
    layout, skip, unknown = slide_attributes(str(getattr(node.tok, "info", "") or ""))
    if layout:
        group["slide_layout"] = layout
    if skip:
        group["deck_skip"] = True
    for word in unknown:
        diags.append(warning(shown, line, f"unknown slide attribute '{word}' (known: layout=\"NAME\", skip); ignored"))


def _slide_items(blocks: List[Block]) -> List[Tuple[Inlines, int]]:
    """The bullets of a ``::: slide`` div with their source lines: list items' first paragraphs, or paragraphs."""
    items: List[Tuple[Inlines, int]] = []
    for block in blocks:
        if isinstance(block, ListBlock):
            for item in block.items:
                for inner in item.blocks:
                    if isinstance(inner, Paragraph):
                        items.append((inner.inlines, inner.line or item.line))
                        break
        elif isinstance(block, Paragraph):
            items.append((block.inlines, block.line))
    return items


def _footnotes(nodes: List[Node], conv: Converter, body_offset: int) -> List[Footnote]:
    notes: List[Footnote] = []
    for block in nodes:
        for child in block.children:
            if child.tok.type != "footnote_open":
                continue
            ident = int(child.tok.meta.get("id", 0))
            label = str(child.tok.meta.get("label", ident + 1))
            if conv.citations is not None:  # citations inside a hand-written note are set in its text
                number = conv.citations.hand_note(ident, conv.footnote_numbers)
                conv.citations.in_note = number
            else:
                number = conv.footnote_numbers.get(ident, ident + 1)
            inner = conv.blocks(child.children, 0, body_offset + 1)
            if conv.citations is not None:
                conv.citations.in_note = 0
            line = next((getattr(b, "line", 0) for b in inner if getattr(b, "line", 0)), body_offset + 1)
            notes.append(Footnote(number, label, tuple(inner), line))
    return sorted(notes, key=lambda n: n.number)


def _metadata(raw: RawMeta, md, shown: str, source_dir: Path, images: Dict[str, Image], diags: List[Diagnostic]) -> Metadata:
    lang = raw.lang or "en"

    def plain(text: str) -> str:
        return smarten(text, lang)

    def field_conv(key: str) -> Converter:
        return Converter(shown, source_dir, images, diags, field_line=raw.lines.get(key, 1), lang=lang)

    def inline(text: str, key: str) -> Inlines:
        if not text:
            return ()
        conv = field_conv(key)
        nodes = fold(md.parseInline(text))
        return tuple(conv.inlines(nodes[0], conv.field_line or 1)) if nodes else ()

    def blocks(text: str, key: str, line: Optional[int] = None) -> Tuple[Block, ...]:
        if not text.strip():
            return ()
        conv = field_conv(key)
        if line is not None:
            conv.field_line = line
        out = []
        for node in fold(md.parse(text)):
            if node.tok.type == "paragraph_open" and node.children:
                out.append(Paragraph(tuple(conv.inlines(node.children[0], conv.field_line or 1)), conv.field_line or 1))
            elif node.tok.type != "footnote_block_open":
                out.extend(b for b in conv.block(node, 0, conv.field_line or 1) if not hasattr(b, "image"))
        return tuple(out)

    authors = tuple(
        Author(name=plain(a.name), role=plain(a.role), bio=blocks(a.bio, "authors", a.bio_line), line=a.line, contact=a.contact) for a in raw.authors
    )
    title_inlines = inline(raw.title, "title")
    title_text = plain_text(title_inlines)
    return Metadata(
        title=title_inlines,
        subtitle=inline(raw.subtitle, "subtitle"),
        date=raw.date,
        date_display=long_date(raw.date, lang),
        authors=authors,
        organization=plain(raw.organization),
        summary=blocks(raw.summary, "summary"),
        key_points=tuple(inline(p, "key_points") for p in raw.key_points),
        recommendations=tuple(inline(p, "recommendations") for p in raw.recommendations),
        keywords=tuple(k.strip() for k in raw.keywords),
        layout=raw.layout or "default",
        short_title=plain(raw.short_title) or short_title(title_text),
        extra=raw.extra,
        status=raw.status,
        embargo=raw.embargo,
        page_budget=raw.page_budget,
        url=raw.url,
        positions=dict(raw.positions),
    )


def _empty_doc(raw: RawMeta, shown: str, source_dir: Path) -> Document:
    meta = Metadata((), (), raw.date, raw.date, (), "", (), (), (), (), raw.layout, "", {})
    return Document(meta, (), (), (), shown, source_dir, raw.lang or "en", (), 0)
