"""Public helpers for writing Office Open XML (DrawingML text, colours, fast XPath).

The deck's writer uses them (:mod:`briefgen.render.deck.writer`,
:mod:`briefgen.render.deck.charts`), and a future DOCX writer can: they take
python-pptx objects or plain lxml elements and a few plain values, never a
deck plan.

- :mod:`.text`: runs, paragraph spacing, text-frame autofit and insets.
- :mod:`.color`: ``#RRGGBB`` colours as OOXML wants them.
- :mod:`.xpath_cache`: python-pptx's XPath lookups compiled once.

Importing this package imports nothing; each module imports python-pptx/lxml itself.
"""
