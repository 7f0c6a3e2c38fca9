"""Notes no text cites, as a Notes section at the end of the Word file.

Word's footnotes hang on a reference in the text (:mod:`.notes`); a note the
text never cites (a pasted notes list read as endnotes, see
:mod:`briefgen.source.pastednotes`, or a ``[^label]`` note nobody references)
would have no place there. They are written after the body under a *Heading 1*
(the theme's ``labels.notes``), each numbered as in the other outputs, in the
*footnote text* style, so no note's text is lost.
"""

from __future__ import annotations

import logging
from typing import Any, List

from ... import model as m

log = logging.getLogger(__name__)


def uncited_notes(writer: Any, body: Any) -> None:
    """Write the notes :attr:`writer.notes` never cited, under a Notes heading (nothing when all were cited)."""
    cited = set(writer.notes.ids)
    left = [note for note in writer.ctx.doc.footnotes if note.number not in cited]
    if not left:
        return
    label = writer.ctx.layout.theme.labels.get("notes", "Notes")
    writer.heading(body, 1, (m.Text(label),), "")
    style = writer.styles.para("footnote text")
    for note in left:
        writer.write_blocks(body, writer.document.part, numbered(note), style)
    log.debug("docx: %d uncited note(s) written at the end", len(left))


def numbered(note: m.Footnote) -> m.Blocks:
    """The note's blocks, its number leading the first paragraph ("12. …")."""
    mark = m.Text(f"{note.number}.\u2002")
    blocks: List[m.Block] = list(note.blocks)
    if blocks and isinstance(blocks[0], m.Paragraph):
        first = blocks[0]
        blocks[0] = m.Paragraph((mark,) + tuple(first.inlines), first.line)
    else:
        blocks.insert(0, m.Paragraph((mark,), note.line))
    return tuple(blocks)
