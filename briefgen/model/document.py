"""The document's structure: sections, endnotes, authors, the front matter and the whole document."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping, Optional, Tuple

from .blocks import Blocks, DataFile, Image
from .inlines import Inlines
from .text import plain_text

@dataclass(frozen=True)
class Section:
    """A ``##`` section of the body.

    ``title`` is empty for the single untitled section of a body without
    headings. ``slide`` holds the presenter's bullets from ``::: slide`` (empty
    when the source has none: the deck derives bullets from ``blocks``).
    ``notes`` holds the blocks of ``::: notes`` (extra speaker notes only).
    ``slide_layout`` is the template layout asked for with
    ``::: {.slide layout="Two Content"}`` ("" = the deck's choice);
    ``deck_skip`` is True for ``::: {.slide skip}``: no slides, text in the notes.
    ``slide_lines`` holds the source line of each ``slide`` bullet (empty for a
    model built by hand: :meth:`slide_line` then gives the section's line).
    """

    title: Inlines
    anchor: str
    blocks: Blocks
    slide: Tuple[Inlines, ...]
    notes: Blocks
    line: int
    slide_layout: str = ""
    deck_skip: bool = False
    slide_lines: Tuple[int, ...] = ()

    def slide_line(self, index: int) -> int:
        """The source line of the ``index``-th slide bullet (the section's line when unknown)."""
        return self.slide_lines[index] if 0 <= index < len(self.slide_lines) else self.line


@dataclass(frozen=True)
class Footnote:
    """An endnote: ``number`` matches :class:`FootnoteRef`; the text is blocks."""

    number: int
    label: str
    blocks: Blocks
    line: int


@dataclass(frozen=True)
class Author:
    """An author: ``bio`` is empty when the source gives none; ``contact`` is the
    contact line for the one-pager (an e-mail address, a phone number...), or ""."""

    name: str
    role: str
    bio: Blocks
    line: int
    contact: str = ""


@dataclass(frozen=True)
class Metadata:
    """The front matter, validated and typed.

    ``date`` is the source's date as written (``YYYY-MM-DD``, ``YYYY-MM`` or
    ``YYYY``); ``date_display`` is the human form (``August 2018``).
    ``extra`` is the user's own mapping, passed to templates untouched (plain
    str / list / dict values only).
    """

    title: Inlines
    subtitle: Inlines
    date: str
    date_display: str
    authors: Tuple[Author, ...]
    organization: str
    summary: Blocks
    key_points: Tuple[Inlines, ...]
    recommendations: Tuple[Inlines, ...]
    keywords: Tuple[str, ...]
    layout: str
    short_title: str
    extra: Mapping[str, object] = field(default_factory=dict)
    status: str = "final"
    """``draft`` or ``final`` (``--draft`` on the command line forces draft)."""
    embargo: str = ""
    """The embargo's end, normalized ISO 8601 with offset (``2026-12-05T09:00:00-05:00``), or ""."""
    page_budget: int = 0
    """The memo's page budget from the front matter (0: none; the layout may set one)."""
    url: str = ""
    """Where to read the full brief (http or https), or ""."""
    positions: Mapping[str, Tuple[int, int]] = field(default_factory=dict)
    """Where each field's value starts in the source, ``(line, col)``: keys ``title``,
    ``subtitle``, ``summary``, ``key_points.2``, ``authors.1.name``... (empty for a
    model built by hand)."""

    def position(self, key: str) -> Tuple[Optional[int], Optional[int]]:
        """``(line, col)`` of a field's value; an item's list, then ``(None, None)`` when unknown."""
        if key in self.positions:
            return self.positions[key]
        head = key.split(".")[0]
        if head in self.positions:
            return self.positions[head]
        return None, None

    def line_of(self, key: str) -> Optional[int]:
        """The source line of a field's value (see :meth:`position`)."""
        return self.position(key)[0]

    @property
    def title_text(self) -> str:
        """The title as plain text."""
        return plain_text(self.title)

    @property
    def subtitle_text(self) -> str:
        """The subtitle as plain text."""
        return plain_text(self.subtitle)

    @property
    def author_names(self) -> Tuple[str, ...]:
        """Every author's name, in order."""
        return tuple(a.name for a in self.authors)


@dataclass(frozen=True)
class Document:
    """A whole brief: metadata, the lede, the sections and the endnotes.

    ``source`` is the source file's path as the user named it (for messages),
    ``source_dir`` its resolved folder; ``lang`` is the BCP 47 language tag.
    ``images`` lists every image the document uses, once each.
    ``source_sha256`` is the hash of the source's bytes.
    ``epoch`` is the build timestamp in seconds (``SOURCE_DATE_EPOCH`` or the
    source's date), so every output embeds the same time.
    """

    meta: Metadata
    lede: Blocks
    sections: Tuple[Section, ...]
    footnotes: Tuple[Footnote, ...]
    source: str
    source_dir: Path
    lang: str
    images: Tuple[Image, ...]
    epoch: int
    data_files: Tuple[DataFile, ...] = ()
    """Every chart data file the document reads (build inputs, like ``images``)."""
    source_sha256: str = ""
    """The SHA-256 of the source file's bytes (printed in a draft's footer)."""
    pasted_notes: Optional[Section] = None
    """The final section a pasted numbered list of notes was read from (its items are now
    :attr:`footnotes`, numbered as the list), or None (see :mod:`briefgen.source.pastednotes`)."""

    def notes_as_written(self) -> "Document":
        """This document with a pasted notes list set back as the section it was written as
        (the layout's switch ``notes.pasted_list: section``); itself when there is none."""
        if self.pasted_notes is None:
            return self
        return replace(self, sections=self.sections + (self.pasted_notes,), footnotes=(), pasted_notes=None)
