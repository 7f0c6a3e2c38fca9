"""Warnings about an imported document, grouped so that each thing is reported once.

A Word document has no lines: a warning names the Word paragraph it is about
(``draft.docx: warning: paragraph 12: ...``, paragraphs counted from the top,
those in tables and text boxes included). A thing that occurs many times (one
custom style, one kind of field) gets one warning naming every paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional

from ..errors import Diagnostic, warning


@dataclass
class _Group:
    message: str
    places: List[int] = field(default_factory=list)


class Issues:
    """Collects warnings; :meth:`diagnostics` gives them in the order first seen."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._groups: Dict[str, _Group] = {}

    def add(self, key: str, paragraph: Optional[int], message: str) -> None:
        """Report ``message`` at ``paragraph`` (0 or ``None``: the document as a whole), once per ``key``."""
        group = self._groups.setdefault(key, _Group(message))
        if paragraph and paragraph not in group.places:
            group.places.append(paragraph)

    def diagnostics(self) -> List[Diagnostic]:
        """One warning per key: ``paragraph N: message`` (with the other paragraphs it occurs in)."""
        found = []
        for group in self._groups.values():
            places = group.places
            if not places:
                found.append(warning(self.path, None, group.message))
                continue
            more = ""
            if len(places) > 1:
                shown = ", ".join(str(p) for p in places[1:9]) + (", …" if len(places) > 9 else "")
                more = f" (also paragraph{'s' if len(places) > 2 else ''} {shown})"
            found.append(warning(self.path, None, f"paragraph {places[0]}: {group.message}{more}"))
        return found
