"""What a person must still review for accessibility (``briefgen check --accessibility``).

The memo and handout PDFs are tagged and pass three machine checkers, but no
checker can judge whether alt text says what a figure shows, whether a
complex table reads in a sensible order, or whether link text makes sense
out of context. :func:`review_items` lists those places in a parsed
document, each with its source line; it reads only the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, List, Optional, Sequence

from . import model as m

VAGUE_LINKS = {"here", "click here", "this", "link", "more", "read more", "this link", "website", "this page"}


@dataclass(frozen=True)
class ReviewItem:
    """One thing for a person to look at: where, and what to ask."""

    line: Optional[int]
    message: str

    def format(self, source: str) -> str:
        """``path:line: review: message``."""
        where = f"{source}:{self.line}" if self.line else source
        return f"{where}: review: {self.message}"


def review_items(doc: m.Document) -> List[ReviewItem]:
    """The review list for ``doc``, in source order (figures, tables, links, pull quotes)."""
    from .render.pdfkit.tagmap import repeats_body

    items: List[ReviewItem] = []
    for block in m.walk_blocks(m.all_body_blocks(doc)):
        if isinstance(block, m.Figure):
            alt = " ".join(block.alt.split())
            if not alt:
                items.append(ReviewItem(block.line, f"figure {block.image.rel}: no alt text, so it is set as decoration "
                                                    "(an artifact) and screen readers skip it; is it?"))
            else:
                extra = ""
                if len(alt) < 15 or alt.lower() in (block.image.rel.lower(), "image", "figure", "chart", "photo"):
                    extra = " (it is very short)"
                items.append(ReviewItem(block.line, f"figure alt text{extra}: \"{alt[:120]}\": does it say what the figure shows?"))
        elif isinstance(block, m.Table):
            cols, rows = len(block.header), len(block.rows)
            empty = sum(1 for row in block.rows for cell in row if not m.plain_text(cell.inlines).strip())
            notes = [f"{cols} columns, {rows} rows, the first row read as column headers"]
            if empty:
                notes.append(f"{empty} empty cell(s)")
            if cols > 5 or empty:
                notes.append("check that it reads in a sensible order cell by cell")
            items.append(ReviewItem(block.line, "table: " + "; ".join(notes)))
        elif isinstance(block, m.PullQuote):
            how = ("set as an artifact, because it repeats the body text word for word"
                   if repeats_body(block, doc) else "read as a quotation, because its words are not in the body")
            items.append(ReviewItem(block.line, f"pull quote {how}: is that right?"))
        for text, href in _links(block):
            words = " ".join(text.lower().split()).strip(".:;, ")
            if words in VAGUE_LINKS or re.fullmatch(r"(https?://|www\.)\S+", words):
                items.append(ReviewItem(getattr(block, "line", None),
                                        f"link text \"{text}\" ({href}) does not say where it goes out of context"))
    return items


def _links(block: m.Block) -> Iterator[tuple]:
    """(text, href) of each link directly in a paragraph's inlines."""
    inlines: Sequence[m.Inline] = getattr(block, "inlines", ()) if isinstance(block, m.Paragraph) else ()
    stack = list(inlines)
    while stack:
        node = stack.pop(0)
        if isinstance(node, m.Link):
            yield m.plain_text(node.children), node.href
        elif isinstance(node, (m.Emph, m.Strong)):
            stack[:0] = list(node.children)


CLAIM = ("machine checks (pdfua, page-validation ua1, outloud) pass for the memo and handout PDFs; "
         "veraPDF and a human review remain the conformance claim")
