"""Boxes and callouts: ``::: {.box #box-id title="..."}`` and ``::: {.callout kind=note title="..."}``.

The div's braces are read by :mod:`.attributes` (the one attribute reader); this
module decides what a box's opening line means: its kind, title and ``#id``.
A bad callout kind is an error at its column; an attribute the box does not know
is a warning (the box is kept).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import List

from ..errors import Diagnostic, error, warning
from ..model import CALLOUT_KINDS
from .attributes import CLASS, IDENT, PAIR, braced, parse_attributes

log = logging.getLogger(__name__)

BOX_DIVS = ("box", "callout")
"""The ``:::`` div names that make a :class:`~briefgen.model.Box`."""


def box_div_params(name: str, params: str) -> bool:
    """True when a ``:::`` line opens a ``name`` div: ``::: box`` or ``::: {.box ...}``."""
    return bool(re.match(r"^\s*(?:" + name + r"|\{\s*\." + name + r"(?:\s[^{}]*)?\})\s*$", params))


@dataclass(frozen=True)
class BoxHead:
    """What a box's opening line says: ``kind`` (``box`` or a callout kind), ``title`` (as written), ``ident``."""

    kind: str
    title: str
    ident: str


def read_box_head(name: str, open_line: str, line: int, path: str, diags: List[Diagnostic]) -> BoxHead:
    """Read a box's or a callout's opening line (file line ``line``); problems go to ``diags``.

    ``open_line`` is the source line as written (its columns are the messages' columns);
    when it has no braces (``::: box``) the box has no title and no id.
    """
    inside = braced(open_line)
    kind = "box" if name == "box" else "note"
    title, ident = "", ""
    if inside is None:
        return BoxHead(kind, title, ident)
    text, offset = inside
    kind_seen = False
    for attr in parse_attributes(text, offset):
        if attr.kind == CLASS and attr.name == name and not kind_seen:
            kind_seen = True
        elif attr.kind == IDENT and not ident:
            ident = attr.name
        elif attr.kind == PAIR and attr.name == "title":
            title = " ".join(attr.value.split())
        elif attr.kind == PAIR and attr.name == "kind" and name == "callout":
            value = attr.value.strip().lower()
            if value in CALLOUT_KINDS:
                kind = value
            else:
                diags.append(error(path, line, f"unknown callout kind '{attr.value}' (known: {', '.join(CALLOUT_KINDS)})",
                                   attr.col))
        else:
            known = 'kind=note|warning|definition, title="...", #id' if name == "callout" else 'title="...", #box-id'
            diags.append(warning(path, line, f"unknown {name} attribute '{attr.raw}' (known: {known}); ignored", attr.col))
    return BoxHead(kind, title, ident)
