"""Footnotes that do not pair up: a reference without a note, a note nobody references.

markdown-it's footnote plugin prints a reference to an undefined label as the
literal text ``[^label]`` and drops a note that no reference uses, so a typo in
either label lost the note's text without a word. Here both are warnings at
their ``line:col`` with a did-you-mean (``--strict`` makes them errors). The
dangling reference keeps its literal text (it shows where the note was meant
to go); an unreferenced note is kept, as an endnote numbered after the others
(:func:`keep_unreferenced_notes`), so its text is never lost.
"""

from __future__ import annotations

import difflib
import logging
import re
from typing import Dict, List, Sequence, Set

from ..errors import Diagnostic, warning
from .fences import MAX_REPORTED, limit_reports

log = logging.getLogger(__name__)

REFERENCE = re.compile(r"\[\^([^\]\s]+)\]")
DEFINITION = re.compile(r"\[\^([^\]\s]+)\]:")
UNREFERENCED_KEY = "briefgen_unreferenced_notes"


def keep_unreferenced_notes(md) -> None:
    """Add a core rule, before the plugin's ``footnote_tail``, that lists every unreferenced note as an endnote."""
    md.core.ruler.before("footnote_tail", "briefgen_keep_notes", _keep)


def _keep(state) -> None:
    data = state.env.get("footnotes") if isinstance(state.env, dict) else None
    if not data:
        return
    refs, notes = data.setdefault("refs", {}), data.setdefault("list", {})
    kept = state.env.setdefault(UNREFERENCED_KEY, [])
    for key, ident in list(refs.items()):
        if ident < 0:
            new = len(notes)
            notes[new] = {"label": key[1:], "count": 0}
            refs[key] = new
            kept.append(key[1:])


def check_footnotes(tokens: Sequence, env: dict, body_lines: Sequence[str], body_offset: int,
                    path: str) -> List[Diagnostic]:
    """Warnings for references without a note and notes without a reference, each with a did-you-mean."""
    data = env.get("footnotes") or {}
    defined = [key[1:] for key in (data.get("refs") or {})]
    unreferenced: List[str] = list(env.get(UNREFERENCED_KEY, []))
    dangling = _dangling_references(tokens, set(defined), body_lines)
    diags: List[Diagnostic] = []
    spare = sorted(set(unreferenced)) or sorted(set(defined))
    for label, index, col in dangling[:MAX_REPORTED + 1]:
        hint = _did_you_mean(label, spare)
        diags.append(warning(path, body_offset + index + 1, f"the footnote reference '[^{label}]' has no note, so it "
                             f"is printed as written{hint}; write a '[^{label}]: ...' note", col))
    diags = limit_reports(diags, "footnote references without a note", len(dangling))
    missing = sorted({label for label, _i, _c in dangling})
    places = _definition_places(body_lines)
    notes: List[Diagnostic] = []
    others = sorted(set(defined) - set(unreferenced))
    for label in unreferenced[:MAX_REPORTED + 1]:
        index, col = places.get(label, (0, None))
        hint = _did_you_mean(label, missing or others)
        notes.append(warning(path, body_offset + index + 1, f"the note '[^{label}]' is never referenced; it is kept "
                             f"as the last endnote, with no reference in the text{hint}", col))
    return diags + limit_reports(notes, "notes never referenced", len(unreferenced))


def _did_you_mean(label: str, candidates: Sequence[str]) -> str:
    close = difflib.get_close_matches(label, [c for c in candidates if c != label], n=1, cutoff=0.6)
    return f" (did you mean '[^{close[0]}]'?)" if close else ""


def _definition_places(body_lines: Sequence[str]) -> Dict[str, tuple]:
    """label -> (0-based line, 1-based column) of the first ``[^label]:`` line that starts a note."""
    places: Dict[str, tuple] = {}
    for index, text in enumerate(body_lines):
        stripped = text.lstrip(" \t>")
        match = DEFINITION.match(stripped)
        if match and match.group(1) not in places:
            places[match.group(1)] = (index, len(text) - len(stripped) + 1)
    return places


def _dangling_references(tokens: Sequence, defined: Set[str], body_lines: Sequence[str]):
    """``(label, line index, column)`` of each ``[^label]`` left as text (code spans and blocks excepted)."""
    found = []
    cursor: Dict[int, int] = {}
    for tok in tokens:
        if tok.type != "inline" or not tok.map:
            continue
        for child in tok.children or []:
            if child.type != "text":
                continue
            for match in REFERENCE.finditer(child.content):
                label = match.group(1)
                if label in defined:
                    continue
                if len(found) > MAX_REPORTED:  # counted, not placed: only the first ones are printed
                    found.append((label, tok.map[0], None))
                    continue
                index, col = _locate(match.group(0), tok.map, body_lines, cursor)
                found.append((label, index, col))
    return found


def _locate(text: str, tmap, body_lines: Sequence[str], cursor: Dict[int, int]):
    """Where ``text`` next occurs in the lines of ``tmap`` (after the last one found), skipping a note's own label."""
    for index in range(tmap[0], min(tmap[1], len(body_lines))):
        line = body_lines[index]
        start = cursor.get(index, 0)
        while True:
            at = line.find(text, start)
            if at < 0:
                break
            start = at + len(text)
            if line[start:start + 1] == ":" and not line[:at].strip(" \t>"):
                continue  # a note's '[^label]:' start, not a reference
            cursor[index] = start
            return index, at + 1
    return tmap[0], None
