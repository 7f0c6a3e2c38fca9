"""Measuring instruments for the tests: checkers that read outputs back as a reader would see them.

``print_check`` reads a PDF back with pdfplumber and reports what a publications desk would mark:
holes at page ends, bad line-end breaks, false paragraph breaks, the measure, the smallest type, text
past the margin, widows and orphans.
"""
