"""Inline helpers of the Markdown converter: joining and trimming text runs, an image token's alt text and path."""

from __future__ import annotations

from typing import List

from ..model import Inline, LineBreak, Text


def raw_src(tok, normalized: str) -> str:
    """The image path as written: markdown-it percent-encodes it, so decode it once."""
    from urllib.parse import unquote

    return unquote(normalized)


def token_text(tok) -> str:
    """The plain text of a markdown-it inline token and its children (an image's alt text)."""
    if tok.type in ("text", "code_inline"):
        return tok.content
    if tok.type == "softbreak":
        return " "
    return "".join(token_text(c) for c in (tok.children or []))


def merge_text(inlines: List[Inline]) -> List[Inline]:
    """Join adjacent text runs."""
    out: List[Inline] = []
    for node in inlines:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        elif isinstance(node, Text) and not node.text:
            continue
        else:
            out.append(node)
    return out


def trim_text(inlines: List[Inline]) -> List[Inline]:
    """``inlines`` without leading and trailing blanks (and without empty runs)."""
    if inlines and isinstance(inlines[0], Text):
        inlines[0] = Text(inlines[0].text.lstrip())
    if inlines and isinstance(inlines[-1], Text):
        inlines[-1] = Text(inlines[-1].text.rstrip())
    return [n for n in inlines if not (isinstance(n, Text) and not n.text)]


def has_text(inlines: List[Inline]) -> bool:
    """True when ``inlines`` hold more than blanks and line breaks."""
    for node in inlines:
        if isinstance(node, Text):
            if node.text.strip():
                return True
        elif not isinstance(node, LineBreak):
            return True
    return False
