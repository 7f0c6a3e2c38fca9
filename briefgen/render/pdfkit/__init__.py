"""The ReportLab kit: what the memo, the one-pager and the notes handout share.

Each of those outputs is :class:`~.setup.PdfJob` (read the layout once, make
styles, a block builder and a page painter, build and tag the PDF) plus its
own story, run inside :func:`~.setup.guarded` (the one error guard). What only
one output uses stays in its package (``render/memo``: the page budget, the
summary box, endnotes and authors; ``render/onepager``: fitting to one page;
``render/notes``: slides as blocks).

Modules, in the order data flows through them:

* :mod:`.settings` — ``memo.yaml``'s sections as frozen typed settings, one
  default per key, checked once at load.
* :mod:`.config` — ``memo.yaml`` merged along the layout chain; dotted
  accessors for styles and colors, errors at the key's line
  (:meth:`~.config.MemoConfig.invalid`); :class:`~.config.PageGeometry`.
* :mod:`.fonts` — the theme's fonts registered (subset, named by their bytes)
  for the characters a document uses.
* :mod:`.hyphens` — hyphenation dictionaries, loaded once per language.
* :mod:`.styles` — :class:`~.styles.Stylesheet`: ``memo.yaml``'s styles as
  ReportLab paragraph styles, scalable (the one-pager fits by scaling).
* :mod:`.markup` — model inlines to escaped ReportLab paragraph markup; runs.
* :mod:`.tagmap` — which structure node each block becomes (tagged PDF).
* :mod:`.guard` — tables whose splits make progress, a doc template that
  stops a stuck layout with a located :class:`~.guard.NoProgress`.
* :mod:`.tablelayout` — pure planning of table column widths and breaks.
* :mod:`.tables` — tables and figures as flowables.
* :mod:`.charts` — charts drawn in vector from the shared chart plan.
* :mod:`.flowables` — heading paragraphs with bookmarks, tagged list
  bullets, split-paragraph seams.
* :mod:`.builder` — :class:`~.builder.BlockBuilder`: model blocks to flowables.
* :mod:`.boxes` — masthead, shaded boxes, box labels and items,
  recommendations box, heading rule.
* :mod:`.stamps` — draft and embargo stamps painted on every page.
* :mod:`.page` — page painter (band, running head, "Page X of Y"), page
  templates, the numbered tagging canvas, press crop marks; :func:`~.page.artifact`.
* :mod:`.pdfmeta` — the PDF's document information.
* :mod:`.setup` — :class:`~.setup.PdfJob` and :func:`~.setup.guarded`.

Importing this package imports nothing (ReportLab loads when a module is used).
"""
