"""Who stands for the author: citeproc-py's ``cs:names`` and ``cs:substitute``, fixed and instrumented.

Part of the wrapped citeproc-py (:mod:`.csl`). Each cite carries a :class:`CiteState`
that :class:`FixedNames` (and :class:`~.csl.FixedText` for titles) read and write:

* the first names the layout renders are recorded (the author of a narrative
  ``@key``), and dropped for pandoc's ``[-@key]`` (*suppress author*); a title the
  names' substitute gives counts as those names, but a note style (``keep_titles``)
  never drops a title standing for a missing author, so a note always names the work;
* a ``cs:names`` inside a ``cs:substitute`` without its own ``cs:name`` inherits the
  substituted ``cs:names``' name and label also when a ``cs:choose`` wraps it
  (citeproc-py passed them only to direct children: Chicago's editor printed
  "J. Smith" without "ed.");
* a variable a substitute rendered, names included, is suppressed in the rest of the
  entry (CSL 1.0.2, Substitute): an edited book no longer names its editor twice.

:class:`MacroCache` (macro lookups by dictionary) serves every fixed element.
"""

from __future__ import annotations

from typing import Any, Optional

from citeproc.model import Names, Substitute
from citeproc.source import VariableError

from .styles import CSL_NS


class CiteState:
    """Per-cite state read by :class:`FixedNames` and :class:`~.csl.FixedText`: suppress the author, record it.

    ``captured`` is the first names text rendered (a title the names' substitute gave
    included), ``title`` the first title rendered outside names (for a work whose style
    renders no names). With ``suppress``, the first of the two is dropped; with
    ``keep_titles`` (note styles) a title standing for the author is never dropped.
    """

    def __init__(self, suppress: bool, keep_titles: bool = False) -> None:
        self.suppress = suppress
        self.keep_titles = keep_titles
        self.captured: Optional[str] = None
        self.title: Optional[str] = None
        self.title_dropped = False
        self.names_seen = False  # names rendered inside the first names element (its substitute's editor...)
        self.depth = 0
        self.armed = False  # True only while the citation layout renders this cite (not its sort keys)

    @property
    def author(self) -> Optional[str]:
        """The marked text standing for the author: the first names, else the first title."""
        return self.captured if self.captured is not None else self.title


def state_of(item: Any) -> Optional[CiteState]:
    """The :class:`CiteState` attached to a citeproc ``CitationItem``, if any."""
    return item.__dict__.get("bg_state") if hasattr(item, "__dict__") else None


class MacroCache:
    """``get_macro`` by a dictionary built once per style, not an XPath query per call.

    citeproc-py searched the whole style for each macro reference (tens of thousands
    of XPath queries per document with Chicago's 6,000-line style): most of its time.
    The cache lives on the style's root element, which :class:`~.csl.Style` keeps alive.
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


class FixedNames(Names):
    """``cs:names``: records (and, for ``[-@key]``, suppresses) the first names rendered;
    inherits a substituted ``cs:names``' children; skips variables a substitute rendered."""

    def render(self, item, *args, **kwargs):
        state = state_of(item)
        context = kwargs.get("context")
        if state is None or not state.armed or state.captured is not None or state.title_dropped:
            return self._recorded(item, context, super().render(item, *args, **kwargs))
        if state.depth:
            text = self._recorded(item, context, super().render(item, *args, **kwargs))
            state.names_seen = state.names_seen or text is not None
            return text
        state.depth += 1
        state.names_seen = False
        try:
            text = self._recorded(item, context, super().render(item, *args, **kwargs))
        finally:
            state.depth -= 1
        if text is None:
            return None
        state.captured = str(text)
        real = state.names_seen or any(v in item.reference for v in self._own_variables())
        return None if state.suppress and (real or not state.keep_titles) else text

    def _own_variables(self):
        return [v.replace("-", "_") for v in (self.get("variable") or "").split()]

    def _recorded(self, item, context, text):
        """``text``; a recording :class:`FixedSubstitute` learns which names variables it holds."""
        if text is not None:
            layout = layout_of(self, context)
            recording = getattr(layout, "bg_recording", None)
            if recording is not None:
                recording.extend((self.tag, v) for v in (self.get("variable") or "").split()
                                 if v.replace("-", "_") in item.reference)
        return text

    def process(self, item, names_context=None, context=None, **kwargs):
        if names_context is None and self.name is None:
            names_context = substituted(self)
        written = self.get("variable")
        layout = layout_of(self, context)
        repressed = getattr(layout, "repressed", {}).get(self.tag, ()) if layout is not None else ()
        kept = [v for v in (written or "").split() if v not in repressed]
        if written is None or len(kept) == len(written.split()):
            return super().process(item, names_context=names_context, context=context, **kwargs)
        if not kept:
            raise VariableError
        self.set("variable", " ".join(kept))
        try:
            return super().process(item, names_context=names_context, context=context, **kwargs)
        finally:
            self.set("variable", written)


def substituted(names: Any) -> Any:
    """The ``cs:names`` whose ``cs:substitute`` holds ``names`` (None outside a substitute)."""
    for ancestor in names.iterancestors(f"{{{CSL_NS}}}substitute"):
        parent = ancestor.getparent()
        if parent is not None and parent.tag == f"{{{CSL_NS}}}names":
            return parent
        return None
    return None


def layout_of(element: Any, context: Any) -> Any:
    """The ``cs:layout`` being rendered (reached through ``context`` for an element in a macro), or None."""
    try:
        return (context if context is not None else element).get_layout()
    except (IndexError, AttributeError):
        return None


class FixedSubstitute(MacroCache, Substitute):
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
            for tag, variable in rendered:
                repressed = layout.repressed.setdefault(tag, [])
                if variable not in repressed:
                    repressed.append(variable)
        if outer is not None:
            outer.extend(rendered)
        return text


__all__ = ["CiteState", "FixedNames", "FixedSubstitute", "MacroCache", "layout_of", "state_of"]
