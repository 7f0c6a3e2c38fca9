"""The ``:::`` divs briefgen knows: which opening lines open one, the slide div's options,
and the warning for a div of an unknown kind.

A div's attributes are read by :mod:`.attributes` (the one ``{.class #id key=value}``
reader); the chart div's own are checked in :mod:`.charts`.
"""

from __future__ import annotations

import re
from typing import Callable, List, Tuple

from ..errors import Diagnostic, warning
from .attributes import CLASS, IDENT, PAIR, WORD, parse_attributes
from .boxes import BOX_DIVS, box_div_params
from .charts import chart_div_params

DIVS = ("slide", "notes", "pullquote", "chart") + BOX_DIVS + ("refs",)
"""Every div kind, in the order they are registered with markdown-it."""


def div_validator(name: str) -> Callable[[str, str], bool]:
    """markdown-it-py's container validator for the ``name`` div: ``::: name`` or ``::: {.name ...}``."""
    if name == "chart":  # ::: {.chart type=bar data="x.csv"}: attributes read by .charts
        return lambda params, markup: chart_div_params(params)
    if name in BOX_DIVS:  # ::: {.box #box-id title="..."}: attributes read by .boxes
        return lambda params, markup: box_div_params(name, params)
    if name == "refs":  # ::: {#refs}: where the bibliography goes (pandoc's convention)
        return lambda params, markup: bool(re.match(r"^\s*\{\s*#refs\s*\}\s*$", params))
    if name == "slide":  # the slide div also takes attributes: {.slide layout="Two Content"}, {.slide skip}
        pattern = re.compile(r"^\s*(?:slide|\{\s*\.slide(?:\s[^{}]*)?\})\s*$")
    else:
        pattern = re.compile(r"^\s*(?:" + name + r"|\{\s*\." + name + r"\s*\})\s*$")
    return lambda params, markup: bool(pattern.match(params))


def slide_attributes(params: str) -> Tuple[str, bool, List[str]]:
    """``(layout, skip, unknown)`` from a slide div's opening line: ``{.slide layout="Two Content" skip}``.

    ``skip`` and ``.skip`` both skip; ``unknown`` holds every other attribute as written
    (an ``#id`` included: a section takes none yet).
    """
    match = re.match(r"^\{\s*\.slide(.*)\}$", params.strip())
    if not match:
        return "", False, []
    layout, skip, unknown = "", False, []
    for attr in parse_attributes(match.group(1)):
        if attr.kind in (CLASS, WORD) and attr.name == "skip":
            skip = True
        elif attr.kind == PAIR and attr.name == "layout":
            layout = " ".join(attr.value.split())
        elif attr.kind in (CLASS, IDENT, PAIR, WORD):
            unknown.append(attr.raw)
    return layout, skip, unknown


def check_div_fences(body: str, body_offset: int, path: str) -> List[Diagnostic]:
    """Warn about ``:::`` divs of unknown kinds (their content stays ordinary text)."""
    diags = []
    for number, line in enumerate(body.split("\n"), start=body_offset + 1):
        match = re.match(r"^\s*:::+\s*\{?\s*\.?([A-Za-z][\w-]*)", line)
        if match and match.group(1) not in DIVS:
            diags.append(
                warning(path, number, f"unknown block '::: {match.group(1)}' (known: {', '.join(d for d in DIVS if d != 'refs')}); "
                             "its text is kept as is")
            )
    return diags
