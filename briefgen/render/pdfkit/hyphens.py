"""Loading pyphen's hyphenation patterns fast, through briefgen's cache.

ReportLab hyphenates with pyphen, which parses a ``hyph_*.dic`` file (about
0.2 s for English, a third of the essay's memo) the first time a language is
used in a process. The parsed patterns are kept as JSON in the cache
(:mod:`briefgen.build.cache`) and put into pyphen's own per-process cache, so
ReportLab finds them already loaded. Dictionaries with nonstandard
hyphenation (``ff=f`` alternatives) are left to pyphen.
"""

from __future__ import annotations

import hashlib
import json
import logging

log = logging.getLogger(__name__)

RECIPE = "1"


def preload(language: str) -> None:
    """Put pyphen's parsed dictionary for ``language`` in its cache (from ours if we can)."""
    import pyphen

    path = pyphen.LANGUAGES.get(language)
    if path is None or path in pyphen.hdcache:
        return
    from ...build import cache

    data = path.read_bytes()
    name = hashlib.sha256(b"\0".join([data, RECIPE.encode(), pyphen.VERSION.encode()])).hexdigest() + ".json"
    cached = cache.read("hyphenation", name)
    if cached is not None:
        try:
            table = json.loads(cached)
            hyph = pyphen.HyphDict.__new__(pyphen.HyphDict)
            hyph.patterns = {k: (v[0], tuple(v[1])) for k, v in table["patterns"].items()}
            hyph.cache = {}
            hyph.maxlen = table["maxlen"]
            pyphen.hdcache[path] = hyph
            return
        except (ValueError, KeyError, TypeError, IndexError):
            log.debug("unusable hyphenation cache %s", name)
    hyph = pyphen.HyphDict(path)
    pyphen.hdcache[path] = hyph
    if all(all(type(v) is int for v in values) for _start, values in hyph.patterns.values()):
        table = {"maxlen": hyph.maxlen, "patterns": {k: [s, list(v)] for k, (s, v) in hyph.patterns.items()}}
        cache.write("hyphenation", name, json.dumps(table, sort_keys=True, separators=(",", ":")).encode("utf-8"))
