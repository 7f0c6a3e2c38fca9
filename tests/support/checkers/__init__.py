"""Checkers that read finished outputs back and report what a professional would object to.

- ``print_check`` reads a PDF back with pdfplumber and reports what a publications desk would mark:
  holes at page ends, bad line-end breaks, false paragraph breaks, the measure, the smallest type,
  text past the margin, widows and orphans.
- ``deck_check`` opens a deck with python-pptx and reports what a presenter would object to: text on
  the template's art, mixed body sizes, slides that say nothing, cut lists, misaligned numbers, notes
  that cannot be read aloud.
"""
