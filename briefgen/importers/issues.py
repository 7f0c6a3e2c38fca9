"""Warnings about an imported document, grouped so that each thing is reported once.

A Word document has no lines: a warning names the Word paragraph it is about
(``draft.docx: warning: paragraph 12: ...``, paragraphs counted from the top,
those in tables and text boxes included). A thing that occurs many times (one
custom style, one kind of field) gets one warning naming every paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set

from ..errors import Diagnostic, warning


SHOWN = 9
"""Paragraphs named in one warning; the rest are counted."""


@dataclass
class _Group:
    message: str
    places: List[int] = field(default_factory=list)
    seen: Set[int] = field(default_factory=set)


class Issues:
    """Collects warnings; :meth:`diagnostics` gives them in the order first seen."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._groups: Dict[str, _Group] = {}

    def add(self, key: str, paragraph: Optional[int], message: str) -> None:
        """Report ``message`` at ``paragraph`` (0 or ``None``: the document as a whole), once per ``key``."""
        group = self._groups.setdefault(key, _Group(message))
        if paragraph and paragraph not in group.seen:
            group.seen.add(paragraph)
            if len(group.places) < SHOWN:
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
            if len(group.seen) > 1:
                rest = len(group.seen) - len(places)
                shown = ", ".join(str(p) for p in places[1:]) + (f" and {rest} more" if rest else "")
                more = f" (also paragraph{'s' if len(group.seen) > 2 else ''} {shown})"
            found.append(warning(self.path, None, f"paragraph {places[0]}: {group.message}{more}"))
        return found
