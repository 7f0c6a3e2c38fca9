"""Blocks as a briefgen source: YAML front matter and a Markdown body.

Text is escaped so that it reads back as the same text (``*``, ``_``, ``[``,
a ``#`` or ``1.`` at the start of a paragraph...). Lists are written with the
numbers Word showed: a list that continues after a paragraph starts at its
next number, and a numbered list that restarts right after another switches
its delimiter (``1.`` / ``1)``) so that Markdown starts a new list too.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import List, Optional

from .blocks import Block, CodeLine, Document, Heading, Image, ListItem, Note, Paragraph, Quote, Span, Table, Timeline

_ESCAPE = re.compile(r"([\\`*_\[\]<>&|])")
_LINE_START = re.compile(r"^(\s*)([#>+=:~-]|\d+[.)])")


def escape(text: str) -> str:
    """``text`` with every Markdown-active character backslash-escaped."""
    return _ESCAPE.sub(r"\\\1", text)


def yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def _same(a: Span, b: Span) -> bool:
    return (a.bold, a.italic, a.code, a.link) == (b.bold, b.italic, b.code, b.link) and not a.note and not b.note


def inline(spans: List[Span]) -> str:
    """Spans as one line of inline Markdown."""
    merged: List[Span] = []
    for span in spans:
        span = Span(" " if span.hard_break else span.text.replace("\n", " ").replace("\t", " "), span.bold, span.italic,
                    span.code, span.link, span.note)
        if merged and _same(merged[-1], span) and not span.note:
            merged[-1].text += span.text
        else:
            merged.append(span)
    out = []
    index = 0
    while index < len(merged):
        span = merged[index]
        if span.note:
            out.append(f"[^{span.note}]")
            index += 1
            continue
        if span.link:
            group = []
            while index < len(merged) and merged[index].link == span.link and not merged[index].note:
                group.append(Span(merged[index].text, merged[index].bold, merged[index].italic, merged[index].code))
                index += 1
            text = inline(group)
            if text.strip():
                out.append(f"[{text.strip()}]({_destination(span.link)})")
            continue
        end = index
        while end < len(merged) and not merged[end].note and not merged[end].link:
            end += 1
        out.append(_emphasis(merged[index:end]))
        index = end
    return re.sub(r" {2,}", " ", "".join(out))


def _destination(url: str) -> str:
    if re.search(r"[\s()<>]", url):
        return "<" + url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20") + ">"
    return url


def _emphasis(spans: List[Span]) -> str:
    """Styled text with strong emphasis outside and emphasis inside (``**a *b***``), so that spans that are
    bold and italic next to spans that are only one of them nest instead of running their asterisks together."""
    out = []
    for bold, group in itertools.groupby(spans, key=lambda s: s.bold):
        inner = "".join(_wrap("".join(_piece(s) for s in run), "*") if italic else "".join(_piece(s) for s in run)
                        for italic, run in ((k, list(g)) for k, g in itertools.groupby(group, key=lambda s: s.italic)))
        out.append(_wrap(inner, "**") if bold else inner)
    return "".join(out)


def _wrap(text: str, mark: str) -> str:
    """``text`` between ``mark``s, its leading and trailing spaces left outside (Markdown requires it)."""
    core = text.strip()
    if not core:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return f"{lead}{mark}{core}{mark}{trail}"


def _piece(span: Span) -> str:
    """One span's text: escaped, or a code span."""
    if not span.code or not span.text.strip():
        return escape(span.text)
    core = span.text.strip()
    lead, trail = span.text[: len(span.text) - len(span.text.lstrip())], span.text[len(span.text.rstrip()):]
    ticks = "`" * (max((len(m) for m in re.findall(r"`+", core)), default=0) + 1)
    pad = " " if core.startswith("`") or core.endswith("`") else ""
    return f"{lead}{ticks}{pad}{core}{pad}{ticks}{trail}"


def paragraph_text(spans: List[Span]) -> str:
    """A paragraph's Markdown on one line, its first character made inert if it would start a block."""
    text = inline(spans).strip()
    match = _LINE_START.match(text)
    if match:
        marker = match.group(2)
        escaped = marker[:-1] + "\\" + marker[-1] if marker[-1] in ".)" else "\\" + marker
        text = text[: match.start(2)] + escaped + text[match.end(2):]
    return text


def _heading_base(blocks: List[Block]) -> int:
    return min((b.level for b in blocks if isinstance(b, Heading)), default=1)


def _list_lines(items: List[ListItem]) -> List[str]:
    lines: List[str] = []
    widths: List[int] = []  # the content offset of each open level
    last_id: List[Optional[str]] = []
    last_ordinal: List[Optional[int]] = []
    delimiter: List[str] = []
    for item in items:
        level = min(item.level, len(widths))
        del widths[level + 1:], last_id[level + 1:], last_ordinal[level + 1:], delimiter[level + 1:]
        indent = widths[level - 1] if level else 0
        if item.ordinal is None:
            marker = "-"
        else:
            if len(delimiter) <= level:
                delimiter.append(".")
            elif last_id[level] is not None and (last_id[level] != item.list_id or (last_ordinal[level] or 0) >= item.ordinal):
                delimiter[level] = ")" if delimiter[level] == "." else "."
            marker = f"{item.ordinal}{delimiter[level]}"
        line = " " * indent + marker + " " + paragraph_text(item.spans)
        lines.append(line.rstrip())
        if len(widths) <= level:
            widths.append(0)
            last_id.append(None)
            last_ordinal.append(None)
        widths[level] = indent + len(marker) + 1
        last_id[level] = item.list_id if item.ordinal is not None else None
        last_ordinal[level] = item.ordinal
        if len(delimiter) <= level:
            delimiter.append(".")
    return lines


def _lists(items: List[ListItem]) -> List[str]:
    """Consecutive list items as lists: a new top-level Word list starts a new Markdown list; right after a list
    of its own kind it takes the other marker (``-``/``*``, ``.``/``)``), so Markdown does not run the two together."""
    chunks: List[str] = []
    start = 0
    flip = False
    for index in range(1, len(items) + 1):
        if index == len(items) or (items[index].level == 0 and (items[index].list_id != items[start].list_id
                                                                 or (items[index].ordinal is None) != (items[start].ordinal is None))):
            lines = _list_lines(items[start:index])
            if flip:
                lines = [re.sub(r"^(\d+)\.", r"\1)", re.sub(r"^- ", "* ", line)) for line in lines]
            chunks.append("\n".join(lines))
            same_kind = index < len(items) and (items[index].ordinal is None) == (items[start].ordinal is None)
            flip = not flip if same_kind else False
            start = index
    return chunks


def _table_lines(table: Table) -> List[str]:
    lines = []
    if table.caption:
        lines += [f"Table: {inline(table.caption).strip()}", ""]
    cells = [[inline(cell).strip() or " " for cell in row] for row in table.rows]
    lines.append("| " + " | ".join(cells[0]) + " |")
    lines.append("|" + "|".join("---" for _ in cells[0]) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in cells[1:]]
    return lines


def _timeline_lines(timeline: Timeline) -> List[str]:
    """A timeline as briefgen's chart fence (its lines are read as plain text, not Markdown)."""
    lines = ["::: {.chart type=timeline}"]
    for key, value in (("Title", timeline.title), ("Alt", timeline.alt)):
        if value:
            lines.append(f"{key}: {value}")
    lines += [f"- {when}: {text}" for when, text in timeline.events]
    return lines + [":::"]


def _code_lines(code: List[CodeLine]) -> List[str]:
    fence = "`" * max(3, max((len(m) for c in code for m in re.findall(r"`+", c.text)), default=0) + 1)
    return [fence] + [c.text.rstrip() for c in code] + [fence]


def body(blocks: List[Block]) -> List[str]:
    """The Markdown body, as chunks separated by blank lines."""
    base = _heading_base(blocks)
    chunks: List[str] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if isinstance(block, (ListItem, Quote, CodeLine)):
            kind = type(block)
            pull = getattr(block, "pull", False)
            run = []
            while index < len(blocks) and isinstance(blocks[index], kind) and getattr(blocks[index], "pull", False) == pull:
                run.append(blocks[index])
                index += 1
            if kind is ListItem:
                chunks.extend(_lists(run))
            elif kind is Quote and pull:
                chunks.append("::: pullquote\n" + "\n\n".join(paragraph_text(q.spans) for q in run) + "\n:::")
            elif kind is Quote:
                chunks.append("\n>\n".join("> " + paragraph_text(q.spans) for q in run))
            else:
                chunks.append("\n".join(_code_lines(run)))
            continue
        index += 1
        if isinstance(block, Heading):
            text = inline(block.spans).strip()
            chunks.append("#" * min(block.level - base + 2, 6) + " " + text)
        elif isinstance(block, Paragraph):
            chunks.append(paragraph_text(block.spans))
        elif isinstance(block, Image):
            chunks.append(f"![{escape(block.alt)}]({block.file})")
        elif isinstance(block, Table):
            chunks.append("\n".join(_table_lines(block)))
        elif isinstance(block, Timeline):
            chunks.append("\n".join(_timeline_lines(block)))
    return [c for c in chunks if c.strip()]


def notes(found: List[Note]) -> List[str]:
    """Each note as ``[^n]: text``, later paragraphs indented by four spaces."""
    chunks = []
    for note in found:
        paragraphs = [paragraph_text(p) for p in note.paragraphs] or ["(empty note)"]
        text = f"[^{note.label}]: {paragraphs[0]}"
        for more in paragraphs[1:]:
            text += "\n\n    " + more
        chunks.append(text)
    return chunks


def _literal(key: str, paragraphs: List[str], indent: str = "") -> List[str]:
    """``key: |-`` and the paragraphs (Markdown, one line each), a blank line between them: YAML's literal block."""
    lines = [f"{indent}{key}: |-"]
    for index, para in enumerate(paragraphs):
        lines += [""] if index else []
        lines.append(f"{indent}  {para}")
    return lines


def write(doc: Document) -> str:
    """The whole source: front matter, body, notes."""
    meta = doc.meta
    lines = ["---", f"title: {yaml_string(meta.title)}"]
    if meta.subtitle:
        lines.append(f"subtitle: {yaml_string(meta.subtitle)}")
    lines.append(f"date: {yaml_string(meta.date)}")
    lines.append("authors:")
    for name in meta.authors:
        lines.append(f"  - name: {yaml_string(name)}")
        if meta.roles.get(name):
            lines.append(f"    role: {yaml_string(meta.roles[name])}")
        if meta.bios.get(name):
            lines += _literal("bio", meta.bios[name], "    ")
    if meta.organization:
        lines.append(f"organization: {yaml_string(meta.organization)}")
    if meta.summary:
        lines += _literal("summary", meta.summary)
    for key, items in (("key_points", meta.key_points), ("recommendations", meta.recommendations)):
        if items:
            lines.append(f"{key}:")
            lines += [f"  - {yaml_string(item)}" for item in items]
    if meta.keywords:
        lines.append("keywords:")
        lines += [f"  - {yaml_string(k)}" for k in meta.keywords]
    if meta.lang:
        lines.append(f"lang: {yaml_string(meta.lang)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n" + "\n\n".join(body(doc.blocks) + notes(doc.notes)) + "\n"
