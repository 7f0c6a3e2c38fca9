"""LaTeX in BibTeX fields, shown as text.

Only the usual accents and escapes are converted (``{\\"o}`` -> ``ö``,
``\\&`` -> ``&``, ``--`` -> ``–``, ``~`` -> no-break space, case-protecting
braces dropped); ``\\emph``, ``\\textit``, ``\\textbf`` and ``\\textsc`` keep
their text. Any other command (``\\input{/etc/passwd}``, ``\\def``...) is
kept literally, braces included: nothing is ever run, read or expanded.
HTML in a field is plain text too (the renderers escape it).
"""

from __future__ import annotations

import re
import unicodedata
from typing import List, Tuple

_ACCENTS = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331",
}
_SYMBOLS = {
    "ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å",
    "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "S": "§", "P": "¶", "textsection": "§", "textparagraph": "¶",
    "textendash": "–", "textemdash": "—", "ldots": "…", "dots": "…", "textellipsis": "…",
    "textquoteleft": "‘", "textquoteright": "’", "textquotedblleft": "“", "textquotedblright": "”",
    "textregistered": "®", "texttrademark": "™", "copyright": "©", "textcopyright": "©",
    "textdollar": "$", "textunderscore": "_", "textbackslash": "\\", "textasciitilde": "~",
    "textbullet": "•", "textdegree": "°", "euro": "€", "pounds": "£", "LaTeX": "LaTeX", "TeX": "TeX",
}
_ESCAPES = {"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", " ": " ", ",": "\u2009", "-": ""}
_TEXT_KEEPING = {"emph", "textit", "textbf", "textsc", "textup", "textrm", "textsf", "textnormal", "mbox", "text", "url", "nolinkurl"}
_WORD = re.compile(r"[A-Za-z]+")
MAX_DEPTH = 50
"""Deepest brace nesting converted; deeper braces are kept as written (no recursion limit hit)."""


def latex_to_text(value: str) -> str:
    """``value`` (a BibTeX field) as plain Unicode text, with commands shown literally."""
    out, _ = _convert(value, 0, top=True, depth=0)
    text = "".join(out)
    text = text.replace("---", "—").replace("--", "–").replace("``", "“").replace("''", "”")
    text = re.sub(r"[ \t\r\n]+", " ", text).strip()
    return unicodedata.normalize("NFC", text)


def protected_groups(value: str) -> List[str]:
    """The case-protecting ``{groups}`` of a BibTeX field (not ``{\\'e}``-style accents), as text.

    ``{Strait of Hormuz} in Brief`` -> ``["Strait of Hormuz"]``: words a sentence-case
    style (APA) must keep as written.
    """
    out: List[str] = []
    depth = 0
    start = 0
    for index, ch in enumerate(value):
        if ch == "{" and (index == 0 or value[index - 1] != "\\"):
            if depth == 0:
                start = index
            depth += 1
        elif ch == "}" and depth and value[index - 1] != "\\":
            depth -= 1
            if depth == 0 and not value[start + 1:index].startswith("\\"):
                text = latex_to_text(value[start:index + 1])
                if text:
                    out.append(text)
    return out


def _group(value: str, i: int, depth: int) -> Tuple[str, int]:
    """Text of the ``{...}`` group starting at ``value[i]`` (converted), and the index after it."""
    if depth >= MAX_DEPTH:
        return "{", i + 1  # absurd nesting: the brace is shown, the rest read flat
    out, j = _convert(value, i + 1, top=False, depth=depth + 1)
    return "".join(out), j


def _argument(value: str, i: int, depth: int) -> Tuple[str, int]:
    """A command's argument at ``i``: a ``{group}`` or one character (spaces skipped)."""
    while i < len(value) and value[i] == " ":
        i += 1
    if i < len(value) and value[i] == "{":
        return _group(value, i, depth)
    if i < len(value) and value[i] == "\\":
        match = _WORD.match(value, i + 1)
        if match and match.group() in ("i", "j"):
            return {"i": "i", "j": "j"}[match.group()], match.end()
    if i < len(value):
        return value[i], i + 1
    return "", i


def _convert(value: str, i: int, top: bool, depth: int) -> Tuple[List[str], int]:
    """Convert from ``i`` to the closing brace of the current group (or the end)."""
    out: List[str] = []
    n = len(value)
    while i < n:
        ch = value[i]
        if ch == "}":
            if not top:
                return out, i + 1
            out.append("}")
            i += 1
        elif ch == "{":
            text, i = _group(value, i, depth)
            out.append(text)
        elif ch == "~":
            out.append("\u00a0")
            i += 1
        elif ch == "\\" and i + 1 < n:
            i = _command(value, i, out, depth)
        else:
            out.append(ch)
            i += 1
    return out, i


def _command(value: str, i: int, out: List[str], depth: int) -> int:
    """Convert the command at ``value[i] == '\\\\'``; unknown ones are kept as written."""
    nxt = value[i + 1]
    if nxt in _ACCENTS and not (nxt.isalpha() and _WORD.match(value, i + 1).group() != nxt):
        base, j = _argument(value, i + 2, depth)
        if base:
            out.append(unicodedata.normalize("NFC", base[0] + _ACCENTS[nxt] + base[1:]))
            return j
    if nxt in _ESCAPES:
        out.append(_ESCAPES[nxt])
        return i + 2
    match = _WORD.match(value, i + 1)
    if match is None:
        out.append("\\" + nxt)
        return i + 2
    word, j = match.group(), match.end()
    if word in _SYMBOLS:
        if j < len(value) and value[j] == " ":
            j += 1
        elif value.startswith("{}", j):
            j += 2
        out.append(_SYMBOLS[word])
        return j
    if word in _TEXT_KEEPING and j < len(value) and value[j] == "{":
        text, j = _group(value, j, depth)
        out.append(text)
        return j
    # Unknown: shown as written, its braced argument (if any) kept with its braces.
    out.append("\\" + word)
    if j < len(value) and value[j] == "{":
        text, j = _group(value, j, depth)
        out.append("{" + text + "}")
    return j
