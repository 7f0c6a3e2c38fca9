"""Formatted citations kept between runs: citeproc-py is pure Python and slow (10-30 ms a citation).

A source's formatted citations are a pure function of the cited entries' data, the
style's bytes, each citation's keys, locators, prefixes and suffixes (not where it
stands), the briefgen and citeproc-py versions and the engine's code. That is hashed
into a name; the value (JSON, never pickle) is kept in the on-disk cache
(:mod:`briefgen.build.cache`, kind ``citations``) and in this process (``serve`` and
``watch`` parse the same source again and again). A value that cannot be read is
computed again: the cache only ever saves time.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from .. import __version__, cite
from ..build import cache
from ..cite.model import thaw

logger = logging.getLogger(__name__)

KIND = "citations"
MAX_KEPT = 32
"""Results kept in this process."""
_KEPT: Dict[str, cite.CitationResult] = {}
_CODE: List[str] = []


def formatted(bibliography: cite.Bibliography, style: cite.CitationStyle, citations: Sequence[cite.Citation],
              in_footnote: Sequence[bool], uncited: Sequence[str] = ()) -> cite.CitationResult:
    """:func:`briefgen.cite.format_citations` of ``citations``, from the cache when it holds them.

    Unknown keys are checked first, every time (an error is never cached); ``uncited``
    (``nocite``) keys are checked by the caller, where they are written.
    """
    cite.check_keys(citations, bibliography)
    name = _name(bibliography, style, citations, in_footnote, uncited)
    kept = _KEPT.get(name)
    if kept is not None:
        return _placed(kept, citations)
    data = cache.read(KIND, name)
    if data is not None:
        try:
            result = _load(data, citations)
            _keep(name, result)
            return result
        except (ValueError, KeyError, TypeError, IndexError):
            logger.debug("unreadable cached citations %s: formatting again", name)
    result = cite.format_citations(bibliography, style, citations, in_footnote=list(in_footnote), uncited=list(uncited))
    cache.write(KIND, name, _dump(result))
    _keep(name, result)
    return result


def _keep(name: str, result: cite.CitationResult) -> None:
    if len(_KEPT) >= MAX_KEPT:
        _KEPT.clear()
    _KEPT[name] = result


def _placed(result: cite.CitationResult, citations: Sequence[cite.Citation]) -> cite.CitationResult:
    """``result`` with each formatted citation pointing at ``citations`` (this parse's positions)."""
    return cite.CitationResult(result.style_name, result.note_style,
                               tuple(cite.FormattedCitation(c, f.in_text, f.note) for c, f in zip(citations, result.citations)),
                               result.bibliography)


def _engine_code() -> str:
    """A hash of the citation engine's own code (a changed engine formats anew)."""
    if not _CODE:
        digest = hashlib.sha256()
        for path in sorted(Path(cite.__file__).parent.glob("*.py")):
            digest.update(path.read_bytes())
        _CODE.append(digest.hexdigest())
    return _CODE[0]


def _name(bibliography: cite.Bibliography, style: cite.CitationStyle, citations: Sequence[cite.Citation],
          in_footnote: Sequence[bool], uncited: Sequence[str] = ()) -> str:
    """The cache name of a formatting job (see the module's docstring)."""
    import citeproc

    keys = sorted({c.key for citation in citations for c in citation.cites} | set(uncited))
    shape = {
        "versions": [__version__, str(getattr(citeproc, "__version__", "")), _engine_code()],
        "style": hashlib.sha256(style.xml).hexdigest(),
        "style_name": style.name,
        "locale": style.locale,
        "entries": [[k, bibliography[k].type, thaw(bibliography[k].data)] for k in keys],
        "citations": [[c.narrative, [[x.key, x.prefix, x.suffix, x.locator, x.label, x.suppress_author] for x in c.cites]]
                      for c in citations],
        "in_footnote": [bool(f) for f in in_footnote],
        "uncited": list(uncited),
    }
    text = json.dumps(shape, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest() + ".json"


def _runs(runs: cite.RichText) -> List[List[Any]]:
    return [[r.text, r.italic, r.bold, r.small_caps, r.superscript, r.subscript, r.link] for r in runs]


def _rich(rows: Any) -> cite.RichText:
    return tuple(cite.Run(str(t), bool(i), bool(b), bool(sc), bool(sup), bool(sub), str(link) if link else None)
                 for t, i, b, sc, sup, sub, link in rows)


def _dump(result: cite.CitationResult) -> bytes:
    data = {
        "style_name": result.style_name,
        "note_style": result.note_style,
        "citations": [[_runs(f.in_text), None if f.note is None else _runs(f.note)] for f in result.citations],
        "bibliography": [[item.key, _runs(item.text)] for item in result.bibliography],
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")


def _load(data: bytes, citations: Sequence[cite.Citation]) -> cite.CitationResult:
    raw = json.loads(data.decode("utf-8"))
    rows = raw["citations"]
    if len(rows) != len(citations):
        raise ValueError("a cached result for other citations")
    formatted_ = tuple(cite.FormattedCitation(c, _rich(in_text), None if note is None else _rich(note))
                       for c, (in_text, note) in zip(citations, rows))
    items = tuple(cite.BibliographyItem(str(key), _rich(text)) for key, text in raw["bibliography"])
    return cite.CitationResult(str(raw["style_name"]), bool(raw["note_style"]), formatted_, items)


def clear_kept(which: Optional[str] = None) -> None:
    """Forget the results kept in this process (tests)."""
    if which is None:
        _KEPT.clear()
    else:
        _KEPT.pop(which, None)
