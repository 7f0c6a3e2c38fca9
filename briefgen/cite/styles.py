"""Citation styles: the shipped CSL files by name, or a ``.csl`` file, loaded safely.

``chicago-notes`` (the default), ``chicago-author-date`` and ``apa`` are the
files in ``briefgen/cite/styles/`` (CC BY-SA 3.0, see its README). Any other
value is a path to a ``.csl`` file, confined like images (inside the given
folder, no URL, size-limited) and parsed without DTDs, entities or network.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from lxml import etree

from ..errors import error
from ..source.images import ImageProblem, resolve_inside
from .errors import CitationError

CSL_NS = "http://purl.org/net/xbiblio/csl"
STYLES_DIR = Path(__file__).with_name("styles")
STYLE_NAMES = {
    "chicago-notes": "chicago-notes.csl",
    "chicago-notes-bibliography": "chicago-notes.csl",
    "chicago-author-date": "chicago-author-date.csl",
    "apa": "apa.csl",
}
DEFAULT_STYLE = "chicago-notes"
MAX_CSL_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class CitationStyle:
    """A CSL style ready to use: its name, XML bytes, class and title."""

    name: str
    xml: bytes
    note: bool
    title: str
    locale: str = "en-US"
    path: str = ""
    """The style file as messages show it (a shipped style: its path in the package)."""
    line: int = 1
    """The line of the ``<style>`` element (where its ``default-locale`` is)."""


def load_style(spec: Optional[str] = None, base_dir: Optional[Path] = None, path: str = "",
               line: Optional[int] = None, col: Optional[int] = None) -> CitationStyle:
    """The style named by ``spec`` (a short name or a ``.csl`` path inside ``base_dir``).

    ``path``/``line``/``col`` locate the ``csl:`` field for errors.
    """
    spec = (spec or DEFAULT_STYLE).strip()
    if spec in STYLE_NAMES:
        target = STYLES_DIR / STYLE_NAMES[spec]
        return _parse(target.read_bytes(), spec, str(target))
    if not spec.lower().endswith(".csl"):
        names = ", ".join(sorted(n for n in STYLE_NAMES if n != "chicago-notes-bibliography"))
        raise CitationError([error(path, line, f"unknown citation style '{spec}': use {names}, or a .csl file", col)])
    if base_dir is None:
        raise CitationError([error(path, line, f"style file '{spec}' has no folder to be found in", col)])
    try:
        target, info = resolve_inside(spec, base_dir, "style file", "styles")
    except ImageProblem as exc:
        raise CitationError([error(path, line, str(exc), col)]) from None
    if info.st_size > MAX_CSL_BYTES:
        raise CitationError([error(path, line, f"style file '{spec}' is {info.st_size // 1024} KiB; the limit is {MAX_CSL_BYTES // 1024} KiB", col)])
    try:
        data = target.read_bytes()[: MAX_CSL_BYTES + 1]
    except OSError as exc:
        raise CitationError([error(path, line, f"style file '{spec}' cannot be read: {exc.strerror}", col)]) from None
    return _parse(data, spec, spec)


def safe_parser() -> etree.XMLParser:
    """An lxml parser that loads no DTD, expands no entity and touches no network."""
    return etree.XMLParser(remove_comments=True, no_network=True, resolve_entities=False,
                           load_dtd=False, dtd_validation=False, huge_tree=False)


def _parse(data: bytes, name: str, shown: str) -> CitationStyle:
    """Check the XML of a CSL style and return it as a :class:`CitationStyle`."""
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (1, 1)
        raise CitationError([error(shown, line, f"not a valid CSL style (XML): {exc.msg}", col + 1)]) from None
    if root.getroottree().docinfo.internalDTD is not None or root.getroottree().docinfo.doctype:
        raise CitationError([error(shown, 1, "a CSL style may not have a DOCTYPE", 1)])
    if root.tag != f"{{{CSL_NS}}}style":
        raise CitationError([error(shown, root.sourceline or 1, "not a CSL style (the root must be <style> in the CSL namespace)", 1)])
    kind = root.get("class")
    if kind not in ("note", "in-text"):
        raise CitationError([error(shown, root.sourceline or 1, "a CSL style's class must be 'note' or 'in-text'", 1)])
    if root.find(f"{{{CSL_NS}}}citation") is None:
        raise CitationError([error(shown, root.sourceline or 1, "the CSL style has no <citation>", 1)])
    title = root.findtext(f"{{{CSL_NS}}}info/{{{CSL_NS}}}title") or name
    locale = root.get("default-locale") or "en-US"
    return CitationStyle(name, data, kind == "note", title.strip(), locale, shown, root.sourceline or 1)
