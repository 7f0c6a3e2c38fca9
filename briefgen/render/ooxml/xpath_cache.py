"""Compiled XPath for python-pptx's element lookups (a deck's hot path).

python-pptx finds every placeholder, run and property with
``BaseOxmlElement.xpath(expr)``, which hands the expression *text* to lxml:
lxml compiles it again on each call (about 60 µs; a compiled
:class:`lxml.etree.XPath` answers in about 7 µs). A deck render makes
thousands of such lookups, most of its time. :func:`install` replaces the
method with one that compiles each distinct expression once, with the same
namespace map, so every result is the same list the library's own method
returns (``tests/build/test_speed_caches.py`` checks this against the original).

python-pptx is pinned in ``requirements.lock``; if a release changes the
method this relies on, :func:`install` leaves the library alone.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Dict, Optional

log = logging.getLogger(__name__)

_ORIGINAL: Optional[Callable[..., Any]] = None


def install() -> bool:
    """Make python-pptx's ``xpath`` use compiled expressions; ``True`` when active."""
    global _ORIGINAL
    if _ORIGINAL is not None:  # installed once per process (a later wrapper, e.g. a test's, stays)
        return True
    from lxml import etree
    from pptx.oxml import xmlchemy

    element = getattr(xmlchemy, "BaseOxmlElement", None)
    nsmap = getattr(xmlchemy, "_nsmap", None)
    current = getattr(element, "xpath", None)
    if getattr(current, "_briefgen_compiled", False):
        return True
    if element is None or not isinstance(nsmap, dict) or current is None:
        log.debug("python-pptx has no BaseOxmlElement.xpath/_nsmap: XPath left uncompiled")
        return False
    compiled: Dict[str, Any] = {}
    namespaces = dict(nsmap)

    def xpath(self: Any, xpath_str: str) -> Any:
        """``lxml``'s ``xpath`` with python-pptx's namespaces, compiled once per expression."""
        fn = compiled.get(xpath_str)
        if fn is None:
            fn = compiled[xpath_str] = etree.XPath(xpath_str, namespaces=namespaces)
        return fn(self)

    xpath._briefgen_compiled = True  # type: ignore[attr-defined]
    xpath.__wrapped__ = current  # type: ignore[attr-defined]
    _ORIGINAL = current
    element.xpath = xpath
    return True


def original() -> Optional[Callable[..., Any]]:
    """python-pptx's own ``xpath`` method, once :func:`install` replaced it (for tests)."""
    return _ORIGINAL
