"""Helpers that more than one renderer uses, none of them tied to a drawing library.

- :mod:`.chartplan`: a chart's pure plan (boxes, lines, labels in points) that the memo, the
  handout and the deck each draw natively; :mod:`.chartstyle`: its palettes and their checks.
- :mod:`.tablecontent`: a table's cell text, numeric columns and alignment.
- :mod:`.stamps`: draft and embargo stamps, as data.
- :mod:`.bidi`: right-to-left runs and base direction.
- :mod:`.fontfiles`: reading and subsetting font files (cmaps, digests).
- :mod:`.units`: points, inches and EMU (``INCH``, ``EMU_PER_INCH``).
- :mod:`.xmlchars`: characters XML 1.0 cannot carry.
"""
