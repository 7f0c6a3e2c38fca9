"""Inline tokens to model inlines: text, emphasis, links, code, notes, images (the Markdown converter's half).

:class:`InlineConverter` is mixed into :class:`~.markdown.Converter`, which
holds the state these methods read: the source's ``path``, folder and images,
its ``lang``, the ``diagnostics`` list, the footnote numbering and the
``citations`` (``@key`` in text, when the front matter names a bibliography).
A link becomes a :class:`~briefgen.model.Link` only for http, https, mailto
and ``#`` anchors; an image in running text becomes a figure of the block.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Optional

from ..errors import Diagnostic, error
from ..model import Block, Code, Emph, Figure, FootnoteRef, Image, Inline, LineBreak, Link, Strong, Text
from .crossrefs import leading_ident
from .images import ImageProblem, resolve_image
from .inlinetext import merge_text, raw_src, token_text
from .typography import smarten, smarten_tokens

if TYPE_CHECKING:
    from .citations import Citations

SAFE_HREF = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)
"""The link targets kept as links (with ``#`` anchors); any other link keeps only its text."""


class InlineConverter:
    """Model inlines from markdown-it inline tokens (mixed into the block converter)."""

    path: str
    source_dir: Path
    images: Dict[str, Image]
    diagnostics: List[Diagnostic]
    footnote_numbers: Dict[int, int]
    lang: str
    citations: "Optional[Citations]"

    def inlines(self, inline: Optional[Any], line: int, figures: Optional[List[Block]] = None) -> List[Inline]:
        """Convert an ``inline`` node's token children (a :class:`~.markdown.Node`) to model inlines."""
        if inline is None:
            return []
        return merge_text(self._inline_seq(list(inline.tok.children or []), line, figures))

    def _inline_seq(self, toks: List, line: int, figures: Optional[List[Block]]) -> List[Inline]:
        out: List[Inline] = []
        index = 0
        while index < len(toks):
            tok = toks[index]
            kind = tok.type
            if kind.endswith("_open"):
                close = kind[: -len("_open")] + "_close"
                depth, end = 1, index + 1
                while end < len(toks):
                    if toks[end].type == kind:
                        depth += 1
                    elif toks[end].type == close:
                        depth -= 1
                        if depth == 0:
                            break
                    end += 1
                inner = self._inline_seq(toks[index + 1 : end], line, figures)
                out.extend(self._wrap(kind, tok, inner))
                index = end + 1
                continue
            if kind == "text":
                if self.citations is not None and "@" in tok.content:
                    out.extend(self.citations.inlines(tok.content, line))
                else:
                    out.append(Text(tok.content))
            elif kind == "softbreak":
                out.append(Text(" "))
            elif kind == "hardbreak":
                out.append(LineBreak())
            elif kind == "code_inline":
                out.append(Code(tok.content))
            elif kind == "footnote_ref":
                ident = int(tok.meta.get("id", 0))
                if self.citations is not None:  # one sequence with the citations' notes
                    number = self.citations.hand_note(ident, self.footnote_numbers)
                else:
                    number = self.footnote_numbers.setdefault(ident, ident + 1)
                out.append(FootnoteRef(number, str(tok.meta.get("label", number))))
            elif kind == "image":
                made = len(figures) if figures is not None else 0
                self._image(tok, line, figures, out)
                following = toks[index + 1] if index + 1 < len(toks) else None
                if figures and len(figures) > made and following is not None and following.type == "text":
                    rest, ident = leading_ident(following.content)
                    if ident:  # ![alt](file.png "Caption"){#fig-id}
                        figures[-1] = dataclasses.replace(figures[-1], ident=ident)
                        following.content = rest
            elif kind in ("html_inline",):
                out.append(Text(tok.content))
            index += 1
        return out

    def _wrap(self, kind: str, tok, inner: List[Inline]) -> List[Inline]:
        if kind == "em_open":
            return [Emph(tuple(merge_text(inner)))]
        if kind == "strong_open":
            return [Strong(tuple(merge_text(inner)))]
        if kind == "link_open":
            href = str((tok.attrs or {}).get("href", "") or "")
            if SAFE_HREF.match(href) or (href.startswith("#") and len(href) > 1):
                return [Link(tuple(merge_text(inner)), href)]
            return inner  # an unsafe link keeps its text, loses its target
        return inner  # strikethrough and others: keep the text

    def _image(self, tok, line: int, figures: Optional[List[Block]], out: List[Inline]) -> None:
        smarten_tokens(tok.children or [], self.lang)
        alt = "".join(token_text(c) for c in (tok.children or []))
        src = str((tok.attrs or {}).get("src", "") or "")
        title = str((tok.attrs or {}).get("title", "") or "")
        if figures is None:  # images in front matter fields or table cells: keep the alt text
            if alt:
                out.append(Text(alt))
            return
        written = raw_src(tok, src)
        try:
            image = resolve_image(written, self.source_dir, self.images)
        except ImageProblem as exc:
            self.diagnostics.append(error(self.path, line, str(exc)))
            return
        caption, _, credit = smarten(title, self.lang).partition(" | ")
        figures.append(Figure(image, alt.strip(), (Text(caption.strip()),) if caption.strip() else (), credit.strip(), line))
