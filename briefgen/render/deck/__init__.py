"""The editable PowerPoint deck (``deck.pptx``).

``render(ctx)`` reads the layout's ``deck/layouts.yaml`` once (:mod:`.config`)
and its ``deck/template.pptx`` (:mod:`.template`), plans every slide with real
font metrics into the slide model (:mod:`.model`) and writes it with
python-pptx (:mod:`.writer`), returning deterministic bytes.

The package splits as pandoc's PowerPoint writer does, dependencies one way:

- the model: :mod:`.model` (slide kinds, settings, slide/table/figure/chart
  plans), :mod:`.geometry` (boxes, frames);
- the settings: :mod:`.config` (``layouts.yaml``, typed and checked);
- planning, pure (no python-pptx): :mod:`.plan` (the deck's order),
  :mod:`.visuals` (quotes, tables, figures), :mod:`.chartslides` (charts),
  :mod:`.planbase` (titles, notes, text slides), :mod:`.paginate` (fitting),
  :mod:`.fit` (metrics and wrapping), :mod:`.text` (runs), :mod:`.bullets`
  (derived bullets), :mod:`.footer` (running heads), :mod:`.ranking` and
  :mod:`.room` (choosing and growing layouts);
- reading the template: :mod:`.template`, :mod:`.explain` (``layouts show``);
- writing: :mod:`.writer`, :mod:`.charts` (chart and timeline shapes),
  :mod:`.stamps`, :mod:`.scripts`, with :mod:`briefgen.render.ooxml`;
- developer tools: :mod:`.make_template`, :mod:`.make_metrics`.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from ... import model as m
from ...errors import RenderError, error
from ...language import canonical, office_tag
from .config import STYLES, DeckConfig, load_config, located_error
from .fit import FontSet, Measurer, load_metrics
from .model import SlidePlan
from .plan import plan_deck

log = logging.getLogger(__name__)

__all__ = ["render", "describe_template", "explain_layouts", "load_config", "plan_for", "build_measurer"]


def describe_template(path: Path) -> List[Tuple[str, List[str]]]:
    """Each layout of the template at ``path`` with its placeholders (for ``briefgen layouts show``)."""
    from .explain import describe_template as describe

    return describe(path)


def explain_layouts(layout) -> List[str]:
    """Lines for ``briefgen layouts show``: per slide kind, the layout used and why (see :mod:`.explain`)."""
    from .explain import explain_layouts as explain

    return explain(layout)


def build_measurer(layout, config: DeckConfig, warn) -> Measurer:
    """Metrics for the theme's deck fonts (``layouts.yaml`` ``metrics:``), Calibri's as the fallback."""
    table = config.metrics
    faces: Dict[str, FontSet] = {}
    for role in ("heading", "body"):
        family = layout.theme.deck_fonts.get(role, "Calibri")
        spec = table.get(family)
        if spec is None:
            warn(f"deck: no metrics for font '{family}' in layouts.yaml; measuring with Calibri's")
            family, spec = "Calibri", table.get("Calibri")
        if spec is None:
            raise located_error(layout, ("metrics",), "has no Calibri entry")
        files = []
        for style in STYLES:
            rel = spec.get(style) or spec.get("regular")
            path = layout.find(f"deck/{rel}") if rel else None
            if path is None:
                where = style if spec.get(style) else "regular"
                raise located_error(layout, ("metrics", family, where), f"metrics file '{rel}' for {family} not found")
            files.append(load_metrics(path))
        faces[role] = FontSet(*files)
    return Measurer(faces)


def _template_path(ctx, config: DeckConfig) -> Path:
    path = ctx.layout.find(f"deck/{config.template}")
    if path is None:
        raise RenderError([error(ctx.doc.source, None, f"layout '{ctx.layout.name}' has no deck template deck/{config.template}")])
    return path


def _is_builtin_template(path: Path) -> bool:
    from ...layout import builtin_layouts_dir

    return path.resolve() == (builtin_layouts_dir() / "default" / "deck" / "template.pptx").resolve()


def plan_for(ctx, config: Optional[DeckConfig] = None) -> Tuple[object, Tuple[SlidePlan, ...], Path]:
    """Open the template and plan the deck: ``(presentation, slides, template path)``."""
    from .template import TemplateProblem, analyse_template, open_template

    config = config or load_config(ctx.layout)
    path = _template_path(ctx, config)
    # these warnings are about the layout's files, not the source: they name the file
    warn = lambda msg: ctx.warn(None, msg, path=str(path))  # noqa: E731
    layouts_yaml = ctx.layout.find("deck/layouts.yaml")
    warn_cfg = lambda msg: ctx.warn(None, msg, path=str(layouts_yaml or path))  # noqa: E731
    measurer = build_measurer(ctx.layout, config, warn_cfg)
    try:
        prs = open_template(path)
        kinds, layouts = analyse_template(prs, path, config.kinds, warn, measurer.line_height(1.0), config.para.space_before,
                                          config.title_height(measurer.line_height(1.0)))
    except TemplateProblem as exc:
        raise RenderError([error(ctx.doc.source, None, str(exc))]) from None
    settings = config.settings(kinds, ctx.layout.theme.labels, layouts)
    return prs, plan_deck(ctx.doc, settings, measurer, ctx.warn), path


def render(ctx) -> bytes:
    """The deck's bytes for ``ctx`` (a :class:`briefgen.render.RenderContext`)."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    from ...model import blocks_text
    from ..common.stamps import stamps_for
    from .make_template import apply_theme
    from .writer import DeckWriter, deterministic_zip, set_core_properties

    config = load_config(ctx.layout)
    prs, slides, path = plan_for(ctx, config)
    theme = ctx.layout.theme
    if _is_builtin_template(path):
        theme_part = prs.slide_masters[0].part.part_related_by(RT.THEME)
        theme_part._blob = apply_theme(theme_part.blob, theme.colors, theme.deck_fonts.get("heading", "Calibri"),
                                       theme.deck_fonts.get("body", "Calibri"), name=theme.name)
    doc = ctx.doc
    writer = DeckWriter(prs, theme.colors, theme.deck_fonts, config.para, doc.meta.short_title or doc.meta.title_text,
                        config.logo)
    if any(isinstance(b, m.Chart) for b in m.all_body_blocks(doc)):
        from ..common.chartstyle import chart_palette

        writer.chart_palette = chart_palette(ctx)
    writer.epoch = doc.epoch
    if canonical(doc.lang or "en") != "en":  # an English brief's runs stay as they were (en-US from the template)
        writer.lang = office_tag(doc.lang)
    writer.logo_alt = theme.labels.get("logo") or "Logo"
    stamps = stamps_for(doc, theme.labels, ctx.options.draft)
    writer.stamps, writer.stamp_look = stamps, config.stamps.look(theme.colors)
    if stamps:
        measurer = build_measurer(ctx.layout, config, lambda msg: None)
        writer.stamp_measure = lambda text, size, bold: measurer.width(text, size, "heading", bold=bold)
    for number, plan in enumerate(slides, 1):
        try:
            writer.add(plan, number, logo=theme.logo)
        except (OSError, ValueError) as exc:  # an unreadable picture
            raise RenderError([error(doc.source, plan.line, f"deck: cannot place slide {number} ({plan.kind}): {exc}")]) from None
    set_core_properties(prs, doc.meta.title_text, doc.meta.author_names, blocks_text(doc.meta.summary),
                        doc.meta.keywords, doc.lang, doc.epoch)
    raw = io.BytesIO()
    prs.save(raw)
    log.info("deck: %d slides", len(slides))
    return deterministic_zip(raw.getvalue(), doc.epoch, len(slides))
