"""``briefgen layouts show``: which template layout each slide kind uses, and why.

Per kind: the layout chosen (mapped in ``deck/layouts.yaml`` or ranked by its
placeholders), the reasons and score of the ranking, the runners-up, and the
warnings a render would give.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, List, Tuple

from ..common.units import INCH

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
    used: List[str] = []
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
        if chosen not in used:
            used.append(chosen)
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
    lines += keep_out_lines([sh for name in used for sh in shapes if sh.name == name], needs["content"])
    return lines


def _inches(box) -> str:
    return f"{box.w / INCH:.2f} x {box.h / INCH:.2f} in at ({box.x / INCH:.2f}, {box.y / INCH:.2f})"


def keep_out_lines(shapes, needs) -> List[str]:
    """Per layout the deck uses: its keep-out zones (the template's art) and the area left for text."""
    lines = ["keep-out zones (the template's art; text is never grown, moved or added over it):"]
    for shape in shapes:
        if not shape.zones:
            lines.append(f"  {shape.name}: none")
            continue
        lines.append(f"  {shape.name}:")
        for name, zone in zip(shape.zone_names, shape.zones):
            lines.append(f"      {name} {_inches(zone)}")
        room = shape.room(needs)
        body = room.body if room is not None else shape.clear_body
        if body is not None:
            shrunk = " (the layout's own body crosses the art: shrunk)" if body != shape.body and room is None else ""
            lines.append(f"      text area left: {_inches(body)}{shrunk}")
    return lines


def describe_template(path: Path) -> List[Tuple[str, List[str]]]:
    """Each layout's name and its placeholders as ``"type idx name"`` strings."""
    from pptx import Presentation

    prs = Presentation(str(path))
    rows: List[Tuple[str, List[str]]] = []
    for layout in prs.slide_layouts:
        phs = []
        for ph in layout.placeholders:
            fmt = ph.placeholder_format
            kind = str(fmt.type).split(" ")[0].lower() if fmt.type is not None else "object"
            phs.append(f"{kind} idx={fmt.idx} \u201c{ph.name}\u201d")
        rows.append((layout.name, phs))
    return rows
