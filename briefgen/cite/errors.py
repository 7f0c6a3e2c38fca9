"""The citation engine's one error type."""

from __future__ import annotations

from ..errors import SourceError


class CitationError(SourceError):
    """A bibliography, a citation or a citation style is unusable.

    Carries one :class:`~briefgen.errors.Diagnostic` per problem, each at the
    ``path:line:col`` of the source, ``.bib``/``.json`` or ``.csl`` file at fault.
    """
