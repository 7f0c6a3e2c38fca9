"""The editable PowerPoint deck (``deck.pptx``).

``render(ctx)`` reads the layout's ``deck/layouts.yaml`` and ``deck/template.pptx``,
plans every slide with real font metrics (:mod:`.plan`, :mod:`.fit`), writes them
with python-pptx (:mod:`.writer`) and returns deterministic bytes.

Modules: :mod:`.plan` (pure planning), :mod:`.paginate` (fitting), :mod:`.fit`
(metrics and wrapping), :mod:`.text` (inline runs, sentences), :mod:`.template`
(layouts by name, placeholders by type, :func:`describe_template`),
:mod:`.writer` (python-pptx), :mod:`.make_template` / :mod:`.make_metrics`
(developer tools that write the committed template and metrics).
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Dict, List, Mapping, Tuple

from ... import model as m
from ...errors import RenderError, error
from .fit import FontSet, Measurer, load_metrics
from .paginate import ParaStyle
from .plan import DeckSettings, KindSpec, SlidePlan, plan_deck

log = logging.getLogger(__name__)

__all__ = ["render", "describe_template", "explain_layouts", "load_settings", "plan_for", "build_measurer"]

INCH = 72.0
STYLES = ("regular", "bold", "italic", "bold_italic")


def describe_template(path: Path) -> List[Tuple[str, List[str]]]:
    """Each layout of the template at ``path`` with its placeholders (for ``briefgen layouts show``)."""
    from .template import describe_template as _describe

    return _describe(path)


def explain_layouts(layout) -> List[str]:
    """Lines for ``briefgen layouts show``: per slide kind, the layout used and why, the runners-up, problems."""
    from .plan import KINDS
    from .ranking import is_divider_layout, rank
    from .template import TemplateProblem, choose_layout, kind_needs, layout_shapes, open_template

    cfg = _config(layout)
    path = layout.find(f"deck/{cfg.get('template') or 'template.pptx'}")
    if path is None:
        return ["slide kinds: no deck template"]
    prs = open_template(path)
    kinds_cfg = cfg.get("kinds") or {}
    para = load_settings({}, cfg, {}).para
    needs = kind_needs(kinds_cfg, 1.22, para.space_before, title_height(cfg, 1.22))
    shapes = layout_shapes(prs)
    lines = ["slide kinds (mapped in deck/layouts.yaml; each layout ranked by its placeholders and name):"]
    for kind in KINDS:
        spec = kinds_cfg.get(kind) if isinstance(kinds_cfg.get(kind), Mapping) else {}
        names = [str(n) for n in (spec.get("layouts") or [])]
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


def title_height(cfg: Mapping[str, object], line_factor: float) -> float:
    """The height the deck's longest title needs: ``title.max_lines`` lines at ``title.size``, plus insets."""
    title = cfg.get("title") if isinstance(cfg.get("title"), Mapping) else {}
    settings = load_settings({}, {"title": title}, {})
    return settings.title_lines * settings.title_size * line_factor + 7.2


def _config(layout) -> Dict[str, object]:
    return layout.load_data("deck/layouts.yaml")


def build_measurer(layout, cfg: Mapping[str, object], warn) -> Measurer:
    """Metrics for the theme's deck fonts (``layouts.yaml`` ``metrics:``), Calibri's as the fallback."""
    table = cfg.get("metrics") or {}
    faces: Dict[str, FontSet] = {}
    for role in ("heading", "body"):
        family = layout.theme.deck_fonts.get(role, "Calibri")
        spec = table.get(family) if isinstance(table, Mapping) else None
        if not isinstance(spec, Mapping):
            warn(f"deck: no metrics for font '{family}' in layouts.yaml; measuring with Calibri's")
            spec = table.get("Calibri") if isinstance(table, Mapping) else None
        if not isinstance(spec, Mapping):
            raise RenderError([error(layout.theme.name, None, "deck/layouts.yaml: 'metrics' has no Calibri entry")])
        files = []
        for style in STYLES:
            rel = spec.get(style) or spec.get("regular")
            path = layout.find(f"deck/{rel}") if isinstance(rel, str) else None
            if path is None:
                raise RenderError([error(layout.theme.name, None, f"deck/layouts.yaml: metrics file '{rel}' for {family} not found")])
            files.append(load_metrics(path))
        faces[role] = FontSet(*files)
    return Measurer(faces)


def load_settings(kinds: Mapping[str, KindSpec], cfg: Mapping[str, object], labels: Mapping[str, str]) -> DeckSettings:
    """Planner settings from ``layouts.yaml`` data, the theme's labels and the template's frames."""
    para = cfg.get("paragraph") or {}
    title = cfg.get("title") or {}
    derived = cfg.get("derived") or {}
    sections = cfg.get("sections") or {}
    indents = tuple(float(x) * INCH for x in (para.get("indents") or [0.32, 0.72]))
    return DeckSettings(
        kinds=kinds,
        labels=dict(labels),
        para=ParaStyle(float(para.get("line_spacing", 1.0)), float(para.get("space_before", 10)),
                       float(para.get("space_before_sub", 4)), indents),
        title_size=float(title.get("size", 32)),
        title_min=float(title.get("min_size", 24)),
        title_lines=int(title.get("max_lines", 2)),
        derived_words=int(derived.get("max_words", 18)),
        derived_max=int(derived.get("max_bullets_per_section", 10)),
        derived_slides=int(derived.get("max_slides_per_section", 1)),
        header_min=int(sections.get("header_slides_min", 3)),
        header_max=int(sections.get("header_slides_max", 8)),
        group_above=int(sections.get("group_above", 40)),
        group_size=int(sections.get("group_size", 5)),
        footer=bool(cfg.get("footer", True)),
        dividers=_choice(cfg.get("dividers", "auto"), ("auto", "always", "never"), "dividers"),
        sources_slide=bool(cfg.get("sources_slide", True)),
    )


def _choice(value: object, allowed: Tuple[str, ...], key: str) -> str:
    text = str(value).strip().lower()
    if text not in allowed:
        raise RenderError([error("deck/layouts.yaml", None, f"{key}: '{value}' is not one of {', '.join(allowed)}")])
    return text


def _template_path(ctx, cfg: Mapping[str, object]) -> Path:
    name = str(cfg.get("template") or "template.pptx")
    path = ctx.layout.find(f"deck/{name}")
    if path is None:
        raise RenderError([error(ctx.doc.source, None, f"layout '{ctx.layout.name}' has no deck template deck/{name}")])
    return path


def _is_builtin_template(path: Path) -> bool:
    from ...layout import builtin_layouts_dir

    return path.resolve() == (builtin_layouts_dir() / "default" / "deck" / "template.pptx").resolve()


def plan_for(ctx) -> Tuple[object, Tuple[SlidePlan, ...], Path]:
    """Open the template and plan the deck: ``(presentation, slides, template path)``."""
    from .template import TemplateProblem, analyse_template, open_template

    cfg = _config(ctx.layout)
    path = _template_path(ctx, cfg)
    # these warnings are about the layout's files, not the source: they name the file
    warn = lambda msg: ctx.warn(None, msg, path=str(path))  # noqa: E731
    layouts_yaml = ctx.layout.find("deck/layouts.yaml")
    warn_cfg = lambda msg: ctx.warn(None, msg, path=str(layouts_yaml or path))  # noqa: E731
    measurer = build_measurer(ctx.layout, cfg, warn_cfg)
    para = load_settings({}, cfg, {}).para
    try:
        prs = open_template(path)
        kinds, layouts = analyse_template(prs, path, cfg.get("kinds") or {}, warn, measurer.line_height(1.0), para.space_before,
                                          title_height(cfg, measurer.line_height(1.0)))
    except TemplateProblem as exc:
        raise RenderError([error(ctx.doc.source, None, str(exc))]) from None
    from dataclasses import replace

    settings = replace(load_settings(kinds, cfg, ctx.layout.theme.labels), layouts=layouts)
    return prs, plan_deck(ctx.doc, settings, measurer, ctx.warn), path


def render(ctx) -> bytes:
    """The deck's bytes for ``ctx`` (a :class:`briefgen.render.RenderContext`)."""
    from .make_template import apply_theme
    from .writer import DeckWriter, deterministic_zip, set_core_properties
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    prs, slides, path = plan_for(ctx)
    theme = ctx.layout.theme
    if _is_builtin_template(path):
        theme_part = prs.slide_masters[0].part.part_related_by(RT.THEME)
        theme_part._blob = apply_theme(theme_part.blob, theme.colors, theme.deck_fonts.get("heading", "Calibri"),
                                       theme.deck_fonts.get("body", "Calibri"), name=theme.name)
    doc = ctx.doc
    cfg = _config(ctx.layout)
    para = load_settings({}, cfg, {}).para
    logo_box = cfg.get("logo") if isinstance(cfg.get("logo"), Mapping) else None
    try:
        writer = DeckWriter(prs, theme.colors, theme.deck_fonts, para, doc.meta.short_title or doc.meta.title_text, logo_box)
    except (TypeError, ValueError):
        raise RenderError([error(str(ctx.layout.chain[0] / "deck" / "layouts.yaml"), None, "logo: max_width, max_height, right and top must be numbers (inches)")]) from None
    if any(isinstance(b, m.Chart) for b in m.all_body_blocks(doc)):
        from ..common.chartstyle import chart_palette

        writer.chart_palette = chart_palette(ctx)
    writer.epoch = doc.epoch
    from ..common.stamps import stamps_for
    from .stamps import stamp_look

    stamps = stamps_for(doc, theme.labels, ctx.options.draft)
    try:
        writer.stamps, writer.stamp_look = stamps, stamp_look(cfg, theme.colors)
        if stamps:
            measurer = build_measurer(ctx.layout, cfg, lambda msg: None)
            writer.stamp_measure = lambda text, size, bold: measurer.width(text, size, "heading", bold=bold)
    except (TypeError, ValueError):
        raise RenderError([error(str(ctx.layout.chain[0] / "deck" / "layouts.yaml"), None, "stamps: size, footer_size, top, right, width and height must be numbers")]) from None
    for number, plan in enumerate(slides, 1):
        try:
            writer.add(plan, number, logo=theme.logo)
        except (OSError, ValueError) as exc:  # an unreadable picture
            raise RenderError([error(doc.source, plan.line, f"deck: cannot place slide {number} ({plan.kind}): {exc}")]) from None
    from ...model import blocks_text

    set_core_properties(prs, doc.meta.title_text, doc.meta.author_names, blocks_text(doc.meta.summary),
                        doc.meta.keywords, doc.lang, doc.epoch)
    raw = io.BytesIO()
    prs.save(raw)
    log.info("deck: %d slides", len(slides))
    return deterministic_zip(raw.getvalue(), doc.epoch, len(slides))
