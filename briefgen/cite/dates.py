"""Dates as written in bibliographies (ISO 8601 and EDTF-lite) to CSL date objects."""

from __future__ import annotations

import re
from typing import Any, Dict, List

_ISO = re.compile(r"^(?P<y>-?\d{1,4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?(?:T.*)?$")


def parse_date(text: str) -> Dict[str, Any]:
    """``{"date-parts": [[y, m, d]]}`` (two parts for a ``a/b`` range), else ``{"literal": text}``."""
    text = text.strip()
    uncertain = text.endswith(("?", "~"))
    core = text.rstrip("?~")
    parts: List[List[int]] = []
    for piece in core.split("/") if "/" in core else [core]:
        match = _ISO.match(piece.strip())
        if match is None:
            return {"literal": text}
        numbers = [int(match.group("y"))]
        for name, high in (("m", 12), ("d", 31)):
            value = match.group(name)
            if value is None:
                break
            if not 1 <= int(value) <= high:
                return {"literal": text}
            numbers.append(int(value))
        parts.append(numbers)
    result: Dict[str, Any] = {"date-parts": parts}
    if uncertain:
        result["circa"] = True
    return result
