"""Importers: other people's documents as briefgen sources.

``briefgen import DRAFT.docx`` reads a Word document (:mod:`.docx`, a hardened
reader of the package's XML parts), maps it to a list of blocks
(:mod:`.blocks`) and writes them as a source (:mod:`.markdown`);
:mod:`.command` is the subcommand.
"""

from .command import import_document

__all__ = ["import_document"]
