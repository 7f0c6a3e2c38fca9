"""``handout/handout.yaml`` as typed, frozen settings, read and checked once per layout.

The handout's screen page and its print PDF read :class:`HandoutSettings` fields
(``load_settings(layout).contents.min_pages``), never the YAML; each key has its one
default here. A bad value is a :class:`~briefgen.errors.LayoutError` at its line in the
layout file that sets it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Mapping, Optional, Tuple

from ...errors import LayoutError, error
from ...layout.locate import locate_key

log = logging.getLogger(__name__)

SETTINGS_FILE = "handout/handout.yaml"


@dataclass(frozen=True)
class ContentsSettings:
    """``contents:``: when a handout is long enough for contents, and how the screen page counts pages."""

    #: the handout gets contents when it is longer than this many printed pages (0: always)
    min_pages: int = 8
    #: the screen page has no pages: it counts words and assumes this many a page
    words_per_page: int = 450


@dataclass(frozen=True)
class PrintSettings:
    """``print:``: how the print PDF sets its text (the screen page does not read these)."""

    #: characters a line of the prose column (60-75 reads comfortably); tables, figures and boxes
    #: take the whole text width. 0: the prose runs the whole text width too.
    measure: int = 66


@dataclass(frozen=True)
class HandoutSettings:
    """Every typed section of ``handout/handout.yaml``."""

    contents: ContentsSettings = ContentsSettings()
    print: PrintSettings = PrintSettings()


#: The least each whole-number key of ``contents:`` may be.
_MINIMUM = {"min_pages": 0, "words_per_page": 1}

#: The bounds of ``print.measure`` (0 aside: the whole text width): under 30 characters a line is a
#: narrow column, not a page's text; over 120 no page holds it at a readable size.
MEASURE_RANGE = (30, 120)

_CACHE: Dict[Tuple[Tuple[str, int, int], ...], HandoutSettings] = {}


def load_settings(layout: Any) -> HandoutSettings:
    """The layout's handout settings, checked (cached by the files' identity along the chain)."""
    files = [Path(folder) / SETTINGS_FILE for folder in getattr(layout, "chain", ())]
    key = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) if f.is_file() else (str(f), 0, 0) for f in files)
    found = _CACHE.get(key)
    if found is None:
        data = layout.load_data(SETTINGS_FILE) if layout.find(SETTINGS_FILE) else {}
        found = read_settings(data, layout, [f for f in files if f.is_file()])
        if len(_CACHE) > 32:  # a long-lived process (watch, serve) editing layouts
            _CACHE.clear()
        _CACHE[key] = found
    return found


def read_settings(data: Mapping[str, Any], layout: Any, files: Any) -> HandoutSettings:
    """The typed settings of the merged ``data`` (raises at the first bad value, located in ``files``)."""
    def fail(keys: Tuple[str, ...], message: str, at_key: bool = False) -> LayoutError:
        where = locate_key(files, keys, at_key) or (str(layout.find(SETTINGS_FILE) or SETTINGS_FILE), None, None)
        return LayoutError([error(where[0], where[1], message, where[2])])

    return HandoutSettings(contents=_read_contents(data, fail), print=_read_print(data, fail))


def _whole(value: Any) -> Optional[int]:
    """``value`` as an int when it is a whole number (the layout reader gives scalars as strings), else None."""
    text = str(value).strip()
    return None if isinstance(value, bool) or not text.isdigit() else int(text)


def _read_contents(data: Mapping[str, Any], fail: Callable[..., LayoutError]) -> ContentsSettings:
    raw = data.get("contents") or {}
    if not isinstance(raw, Mapping):
        raise fail(("contents",), "'contents' must be a mapping (min_pages, words_per_page)")
    values: Dict[str, int] = {}
    for name, value in raw.items():
        if name not in _MINIMUM:
            raise fail(("contents", str(name)), f"unknown contents setting '{name}' (known: {', '.join(_MINIMUM)})", at_key=True)
        number = _whole(value)
        if number is None or number < _MINIMUM[name]:
            raise fail(("contents", str(name)), f"contents.{name} must be a whole number (got {value!r})")
        values[str(name)] = number
    return ContentsSettings(**values)


def _read_print(data: Mapping[str, Any], fail: Callable[..., LayoutError]) -> PrintSettings:
    raw = data.get("print") or {}
    if not isinstance(raw, Mapping):
        raise fail(("print",), "'print' must be a mapping (measure)")
    for name in raw:
        if name != "measure":
            raise fail(("print", str(name)), f"unknown print setting '{name}' (known: measure)", at_key=True)
    if "measure" not in raw:
        return PrintSettings()
    low, high = MEASURE_RANGE
    number = _whole(raw["measure"])
    if number is None or (number != 0 and not low <= number <= high):
        raise fail(("print", "measure"), f"print.measure must be 0 or a whole number of characters from {low} to {high} "
                                         f"(got {raw['measure']!r})")
    return PrintSettings(measure=number)
