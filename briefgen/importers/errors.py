"""The importer's exception: a document it cannot read, reported as ``path: error: message``."""

from __future__ import annotations

from ..errors import BriefgenError, error


class ImportProblem(BriefgenError):
    """A document the importer refuses or cannot read (corrupt, hostile, too large, unknown format)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__([error(path, None, message)])
