"""Citations wired into the model (issue #23): ``[@key, p. 4]`` in the body becomes notes or in-text text.

The front matter's ``bibliography:`` names the files; ``csl:`` (else the layout's
``citations: {style: ...}``, else Chicago notes-bibliography) the style. While the
body is converted, :meth:`Citations.inlines` finds pandoc citations in each text run
(:mod:`briefgen.cite.syntax`) and leaves a :class:`Pending` placeholder; for a note
style it takes the next note number, shared with hand-written ``[^n]`` notes. After
the whole body, :meth:`Citations.finish` formats every citation once, in note order
(a work's first note is full, later ones short), and swaps the placeholders for
model inlines: a :class:`~briefgen.model.FootnoteRef` and a new
:class:`~briefgen.model.Footnote` (note styles; in a hand-written note, the note's text
in place) or the in-text citation (author-date styles). The works cited are listed
once in a last section holding a :class:`~briefgen.model.Bibliography` block, headed
by the layout's label (``labels.bibliography`` for note styles, ``labels.references``
otherwise). Renderers never see the Markdown.

``nocite:`` adds works not cited, and a ``::: {#refs}`` div places the works cited
where the author wants them (:mod:`.citeplace`). The brief's language picks the
layout's labels and citeproc-py's locale (:func:`citation_locale`).

Keys starting ``fig-``, ``tbl-``, ``box-``, ``sec-`` or ``eq-`` are cross-references,
not citations: their text is left as written. An ``@`` escaped as ``\\@`` in the source
stays text.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple

from .. import cite
from ..cite.richtext import raised_text
from ..errors import error
from ..language import primary, region
from . import citecache, citeplace
from ..model import (Bibliography, Block, DataFile, Emph, Footnote, FootnoteRef, Inline, Link, Paragraph, Section,
                     Strong, SubHeading, Text, walk_blocks)

logger = logging.getLogger(__name__)

CROSS_REF_PREFIXES = ("fig-", "tbl-", "box-", "sec-", "eq-")
"""Keys with these prefixes are cross-references (another rule's), never citations."""
_SAFE_LINK = re.compile(r"^https?://", re.IGNORECASE)
SEARCH_LINES = 60
"""How many source lines after a block's first line a citation is looked for (to give its column)."""


@dataclass(frozen=True)
class Pending:
    """A citation found while converting: a placeholder inline until :meth:`Citations.finish`."""

    index: int


@dataclass
class _Found:
    citation: cite.Citation
    note: int  # its note number (note styles, outside a hand-written note), else 0
    in_note: int  # the hand-written note it sits in, else 0
    seq: int


@dataclass
class Citations:
    """The citation state of one source: bibliography, style, notes numbered so far, citations found."""

    bibliography: cite.Bibliography
    style: cite.CitationStyle
    heading: str
    path: str
    body_lines: Tuple[str, ...]
    line_offset: int
    files: Tuple[DataFile, ...] = ()
    nocite: Tuple[citeplace.Written, ...] = ()
    """The front matter's ``nocite`` items (works listed though not cited)."""
    notes: int = 0
    in_note: int = 0
    """The hand-written note whose body is being converted (0: the body)."""
    found: List[_Found] = field(default_factory=list)
    _cursors: Dict[int, Tuple[int, int]] = field(default_factory=dict)
    """Per block (by its first line): where the last citation found in it was, ``(index, col)``."""

    # ------------------------------------------------------------ numbering
    def next_note(self) -> int:
        """The next note number (citations' notes and hand-written notes share one sequence)."""
        self.notes += 1
        return self.notes

    def hand_note(self, ident: int, numbers: Dict[int, int]) -> int:
        """The number of hand-written note ``ident`` (the next one at its first reference)."""
        if ident not in numbers:
            numbers[ident] = self.next_note()
        return numbers[ident]

    # ------------------------------------------------------------ finding
    def inlines(self, text: str, line: int) -> List[Any]:
        """``text`` (one text run of the block at ``line``) as text and :class:`Pending` citations."""
        out: List[Any] = []
        for segment in cite.parse_citations(text, self.path, line, 1):
            if isinstance(segment, str):
                out.append(Text(segment))
                continue
            located = self._locate(segment, line)
            if located is None or any(c.key.startswith(CROSS_REF_PREFIXES) for c in segment.cites):
                out.append(Text(segment.raw))  # escaped, or a cross-reference: as written
                continue
            note = self.next_note() if self.style.note and not self.in_note else 0
            self.found.append(_Found(located, note, self.in_note, len(self.found)))
            out.append(Pending(len(self.found) - 1))
        return out

    def _locate(self, citation: cite.Citation, line: int) -> Optional[cite.Citation]:
        """``citation`` with the line and column of each key in the source; None when its ``@`` is escaped."""
        cites = []
        for one in citation.cites:
            where = self._find(one.key, line)
            if where is None:
                cites.append(one)
                continue
            at_line, at_col, escaped = where
            if escaped:
                return None
            cites.append(dataclasses.replace(one, line=at_line, col=at_col))
        first = cites[0]
        col = (self._bracket_col(first.line, first.col) or first.col) if not citation.narrative else first.col
        return dataclasses.replace(citation, cites=tuple(cites), line=first.line, col=col)

    def _find(self, key: str, line: int) -> Optional[Tuple[int, int, bool]]:
        """``(line, col, escaped)`` of the next ``@key`` of the block starting at ``line`` in the source.

        Each block keeps its own cursor, so a key cited twice in a block is found twice, and
        notes (converted after the body) are searched from their own first line.
        """
        start = max(line - 1 - self.line_offset, 0)
        first, first_col = self._cursors.get(line, (start, 0))
        for written in (f"@{key}", f"@{{{key}}}"):
            for index in range(first, min(start + SEARCH_LINES, len(self.body_lines))):
                text = self.body_lines[index]
                pos = text.find(written, first_col if index == first else 0)
                while pos >= 0:
                    after = text[pos + len(written): pos + len(written) + 1]
                    if not (after and (after.isalnum() or after == "_") and written[-1] != "}"):
                        self._cursors[line] = (index, pos + 1)
                        escaped = pos > 0 and text[pos - 1] == "\\" or text[max(pos - 2, 0):pos] == "\\-"
                        return index + 1 + self.line_offset, pos + 1, escaped
                    pos = text.find(written, pos + 1)
        return None

    def _bracket_col(self, line: int, col: int) -> int:
        """The column of the ``[`` opening the citation whose first key is at ``line:col`` (0: not found)."""
        index = line - 1 - self.line_offset
        if not 0 <= index < len(self.body_lines):
            return 0
        return self.body_lines[index].rfind("[", 0, col - 1) + 1

    # ------------------------------------------------------------ formatting
    def finish(self, lede: Sequence[Block], sections: Sequence[Section], footnotes: Sequence[Footnote],
               ) -> Tuple[Tuple[Block, ...], Tuple[Section, ...], Tuple[Footnote, ...]]:
        """Format every citation, swap the placeholders, add the citations' notes and the bibliography.

        Raises :class:`~briefgen.cite.CitationError` (unknown keys with did-you-mean, entries
        the style cannot format), located in the source or the bibliography file.
        """
        uncited = citeplace.uncited_keys(self.nocite, self.bibliography, self.path)
        if not self.found and not uncited:
            lede_out, sections_out, _ = citeplace.place(tuple(lede), tuple(sections), None)
            return lede_out, sections_out, tuple(footnotes)
        order = sorted(range(len(self.found)), key=lambda i: (self.found[i].note or self.found[i].in_note, self.found[i].seq))
        result = citecache.formatted(self.bibliography, self.style, [self.found[i].citation for i in order],
                                     [bool(self.found[i].in_note) for i in order], uncited)
        table: Dict[int, Tuple[Inline, ...]] = {}
        moved: Set[int] = set()
        notes: List[Footnote] = list(footnotes)
        for index, formatted in zip(order, result.citations):
            found = self.found[index]
            in_text = inlines_of(formatted.in_text)
            line = found.citation.line
            if formatted.note is None:
                table[index] = in_text
            elif found.in_note:  # inside a hand-written note: the note's text, in parentheses
                table[index] = in_text + (Text(" (") if in_text else Text("("),) + _unstopped(inlines_of(formatted.note)) + (Text(")"),)
            else:
                ref = FootnoteRef(found.note, str(found.note))
                table[index] = (in_text + (ref,)) if in_text else (ref,)
                moved.add(index)
                notes.append(Footnote(found.note, str(found.note), (Paragraph(inlines_of(formatted.note), line),), line))
        lede_out = swap(tuple(lede), table, moved)
        sections_out = swap(tuple(sections), table, moved)
        notes_out = swap(tuple(sorted(notes, key=lambda n: n.number)), table, moved)
        block = self._block(result) if result.bibliography else None
        lede_out, sections_out, placed = citeplace.place(lede_out, sections_out, block)
        if block is not None and not placed:
            sections_out = sections_out + (self._section(block, lede_out, sections_out),)
        return lede_out, sections_out, notes_out

    def _block(self, result: cite.CitationResult) -> Bibliography:
        """The works cited as a :class:`Bibliography` block."""
        line = self.found[-1].citation.line if self.found else (self.nocite[0][1] or 1)
        return Bibliography(tuple(inlines_of(item.text) for item in result.bibliography),
                            tuple(item.key for item in result.bibliography), line)

    def _section(self, block: Bibliography, lede: Tuple[Block, ...], sections: Tuple[Section, ...]) -> Section:
        """The last section: the layout's heading over the :class:`Bibliography` block."""
        used: Set[str] = {s.anchor for s in sections}
        for blocks in (lede,) + tuple(s.blocks for s in sections):
            used.update(b.anchor for b in walk_blocks(blocks) if isinstance(b, SubHeading))
        base = "bibliography" if self.style.note else "references"
        anchor, n = base, 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        return Section((Text(self.heading),), anchor, (block,), (), (), block.line)


def _unstopped(inlines: Tuple[Inline, ...]) -> Tuple[Inline, ...]:
    """``inlines`` without the final period a note ends with (it continues a sentence)."""
    if inlines and isinstance(inlines[-1], Text) and inlines[-1].text.endswith("."):
        return inlines[:-1] + (Text(inlines[-1].text[:-1]),)
    return inlines


def inlines_of(runs: cite.RichText) -> Tuple[Inline, ...]:
    """The engine's rich text as model inlines: text, emphasis, strong emphasis, links (http/https);
    raised and lowered digits as their Unicode forms."""
    out: List[Inline] = []
    for run in runs:
        node: Inline = Text(raised_text(run))
        if run.bold:
            node = Strong((node,))
        if run.italic:
            node = Emph((node,))
        if run.link and _SAFE_LINK.match(run.link):
            node = Link((node,), run.link)
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        else:
            out.append(node)
    return tuple(out)


def swap(node: Any, table: Dict[int, Tuple[Inline, ...]], moved: Set[int] = frozenset()) -> Any:  # type: ignore[assignment]
    """``node`` (model values, tuples of them) with every :class:`Pending` replaced by its inlines.

    For the citations in ``moved`` (a note reference standing for the citation), the space
    before it goes and a punctuation mark right after it moves before it, as Chicago sets a
    note number (and pandoc does): ``voting [@a].`` -> ``voting.¹``.
    """
    if isinstance(node, tuple):
        items: List[Any] = []
        changed = False
        for position, item in enumerate(node):
            if isinstance(item, Pending):
                changed = True
                if item.index in moved:
                    _place_note(items, node, position, table[item.index])
                else:
                    items.extend(table[item.index])
                continue
            new = swap(item, table, moved)
            changed = changed or new is not item
            items.append(new)
        return tuple(_punctuation_taken(items)) if changed else node
    if dataclasses.is_dataclass(node) and not isinstance(node, (type, Text, DataFile)):
        updates = {}
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            if isinstance(value, (tuple, Pending)) or dataclasses.is_dataclass(value):
                new = swap(value, table, moved)
                if new is not value:
                    updates[f.name] = new
        return dataclasses.replace(node, **updates) if updates else node
    return node


_TAKE = "\x00take"
"""Marks a note reference that takes the punctuation mark after it (see :func:`swap`)."""


def _place_note(items: List[Any], node: Tuple[Any, ...], position: int, inlines: Tuple[Inline, ...]) -> None:
    """Append a citation's note reference to ``items``, the space before it dropped."""
    if items and isinstance(items[-1], Text) and len(inlines) == 1:
        items[-1] = Text(items[-1].text.rstrip())
    items.extend(inlines[:-1])
    follower = node[position + 1] if position + 1 < len(node) else None
    if isinstance(follower, Text) and follower.text[:1] in ".,;:!?":
        items.append((_TAKE, inlines[-1]))
    else:
        items.append(inlines[-1])


def _punctuation_taken(items: List[Any]) -> List[Any]:
    """Note references marked :data:`_TAKE` swapped with the punctuation mark after them."""
    out: List[Any] = []
    index = 0
    while index < len(items):
        item = items[index]
        if isinstance(item, tuple) and item[:1] == (_TAKE,):
            after = items[index + 1] if index + 1 < len(items) else None
            if isinstance(after, Text) and after.text[:1] in ".,;:!?":
                if out and isinstance(out[-1], Text):
                    out[-1] = Text(out[-1].text + after.text[0])
                else:
                    out.append(Text(after.text[0]))
                out.append(item[1])
                if after.text[1:]:
                    out.append(Text(after.text[1:]))
                index += 2
                continue
            out.append(item[1])
        else:
            out.append(item)
        index += 1
    return out


def setup(raw: Any, source_dir: Path, shown: str, body: str, body_offset: int,
          project: Optional[Path], layout_name: Optional[str]) -> Optional[Citations]:
    """The citation state for a source whose front matter names a ``bibliography`` (else None).

    Loads the files (confined to ``source_dir``), the style (the source's ``csl:``, else the
    layout's) and the heading label (the layout's). Raises :class:`~briefgen.cite.CitationError`
    or :class:`~briefgen.errors.LayoutError`, located.
    """
    if not raw.bibliography:
        if raw.csl:
            line, col = raw.positions.get("csl", (None, None))
            raise cite.CitationError([error(shown, line, "'csl' needs 'bibliography': the files the citations come from", col)])
        citeplace.require_bibliography(raw, shown)
        return None
    from ..layout import load_layout
    from ..layout.locate import locate_key

    line, col = raw.positions.get("bibliography", (None, None))
    bibliography = cite.load_bibliographies(raw.bibliography, source_dir, shown, line, col)
    lang = getattr(raw, "lang", "") or None
    layout = load_layout(layout_name or raw.layout or "default", project or Path.cwd(), origin=shown, lang=lang)
    settings = layout.theme.citations
    if raw.csl:
        sline, scol = raw.positions.get("csl", (None, None))
        style = cite.load_style(raw.csl, source_dir, shown, sline, scol)
        style_file = source_dir / raw.csl if raw.csl.lower().endswith(".csl") else None
    else:
        where = locate_key(settings.files, ["citations", "style"]) or (str(settings.files[0]) if settings.files else "", None, None)
        try:
            style = cite.load_style(settings.style, settings.folder, *where)
        except cite.CitationError as exc:  # a layout's .csl file: named by its path, not as the theme wrote it
            folder = settings.folder or Path(".")
            raise cite.CitationError([dataclasses.replace(d, path=str(folder / d.path)) if d.path == settings.style else d
                                      for d in exc.diagnostics]) from None
        style_file = (settings.folder / settings.style) if settings.folder and settings.style.lower().endswith(".csl") else None
    style = dataclasses.replace(style, locale=citation_locale(layout.theme.lang, style.locale))
    labels = layout.theme.labels
    heading = labels.get("bibliography", "Bibliography") if style.note else labels.get("references", "References")
    files = [source_dir / rel for rel in raw.bibliography] + ([style_file] if style_file else [])
    logger.debug("citations: %d entries, style %s", len(bibliography.keys()), style.name)
    return Citations(bibliography, style, heading, shown, tuple(body.split("\n")), body_offset,
                     tuple(_data_file(p, source_dir) for p in files), citeplace.nocite_items(raw))


def citation_locale(lang: str, style_locale: str) -> str:
    """The CSL locale for a brief in ``lang``: the style's own when the language is the same.

    A French brief gets French terms ("p.", "ibid.", "et al.", "consulté le") from
    citeproc-py's ``fr-FR`` locale; an English brief keeps the style's ``en-US`` unless
    it names a region (``en-GB``). A language citeproc-py has no locale for falls back
    to English terms (its locale list ends with ``en-US``).
    """
    if not lang or lang.lower() == style_locale.lower():
        return style_locale
    if primary(lang) == primary(style_locale) and not region(lang):
        return style_locale
    return lang


def _data_file(path: Path, source_dir: Path) -> DataFile:
    """A bibliography or style file as a build input (its changes rebuild the outputs)."""
    resolved = path.resolve()
    try:
        digest = hashlib.sha256(resolved.read_bytes()).hexdigest()
    except OSError:
        digest = ""
    try:
        rel = resolved.relative_to(source_dir.resolve()).as_posix()
    except ValueError:
        rel = resolved.name
    return DataFile(resolved, rel, digest)
