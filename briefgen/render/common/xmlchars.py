"""Characters an XML 1.0 document cannot carry, and text without them.

XML 1.0 forbids most C0 controls, lone surrogates and the noncharacters
U+FFFE/U+FFFF; the C1 controls are legal but never wanted in a document. The
deck writes text into OOXML parts, so its planner and its writer both strip them.
"""

from __future__ import annotations

import logging
import re

log = logging.getLogger(__name__)

BAD_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 forbids, plus C1 controls and noncharacters: never written."""


def strip_controls(text: str) -> str:
    """Drop characters XML cannot carry, keeping all other text as is."""
    return BAD_XML_CHARS.sub("", text)
