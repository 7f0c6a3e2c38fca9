"""Opening a deck template and reading what the planner needs from it.

Layouts are found by NAME (with the fallbacks ``layouts.yaml`` lists) and
placeholders by TYPE, never by position, so an organization's own template
works as long as its layouts are named sensibly. :func:`describe_template`
lists a template's layouts and placeholders (for ``briefgen layouts show``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu

from .paginate import Frame
from .plan import KINDS, KindSpec

log = logging.getLogger(__name__)

NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)
INCH = 72.0


class TemplateProblem(Exception):
    """A template cannot serve the deck; ``message`` names the template and layout."""


def pt(emu: int) -> float:
    """EMU to points."""
    return Emu(int(emu)).pt


def open_template(path: Path) -> "Presentation":
    """Open ``path`` and remove any sample slides it carries."""
    try:
        prs = Presentation(str(path))
    except Exception as exc:  # python-pptx raises many types for a bad package
        raise TemplateProblem(f"cannot open deck template {path}: {exc}") from None
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)
    package = prs.part.package
    for rel in list(package._rels.values()):
        if rel.reltype == RT.THUMBNAIL:
            package.drop_rel(rel.rId)
    return prs


def find_layout(prs: "Presentation", name: str):
    """The slide layout called ``name`` (case and space insensitive), or None."""
    want = " ".join(name.split()).casefold()
    for layout in prs.slide_layouts:
        if " ".join((layout.name or "").split()).casefold() == want:
            return layout
    return None


def placeholder(layout, types: Sequence[int]):
    """The first placeholder of ``layout`` whose type is one of ``types`` (lowest idx first)."""
    found = [ph for ph in layout.placeholders if ph.placeholder_format.type in types]
    found.sort(key=lambda ph: (types.index(ph.placeholder_format.type), ph.placeholder_format.idx))
    return found[0] if found else None


def _insets(ph) -> Tuple[float, float, float, float]:
    """The placeholder's text insets (points), inherited from the master when unset."""
    values = {"lIns": 91440, "tIns": 45720, "rIns": 91440, "bIns": 45720}
    chain = [ph._element]
    master_ph = _master_placeholder(ph)
    if master_ph is not None:
        chain.insert(0, master_ph._element)
    for element in chain:
        body_pr = element.find(f".//{{{NS_A}}}bodyPr")
        if body_pr is not None:
            for key in values:
                if body_pr.get(key) is not None:
                    values[key] = int(body_pr.get(key))
    return pt(values["lIns"]), pt(values["tIns"]), pt(values["rIns"]), pt(values["bIns"])


def _master_placeholder(ph):
    try:
        return ph._base_placeholder
    except Exception:  # noqa: BLE001 - a layout placeholder without a master twin
        return None


def frame_of(ph) -> Optional[Frame]:
    """The placeholder's box (inherited position) as a :class:`Frame`."""
    if ph is None or ph.width is None or ph.height is None or ph.left is None or ph.top is None:
        return None
    left, top, right, bottom = _insets(ph)
    return Frame(pt(ph.left), pt(ph.top), pt(ph.width), pt(ph.height), left, top, right, bottom)


def _area(prs: "Presentation", layout, title: Optional[Frame], body: Optional[Frame]) -> Frame:
    """Where tables and pictures go: the body box, else between title and footer."""
    if body is not None:
        return Frame(body.x + body.left, body.y + body.top, body.inner_w, body.inner_h)
    slide_w, slide_h = pt(prs.slide_width), pt(prs.slide_height)
    footer = placeholder(layout, (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER))
    bottom = pt(footer.top) - 6 if footer is not None and footer.top is not None else slide_h - 0.5 * INCH
    if title is not None:
        top = title.y + title.h + 0.2 * INCH
        return Frame(title.x + title.left, top, title.inner_w, max(bottom - top, INCH))
    return Frame(0.6 * INCH, 0.5 * INCH, slide_w - 1.2 * INCH, max(bottom - 0.5 * INCH, INCH))


def resolve_kinds(prs: "Presentation", template: Path, kinds_cfg: Mapping[str, Mapping[str, object]],
                  warn: Callable[[str], None]) -> Dict[str, KindSpec]:
    """Choose a layout per slide kind and read its frames; warn on fallbacks."""
    out: Dict[str, KindSpec] = {}
    for kind in KINDS:
        cfg = dict(kinds_cfg.get(kind) or {})
        names = [str(n) for n in (cfg.get("layouts") or [])] or ["Title and Content"]
        chosen = None
        for name in names:
            chosen = find_layout(prs, name)
            if chosen is not None:
                if name != names[0]:
                    warn(f"deck template {template} has no layout '{names[0]}' (for {kind} slides); using '{chosen.name}'")
                break
        if chosen is None:
            raise TemplateProblem(
                f"deck template {template} has none of the layouts {', '.join(repr(n) for n in names)} "
                f"needed for {kind} slides (it has: {', '.join(repr(l.name) for l in prs.slide_layouts)})"
            )
        title = frame_of(placeholder(chosen, TITLE_TYPES))
        body_types = (PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT) if kind == "title" else BODY_TYPES
        body = frame_of(placeholder(chosen, body_types))
        area = _area(prs, chosen, title, body)
        if kind in ("table", "figure"):
            body = None
        sizes = {k: float(v) for k, v in cfg.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
        out[kind] = KindSpec(chosen.name, title, body, area, sizes)
    return out


def describe_template(path: Path) -> List[Tuple[str, List[str]]]:
    """Each layout's name and its placeholders as ``"type idx name"`` strings."""
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
