"""Formatting a document's citations and its bibliography with a CSL style.

:func:`format_citations` takes the citations in document order (the order of
the notes, for note styles) and returns each one formatted plus the bibliography
of the cited works in the style's order.

Positions: citeproc-py's ``position`` tests (first, subsequent, ibid) read the
history of cites this module passes it, so a work's first citation gets the
style's full form and every later one the "subsequent" (short) form.
citeproc-py ignores ``subsequent-author-substitute``; the bibliography's
repeated authors are replaced here (Chicago's "———.", CMOS 17 14.68).
APA's titles are put in sentence case here (:mod:`.sentence`).
citeproc-py does not disambiguate; the year suffixes APA and Chicago
author-date ask for ("Smith 2016a") are computed here (:func:`_year_suffixes`).

"Ibid." is off by default, as Chicago 17 (14.34) prefers the short form: after
each citation a barrier is put in citeproc-py's history so that its
``position="ibid"`` test never holds. With ``ibid=True`` the history is left as
it is and the style's ibid branch applies.
"""

from __future__ import annotations

import logging
import re
import warnings
from typing import Dict, List, Optional, Sequence, Tuple

from citeproc import Citation as CslCitation
from citeproc import CitationStylesBibliography
from citeproc.source import Locator

from ..errors import error
from .csl import CiteState, Style, make_source, new_item, state_of
from .errors import CitationError
from .model import (Bibliography, BibliographyItem, Cite, Citation, CitationResult, FormattedCitation, RichText,
                    Run, plain, thaw)
from .richtext import FORMATTER, to_runs
from .sentence import PROTECTED, sentence_cased, wants_sentence_case
from .styles import CitationStyle
from .syntax import check_keys

logger = logging.getLogger(__name__)


class _Proxy:
    """The bibliography as one citation sees it: its keys in the order they were written.

    citeproc-py orders a citation's works by their first-citation order; pandoc
    (and Chicago) keep the author's order unless the style sorts citations.
    """

    def __init__(self, real: CitationStylesBibliography, first: List[str]) -> None:
        self.source = real.source
        self.formatter = real.formatter
        written = set(first)
        self.keys = list(dict.fromkeys(first)) + [k for k in real.keys if k not in written]
        self.items = real.items


def _barrier() -> object:
    """A fake history entry that no cite matches (so no cite is ever "ibid")."""
    item = new_item("\x00barrier")
    CslCitation([item])
    return item


def format_citations(bibliography: Bibliography, style: CitationStyle, citations: Sequence[Citation],
                     *, ibid: bool = False, in_footnote: Optional[Sequence[bool]] = None,
                     uncited: Sequence[str] = ()) -> CitationResult:
    """Format ``citations`` (document order) and the bibliography of the works they cite.

    ``in_footnote[i]`` tells that citation ``i`` sits inside a hand-written footnote
    (its note text is then not capitalized, as it continues the footnote's sentence).
    ``uncited`` keys (pandoc's ``nocite``, known good) join the bibliography without a citation.
    Raises :class:`CitationError` for unknown keys (with did-you-mean), and when
    citeproc-py fails: at the lines of the entries that fail when formatted alone,
    or at the style file when every entry fails. Never an internal error.
    """
    check_keys(citations, bibliography)
    try:
        suffixes = _year_suffixes(bibliography, style, citations)
        return _format_all(bibliography, style, citations, ibid, in_footnote, suffixes, uncited)
    except CitationError:
        raise
    except Exception as exc:  # citeproc-py failing on unusual data or a broken style: a message, not a crash
        raise _blame(bibliography, style, citations, ibid, exc) from None


def _blame(bibliography: Bibliography, style: CitationStyle, citations: Sequence[Citation], ibid: bool,
           exc: Exception) -> CitationError:
    """The error for a citeproc-py failure: at the entries that fail alone, or at the style if all do."""
    logger.debug("citeproc-py failed", exc_info=exc)
    keys = list(dict.fromkeys(c.key for citation in citations for c in citation.cites))
    failing: List[str] = []
    for key in keys:
        alone = [Citation(tuple(x for x in c.cites if x.key == key), c.narrative, c.path, c.line, c.col, c.start,
                          c.end, c.raw) for c in citations if any(x.key == key for x in c.cites)]
        try:
            _format_all(bibliography, style, alone, ibid, None, {})
        except Exception as one:  # any failure of the third-party processor
            failing.append(key)
            exc = one
    reason = f"{type(exc).__name__}: {str(exc)[:120]}"
    if failing and len(failing) < len(keys):
        return CitationError([error(bibliography[key].path, bibliography[key].line,
                                    f"entry '{key}' cannot be formatted in the style '{style.name}' ({reason}); "
                                    "check its dates, names and numbers", bibliography[key].col) for key in failing])
    return CitationError([error(style.path or style.name, style.line,
                                f"the citation style cannot be used ({reason}); check the style file, "
                                f"or the entries cited ({', '.join(keys[:5])})", 1)])


def _year_suffixes(bibliography: Bibliography, style: CitationStyle, citations: Sequence[Citation]) -> Dict[str, str]:
    """``{key: "a"}`` for works whose in-text citations would read the same ("Smith 2016").

    APA's titles are put in sentence case here (:mod:`.sentence`).
citeproc-py does not disambiguate; for a style asking for year suffixes
    (``disambiguate-add-year-suffix``, as APA and Chicago author-date do) each cited
    work is formatted alone, works reading alike get "a", "b"... in bibliography order.
    """
    if style.note or b'disambiguate-add-year-suffix="true"' not in style.xml:
        return {}
    keys = list(dict.fromkeys(c.key for citation in citations for c in citation.cites))
    probes = [Citation((Cite(key, 1, 1),), False, "", 1, 1, 0, 0) for key in keys]
    probe = _format_all(bibliography, style, probes, False, None, {})
    groups: Dict[str, List[str]] = {}
    for key, formatted in zip(keys, probe.citations):
        groups.setdefault(plain(formatted.in_text), []).append(key)
    order = {item.key: index for index, item in enumerate(probe.bibliography)}
    suffixes: Dict[str, str] = {}
    for same in groups.values():
        if len(same) > 1:
            for index, key in enumerate(sorted(same, key=lambda k: order.get(k, 0))):
                suffixes[key] = _letters(index)
    return suffixes


def _letters(index: int) -> str:
    """0 -> "a", 25 -> "z", 26 -> "aa" (CSL's year-suffix sequence)."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _format_all(bibliography: Bibliography, style: CitationStyle, citations: Sequence[Citation],
                ibid: bool, in_footnote: Optional[Sequence[bool]], suffixes: Dict[str, str],
                uncited: Sequence[str] = ()) -> CitationResult:
    """:func:`format_citations` once the keys are known good (``suffixes``: year suffixes by key)."""
    ids: Dict[str, str] = {}
    for citation in citations:
        for cite in citation.cites:
            ids.setdefault(cite.key, f"r{len(ids):05d}")
    for key in uncited:
        ids.setdefault(key, f"r{len(ids):05d}")
    items = {}
    recase = wants_sentence_case(style.xml)
    for key, ident in ids.items():
        entry = bibliography[key]
        data = thaw(entry.data)
        if recase:
            data = sentence_cased(data, entry.type)
        data.pop(PROTECTED, None)
        data["type"] = entry.type
        if key in suffixes:
            data["year-suffix"] = suffixes[key]
        items[ident] = data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        csl_style = Style(style)
        source = make_source(items)
    biblio = CitationStylesBibliography(csl_style, source, FORMATTER)
    for ident in ids.values():  # the bibliography's own items: no locator, names recorded
        biblio.register(CslCitation([new_item(ident, CiteState(suppress=False))]))
    if csl_style.has_bibliography():
        biblio.sort()
    piq = _punctuation_in_quote(csl_style)
    history: List[object] = []
    out: List[FormattedCitation] = []
    for index, citation in enumerate(citations):
        footnoted = bool(in_footnote[index]) if in_footnote is not None else False
        out.append(_one(citation, csl_style, biblio, ids, history, style.note, piq, footnoted))
        if not ibid:
            history.append(_barrier())
    by_ident = {v: k for k, v in ids.items()}
    bib_items: List[BibliographyItem] = []
    if csl_style.has_bibliography():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rendered = biblio.bibliography()
        substitute = csl_style.root.bibliography.get("subsequent-author-substitute")
        previous = None
        for item, text in zip(biblio.items, rendered):
            marked, names = str(text), state_of(item).captured if state_of(item) else None
            if substitute is not None and names and names == previous and marked.startswith(names):
                rest = marked[len(names):]
                shared = names.endswith(".") and rest.startswith(" ")  # "L." had absorbed the ". " delimiter's period
                marked = substitute + ("." if shared else "") + rest  # CSL "complete-all": "———. Title."
            previous = names
            bib_items.append(BibliographyItem(by_ident[item.key], to_runs(marked, piq)))
    return CitationResult(style.name, style.note, tuple(out), tuple(bib_items))


def _punctuation_in_quote(style: Style) -> bool:
    try:
        return str(style.root.citation.get_locale_option("punctuation-in-quote")).lower() == "true"
    except (AttributeError, IndexError, KeyError):
        return False


def _one(citation: Citation, csl_style: Style, biblio: CitationStylesBibliography, ids: Dict[str, str],
         history: List[object], note_style: bool, piq: bool, footnoted: bool) -> FormattedCitation:
    """One citation formatted (note text for note styles, in-text text otherwise)."""
    narrative = citation.narrative
    states, marked = _render(citation, csl_style, biblio, ids, history, note_style)
    if note_style and not _WORDS.search(marked) and history:
        # a short note naming nothing (no author, no title: ".") gives the full note instead
        states, marked = _render(citation, csl_style, biblio, ids, [], note_style)
    text = to_runs(marked, piq, capitalize=note_style and not footnoted)
    author: RichText = to_runs(states[0].author or "", piq) if narrative else ()
    if narrative and note_style:
        author = to_runs(_short_author(citation, csl_style, biblio, ids) or states[0].author or "", piq)
    if note_style:
        return FormattedCitation(citation, author, text)
    if narrative:
        return FormattedCitation(citation, author + (Run(" "),) + text if author else text, None)
    return FormattedCitation(citation, text, None)


_WORDS = re.compile(r"\w")


def _render(citation: Citation, csl_style: Style, biblio: CitationStylesBibliography, ids: Dict[str, str],
            history: List[object], note_style: bool) -> Tuple[List[CiteState], str]:
    """One citation rendered by citeproc-py: each cite's state and the marked text.

    Author-date styles suppress the author of a narrative citation (it stands before the
    parentheses); note styles keep a title that stands for a missing author (``keep_titles``).
    """
    states: List[CiteState] = []
    csl_items = []
    for cite in citation.cites:
        state = CiteState(suppress=cite.suppress_author or (citation.narrative and not note_style),
                          keep_titles=note_style)
        states.append(state)
        fields = {}
        if cite.locator:
            fields["locator"] = Locator(cite.label or "page", cite.locator)
        if cite.prefix:
            fields["prefix"] = cite.prefix + " "
        if cite.suffix:
            fields["suffix"] = cite.suffix if cite.suffix[0] in ",;.:" else " " + cite.suffix.lstrip()
        csl_items.append(new_item(ids[cite.key], state, **fields))
    csl_citation = CslCitation(csl_items)
    csl_citation.bibliography = _Proxy(biblio, [ids[c.key] for c in citation.cites])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        marked = str(csl_style.render_citation(csl_citation, history, _unknown))
    return states, marked


def _short_author(citation: Citation, csl_style: Style, biblio: CitationStylesBibliography,
                  ids: Dict[str, str]) -> Optional[str]:
    """The author of a narrative ``@key`` as a note style's short note names it ("Heitshusen").

    Chicago (CMOS 17 14.29-30) names the author in the text and gives the source in the
    note; the text uses the surname, as the short note does. The cite is rendered once
    more as if already cited (the style's "subsequent" form) and its names are kept.
    """
    key = ids[citation.cites[0].key]
    earlier = new_item(key)
    CslCitation([earlier])
    state = CiteState(suppress=False, keep_titles=True)
    probe = CslCitation([new_item(key, state)])
    probe.bibliography = _Proxy(biblio, [key])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        csl_style.render_citation(probe, [earlier, _barrier()], _unknown)
    return state.author


def _unknown(item: object) -> str:  # pragma: no cover - keys are checked before formatting
    """citeproc-py's text for a key it does not know (never reached: keys are checked first)."""
    return f"{getattr(item, 'key', '?')}?"
