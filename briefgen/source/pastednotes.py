"""A pasted list of notes read as the endnotes.

Text copied from a web page or a PDF loses its note markers: what was a note
reference is a bare digit run into the text, and the notes arrive as one
numbered list under a final ``## Notes`` heading. Set as body text, that list
takes a third of a long report in full-size justified type. When the *last*
section is titled Notes, Endnotes, Footnotes or Sources (any case, a trailing
colon allowed), holds exactly one numbered list and nothing else, and the
document has no real notes (``[^label]``), each item becomes an endnote
numbered as the list numbers it, so every output sets it as its notes (the
memo in the note style with a hanging number column; the handout in its notes
list). A warning at the heading says so, and how to keep the section as
written: the layout's ``notes: {pasted_list: section}`` in ``theme.yaml``
(read by :mod:`briefgen.layout.notes`, applied by the build with
:meth:`~briefgen.model.Document.notes_as_written`).
"""

from __future__ import annotations

import logging
import re
from typing import List, Optional, Sequence, Tuple

from ..errors import Diagnostic, warning
from ..model import Footnote, ListBlock, Section, plain_text

log = logging.getLogger(__name__)

#: Titles of a final section that may hold pasted notes (compared lower-case, a trailing colon dropped).
NOTES_TITLES = ("notes", "endnotes", "footnotes", "sources")

#: The layout setting that keeps the section as written (named in the warning).
SWITCH = "notes: {pasted_list: section}"

_TITLE = re.compile(r"^\s*(.*?)\s*:?\s*$")


def notes_title(title: str) -> bool:
    """True when a section title names a notes section (Notes, Endnotes, Footnotes, Sources)."""
    match = _TITLE.match(title)
    return bool(match) and match.group(1).strip().lower() in NOTES_TITLES


def pasted_list(section: Section) -> Optional[ListBlock]:
    """The section's one numbered list when it is a pasted notes section, else None."""
    if not notes_title(plain_text(section.title)) or section.slide or section.notes:
        return None
    if len(section.blocks) != 1:
        return None
    block = section.blocks[0]
    if isinstance(block, ListBlock) and block.ordered and block.items:
        return block
    return None


def read_pasted_notes(sections: Sequence[Section], footnotes: Sequence[Footnote], path: str
                      ) -> Tuple[List[Section], List[Footnote], Optional[Section], List[Diagnostic]]:
    """``(sections, footnotes, pasted section or None, warnings)``: the final notes section's
    list as endnotes when it is one (see the module's docstring), else everything unchanged."""
    if not sections or footnotes:
        return list(sections), list(footnotes), None, []
    last = sections[-1]
    found = pasted_list(last)
    if found is None:
        return list(sections), list(footnotes), None, []
    start = max(found.start, 1)
    notes = [Footnote(start + i, str(start + i), item.blocks, item.line) for i, item in enumerate(found.items)]
    title = plain_text(last.title).strip()
    log.info("pasted notes: '%s' read as %d endnotes", title, len(notes))
    message = (f"the final section '{title}' holds one numbered list ({len(notes)} items) and the text has no note "
               f"references: it is set as the endnotes in every output (numbered as the list, in the note style); "
               f"to keep it as a section, set '{SWITCH}' in the layout's theme.yaml")
    return list(sections[:-1]), notes, last, [warning(path, last.line, message, 1)]


def is_pasted_notes_warning(diag: Diagnostic, section: Optional[Section]) -> bool:
    """True for the warning :func:`read_pasted_notes` gave about ``section`` (dropped when a layout
    keeps the section as written)."""
    return (section is not None and diag.severity == "warning" and diag.line == section.line
            and SWITCH in diag.message)
