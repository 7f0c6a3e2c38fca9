"""The Jinja2 environment of the handout templates.

Templates come from ``handout/`` along the layout chain, child first: an
organization's layout can replace one template and keep the rest. To build on
the parent's version of the same template, it extends it with the parent
layout's name as a prefix::

    {% extends "default/handout.html.j2" %}

Document text is data in the context, never template source; every value is
escaped on output (:func:`convert.esc` via ``finalize``), undefined names are
errors, and the environment is sandboxed.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Dict, List, Sequence

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from .assets import css_string

from .convert import esc

log = logging.getLogger(__name__)


def _finalize(value: object) -> object:
    """Escape strings with :func:`esc` (``=`` too) before autoescape sees them."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return esc(value)
    return value


_ENVIRONMENTS: Dict[tuple, SandboxedEnvironment] = {}


def make_environment(search_path: Sequence[Path]) -> SandboxedEnvironment:
    """An environment over the ``handout/`` folders of a layout chain (child first).

    Each folder is also reachable as ``<layout name>/<template>`` so a child's
    template can extend the parent's template of the same name.

    One environment per chain and process: it keeps the compiled templates
    (compiling them is most of a handout page's time) and recompiles one whose
    file changed (``auto_reload``: a stat per use).
    """
    key = tuple(str(p) for p in search_path)
    env = _ENVIRONMENTS.get(key)
    if env is None:
        if len(_ENVIRONMENTS) > 16:
            _ENVIRONMENTS.clear()
        env = _ENVIRONMENTS[key] = _new_environment(search_path)
    return env


def _new_environment(search_path: Sequence[Path]) -> SandboxedEnvironment:
    folders: List[str] = [str(p) for p in search_path]
    prefixed: Dict[str, FileSystemLoader] = {}
    for path in search_path:
        prefixed.setdefault(path.parent.name, FileSystemLoader(str(path)))
    loader = ChoiceLoader([FileSystemLoader(folders), PrefixLoader(prefixed)])
    env = SandboxedEnvironment(
        loader=loader,
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,
    )
    env.filters["esc"] = esc
    env.filters["dir"] = dir_attr
    env.filters["css_string"] = lambda value: Markup(css_string(str(value)))  # a quoted CSS string
    return env


def dir_attr(value: object) -> Markup:
    """`` dir="rtl"`` for text (or markup) whose first strong character is
    right-to-left, else nothing: ``<h1{{ title | dir }}>``. Explicit, not
    ``dir="auto"``, so WeasyPrint sets the handout PDF the same way."""
    import html

    from ..common import bidi

    text = value.striptags() if isinstance(value, Markup) else html.unescape(str(value or ""))
    return Markup(' dir="rtl"') if bidi.base_direction(text) == "rtl" else Markup("")
