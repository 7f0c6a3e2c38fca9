"""citeproc-py, wrapped: our element fixes, a safe style loader and a plain-text source.

citeproc-py 0.11 implements CSL 1.0.1 with gaps that show in Chicago and APA
output. Rather than patch the library, the style is parsed with our own lxml
class lookup, which swaps in subclasses of its elements:

* ``cs:label`` for a variable the entry lacks renders nothing (CSL 1.0.2 §
  Label); citeproc-py printed the bare term ("Edition").
* ``cs:name initialize="false"`` keeps given names whole (citeproc-py ignored it
  and printed "B. Goldman" where Chicago wants "Ben Goldman").
* ``cs:names`` and ``cs:substitute`` (:mod:`.cslnames`): the first names (or, for a
  work whose style renders none, such as a law, the first title) are recorded for a
  narrative ``@key`` and dropped for ``[-@key]``; a substitute's names inherit the
  substituted element's children and its variables are not repeated.
* ``cs:if``/``cs:else-if`` ``is-numeric`` follows CSL ("18-2059" is numeric).
* ``cs:text text-case="title"`` no longer capitalizes a stop word after "U.S.", and
  capitalizes the parts of a hyphenated compound ("Two-Week", CMOS 17 8.161).
* ``cs:text term="retrieved"`` prints nothing for an entry with no access date (APA
  printed "Retrieved https://..." for an undated report).
* ``cs:key`` compares sort keys without the formatter's marks and opening quotes.

A hyphenated identifier (``117-58``, a Public Law number) is not a range for
the ``number`` label, so it reads "Pub. L. No. 117-58", not "Nos.".

Laws, bills, cases, regulations, treaties and hearings are cited with the style's
English terms in any language (``cs:layout``): their Bluebook forms are identifiers
a reader looks up ("Pub. L. No. 117-169", "Jan. 5, 2021"), which citeproc-py's French
locale turned into "Acte jurid. Nº 117-169".
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Dict, Optional

from citeproc import CitationStylesStyle
from citeproc.model import CitationStylesElement, Else_If, If, Key, Label, Layout, Name, Text, TextCased
from citeproc.source import BibliographySource, CitationItem
from citeproc.source.json import CiteProcJSON
from citeproc.string import String
from lxml import etree

from .cslnames import CiteState, FixedNames, FixedSubstitute, MacroCache, state_of
from .richtext import NOCASE
from .sentence import OFFICIAL_NAMES
from .styles import CSL_NS, CitationStyle, safe_parser


class FixedLabel(Label):
    """``cs:label``: nothing for an absent variable; hyphenated numbers are singular; ``text-case``
    applied (citeproc-py passed no language, so APA's "(Ed.)" printed "(ed.)")."""

    def case(self, text, language=None):
        return super().case(text, "en" if language is None else language)

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


class FixedLayout(MacroCache, Layout):
    """``cs:layout``: arms a cite's :class:`CiteState` while the cite itself is rendered.

    citeproc-py renders the citation's sort keys (APA sorts by author) with the same
    elements before the layout; those renders must neither record nor suppress.
    """

    def render_children(self, item, *args, **kwargs):
        state = state_of(item)
        if state is not None:
            state.armed = True
        root = self.get_root()
        legal = getattr(root, "bg_legal_locales", None)
        kept = root.locales
        if legal is not None and str(item.reference.get("type", "")) in OFFICIAL_NAMES:
            root.locales = legal  # a US law keeps its US citation form: "Pub. L. No. 117-169"
        try:
            return super().render_children(item, *args, **kwargs)
        finally:
            root.locales = kept
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
    "U.S. And China". Words in a ``nocase`` span (:data:`.richtext.NOCASE`) are kept.
    """
    words = list(text.words())
    output = []
    prev = ":"
    inside = False  # within a CSL-JSON <span class="nocase">: words kept as written
    for index, word in enumerate(words):
        written = str(word)
        kept = inside or NOCASE[0] in written
        opened, closed = written.rfind(NOCASE[0]), written.rfind(NOCASE[1])
        inside = opened > closed or (inside and opened == closed)
        if kept:
            prev = written[-1:]
            output.append(word)
            continue
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


class FixedText(MacroCache, Text):
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
                recording.append((self.tag, self.get("variable")))
        return text

    def render(self, item, *args, **kwargs):
        text = super().render(item, *args, **kwargs)
        state = state_of(item)
        if (text is None or state is None or not state.armed or state.depth or state.title is not None
                or self.get("variable") not in ("title", "title-short")):
            return text
        state.title = str(text)  # the first title outside names: the work's name when no names lead
        if state.suppress and state.captured is None and not state.keep_titles:
            state.title_dropped = True
            return None
        return text


_SORT_NOISE = re.compile("[\ue000-\ue00f]")
_SORT_LEAD = re.compile("^[\"'“”‘’(\\[¡¿]+")


class FixedKey(MacroCache, Key):
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
        if style.locale.split("-")[0].lower() != "en":
            self.root.set_locale_list("en-US", validate=False)
            self.root.bg_legal_locales = self.root.locales
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
