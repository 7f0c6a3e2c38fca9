"""Public helpers for writing Office Open XML (DrawingML text, colours, fast XPath).

The deck's writer uses them (:mod:`briefgen.render.deck.writer`,
:mod:`briefgen.render.deck.charts`), and so does the docx
(:mod:`briefgen.render.docx`): they take python-pptx objects or plain lxml
elements and a few plain values, never a deck plan.

- :mod:`.text`: runs, paragraph spacing, text-frame autofit and insets.
- :mod:`.color`: ``#RRGGBB`` colours as OOXML wants them.
- :mod:`.xpath_cache`: python-pptx's XPath lookups compiled once.
- :mod:`.package`: deterministic packages (fixed zip dates and order, core-property dates from the epoch).
- :mod:`.chartdata`: a chart's data with an embedded workbook that holds data only (deck and docx charts).

Importing this package imports nothing; each module imports python-pptx/lxml itself.
"""
