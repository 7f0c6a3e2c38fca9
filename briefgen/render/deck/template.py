"""Opening a deck template and reading what the planner needs from it.

Layouts are found by NAME (with the fallbacks ``layouts.yaml`` lists) and
placeholders by TYPE, never by position, so an organization's own template
works as long as its layouts are named sensibly (one placeholder is read by
:mod:`.placeholders`). :func:`describe_template`
lists a template's layouts and placeholders (for ``briefgen layouts show``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from ..common.units import INCH
from ..ooxml import xpath_cache
from .art import art_zones
from .config import KindConfig
from .geometry import Box, Frame
from .model import KINDS, TEXT_KINDS, KindSpec
from .placeholders import (FOOTER_TYPES, TITLE_TYPES, body_placeholder, frame_at, frame_of, master_placeholder, placeholder,
                           placeholder_box, pt, size_in)
from .ranking import LayoutShape, Needs, fits, is_divider_layout, normalize_name, rank, score_layout
from .room import GROW_BELOW, keep_off

log = logging.getLogger(__name__)
xpath_cache.install()  # python-pptx's lookups, compiled once (most of a deck's time otherwise)

class TemplateProblem(Exception):
    """A template cannot serve the deck; ``message`` names the template and layout."""


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
    loose = normalize_name(name)
    for layout in prs.slide_layouts:
        if normalize_name(layout.name or "") == loose:
            return layout
    return None


def _area(prs: "Presentation", layout, title: Optional[Frame], body: Optional[Frame],
          zones: Sequence[Box] = ()) -> Frame:
    """Where tables and pictures go: the body box, else between title and footer; off the template's art."""
    if body is not None:
        return Frame(body.x + body.left, body.y + body.top, body.inner_w, body.inner_h)
    slide_w, slide_h = pt(prs.slide_width), pt(prs.slide_height)
    footer = placeholder(layout, (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER))
    bottom = pt(footer.top) - 6 if footer is not None and footer.top is not None else slide_h - 0.5 * INCH
    if title is not None:
        top = title.y + title.h + 0.2 * INCH
        area = Frame(title.x + title.left, top, title.inner_w, max(bottom - top, INCH))
    else:
        area = Frame(0.6 * INCH, 0.5 * INCH, slide_w - 1.2 * INCH, max(bottom - 0.5 * INCH, INCH))
    clear = keep_off(Box(area.x, area.y, area.w, area.h), zones) if zones else None
    return Frame(clear.x, clear.y, clear.w, clear.h) if clear is not None else area


def clear_body(shape: LayoutShape, body: Optional[Frame]) -> Optional[Box]:
    """``body`` shrunk off ``shape``'s art when it crosses some (None when it is clear or nothing is left)."""
    if body is None or not shape.zones:
        return None
    box = Box(body.x, body.y, body.w, body.h)
    clear = keep_off(box, shape.zones)
    return clear if clear is not None and clear != box else None


def crossed_names(shape: LayoutShape, box: Box) -> List[str]:
    """The names of ``shape``'s keep-out zones that ``box`` crosses."""
    from .room import crossed

    hit = set(map(id, crossed(box, shape.zones)))
    return [n for n, z in zip(shape.zone_names, shape.zones) if id(z) in hit]


def layout_shape(prs: "Presentation", layout) -> LayoutShape:
    """A layout's placeholder geometry for :mod:`.ranking`."""
    title = placeholder(layout, TITLE_TYPES)
    bodies = [ph for ph in layout.placeholders if ph.placeholder_format.type in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)]
    boxes = sorted((b for b in (placeholder_box(ph) for ph in bodies) if b is not None), key=lambda b: -b.area)
    footers = [ph for ph in layout.placeholders if ph.placeholder_format.type in FOOTER_TYPES]
    zones = art_zones(prs, layout)
    return LayoutShape(
        layout.name or "", pt(prs.slide_width), pt(prs.slide_height), placeholder_box(title),
        title is not None and title.placeholder_format.type == PP_PLACEHOLDER.CENTER_TITLE,
        placeholder_box(placeholder(layout, (PP_PLACEHOLDER.SUBTITLE,))), tuple(boxes),
        tuple(b for b in (placeholder_box(ph) for ph in footers) if b is not None),
        tuple(b for _n, b in zones), tuple(n for n, _b in zones),
    )


def _shapes_of(prs: "Presentation") -> Dict[int, LayoutShape]:
    """Every layout's :class:`LayoutShape` keyed by ``id(layout)``, computed once per opened template."""
    cache = prs.__dict__.get("_briefgen_shapes")
    if cache is None:
        cache = {id(l): layout_shape(prs, l) for l in prs.slide_layouts}
        prs.__dict__["_briefgen_shapes"] = cache
    return cache


def layout_shapes(prs: "Presentation") -> List[LayoutShape]:
    """Every layout of ``prs`` as a :class:`LayoutShape`, in the template's order."""
    return [layout_shape(prs, layout) for layout in prs.slide_layouts]


def kind_needs(kinds: Mapping[str, KindConfig], line_factor: float, space_before: float,
               title_height: float = Needs().title_height) -> Dict[str, Needs]:
    """What each kind's body must hold, from ``layouts.yaml`` minimum sizes; ``title_height``: its longest title."""
    out: Dict[str, Needs] = {}
    for kind in KINDS:
        size = (kinds.get(kind) or KindConfig()).size("min_size", 18)
        out[kind] = Needs(size, 3, line_factor, space_before, title_height)
    return out


def footer_box(prs: "Presentation", layout) -> Tuple[Optional[Frame], float]:
    """The layout's footer placeholder box and its text size (the template's, else the master's, else 12 pt)."""
    ph = placeholder(layout, (PP_PLACEHOLDER.FOOTER,))
    if ph is None:
        return None, 12.0
    size = size_in(ph._element)
    master_ph = master_placeholder(ph)
    if size is None and master_ph is not None:
        size = size_in(master_ph._element)
    if size is None:
        other = prs.slide_masters[0].element.find(".//{http://schemas.openxmlformats.org/presentationml/2006/main}otherStyle")
        size = size_in(other) if other is not None else None
    return frame_of(ph), float(size or 12.0)


def kind_spec(prs: "Presentation", layout, kind: str, sizes: Mapping[str, float], needs: Optional[Needs] = None) -> KindSpec:
    """The frames of ``layout`` as ``kind`` uses them; a small body grown into the free area (see :mod:`.room`)."""
    title_ph = placeholder(layout, TITLE_TYPES)
    title = frame_of(title_ph)
    slide_h = int(prs.slide_height)
    grown = False
    shape = _shapes_of(prs).get(id(layout)) or layout_shape(prs, layout)
    body_ph = body_placeholder(layout)
    if kind == "title":
        body_ph = placeholder(layout, (PP_PLACEHOLDER.SUBTITLE,)) or body_ph
        body = frame_of(body_ph, layout, slide_h)
    else:
        body = frame_of(body_ph, layout, slide_h)
        room = shape.room(needs) if needs is not None and kind in TEXT_KINDS + ("quote",) else None
        if room is not None:
            title, body, grown = frame_at(room.title, title_ph), frame_at(room.body, body_ph), True
    visual = shape.visual_room(needs, 0.5 * INCH) if needs is not None and kind in ("table", "figure") else None
    if visual is not None and body is None and title is not None:
        old = _area(prs, layout, title, None, shape.zones)
        if old.w * old.h < GROW_BELOW * visual.body.area:  # a title column far narrower than the slide: widen
            title = frame_at(visual.title, title_ph)
            body, grown = Frame(visual.body.x, visual.body.y, visual.body.w, visual.body.h), True
    clear = None if grown else clear_body(shape, body)
    if clear is not None:  # the layout's own body crosses its art: text keeps to the free part (warned in resolve_kinds)
        body, grown = frame_at(clear, body_ph), True
    area = _area(prs, layout, title, body, shape.zones)
    if kind in ("table", "figure"):
        body = None
    footer, footer_size = footer_box(prs, layout)
    divider = kind != "section" or is_divider_layout(layout_shape(prs, layout))
    return KindSpec(layout.name, title, body, area, dict(sizes), footer, footer_size, grown, divider)


def _warn_unfit(warn: Callable[[str], None], template: Path, kind: str, found, used) -> None:
    bad, choice = found
    why = "; ".join(r for r in choice.reasons if not r.startswith(("standard", "name suggests")))
    warn(f"deck template {template}: layout '{bad.name}' mapped for {kind} slides cannot hold them ({why}); "
         f"using '{used.name}' instead. Fix: list '{used.name}' first under kinds.{kind}.layouts in deck/layouts.yaml")


def choose_layout(prs: "Presentation", template: Path, kind: str, names: Sequence[str], needs: Needs,
                  warn: Callable[[str], None]):
    """The layout for ``kind``: the first of ``names`` found that can hold it, else the best ranked one."""
    shapes = _shapes_of(prs)
    first_found = None
    for name in names:
        layout = find_layout(prs, name)
        if layout is None:
            continue
        choice = score_layout(shapes[id(layout)], kind, needs)
        if fits(choice) or kind not in TEXT_KINDS + ("quote",):
            if first_found is not None:
                _warn_unfit(warn, template, kind, first_found, layout)
            elif name != names[0]:
                warn(f"deck template {template} has no layout '{names[0]}' (for {kind} slides); using '{layout.name}'")
            return layout
        if first_found is None:
            first_found = (layout, choice)
    ranked = rank(list(shapes.values()), kind, needs)
    best = next((c for c in ranked if fits(c)), ranked[0] if ranked else None)
    if best is None:
        raise TemplateProblem(
            f"deck template {template} has no layout that can hold {kind} slides "
            f"(it has: {', '.join(repr(l.name) for l in prs.slide_layouts)}); "
            f"add a layout with a title and a body placeholder"
        )
    layout = next(l for l in prs.slide_layouts if shapes[id(l)].name == best.name)
    if first_found is not None:
        _warn_unfit(warn, template, kind, first_found, layout)
    elif names:
        warn(f"deck template {template} has none of the layouts {', '.join(repr(n) for n in names)} "
             f"(for {kind} slides); using '{layout.name}', chosen by its placeholders ({'; '.join(best.reasons)})")
    return layout


def resolve_kinds(prs: "Presentation", template: Path, kinds_cfg: Mapping[str, KindConfig],
                  warn: Callable[[str], None], line_factor: float = 1.22, space_before: float = 16.0,
                  title_height: float = Needs().title_height) -> Dict[str, KindSpec]:
    """Choose a layout per slide kind and read its frames; warn on fallbacks."""
    out: Dict[str, KindSpec] = {}
    needs = kind_needs(kinds_cfg, line_factor, space_before, title_height)
    for kind in KINDS:
        cfg = kinds_cfg.get(kind) or KindConfig()
        names = list(cfg.layouts)
        chosen = choose_layout(prs, template, kind, names, needs[kind], warn)
        sizes = dict(cfg.sizes)
        out[kind] = kind_spec(prs, chosen, kind, sizes, needs[kind])
        spec, shape = out[kind], _shapes_of(prs)[id(chosen)]
        own_ph = body_placeholder(chosen) if kind != "title" else \
            (placeholder(chosen, (PP_PLACEHOLDER.SUBTITLE,)) or body_placeholder(chosen))
        own = frame_of(own_ph, chosen, int(prs.slide_height))
        if own is not None and clear_body(shape, own) is not None and spec.body is not None:
            names_hit = crossed_names(shape, Box(own.x, own.y, own.w, own.h))
            warn(f"deck template {template}: layout '{chosen.name}' has its body placeholder over the template's art "
                 f"({', '.join(names_hit)}); {kind} slides keep their text to the free area "
                 f"{spec.body.w / INCH:.1f} x {spec.body.h / INCH:.1f} in")
    return out


_ANALYSES: Dict[Tuple[object, ...], Tuple[Dict[str, KindSpec], Dict[str, KindSpec], Tuple[str, ...]]] = {}


def analyse_template(prs: "Presentation", template: Path, kinds_cfg: Mapping[str, KindConfig],
                     warn: Callable[[str], None], line_factor: float = 1.22,
                     space_before: float = 16.0,
                     title_height: float = Needs().title_height) -> Tuple[Dict[str, KindSpec], Dict[str, KindSpec]]:
    """:func:`resolve_kinds` and :func:`all_layout_specs` of ``prs`` (opened from ``template``).

    Reading a template's geometry walks every placeholder of every layout with
    XPath (most of a deck's render time); the answer depends only on the
    template's bytes and the settings, so a worker that renders many briefs on
    one template computes it once. The warnings are replayed on every call.
    """
    import hashlib

    try:
        digest = hashlib.sha256(template.read_bytes()).hexdigest()
    except OSError:
        digest = None
    key = (digest, str(template), repr(sorted((str(k), repr(v)) for k, v in kinds_cfg.items())), line_factor, space_before,
           title_height)
    cached = _ANALYSES.get(key) if digest is not None else None
    if cached is None:
        said: List[str] = []
        kinds = resolve_kinds(prs, template, kinds_cfg, said.append, line_factor, space_before, title_height)
        cached = (kinds, all_layout_specs(prs, kinds), tuple(said))
        if digest is not None:
            if len(_ANALYSES) > 16:
                _ANALYSES.clear()
            _ANALYSES[key] = cached
    for message in cached[2]:
        warn(message)
    return {k: _copy_spec(v) for k, v in cached[0].items()}, {k: _copy_spec(v) for k, v in cached[1].items()}


def _copy_spec(spec: KindSpec) -> KindSpec:
    from dataclasses import replace

    return replace(spec, sizes=dict(spec.sizes))


def all_layout_specs(prs: "Presentation", kinds: Mapping[str, KindSpec]) -> Dict[str, KindSpec]:
    """Every layout of the template as a content slide (for per-slide ``layout=`` choices), by normalized name."""
    sizes = kinds["content"].sizes if "content" in kinds else {}
    out: Dict[str, KindSpec] = {}
    for layout in prs.slide_layouts:
        spec = kind_spec(prs, layout, "content", sizes)
        if spec.body is not None:
            out[normalize_name(layout.name or "")] = spec
    return out
