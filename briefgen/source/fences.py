"""``:::`` divs that are never closed: found at their opening line, never silently swallowing text.

markdown-it's container plugin closes a div at the first ``:::`` line with at
least its number of colons, and a div left open runs to the end of the
document (or of the div holding it), taking everything after it: an unclosed
``::: slide`` turned the next paragraph into a bullet and hid a chart, an
unclosed ``::: notes`` hid a whole section. :func:`flag_unclosed` marks the
divs markdown-it had to close by itself; :func:`check_fences` matches the
body's fence lines the way a writer reads them (a bare ``:::`` closes the
innermost open div with the same number of colons, else the innermost one),
outside code blocks, and reports each div left open as an error at its opening
line. A div that only markdown-it finds unclosed (a div inside another, both
with three colons) gets an error saying to open the outer one with more colons.
A bare ``:::`` that closes nothing is a warning (it is printed as text).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Set

from ..errors import Diagnostic, error, warning

log = logging.getLogger(__name__)

FENCE_LINE = re.compile(r"^((?:[ \t]*>)*[ \t]*)(:{3,})[ \t]*(.*?)[ \t]*$")
"""A ``:::`` line (also inside a block quote): its indent, its colons and what follows them."""


def flag_unclosed(md, names: Sequence[str]) -> None:
    """Wrap each ``container_NAME`` block rule so a div closed only by the end of its parent has ``meta["unclosed"]``."""
    for name in names:
        rule_name = "container_" + name
        rule = next(r for r in md.block.ruler.__rules__ if r.name == rule_name)
        md.block.ruler.at(rule_name, _flagging(rule.fn), {"alt": list(rule.alt)})


def _flagging(inner):
    def rule(state, start_line: int, end_line: int, silent: bool) -> bool:
        first = len(state.tokens)
        found = inner(state, start_line, end_line, silent)
        if found and not silent and first < len(state.tokens):
            opener = state.tokens[first]
            # the plugin leaves state.line one past its closing line; an auto-closed div, on its end
            if opener.map and state.line == opener.map[1]:
                opener.meta = {**(opener.meta or {}), "unclosed": True}
        return found

    return rule


MAX_REPORTED = 50
"""At most this many diagnostics of one kind; the rest are counted in one more (a source cannot flood the terminal)."""


def limit_reports(diags: List[Diagnostic], what: str, total: Optional[int] = None) -> List[Diagnostic]:
    """``diags`` cut to :data:`MAX_REPORTED`, plus one at the next one's place counting the rest (of ``total``)."""
    if len(diags) <= MAX_REPORTED:
        return diags
    rest = diags[MAX_REPORTED]
    more = (total or len(diags)) - MAX_REPORTED
    return diags[:MAX_REPORTED] + [Diagnostic(rest.path, rest.line, f"... and {more} more {what} from here on",
                                              rest.severity, rest.col)]


@dataclass
class _Open:
    index: int
    kind: str
    colons: int
    col: int
    token: Optional[object]
    least: int = 0
    """The fewest colons of this div and every div around it (so a closer that closes nothing is seen at once)."""


def _push(stack: List[_Open], div: _Open) -> None:
    div.least = min(div.colons, stack[-1].least) if stack else div.colons
    stack.append(div)


def _closed_by(stack: List[_Open], colons: int) -> int:
    """The index in ``stack`` of the div a closer of ``colons`` colons ends: the innermost with as many colons
    (looked for among the 64 innermost), else the innermost with fewer (every div above it is left open)."""
    for k in range(len(stack) - 1, max(len(stack) - 65, -1), -1):
        if stack[k].colons == colons:
            return k
    at = len(stack) - 1
    while stack[at].colons > colons:
        at -= 1
    return at


def check_fences(tokens: Sequence, body_lines: Sequence[str], body_offset: int, path: str) -> List[Diagnostic]:
    """Errors for ``:::`` divs never closed (at their opening line), warnings for closers that close nothing.

    Marks every div token left open with ``meta["unclosed"]``, so the converter
    does not read a chart from lines that are not its own.
    """
    code: Set[int] = set()
    openers: Dict[int, object] = {}
    for tok in tokens:
        if not tok.map:
            continue
        if tok.type in ("fence", "code_block"):
            code.update(range(tok.map[0], tok.map[1]))
        elif tok.type.startswith("container_") and tok.type.endswith("_open"):
            openers[tok.map[0]] = tok
    strays: List[Diagnostic] = []
    stray_count = 0
    stack: List[_Open] = []
    left_open: List[_Open] = []
    for index, text in enumerate(body_lines):
        if index in code:
            continue
        if index in openers:  # also where the line starts with a list marker ("- ::: pullquote")
            tok = openers[index]
            kind = tok.type[len("container_"):-len("_open")]
            _push(stack, _Open(index, kind, len(tok.markup), max(text.find(tok.markup), 0) + 1, tok))
            continue
        match = FENCE_LINE.match(text)
        if not match:
            continue
        colons, rest = len(match.group(2)), match.group(3)
        col = len(match.group(1)) + 1
        if rest:  # a div of a kind the parser does not know: its text is kept; pair its closer anyway
            _push(stack, _Open(index, rest.split()[0].strip("{}."), colons, col, None))
        elif not stack or stack[-1].least > colons:
            stray_count += 1
            if stray_count > MAX_REPORTED + 1:
                continue
            strays.append(warning(path, body_offset + index + 1, "this ':::' closes no open block, so it is printed "
                                 "as text; remove it, or check the '::: ...' line it was meant to close", col))
        else:
            at = _closed_by(stack, colons)
            left_open.extend(stack[at + 1:])
            del stack[at:]
    left_open.extend(stack)
    diags = limit_reports(strays, "':::' lines that close no open block", stray_count)
    unclosed: List[Diagnostic] = []
    reported: Set[int] = set()
    for div in sorted(left_open, key=lambda o: o.index):
        if div.token is None:
            continue
        div.token.meta = {**(div.token.meta or {}), "unclosed": True}
        reported.add(div.index)
        unclosed.append(error(path, body_offset + div.index + 1, f"the `{':' * div.colons} {div.kind}` opened at line "
                           f"{body_offset + div.index + 1} is never closed: end it with a ':::' line (until then "
                           "it takes in everything after it)", div.col))
    diags.extend(limit_reports(unclosed, "divs never closed"))
    if not reported:
        diags.extend(_nested_too_short(openers, body_lines, body_offset, path))
    return diags


def _nested_too_short(openers: Dict[int, object], body_lines: Sequence[str], body_offset: int,
                      path: str) -> List[Diagnostic]:
    """Divs markdown-it closed at their parent's end although every fence pairs up: same-length nesting."""
    diags = []
    flagged = [(start, tok) for start, tok in sorted(openers.items()) if (tok.meta or {}).get("unclosed")]
    for start, tok in flagged[:MAX_REPORTED + 1]:
        end = tok.map[1]
        parents = [o for s, o in openers.items() if s < start and o.map[1] >= end]
        parent = max(parents, key=lambda o: o.map[0]) if parents else None
        kind = tok.type[len("container_"):-len("_open")]
        where = body_offset + start + 1
        if parent is not None:
            outer = parent.type[len("container_"):-len("_open")]
            message = (f"the `{tok.markup} {kind}` opened at line {where} is inside the `{parent.markup} {outer}` "
                       f"opened at line {body_offset + parent.map[0] + 1}, and the first ':::' line closes that one: "
                       f"open the outer div with more colons (`{parent.markup}: {outer}` ... `{parent.markup}:`)")
        else:
            message = f"the `{tok.markup} {kind}` opened at line {where} is never closed: end it with a ':::' line"
        line = body_lines[start] if start < len(body_lines) else ""
        diags.append(error(path, where, message, len(line) - len(line.lstrip(" \t>")) + 1))
    return limit_reports(diags, "divs nested with too few colons", len(flagged))
