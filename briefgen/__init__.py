"""briefgen: one Markdown brief in, a PDF memo, an HTML handout and a deck out."""

__version__ = "0.1.0"
