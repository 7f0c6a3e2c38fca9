"""citeproc-py, wrapped: our element fixes, a safe style loader and a plain-text source.

citeproc-py 0.11 implements CSL 1.0.1 with gaps that show in Chicago and APA
output. Rather than patch the library, the style is parsed with our own lxml
class lookup, which swaps in subclasses of its elements:

* ``cs:label`` for a variable the entry lacks renders nothing (CSL 1.0.2 §
  Label); citeproc-py printed the bare term ("Edition").
* ``cs:name initialize="false"`` keeps given names whole (citeproc-py ignored it
  and printed "B. Goldman" where Chicago wants "Ben Goldman").
* ``cs:names`` (with ``cs:layout``) knows two per-cite modes citeproc-py lacks: *suppress author*
  (pandoc's ``[-@key]``) drops the first names the layout renders, and every
  citation records that first names text (the author for a narrative ``@key``).

* ``cs:if``/``cs:else-if`` ``is-numeric`` follows CSL ("18-2059" is numeric).
* ``cs:text text-case="title"`` no longer capitalizes a stop word after "U.S.", and
  capitalizes the parts of a hyphenated compound ("Two-Week", CMOS 17 8.161).
* ``cs:text term="retrieved"`` prints nothing for an entry with no access date (APA
  printed "Retrieved https://..." for an undated report).
* ``cs:key`` compares sort keys without the formatter's marks and opening quotes.
* ``cs:substitute`` suppresses, in the rest of the entry, the variables its macros
  rendered (citeproc-py did so only for a directly named variable).

A hyphenated identifier (``117-58``, a Public Law number) is not a range for
the ``number`` label, so it reads "Pub. L. No. 117-58", not "Nos.".
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Dict, Optional

from citeproc import CitationStylesStyle
from citeproc.model import (CitationStylesElement, Else_If, If, Key, Label, Layout, Name, Names, Substitute,
                            Text, TextCased)
from citeproc.source import BibliographySource, CitationItem
from citeproc.source.json import CiteProcJSON
from citeproc.string import String
from lxml import etree

from .styles import CSL_NS, CitationStyle, safe_parser


class CiteState:
    """Per-cite state read by :class:`FixedNames`: suppress the author, record it."""

    def __init__(self, suppress: bool) -> None:
        self.suppress = suppress
        self.captured: Optional[str] = None
        self.depth = 0
        self.armed = False  # True only while the citation layout renders this cite (not its sort keys)


def state_of(item: Any) -> Optional[CiteState]:
    """The :class:`CiteState` attached to a citeproc ``CitationItem``, if any."""
    return item.__dict__.get("bg_state") if hasattr(item, "__dict__") else None


class _MacroCache:
    """``get_macro`` by a dictionary built once per style, not an XPath query per call.

    citeproc-py searched the whole style for each macro reference (tens of thousands
    of XPath queries per document with Chicago's 6,000-line style): most of its time.
    The cache lives on the style's root element, which :class:`Style` keeps alive.
    """

    def get_macro(self, name):
        root = self.get_root()
        cache = getattr(root, "bg_macros", None)
        if cache is None:
            cache = {m.get("name"): m for m in root.iterfind(f"{{{CSL_NS}}}macro")}
            root.bg_macros = cache
        return cache[name]

    def get_layout(self):
        node = self
        while node is not None and node.tag != f"{{{CSL_NS}}}layout":
            node = node.getparent()
        if node is None:
            return super().get_layout()
        return node


class FixedLabel(Label):
    """``cs:label``: nothing for an absent variable; hyphenated numbers are singular."""

    def process(self, item, variable=None, plural=None, context=None, **kwargs):
        own = variable is None
        name = self.get("variable") if own else variable
        if own and name == "locator" and not item.has_locator:
            return None
        if own and name != "locator" and name.replace("-", "_") not in item.reference:
            return None
        if own and plural is None and name == "number":
            value = str(item.reference["number"])
            plural = any(sep in value for sep in (",", "&", "–", " - "))
        return super().process(item, variable=variable, plural=plural, context=context, **kwargs)


class FixedName(Name):
    """``cs:name``: honours ``initialize="false"``."""

    def get_option(self, name, context=None, sort_options=None):
        if name == "initialize-with" and self.get("initialize") == "false":
            return None
        return super().get_option(name, context, sort_options)


class FixedNames(Names):
    """``cs:names``: records (and, for ``[-@key]``, suppresses) the first names rendered."""

    def render(self, item, *args, **kwargs):
        state = state_of(item)
        if state is None or not state.armed or state.depth or state.captured is not None:
            return super().render(item, *args, **kwargs)
        state.depth += 1
        try:
            text = super().render(item, *args, **kwargs)
        finally:
            state.depth -= 1
        if text is None:
            return None
        state.captured = str(text)
        return None if state.suppress else text


class FixedLayout(_MacroCache, Layout):
    """``cs:layout``: arms a cite's :class:`CiteState` while the cite itself is rendered.

    citeproc-py renders the citation's sort keys (APA sorts by author) with the same
    elements before the layout; those renders must neither record nor suppress.
    """

    def render_children(self, item, *args, **kwargs):
        state = state_of(item)
        if state is not None:
            state.armed = True
        try:
            return super().render_children(item, *args, **kwargs)
        finally:
            if state is not None:
                state.armed = False


_NUMERIC = re.compile(r"^\s*[A-Za-z]*\d+[A-Za-z]*(?:\s*(?:[-–,&]|and)\s*[A-Za-z]*\d+[A-Za-z]*)*\s*$")


class _NumericTest:
    """``is-numeric`` as CSL 1.0.2 defines it: "2-4", "18-2059", "2, 3 & 5" are numeric.

    citeproc-py took only a single number, so APA printed "NIH Publication 18-2059"
    without its "No." label; and it looked for ``locator`` in the entry, where it never
    is, so every style dropped a locator's label ("chap. 6" printed "6").
    """

    def _is_numeric(self, item):
        out = []
        for var in self.get("is-numeric").split():
            name = var.replace("-", "_")
            if name == "locator":  # the cite's own variable, not the entry's: "chap. 6" keeps its label
                locator = getattr(item, "locator", None) if getattr(item, "has_locator", False) else None
                out.append(locator is not None and bool(_NUMERIC.match(str(locator.identifier))))
                continue
            out.append(name in item.reference and bool(_NUMERIC.match(str(item.reference[name]))))
        return out


class FixedIf(_NumericTest, If):
    """``cs:if`` with the CSL ``is-numeric`` test."""


class FixedElseIf(_NumericTest, Else_If):
    """``cs:else-if`` with the CSL ``is-numeric`` test."""


def title_case(text):
    """CSL title case: stop words lower-case except first, last and after a colon.

    citeproc-py also capitalized them after any period, so "U.S. and China" became
    "U.S. And China".
    """
    words = list(text.words())
    output = []
    prev = ":"
    for index, word in enumerate(words):
        edge = index in (0, len(words) - 1) or prev in (":", "?", "!", "—")
        if word.islower() and (str(word) not in TextCased._stop_words or edge):
            word = _hyphen_parts_capitalized(word.capitalize_first())
        elif word.islower():
            word = word.soft_lower()
        prev = str(word)[-1:]
        output.append(word)
    return " ".join(str(w) for w in output)


_PREFIXES = frozenset("anti co counter e inter intra multi non post pre pro re semi sub super un".split())


def _hyphen_parts_capitalized(word):
    """"Two-week" -> "Two-Week" (CMOS 17 8.161): later parts of a hyphenated compound capitalized,
    except function words and after a prefix ("Re-election", "E-mail"). Plain strings only."""
    text = str(word)
    if "-" not in text or type(word).__name__ != "String":
        return word
    parts = text.split("-")
    if parts[0].lower() in _PREFIXES:
        return word
    fixed = [parts[0]] + [p[:1].upper() + p[1:] if p.islower() and p not in TextCased._stop_words else p
                          for p in parts[1:]]
    return type(word)("-".join(fixed))


class FixedText(_MacroCache, Text):
    """``cs:text``: CSL title case; tells a recording :class:`FixedSubstitute` which variables it rendered."""

    def calls_variable(self):
        macro = self.get("macro")
        if macro is None or "variable" in self.attrib:
            return super().calls_variable()
        root = self.get_root()
        cache = getattr(root, "bg_calls", None)
        if cache is None:
            cache = root.bg_calls = {}
        if macro not in cache:
            cache[macro] = self.get_macro(macro).calls_variable()
        return cache[macro]

    def case(self, text, language=None):
        if self.get("text-case") == "title" and text is not None and hasattr(text, "words"):
            if language not in (None, "en"):
                return text
            return type(text)(title_case(text)) if isinstance(text, str) else title_case(text)
        return super().case(text, language)

    def _term(self, item):
        if self.get("term") == "retrieved" and "accessed" not in item.reference:
            return None  # APA's "Retrieved <date>, from URL" without a date: the URL alone (APA 7, 9.16)
        return super()._term(item)

    def _variable(self, item, context):
        text = super()._variable(item, context)
        if text is not None:
            recording = getattr((context if context is not None else self).get_layout(), "bg_recording", None)
            if recording is not None:
                recording.append(self.get("variable"))
        return text


class FixedSubstitute(_MacroCache, Substitute):
    """``cs:substitute``: variables rendered through a macro are suppressed afterwards too.

    citeproc-py suppressed a substituted variable only when the substitute named it
    directly (``<text variable="title"/>``); Chicago and APA substitute through macros,
    so a no-author article printed its title (or periodical) twice.
    """

    def render(self, item, context=None, **kwargs):
        layout = (context if context is not None else self).get_layout()
        outer = getattr(layout, "bg_recording", None)
        layout.bg_recording = []
        try:
            text = super().render(item, context=context, **kwargs)
            rendered = list(layout.bg_recording)
        finally:
            layout.bg_recording = outer
        if text:
            tag = f"{{{CSL_NS}}}text"
            repressed = layout.repressed.setdefault(tag, [])
            repressed.extend(v for v in rendered if v not in repressed)
        if outer is not None:
            outer.extend(rendered)
        return text


_SORT_NOISE = re.compile("[\ue000-\ue00f]")
_SORT_LEAD = re.compile("^[\"'“”‘’(\\[¡¿]+")


class FixedKey(_MacroCache, Key):
    """``cs:key``: sort keys compared as text, without formatting marks or opening quotes.

    citeproc-py compares the rendered key, formatting included, so an italic key (a
    periodical standing as author) sorted after every plain one; quotation marks
    around a title likewise pushed it before the letters, and "Économie" came after "Z"
    (code-point order; accents are folded here, a simple stand-in for locale collation).
    """

    def sort_keys(self, items, context):
        keys = super().sort_keys(items, context)
        return [_sortable(k) if isinstance(k, str) else k for k in keys]


def _sortable(key: str) -> str:
    """A sort key as text: no marks, no opening quotes, accents folded ("Économie" with the E's)."""
    text = _SORT_LEAD.sub("", _SORT_NOISE.sub("", str(key)))
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


class Style(CitationStylesStyle):
    """A citeproc-py style built from checked bytes, with the fixed element classes."""

    def __init__(self, style: CitationStyle) -> None:  # replaces the base's loader
        lookup = etree.ElementNamespaceClassLookup()
        namespace = lookup.get_namespace(CSL_NS)
        namespace[None] = CitationStylesElement
        namespace.update({cls.__name__.replace("_", "-").lower(): cls
                          for cls in CitationStylesElement.__subclasses__()})
        namespace.update({"label": FixedLabel, "name": FixedName, "names": FixedNames, "layout": FixedLayout,
                          "text": FixedText, "substitute": FixedSubstitute, "key": FixedKey,
                          "if": FixedIf, "else-if": FixedElseIf})
        parser = safe_parser()
        parser.set_element_class_lookup(lookup)
        self.parser = parser
        self.xml = etree.fromstring(style.xml, parser).getroottree()
        self.root = self.xml.getroot()
        self.root.set_locale_list(style.locale, validate=False)


class PlainSource(CiteProcJSON):
    """CSL-JSON references whose strings are plain text (no ``<span class="nocase">``)."""

    def parse_string(self, string):
        return String(str(string))


def make_source(items: Dict[str, Dict[str, Any]]) -> BibliographySource:
    """A citeproc source from ``{internal_id: csl_json_data_with_type}``."""
    payload = []
    for ident, data in items.items():
        row = {k: v for k, v in data.items() if k not in ("id", "key")}
        row["id"] = ident
        payload.append(row)
    return PlainSource(payload)


def new_item(ident: str, state: Optional[CiteState] = None, **fields: Any) -> CitationItem:
    """A citeproc ``CitationItem`` for ``ident`` carrying our :class:`CiteState`."""
    item = CitationItem(ident, **fields)
    if state is not None:
        object.__setattr__(item, "bg_state", state)
    return item


__all__ = ["CiteState", "Style", "make_source", "new_item", "state_of"]
