"""In-page links whose target the page does not have.

A source may link to ``#somewhere`` that no heading or note of the brief
defines. A browser ignores such a link; WeasyPrint refuses it ("No anchor
#somewhere for internal URI reference"), which would fail the whole handout
PDF. :func:`unlink_dangling` sets those links as plain text in the page the
handout and its PDF share, with one warning at the link's source line, as the
memo does.
"""

from __future__ import annotations

import dataclasses
import html
import re
from typing import Any, Callable, Iterator, Optional

from ... import model as m

_ID = re.compile(r'\sid="([^"]*)"')
_INTERNAL_LINK = re.compile(r'<a href="#([^"]*)"[^>]*>(.*?)</a>', re.S)


def unlink_dangling(page: str, doc: m.Document, warn: Callable[[Optional[int], str], None]) -> str:
    """``page`` with each ``<a href="#x">`` whose ``x`` is no ``id`` of the page replaced by its text."""
    ids = {html.unescape(v) for v in _ID.findall(page)}

    def replace(match: "re.Match[str]") -> str:
        target = html.unescape(match.group(1))
        if target in ids:
            return match.group(0)
        warn(_line_of(doc, "#" + target), f"link to '#{target}' has no target in the handout; set as plain text")
        return match.group(2)

    return _INTERNAL_LINK.sub(replace, page)


def _line_of(doc: m.Document, href: str) -> Optional[int]:
    """The source line of the first block holding a link to ``href``, if any."""
    for block in m.walk_blocks(m.all_body_blocks(doc)):
        if any(node.href == href for node in _links(block)):
            return getattr(block, "line", None)
    return None


def _links(value: Any, depth: int = 0) -> Iterator[m.Link]:
    """Every :class:`~briefgen.model.Link` inside ``value`` (a block, its inlines, cells...)."""
    if depth > 60:
        return
    if isinstance(value, m.Link):
        yield value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _links(getattr(value, f.name), depth + 1)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _links(item, depth + 1)
