"""BibTeX name lists (``Last, First and {Corporate Author}``) to CSL name objects."""

from __future__ import annotations

from typing import Dict, List

from .latex import latex_to_text


def _split_top(text: str, sep: str) -> List[str]:
    """``text`` split on ``sep`` (case-insensitive, whole words) outside braces."""
    parts, depth, start, i, low = [], 0, 0, 0, text.lower()
    while i < len(text):
        ch = text[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
        elif depth == 0 and low.startswith(sep, i):
            parts.append(text[start:i])
            i += len(sep)
            start = i
            continue
        i += 1
    parts.append(text[start:])
    return parts


def parse_names(value: str) -> List[Dict[str, str]]:
    """CSL names from a BibTeX ``author``/``editor`` field.

    ``{Congressional Research Service}`` (wholly braced) is a literal name;
    ``Last, First``, ``Last, Jr., First`` and ``First von Last`` are split.
    """
    names: List[Dict[str, str]] = []
    for raw in _split_top(" ".join(value.split()), " and "):
        raw = raw.strip()
        if not raw:
            continue
        if raw.startswith("{") and raw.endswith("}") and _balanced(raw[1:-1]):
            names.append({"literal": latex_to_text(raw[1:-1])})
            continue
        pieces = [p.strip() for p in _split_top(raw, ",")]
        if len(pieces) >= 2:
            family, given = pieces[0], pieces[-1]
            suffix = pieces[1] if len(pieces) == 3 else ""
        else:
            words = _split_top(raw, " ")
            family, given, suffix = words[-1], " ".join(words[:-1]), ""
            for i, word in enumerate(words[:-1]):
                if word[:1].islower():  # "Ludwig van Beethoven": the particle starts the family name
                    family, given = " ".join(words[i:]), " ".join(words[:i])
                    break
        name = {"family": latex_to_text(family)}
        if given:
            name["given"] = latex_to_text(given)
        if suffix:
            name["suffix"] = latex_to_text(suffix)
        names.append(name)
    return names


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += ch == "{"
        depth -= ch == "}"
        if depth < 0:
            return False
    return depth == 0
