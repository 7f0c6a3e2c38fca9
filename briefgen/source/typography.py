"""Typographer's quotes, dashes and ellipses, by the document's language, set once in the source layer.

The parser's token stream is rewritten before any renderer sees it, so every
output gets the same curly quotes as data. Three core rules are installed in
markdown-it-py (see :func:`install`):

1. ``typo_protect`` (after ``linkify``) splits text runs that must stay as
   typed (tag-like ``<...>`` text, since raw HTML arrives as text; bare URLs;
   file paths) into ``text_special`` tokens, which the next rules skip and
   markdown-it's own ``text_join`` merges back afterwards. Backslash escapes
   (``\\"``) are ``text_special`` already, so an escaped quote stays straight.
2. ``typo_dashes`` (in place of markdown-it's ``replacements``, which also
   turns ``(c)`` into © and ``,,`` into ``,``, wrong for legal citations such
   as "101(c)"): ``---`` em dash, ``--`` en dash, ``...`` ellipsis, outside
   autolinks.
3. markdown-it's ``smartquotes``, with the language's four quote marks
   (:func:`quotes_for`), then ``typo_leftovers``: elisions it leaves straight
   (``'90s``, ``'n'``, ``'tis``) become apostrophes, and a quote it could not
   pair (a quotation running over several paragraphs opens each one) is set
   by its side.

Code spans, code blocks, link targets and attribute values are not ``text``
tokens, so they are never touched; chart data is read from the raw lines. Text
that is already curly has no straight marks to change. :func:`smarten` applies
the same rules to a plain string (front matter names, captions, chart titles).
"""

from __future__ import annotations

import logging
import re
from types import SimpleNamespace
from typing import List, Sequence

from ..language import BRITISH, FRENCH_SPACE, NNBSP, QUOTES, quotes_for  # the marks by language live with the language

logger = logging.getLogger(__name__)

__all__ = ["APOSTROPHE", "BRITISH", "FRENCH_SPACE", "NNBSP", "QUOTES", "install", "quotes_for", "smarten", "smarten_tokens"]

APOSTROPHE = "\u2019"

_PROTECT = re.compile(
    r"<[A-Za-z/!?][^<>\n]*>"  # tag-like text (raw HTML is not passed through, it arrives as text)
    r"|(?:\b[A-Za-z][A-Za-z0-9+.-]*://|\bwww\.)[^\s<>\"]*[^\s<>\"'.,;:!?)\]]"  # bare URLs
    r"|(?<![\w/.])(?:~|\.{1,2})?/[\w.-]+/[\w./-]*"  # POSIX paths with two or more parts
    r"|\b[A-Za-z]:\\[^\s\"']+"  # Windows paths
)
_EM_DASH = re.compile(r"(^|[^-])---(?=[^-]|$)")
_EN_DASH_SPACED = re.compile(r"(^|\s)--(?=\s|$)")
_EN_DASH_JOINED = re.compile(r"([^-\s])--(?=[^-\s])")
_ELLIPSIS = re.compile(r"(?<!\.)\.\.\.(?!\.)")
_ROCK_N_ROLL = re.compile(r"(?<=\s)'n'(?=\s)")
_ELISION = re.compile(r"(?:^|(?<=[\s(\[\u2014\u2013]))'(?=\d\d|(?:tis|twas|em|til|cause|bout|n)\b)", re.IGNORECASE)


def install(md, lang: str = "en") -> None:
    """Switch ``md`` (a MarkdownIt) to typographer's quotes and dashes for ``lang``."""
    md.options["typographer"] = True
    md.options["quotes"] = list(quotes_for(lang))
    md.core.ruler.after("linkify", "typo_protect", _protect_rule)
    md.core.ruler.at("replacements", _dashes_rule)
    md.core.ruler.after("smartquotes", "typo_leftovers", _leftovers_rule)
    md.enable(["replacements", "smartquotes"])


def smarten(text: str, lang: str = "en") -> str:
    """``text`` (plain, not Markdown) with the same quotes, apostrophes, dashes and ellipses as the body."""
    if not text or not re.search(r"['\"]|--|\.\.\.", text):
        return text
    from markdown_it.token import Token

    children = [Token("text", "", 0, content=text)]
    smarten_tokens(children, lang)
    return "".join(t.content for t in children)


def smarten_tokens(children: List, lang: str = "en") -> None:
    """Apply every rule to a list of inline tokens in place (an image's alt text, a plain field)."""
    from markdown_it.rules_core.smartquotes import process_inlines

    children[:] = _split_protected(children)
    _dashes(children)
    state = SimpleNamespace(md=SimpleNamespace(options=SimpleNamespace(quotes=list(quotes_for(lang)))))
    process_inlines(children, state)  # type: ignore[arg-type]
    _leftovers(children, quotes_for(lang))
    for tok in children:
        if tok.type == "text_special":
            tok.type = "text"


# ---------------------------------------------------------------- core rules


def _inline_children(state) -> List[List]:
    return [t.children for t in state.tokens if t.type == "inline" and t.children]


def _protect_rule(state) -> None:
    for tok in state.tokens:
        if tok.type == "inline" and tok.children:
            tok.children = _split_protected(tok.children)


def _dashes_rule(state) -> None:
    for children in _inline_children(state):
        _dashes(children)


def _leftovers_rule(state) -> None:
    quotes = state.md.options["quotes"]
    for children in _inline_children(state):
        _leftovers(children, quotes)


def _split_protected(children: List) -> List:
    """``children`` with protected runs of text tokens split off as ``text_special``."""
    from markdown_it.token import Token

    out: List = []
    for tok in children:
        if tok.type != "text" or not _PROTECT.search(tok.content):
            out.append(tok)
            continue
        pos = 0
        for match in _PROTECT.finditer(tok.content):
            if match.start() > pos:
                out.append(_piece(Token, tok, "text", tok.content[pos : match.start()]))
            out.append(_piece(Token, tok, "text_special", match.group(0)))
            pos = match.end()
        if pos < len(tok.content):
            out.append(_piece(Token, tok, "text", tok.content[pos:]))
    return out


def _piece(token_class, model, kind: str, content: str):
    piece = token_class(kind, "", 0, content=content, level=model.level)
    return piece


def _dashes(children: List) -> None:
    inside_autolink = 0
    for tok in children:
        if tok.type == "link_open" and tok.info == "auto":
            inside_autolink += 1
        elif tok.type == "link_close" and tok.info == "auto":
            inside_autolink -= 1
        elif tok.type == "text" and not inside_autolink:
            text = tok.content
            if "--" in text:
                text = _EM_DASH.sub("\\1\u2014", text)
                text = _EN_DASH_SPACED.sub("\\1\u2013", text)
                text = _EN_DASH_JOINED.sub("\\1\u2013", text)
            if "..." in text:
                text = _ELLIPSIS.sub("\u2026", text)
            text = _ROCK_N_ROLL.sub(APOSTROPHE + "n" + APOSTROPHE, text)
            text = _ELISION.sub(APOSTROPHE, text)
            tok.content = text


def _leftovers(children: List, quotes: Sequence[str]) -> None:
    """Straight marks smartquotes left unpaired: an apostrophe, or a quote set by its side."""
    texts = [t for t in children if t.type == "text"]
    for index, tok in enumerate(texts):
        if "'" not in tok.content and '"' not in tok.content:
            continue
        chars = list(tok.content)
        for at, char in enumerate(chars):
            if char not in "'\"":
                continue
            before = chars[at - 1] if at else (texts[index - 1].content[-1:] if index else "")
            after = chars[at + 1] if at + 1 < len(chars) else ""
            opening = (not before or before.isspace() or before in "([{\u2014\u2013/") and bool(after) and not after.isspace()
            if char == "'":
                chars[at] = APOSTROPHE  # an elision smartquotes could not see ('tis, rock 'n roll)
            elif before.isdigit():
                continue  # inches (5' 11"): a prime, not a quote; left as typed
            else:
                chars[at] = quotes[0] if opening else quotes[1]
        tok.content = "".join(chars)



def smarten_chart(chart, lang: str = "en"):
    """A :class:`~briefgen.model.Chart` with its prose (title, source, alt text, timeline events) smartened.

    Units, categories and the numbers are data and stay as written.
    """
    import dataclasses

    events = tuple(dataclasses.replace(e, text=smarten(e.text, lang)) for e in chart.events)
    return dataclasses.replace(
        chart,
        title=smarten(chart.title, lang),
        source=smarten(chart.source, lang),
        alt=smarten(chart.alt, lang),
        events=events,
    )
