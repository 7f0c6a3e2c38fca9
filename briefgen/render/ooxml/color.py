"""Colours for OOXML: a theme's ``#RRGGBB`` (or ``RRGGBB``) as the six upper-case hex digits OOXML stores."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


def hex_digits(color: str) -> str:
    """``"#1f4e79"`` as ``"1F4E79"`` (the ``val`` of an ``a:srgbClr``)."""
    return color.lstrip("#").upper()


def rgb(color: str) -> Any:
    """``color`` as python-pptx's ``RGBColor`` (for ``font.color.rgb``, ``fill.fore_color.rgb``...)."""
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_digits(color))
