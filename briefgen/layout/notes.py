"""The theme's ``notes:`` section: how a document's notes are read, for every output.

``notes.pasted_list`` decides what a final Notes/Endnotes/Footnotes/Sources
section holding one numbered list becomes (see
:mod:`briefgen.source.pastednotes`): ``endnotes`` (the default: the list's
items are the document's endnotes) or ``section`` (kept as written, a section
with a numbered list). A bad value is an error at its line in the
``theme.yaml`` along the layout's chain that sets it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Mapping

from ..errors import LayoutError, error
from .locate import locate_key

log = logging.getLogger(__name__)

PASTED_LIST_CHOICES = ("endnotes", "section")


@dataclass(frozen=True)
class NotesSettings:
    """``notes:`` in ``theme.yaml``: ``pasted_list`` is ``endnotes`` or ``section``."""

    pasted_list: str = "endnotes"

    @property
    def pasted_as_endnotes(self) -> bool:
        """True when a pasted notes list is read as the endnotes."""
        return self.pasted_list == "endnotes"


def notes_settings(layout: Any) -> NotesSettings:
    """The layout's ``notes:`` settings, checked (a :class:`LayoutError` at the bad key's line)."""
    data = getattr(getattr(layout, "theme", None), "data", None) or {}
    raw = data.get("notes") if isinstance(data, Mapping) else None
    if raw is None:
        return NotesSettings()
    files = [folder / "theme.yaml" for folder in getattr(layout, "chain", ())]

    def fail(keys: tuple, message: str, at_key: bool = False) -> LayoutError:
        where = locate_key(files, keys, at_key) or (str(files[0]) if files else "theme.yaml", None, None)
        return LayoutError([error(where[0], where[1], message, where[2])])

    if not isinstance(raw, Mapping):
        raise fail(("notes",), "'notes' must be a mapping (pasted_list)")
    for key in raw:
        if key != "pasted_list":
            raise fail(("notes", str(key)), f"unknown notes setting '{key}' (known: pasted_list)", at_key=True)
    value = str(raw.get("pasted_list", "endnotes")).strip().lower()
    if value not in PASTED_LIST_CHOICES:
        raise fail(("notes", "pasted_list"), f"notes.pasted_list must be endnotes or section (got {raw['pasted_list']!r})")
    return NotesSettings(value)
