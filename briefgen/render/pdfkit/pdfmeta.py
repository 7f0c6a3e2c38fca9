"""The document information every PDF made with the kit carries.

The memo, the one-pager and the notes handout take their PDF metadata (title, authors,
subject, keywords, language, creator, invariant mode, the first font) from
here, so they say what the memo says and stay byte-reproducible.
"""

from __future__ import annotations

from typing import Any, Dict

from ... import model as m


def pdf_metadata(ctx: Any, fonts: Any, sheet: Any, title: str = "") -> Dict[str, Any]:
    """Keyword arguments for a ReportLab doc template: the brief's metadata (``title`` overrides its title)."""
    doc: m.Document = ctx.doc
    return dict(
        title=title or doc.meta.title_text,
        author=", ".join(doc.meta.author_names),
        subject=m.blocks_text(doc.meta.summary).replace("\n\n", " ")[:2000],
        keywords=", ".join(doc.meta.keywords),
        creator=f"briefgen {ctx.version}".strip(),
        producer="briefgen (ReportLab)",
        invariant=1,
        initialFontName=fonts.name("body"),
        initialFontSize=sheet["body"].fontSize,
        initialLeading=sheet["body"].leading,
        lang=doc.lang or None,
        displayDocTitle=1,
    )
