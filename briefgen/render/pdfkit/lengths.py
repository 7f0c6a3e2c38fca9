"""Lengths as ``memo.yaml`` writes them: ``12pt``, ``0.5in``, ``10mm``, ``1cm`` or a bare number of points."""

from __future__ import annotations

import logging
import re
from typing import Any, Callable

log = logging.getLogger(__name__)

_UNITS = {"pt": 1.0, "in": 72.0, "mm": 72.0 / 25.4, "cm": 72.0 / 2.54, "": 1.0}
_LENGTH = re.compile(r"^\s*(-?[0-9]*\.?[0-9]+)\s*(pt|in|mm|cm|)\s*$")


def parse_length(value: Any, bad: Callable[[], Exception]) -> float:
    """Parse ``12pt`` / ``0.5in`` / ``10mm`` / ``1cm`` / ``12`` into points; ``bad()`` makes the located error."""
    match = _LENGTH.match(str(value))
    if not match:
        raise bad()
    return float(match.group(1)) * _UNITS[match.group(2)]
