"""Model inlines to ReportLab paragraph markup, with every text escaped.

ReportLab's ``Paragraph`` parses a small XML-like markup (and evaluates some
attribute values, cf. CVE-2023-33733), so nothing from the model may ever be
read as markup: every text is passed through :func:`xml.sax.saxutils.escape`
(``&``, ``<``, ``>``) and attribute values through :func:`attr`. Only the tags
this module writes itself reach ReportLab.

Inlines are first flattened to :class:`Run` records (text plus formatting),
which makes it easy to split a very long paragraph at sentence boundaries
*before* ReportLab sees it (ReportLab's line breaking is super-linear in the
length of one paragraph) and to switch font for single characters that the
paragraph's face lacks.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from typing import Dict, Iterable, List, Optional, Set, Tuple
from xml.sax.saxutils import escape

from ... import model as m
from ..common import bidi
from .fonts import FontSet

log = logging.getLogger(__name__)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"[\t\n\r]")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_WHITESPACE = re.compile(r"\s+")
_IGNORED = frozenset(" \t\n\r\u00a0\u200b\u200c\u200d\u2060\ufeff")
_JOINERS = frozenset("\u200c\u200d")


@dataclass(frozen=True)
class Run:
    """A piece of text with its formatting (``note``: footnote number; ``br``: line break)."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str = ""
    note: int = 0
    br: bool = False


def attr(value: str) -> str:
    """Escape ``value`` for a double-quoted markup attribute."""
    return escape(value, {'"': "&quot;", "'": "&#39;"})


#: Text that is a web address (a scheme, or ``www.``), not words linked to one.
ADDRESS = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)\S")


def url_as_written(text: str, href: str) -> str:
    """A link's text as the source wrote it when the text is the address itself.

    The Markdown parser shows a bare address with its ``%20`` decoded to spaces
    ("…/MCTP 11-10B.pdf"): set so, the line breaks at that space inside the
    address, with no mark. The memo prints the address as written (``%20``),
    which breaks only where addresses break (:mod:`.hyphens`)."""
    if " " in text and ADDRESS.match(text) and text.replace(" ", "%20") in href:
        return text.replace(" ", "%20")
    return text


def flatten(inlines: Iterable[m.Inline], bold: bool = False, italic: bool = False, href: str = "") -> List[Run]:
    """Flatten inlines to runs (nested emphasis and links carried down)."""
    runs: List[Run] = []
    for node in inlines:
        if isinstance(node, m.Text):
            if node.text:
                runs.append(Run(url_as_written(node.text, href), bold, italic, False, href))
        elif isinstance(node, m.Code):
            if node.text:
                runs.append(Run(node.text, bold, italic, True, href))
        elif isinstance(node, m.Emph):
            runs.extend(flatten(node.children, bold, not italic, href))
        elif isinstance(node, m.Strong):
            runs.extend(flatten(node.children, True, italic, href))
        elif isinstance(node, m.Link):
            runs.extend(flatten(node.children, bold, italic, node.href))
        elif isinstance(node, m.FootnoteRef):
            runs.append(Run("", bold, italic, False, "", node.number))
        elif isinstance(node, m.LineBreak):
            runs.append(Run("", br=True))
    return runs


def text_runs(text: str, **fmt: object) -> List[Run]:
    """Runs for a plain string (names, labels, credits)."""
    return [Run(text, **fmt)] if text else []  # type: ignore[arg-type]


def runs_length(runs: Iterable[Run]) -> int:
    """Number of characters in ``runs``."""
    return sum(len(r.text) for r in runs)


def split_runs(runs: List[Run], limit: int) -> List[List[Run]]:
    """Split runs into pieces of about ``limit`` characters, no text lost.

    Cuts fall after a sentence end when one lies in the second half of the
    window, else at the last space in the window, else (a single word longer
    than the window) at the window's end.
    """
    total = runs_length(runs)
    if limit <= 0 or total <= limit:
        return [runs]
    flat = "".join(r.text for r in runs)
    cuts: List[int] = []
    start = 0
    while total - start > limit:
        window = flat[start : start + limit]
        cut = 0
        for match in _SENTENCE_END.finditer(window, limit // 2):
            cut = match.end()
        if not cut:
            spaces = [mt.end() for mt in _WHITESPACE.finditer(window, limit // 4)]
            cut = spaces[-1] if spaces else limit
        cuts.append(start + cut)
        start += cut
    pieces: List[List[Run]] = [[]]
    pos = 0
    cut_iter = iter(cuts + [total + 1])
    nxt = next(cut_iter)
    for run in runs:
        text = run.text
        if not text:
            pieces[-1].append(run)
            continue
        while text:
            room = nxt - pos
            if len(text) < room or (len(text) == room and nxt > total):
                pieces[-1].append(replace(run, text=text))
                pos += len(text)
                break
            pieces[-1].append(replace(run, text=text[:room]))
            text = text[room:]
            pos += room
            pieces.append([])
            nxt = next(cut_iter)
    return [p for p in pieces if p]


class MarkupWriter:
    """Writes ReportLab markup for runs and records what it could not show.

    ``anchors`` are the in-document link targets that exist (a link to any
    other ``#anchor`` is set as plain text: ReportLab refuses undefined
    destinations). ``missing`` collects characters no theme font covers;
    ``dangling`` the internal anchors that were not found.
    """

    def __init__(self, fonts: FontSet, anchors: Set[str], link_color: str, note_label: str = "Note {n}") -> None:
        self.fonts = fonts
        #: a note reference's link text (the theme's ``note_ref`` label, ``{n}`` its number)
        self.note_label = note_label
        self.anchors = anchors
        self.link_color = link_color
        self.missing: Set[str] = set()
        self.dangling: Set[str] = set()
        self.controls = 0
        #: the style of the paragraph being written: a fallback face is set in
        #: the same style (a bold title's Hangul in the bold fallback)
        self.weight = "regular"
        self._refs_seen: Set[int] = set()
        #: each link's text by href (the first seen), for the link annotation's /Contents
        self.link_texts: Dict[str, str] = {}
        self._last_href = ""

    def take_problems(self) -> Tuple[Set[str], Set[str], int]:
        """Return and reset (missing chars, dangling anchors, dropped controls)."""
        out = (self.missing, self.dangling, self.controls)
        self.missing, self.dangling, self.controls = set(), set(), 0
        return out

    def state(self) -> tuple:
        """What writing markup changes (to write some only to measure it, then :meth:`restore`)."""
        return (set(self._refs_seen), dict(self.link_texts), self._last_href,
                set(self.missing), set(self.dangling), self.controls)

    def restore(self, state: tuple) -> None:
        """Undo the writes since :meth:`state` returned ``state``."""
        refs, links, last, missing, dangling, controls = state
        self._refs_seen, self.link_texts, self._last_href = set(refs), dict(links), last
        self.missing, self.dangling, self.controls = set(missing), set(dangling), controls

    # ------------------------------------------------------------------ text
    def text(self, text: str, role: str, upper: bool = False, weight: Optional[str] = None) -> str:
        """Escape ``text`` for markup, with per-character font fallback (in the
        style ``weight``, default :attr:`weight`: ReportLab's ``<b>`` does not
        reach a ``<font name>`` inside it)."""
        weight = weight or self.weight
        if _CONTROL.search(text):
            self.controls += len(_CONTROL.findall(text))
            text = _CONTROL.sub("", text)
        text = _SPACES.sub(" ", text)
        if upper:
            text = text.upper()
        if self.fonts.shaping:
            text = bidi.visual_words(text)
        cmap = self.fonts.cmaps[role]
        lacking = {c for c in set(text) if ord(c) not in cmap and c not in _IGNORED}
        if not lacking:
            return escape(text)
        # consecutive characters drawn by the same other face share one <font>
        # (HarfBuzz shapes, and Arabic letters join, only within one run)
        out: List[str] = []
        current: Optional[str] = None
        piece: List[str] = []

        def flush() -> None:
            if piece:
                body = escape("".join(piece))
                out.append(body if current is None else f'<font name="{self.fonts.name(current, weight)}">{body}</font>')
                piece.clear()

        for char in text:
            face: Optional[str] = None
            if char in lacking:
                face = self.fonts.fallback_for(role, char)
                if face is None:
                    self.missing.add(char)
            elif current is not None and (char in _JOINERS or (char not in _IGNORED and bidi.is_neutral(char)
                                                                and ord(char) in self.fonts.cmaps[current])):
                face = current  # joiners, digits and punctuation stay with the letters they touch
            if face != current:
                flush()
                current = face
            piece.append(char)
        flush()
        return "".join(out)

    # ------------------------------------------------------------------ runs
    def runs(self, runs: Iterable[Run], role: str, upper: bool = False) -> str:
        """Markup for ``runs`` in a paragraph whose face is ``role``."""
        out: List[str] = []
        for run in runs:
            out.append(self._run(run, role, upper))
        return "".join(out)

    def inlines(self, inlines: Iterable[m.Inline], role: str, upper: bool = False) -> str:
        """Markup for model inlines."""
        return self.runs(flatten(inlines), role, upper)

    def _run(self, run: Run, role: str, upper: bool) -> str:
        if run.br:
            return "<br/>"
        if run.note:
            return self._note_ref(run.note)
        face = "mono" if run.code else role
        bold = run.bold or self.weight in ("bold", "bold_italic")
        italic = run.italic or self.weight in ("italic", "bold_italic")
        weight = ("bold_italic" if italic else "bold") if bold else ("italic" if italic else "regular")
        body = self.text(run.text, face, upper, weight)
        if run.code:
            body = f'<font name="{self.fonts.name("mono")}">{body}</font>'
        if run.italic:
            body = f"<i>{body}</i>"
        if run.bold:
            body = f"<b>{body}</b>"
        if run.href:
            if run.href.startswith("#"):
                target = run.href[1:]
                if target not in self.anchors:
                    self.dangling.add(run.href)
                    return body
            text = " ".join(run.text.split())
            if text:
                self.link_texts[run.href] = (self.link_texts.get(run.href, "") + " " + text).strip()[:300] \
                    if self._last_href == run.href or run.href not in self.link_texts else self.link_texts[run.href]
            self._last_href = run.href
            body = f'<a href="{attr(run.href)}" color="{self.link_color}">{body}</a>'
        else:
            self._last_href = ""
        return body

    def _note_ref(self, number: int) -> str:
        mark = f"<super>{number}</super>"
        anchor = ""
        if number not in self._refs_seen:
            self._refs_seen.add(number)
            anchor = f'<a name="ref-{number}"/>'
        if f"note-{number}" not in self.anchors:
            return anchor + mark
        self.link_texts.setdefault(f"#note-{number}", self.note_label.replace("{n}", str(number)))
        return f'{anchor}<a href="#note-{number}" color="{self.link_color}">{mark}</a>'
