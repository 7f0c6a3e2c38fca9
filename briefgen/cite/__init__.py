"""Citations and a bibliography (issue #23): the engine, independent of the renderers.

Pipeline, in the order the build will call it::

    from briefgen import cite

    bib = cite.load_bibliographies(["refs.bib", "zotero.json"], source_dir, "brief.md", line=4, col=1)
    style = cite.load_style("chicago-notes")                  # or "apa", "chicago-author-date", "house.csl"
    segments = cite.parse_citations(text_run, "brief.md", line, col)   # str | Citation, in order
    citations = [s for s in segments if isinstance(s, cite.Citation)]  # document order, all runs
    result = cite.format_citations(bib, style, citations,     # raises CitationError (unknown key...)
                                   in_footnote=flags,         # per citation: inside a hand-written footnote?
                                   ibid=False)                # Chicago's short form, not "Ibid."

``result.note_style`` tells how to place them. Each ``result.citations[i]`` (a
:class:`FormattedCitation`, same order as given) has:

* ``in_text``: runs standing where the citation was written. Author-date:
  ``(Goldman 2021, 4)``, narrative ``Goldman (2021, 4)``. Note styles: empty, or
  the author's name for a narrative ``@key``.
* ``note``: note styles only, the note's runs (``Ben Goldman, *U.S. Maritime ...*,
  4, https://...``); the renderer makes it a footnote/endnote like a hand-written one.

``result.bibliography`` lists :class:`BibliographyItem` (``key``, ``text`` runs)
in the style's order, each cited work once. A :class:`Run` is ``text`` with
``italic``/``bold``/``small_caps``/``superscript``/``subscript`` and ``link``
(a URL, DOIs as ``https://doi.org/...``). Each renderer draws runs natively:

* memo (ReportLab): escape ``text``, wrap in ``<i>``/``<b>``/``<a href>`` markup;
* handout (Jinja2 HTML): ``<i>``, ``<b>``, ``<a href>`` with autoescaped text;
* deck speaker notes: :func:`plain` (text only, links as their URL text);
* docx: one ``w:r`` per run (italic/bold properties, hyperlink relationship for links).

Runs are plain data: no renderer parses HTML from them, and field text that
looked like HTML or LaTeX arrives as literal characters to escape.

Citations must be given in note order (for note styles, the order of the
footnote numbers, hand-written ones included): a work's first citation gets the
full note, later ones the short note. Errors are ``path:line:col`` diagnostics:
the source for unknown keys, the ``.bib``/``.json`` file for bad entries, the
``.csl`` file for a bad style, the front matter field for files that are
missing, outside the folder or too large. The source layer calls this
(:mod:`briefgen.source.citations`): citations enter the model as notes or text and a
:class:`~briefgen.model.Bibliography` block.
"""

from __future__ import annotations

from .engine import format_citations
from .errors import CitationError
from .load import MAX_BIB_BYTES, load_bibliographies
from .model import (Bibliography, BibliographyItem, Cite, Citation, CitationResult, Entry, FormattedCitation,
                    RichText, Run, plain)
from .styles import DEFAULT_STYLE, STYLE_NAMES, CitationStyle, load_style
from .syntax import check_keys, citations_in, parse_citations

__all__ = [
    "Bibliography", "BibliographyItem", "Cite", "Citation", "CitationError", "CitationResult", "CitationStyle",
    "DEFAULT_STYLE", "Entry", "FormattedCitation", "MAX_BIB_BYTES", "RichText", "Run", "STYLE_NAMES",
    "check_keys", "citations_in", "format_citations", "load_bibliographies", "load_style", "parse_citations",
    "plain",
]
