"""A strict, safe YAML reader that keeps line numbers.

PyYAML's event stream (``yaml.parse`` with the safe loader's scanner) is turned
into a small tree of :class:`YScalar`, :class:`YSeq` and :class:`YMap` nodes
without PyYAML's composer or constructor, so:

* no tag is honoured (``!!python/object`` is an error, nothing is constructed);
* anchors and aliases are refused outright (no alias-expansion bombs);
* nesting deeper than :data:`MAX_DEPTH` is an error (no ``RecursionError``);
* a key given twice is an error naming its line;
* scalars stay strings; :meth:`YScalar.implicit_type` tells what YAML 1.1 would
  have coerced a plain scalar into, so callers can refuse silent coercion.

Lines are 1-based and shifted by ``line_offset`` so that messages point into the
whole source file, not into the front matter block alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple, Union

from .errors import Diagnostic, error

MAX_DEPTH = 32
"""Deepest nesting of lists and mappings accepted in a YAML document."""

_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_INT = re.compile(r"^[-+]?(?:0b[0-1_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_TIMESTAMP = re.compile(r"^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:(?:[Tt]|[ \t]+).*)?$")


@dataclass
class YScalar:
    """A scalar value, always kept as the text written."""

    value: str
    line: int
    col: int
    plain: bool
    raw: str = ""
    """The scalar as written in the file (quotes, escapes and line breaks included)."""

    def implicit_type(self) -> str:
        """What YAML 1.1 would make of this scalar: str, null, bool, int, float or date."""
        if not self.plain:
            return "str"
        v = self.value
        if _NULL.match(v):
            return "null"
        if _BOOL.match(v):
            return "bool"
        if _INT.match(v):
            return "int"
        if _FLOAT.match(v):
            return "float"
        if _TIMESTAMP.match(v):
            return "date"
        return "str"


@dataclass
class YSeq:
    """A sequence of nodes."""

    items: List["YNode"]
    line: int
    col: int


@dataclass
class YMap:
    """A mapping from string keys to nodes; ``key_lines`` and ``key_cols`` hold each key's position."""

    items: Dict[str, "YNode"]
    key_lines: Dict[str, int]
    line: int
    col: int
    order: List[str] = field(default_factory=list)
    key_cols: Dict[str, int] = field(default_factory=dict)


YNode = Union[YScalar, YSeq, YMap]


class YamlProblem(Exception):
    """Raised by :func:`load` with the diagnostic to report."""

    def __init__(self, diag: Diagnostic) -> None:
        self.diag = diag
        super().__init__(str(diag))


def load(text: str, path: str, line_offset: int = 0, fast: bool = False) -> Optional[YNode]:
    """Read one YAML document into a node tree, or ``None`` when it is empty.

    Raises :class:`YamlProblem` with a ``path:line`` diagnostic for any syntax
    error, tag, anchor, alias, duplicate key, non-scalar key or excess nesting.

    ``fast`` reads the events with libyaml's C parser when PyYAML has it (about
    fifteen times faster: layout files such as ``memo.yaml`` are read by every
    build). Its events carry the same values and marks; any problem it reports
    is read again with the pure-Python parser, so every diagnostic is the
    same either way. Sources keep the pure parser, which is the stricter of
    the two (it refuses a tab after ``key:``, for one).
    """
    import yaml  # imported lazily: only sources and layouts being parsed pay for it

    if fast and getattr(yaml, "__with_libyaml__", False):
        try:
            return _load_events(yaml, text, path, line_offset, yaml.CSafeLoader)
        except Exception:  # noqa: BLE001 - the pure parser gives the located message
            pass
    return _load_events(yaml, text, path, line_offset, yaml.SafeLoader)


def _load_events(yaml, text: str, path: str, line_offset: int, loader) -> Optional[YNode]:
    """:func:`load` with the events of ``loader``'s parser."""

    def at(mark: "yaml.Mark | None") -> Tuple[int, int]:
        if mark is None:
            return (line_offset + 1, 1)
        return (mark.line + 1 + line_offset, mark.column + 1)

    def fail(mark: "yaml.Mark | None", message: str) -> "YamlProblem":
        line, col = at(mark)
        return YamlProblem(error(path, line, message, col))

    stack: List[Union[YSeq, YMap]] = []
    pending_key: List[Optional[YScalar]] = []
    root: Optional[YNode] = None
    seen_doc = False

    def attach(node: YNode, mark: "yaml.Mark") -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if isinstance(parent, YSeq):
            parent.items.append(node)
            return
        key = pending_key[-1]
        if key is None:
            if not isinstance(node, YScalar):
                raise fail(mark, "a mapping key must be plain text")
            pending_key[-1] = node
            return
        name = key.value
        if name in parent.items:
            raise fail(
                _mark_of(key, line_offset),
                f"'{name}' is given twice (first on line {parent.key_lines[name]})",
            )
        parent.items[name] = node
        parent.key_lines[name] = key.line
        parent.key_cols[name] = key.col
        parent.order.append(name)
        pending_key[-1] = None

    try:
        for event in yaml.parse(text, Loader=loader):
            kind = type(event).__name__
            if kind == "DocumentStartEvent":
                if seen_doc:
                    raise fail(event.start_mark, "only one YAML document is allowed here")
                seen_doc = True
                continue
            if kind == "AliasEvent":
                raise fail(event.start_mark, "YAML aliases (*name) are not allowed in a brief")
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                raise fail(event.start_mark, f"YAML anchors (&{anchor}) are not allowed in a brief")
            tag = getattr(event, "tag", None)
            implicit = getattr(event, "implicit", None)
            explicit_tag = tag is not None and tag != "!" and not (
                isinstance(implicit, tuple) and (implicit[0] or implicit[1])
            ) and kind == "ScalarEvent"
            if tag is not None and kind != "ScalarEvent" and not getattr(event, "implicit", True):
                explicit_tag = True
            if explicit_tag:
                raise fail(event.start_mark, f"YAML tags ({tag}) are not allowed in a brief: quote the value")
            line, col = at(event.start_mark)
            if kind == "ScalarEvent":
                plain = not event.style  # the C parser says "" where the pure one says None
                raw = text[event.start_mark.index : event.end_mark.index]
                attach(YScalar(event.value, line, col, plain, raw), event.start_mark)
            elif kind == "SequenceStartEvent":
                if len(stack) >= MAX_DEPTH:
                    raise fail(event.start_mark, f"the YAML is nested more than {MAX_DEPTH} levels deep")
                node = YSeq([], line, col)
                attach(node, event.start_mark)
                stack.append(node)
                pending_key.append(None)
            elif kind == "MappingStartEvent":
                if len(stack) >= MAX_DEPTH:
                    raise fail(event.start_mark, f"the YAML is nested more than {MAX_DEPTH} levels deep")
                node = YMap({}, {}, line, col)
                attach(node, event.start_mark)
                stack.append(node)
                pending_key.append(None)
            elif kind in ("SequenceEndEvent", "MappingEndEvent"):
                stack.pop()
                pending_key.pop()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "\\t" in problem or "\t" in problem or "tab" in problem.lower():
            problem += " (use spaces, not tabs, to indent YAML)"
        elif problem.startswith("mapping values are not allowed") and mark is not None:
            problem += _quote_hint(text, mark.line)
        raise fail(mark, f"invalid YAML: {problem}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (a control character...)
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        line = line_offset + 1 + text[: exc.position].count("\n")
        raise YamlProblem(error(path, line, f"invalid YAML: the character U+{char:04X} is not allowed here (remove it)")) from None
    except yaml.YAMLError as exc:  # pragma: no cover - defensive: unmarked errors
        raise YamlProblem(error(path, line_offset + 1, f"invalid YAML: {exc}")) from None
    except RecursionError:  # pragma: no cover - the depth check runs first
        raise YamlProblem(error(path, line_offset + 1, "the YAML is nested too deeply")) from None
    return root


_KEY_VALUE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*):\s+(\S.*?)\s*$")


def _quote_hint(text: str, index: int) -> str:
    """A hint for a value holding ``": "`` (``title: Budget: FY2027``): the line as it should read."""
    lines = text.split("\n")
    found = _KEY_VALUE.match(lines[index]) if 0 <= index < len(lines) else None
    if found is None or found.group(2).startswith(('"', "'")):
        return " (a value that contains ': ' must be quoted)"
    value = found.group(2).replace("\\", "\\\\").replace('"', '\\"')
    return f"; a value that contains ': ' must be quoted: {found.group(1)}: \"{value}\""


def _mark_of(node: YScalar, line_offset: int) -> "object":
    class _M:
        line = node.line - 1 - line_offset
        column = node.col - 1

    return _M()


def to_python(node: Optional[YNode]) -> object:
    """Convert a node tree to plain dicts, lists and strings (no coercion)."""
    if node is None:
        return None
    if isinstance(node, YScalar):
        return node.value
    if isinstance(node, YSeq):
        return [to_python(n) for n in node.items]
    return {k: to_python(v) for k, v in node.items.items()}


def describe(node: YNode) -> str:
    """A short description of a node's kind for messages: text, list or mapping."""
    if isinstance(node, YScalar):
        return "text"
    if isinstance(node, YSeq):
        return "a list"
    return "a mapping"
