"""``briefgen layouts show``: which template layout each slide kind uses, and why.

Per kind: the layout chosen (mapped in ``deck/layouts.yaml`` or ranked by its
placeholders), the reasons and score of the ranking, the runners-up, and the
warnings a render would give.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, List

from .config import load_config
from .model import KINDS
from .ranking import is_divider_layout, rank
from .template import TemplateProblem, choose_layout, kind_needs, layout_shapes, open_template

if TYPE_CHECKING:
    from ...layout import Layout

log = logging.getLogger(__name__)


def explain_layouts(layout: "Layout") -> List[str]:
    """Lines for ``briefgen layouts show``: per slide kind, the layout used and why, the runners-up, problems."""
    config = load_config(layout)
    path = layout.find(f"deck/{config.template}")
    if path is None:
        return ["slide kinds: no deck template"]
    prs = open_template(path)
    needs = kind_needs(config.kinds, 1.22, config.para.space_before, config.title_height(1.22))
    shapes = layout_shapes(prs)
    lines = ["slide kinds (mapped in deck/layouts.yaml; each layout ranked by its placeholders and name):"]
    for kind in KINDS:
        names = list(config.kinds[kind].layouts)
        problems: List[str] = []
        try:
            chosen = choose_layout(prs, path, kind, names, needs[kind], problems.append).name
        except TemplateProblem as exc:
            lines.append(f"  {kind}: none ({exc})")
            continue
        ranked = rank(shapes, kind, needs[kind])
        why = next((c for c in ranked if c.name == chosen), None)
        mapped = f" (mapped: {', '.join(names)})" if names else " (not mapped: chosen by ranking)"
        lines.append(f"  {kind} -> {chosen}{mapped}")
        if why is not None:
            lines.append(f"      why: {'; '.join(why.reasons) or 'the only usable layout'} (score {why.score:.0f})")
        others = [f"{c.name} ({c.score:.0f})" for c in ranked if c.name != chosen][:2]
        if others:
            lines.append(f"      next: {', '.join(others)}")
        shape = next((sh for sh in shapes if sh.name == chosen), None)
        if kind == "section" and shape is not None and not is_divider_layout(shape):
            lines.append("      note: not a layout made for dividers: with 'dividers: auto' the deck sets none")
        for problem in problems:
            lines.append(f"      warning: {problem}")
    return lines
