"""Tagged PDF (PDF/UA-style) output for any ReportLab platypus story.

ReportLab has no tagging API; this package adds one in four small parts, so
every ReportLab output of briefgen (the memo today; the one-pager and the
deck notes after them) is tagged by the same code:

* :mod:`.tree` — :class:`Node` (a structure element: role, Alt, attributes,
  kids), :class:`Artifact`. Build the tree from the document model *before*
  layout, in source order.
* :mod:`.flowables` — :func:`tag` gives a flowable its node (or artifact);
  every split piece keeps it, so a paragraph across two pages is one ``P``.
  Tag only leaves (P, H1–H6, Lbl, TH/TD, Caption, Figure); group nodes
  (Document, Sect, L, LI, LBody, Table, TR, BlockQuote) are structure only.
* :mod:`.canvas` — :class:`TaggingCanvas`, a mixin to put first in the
  story's ``Canvas`` subclass (call ``_pdftags_init()`` in ``__init__``).
  Page callbacks draw running heads and page numbers inside
  ``with canvas.artifact("Pagination", "Header"):``.
* :mod:`.writer` — :func:`write_tags` (pikepdf) writes the tree into the
  finished bytes and checks the record against the file. Untagged rules and
  backgrounds become artifacts there, so they need no code.

:mod:`.patches` holds the only monkeypatches (ToUnicode CMaps, the space at
line ends, paragraph bullets); call :func:`install` before building.

Wiring a new output (sketch)::

    from briefgen.render import pdftags
    pdftags.install()
    root = pdftags.Node("Document", lang="en")
    story = [pdftags.tag(Paragraph(title, h1), root.add("H1")), ...]

    class MyCanvas(pdftags.TaggingCanvas, Canvas):
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw); self._pdftags_init()
        def showPage(self):
            self._pdftags_check_page_end(); super().showPage()

    doc.build(story, canvasmaker=MyCanvas)   # onPage: with canv.artifact(...)
    data = pdftags.write_tags(buf.getvalue(), root, title=title, lang="en")

Give ``initialFontName`` an embedded font (never a core-14 font) and set the
document's ``lang``. The result passes ``pdfua``, ``page`` (ua1) and
``outloud`` for the memo (tests/render/pdftags/test_pdf_accessibility.py); veraPDF and a
human review remain the conformance claim.
"""

from .canvas import TaggingCanvas, TaggingError, TagRecorder
from .flowables import TaggedMixin, tag
from .patches import install
from .tree import LAYOUT, MCR, OBJR, PAGINATION, Artifact, Node, prune
from .writer import write_tags

__all__ = ["Artifact", "LAYOUT", "MCR", "Node", "OBJR", "PAGINATION", "TagRecorder", "TaggedMixin",
           "TaggingCanvas", "TaggingError", "install", "prune", "tag", "write_tags"]
