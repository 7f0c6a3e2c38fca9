"""Where the works cited go, and which uncited works join them (pandoc's ``{#refs}`` and ``nocite``).

A ``::: {#refs}`` div marks the place of the bibliography (pandoc's convention): the
converter leaves a :class:`~briefgen.model.Bibliography` placeholder there (no entries,
``placed``), which :func:`place` fills once the citations are formatted; without one,
the works cited get a last section of their own. ``nocite:`` in the front matter lists
works the bibliography holds though the text does not cite them (``@key``, ``@*`` for
every entry); :func:`uncited_keys` reads it, an unknown key an error at its place.
"""

from __future__ import annotations

import dataclasses
import difflib
import logging
import re
from typing import Any, List, Optional, Sequence, Tuple

from .. import cite
from ..errors import error
from ..model import Bibliography, Block, Section

logger = logging.getLogger(__name__)

Written = Tuple[str, int, Optional[int]]
"""One ``nocite`` item as written: its text, line and column."""
_KEY = re.compile(r"@(\{[^{}\s]+\}|[\w*][\w:.#$%&\-+?<>~/*]*)")


def placeholder(line: int) -> Bibliography:
    """The mark a ``::: {#refs}`` div leaves: filled by :func:`place`, dropped when nothing is cited."""
    return Bibliography((), (), line, placed=True)


def nocite_items(raw: Any) -> Tuple[Written, ...]:
    """The front matter's ``nocite`` items with where each is written (``nocite.N``, else ``nocite``)."""
    positions = getattr(raw, "positions", {}) or {}
    field_at = positions.get("nocite", (None, None))
    return tuple((text, *positions.get(f"nocite.{index}", field_at)) for index, text in enumerate(raw.nocite, start=1))


def require_bibliography(raw: Any, shown: str) -> None:
    """Raise a located :class:`~briefgen.cite.CitationError` for ``nocite`` without ``bibliography``."""
    if getattr(raw, "nocite", None):
        line, col = raw.positions.get("nocite", (None, None))
        raise cite.CitationError([error(shown, line, "'nocite' needs 'bibliography': the files the citations come from", col)])


def uncited_keys(items: Sequence[Written], bibliography: cite.Bibliography, path: str) -> List[str]:
    """The keys ``nocite`` names (``@*``: every entry, in the files' order); unknown ones are errors.

    Each item holds keys written ``@key`` and separated by spaces, commas or semicolons.
    """
    known = list(bibliography.keys())
    keys: List[str] = []
    diags = []
    for text, line, col in items:
        found = _KEY.findall(text)
        leftover = _KEY.sub("", text).strip(" \t\n,;")
        if leftover or not found:
            diags.append(error(path, line, f"'nocite' lists citation keys written '@key' (or '@*' for every entry), "
                                           f"not '{text.strip()[:60]}'", col))
            continue
        for key in found:
            key = key.strip("{}")
            if key == "*":
                keys.extend(known)
            elif key in bibliography:
                keys.append(key)
            else:
                close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                hint = f"; did you mean '@{close[0]}'?" if close else ""
                where = f" in {', '.join(bibliography.files)}" if bibliography.files else ""
                diags.append(error(path, line, f"unknown citation key '@{key}' in 'nocite'{where}{hint}", col))
    if diags:
        raise cite.CitationError(diags)
    return list(dict.fromkeys(keys))


def place(lede: Tuple[Block, ...], sections: Tuple[Section, ...], block: Optional[Bibliography],
          ) -> Tuple[Tuple[Block, ...], Tuple[Section, ...], bool]:
    """``lede`` and ``sections`` with the first ``{#refs}`` placeholder filled by ``block`` (the
    others, or all when ``block`` is None, dropped), and whether one was filled."""
    state = {"block": block, "placed": False}
    lede_out = _walk(lede, state)
    sections_out = _walk(sections, state)
    return lede_out, sections_out, bool(state["placed"])


def _is_mark(node: Any) -> bool:
    return isinstance(node, Bibliography) and node.placed and not node.entries


def _walk(node: Any, state: dict) -> Any:
    """``node`` with the placeholders replaced (see :func:`place`); untouched nodes returned as they are."""
    if isinstance(node, tuple):
        items: List[Any] = []
        changed = False
        for item in node:
            if _is_mark(item):
                changed = True
                if state["block"] is not None and not state["placed"]:
                    items.append(dataclasses.replace(state["block"], line=item.line, placed=True))
                    state["placed"] = True
                continue
            new = _walk(item, state)
            changed = changed or new is not item
            items.append(new)
        return tuple(items) if changed else node
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        updates = {}
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            if isinstance(value, tuple):
                new = _walk(value, state)
                if new is not value:
                    updates[f.name] = new
        return dataclasses.replace(node, **updates) if updates else node
    return node
