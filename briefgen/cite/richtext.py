"""The neutral rich text: a citeproc-py formatter that marks formatting, and its parser.

citeproc-py builds its output by concatenating strings and wrapping them with
the formatter's ``Italic``, ``Bold``... callables. Ours wraps them in private-use
marker characters (never present in data: the loader replaces them), which
:func:`to_runs` turns into :class:`~briefgen.cite.model.Run` s. Nested italics
flip back to roman (CSL's flip-flop). URLs (DOIs included, as the styles write
them ``https://doi.org/...``) become link runs. A period or comma right after a
title's own ``?`` or ``!`` is dropped ("Forgetting?" not "Forgetting?."). With the locale's
``punctuation-in-quote`` (American English), a period or comma after a closing
quotation mark moves inside it, which citeproc-py leaves undone. The French locale's
"nᵒ" (U+1D52, in few fonts) is written with the ordinal indicator "nº".
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import List

from .model import RichText, Run

MARKS = {"italic": ("\ue000", "\ue001"), "bold": ("\ue002", "\ue003"), "small_caps": ("\ue004", "\ue005"),
         "superscript": ("\ue006", "\ue007"), "subscript": ("\ue008", "\ue009")}
"""Each formatting's opening and closing marks (private-use characters the loader keeps out of data)."""
NOCASE = ("\ue00a", "\ue00b")
"""Around words no text case may change (CSL-JSON's ``<span class="nocase">``); dropped from the runs."""
_OPEN = {o: name for name, (o, _) in MARKS.items()}
_CLOSE = {c: name for name, (_, c) in MARKS.items()}
_DROPPED = {ord(NOCASE[0]): None, ord(NOCASE[1]): None}
_URL = re.compile(r"https?://[^\s<>\"“”]+")
_QUOTE_PUNCT = re.compile("([”’])([\ue000-\ue00f]*)([.,])")
_DOUBLE_PUNCT = re.compile("([?!])([”’\ue000-\ue00f]*)[.,]")


def _wrapper(name: str):
    opening, closing = MARKS[name]

    def wrap(text: object) -> str:
        return f"{opening}{text}{closing}"

    return wrap


def _plain(text: object) -> str:
    return str(text)


FORMATTER = SimpleNamespace(
    preformat=lambda text: text,
    Italic=_wrapper("italic"), Oblique=_wrapper("italic"), Bold=_wrapper("bold"), Light=_plain,
    Underline=_plain, Superscript=_wrapper("superscript"), Subscript=_wrapper("subscript"),
    SmallCaps=_wrapper("small_caps"),
)
"""The citeproc-py formatter (a module-like namespace) producing marked strings."""


def to_runs(marked: str, punctuation_in_quote: bool = True, capitalize: bool = False) -> RichText:
    """The :class:`Run` s of a string :data:`FORMATTER` produced (``capitalize``: its first letter,
    unless a ``nocase`` span holds it)."""
    capitalize = capitalize and not marked.lstrip("".join(_OPEN)).startswith(NOCASE[0])
    marked = marked.replace("\u1d52", "\u00ba").translate(_DROPPED)  # French "nᵒ": the ordinal º every font has
    if punctuation_in_quote:
        marked = _QUOTE_PUNCT.sub(lambda m: m.group(3) + m.group(1) + m.group(2), marked)
    marked = _DOUBLE_PUNCT.sub(lambda m: m.group(1) + m.group(2), marked)  # "Forgetting?.” -> "Forgetting?”
    depth = {name: 0 for name in MARKS}
    runs: List[Run] = []
    buf: List[str] = []

    def flush() -> None:
        if buf:
            text = "".join(buf)
            runs.extend(_links(Run(text, italic=depth["italic"] % 2 == 1, bold=depth["bold"] > 0,
                                   small_caps=depth["small_caps"] > 0, superscript=depth["superscript"] > 0,
                                   subscript=depth["subscript"] > 0)))
            buf.clear()

    for ch in marked:
        if ch in _OPEN:
            flush()
            depth[_OPEN[ch]] += 1
        elif ch in _CLOSE:
            flush()
            depth[_CLOSE[ch]] = max(0, depth[_CLOSE[ch]] - 1)
        else:
            buf.append(ch)
    flush()
    merged = _merge(runs)
    if capitalize and merged and merged[0].text[:1].islower():
        first = merged[0]
        merged[0] = Run(first.text[0].upper() + first.text[1:], first.italic, first.bold, first.small_caps,
                        first.superscript, first.subscript, first.link)
    return tuple(merged)


def _links(run: Run) -> List[Run]:
    """``run`` split so each URL in it is its own run with ``link`` set."""
    out: List[Run] = []
    pos = 0
    for match in _URL.finditer(run.text):
        url = match.group().rstrip(".,;:)]")
        start, end = match.start(), match.start() + len(url)
        if start > pos:
            out.append(_with(run, run.text[pos:start], None))
        out.append(_with(run, url, url))
        pos = end
    if pos < len(run.text):
        out.append(_with(run, run.text[pos:], None))
    return out


def _with(run: Run, text: str, link) -> Run:
    return Run(text, run.italic, run.bold, run.small_caps, run.superscript, run.subscript, link)


def _merge(runs: List[Run]) -> List[Run]:
    """Adjacent runs with the same formatting joined (links stay separate)."""
    out: List[Run] = []
    for run in runs:
        if not run.text:
            continue
        if out and run.link is None and out[-1].link is None and _same(out[-1], run):
            out[-1] = _with(out[-1], out[-1].text + run.text, None)
        else:
            out.append(run)
    return out


def _same(a: Run, b: Run) -> bool:
    return (a.italic, a.bold, a.small_caps, a.superscript, a.subscript) == (
        b.italic, b.bold, b.small_caps, b.superscript, b.subscript)


_SUPERSCRIPT = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
_SUBSCRIPT = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")


def raised_text(run: Run) -> str:
    """A superscript or subscript run's text in Unicode's raised or lowered digits ("H₂O", "x²")
    when it has them all, else as written: for outputs without raised text (the model's inlines)."""
    table = _SUPERSCRIPT if run.superscript else _SUBSCRIPT if run.subscript else None
    if table is None or any(ord(ch) not in table for ch in run.text):
        return run.text
    return run.text.translate(table)
