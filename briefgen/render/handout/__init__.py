"""The HTML handout: one self-contained, accessible HTML5 file.

``render(ctx)`` returns UTF-8 bytes. The page is made from the layout's
``handout/`` templates (Jinja2): ``handout.html.j2`` for the markup and
``handout.css.j2`` for the stylesheet, which is inlined in ``<style>`` after the
theme's custom properties and the embedded fonts. Images and fonts are
``data:`` URIs, so the file makes no request; there is no script.

:func:`render_page` is shared with :mod:`briefgen.render.handout.pdf`, which
prints the same page with WeasyPrint.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from typing import Any, Tuple

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.exceptions import SecurityError, UndefinedError
from markupsafe import Markup

from ... import model as m
from ...errors import LayoutError, error
from .anchors import unlink_dangling
from .assets import ImageStore, css_string, font_face_css, uncovered
from .context import build_context
from .css import body_sample, column_width, counter_content, custom_properties, page_size
from .env import make_environment
from .settings import load_settings

log = logging.getLogger(__name__)

PAGE_TEMPLATE = "handout.html.j2"
CSS_TEMPLATE = "handout.css.j2"
_FONTS_SLOT = "<briefgen-font-faces>"


@dataclass(frozen=True)
class Page:
    """A rendered handout: its HTML and the data URIs it embeds (images and fonts)."""

    html: str
    data_uris: Tuple[str, ...]


def render(ctx: Any) -> bytes:
    """The handout as UTF-8 HTML bytes."""
    return render_page(ctx).html.encode("utf-8")


def warn_once(ctx: Any, line: Any, message: str) -> None:
    """``ctx.warn`` unless the same warning is already recorded (the PDF renders
    the same page again)."""
    if not any(w.line == line and w.message == message for w in ctx.warnings):
        ctx.warn(line, message)


def render_page(ctx: Any, font_flavor: str = "woff2", for_print: bool = False, print_contents: bool = False) -> Page:
    """Render the handout page for ``ctx`` (see :class:`Page`); ``font_flavor`` is
    ``woff2`` for the HTML file, ``ttf`` for the copy WeasyPrint prints.

    ``for_print`` makes the copy WeasyPrint prints: each link's address as a
    note at the page foot, no screen contents; ``print_contents`` adds the
    contents page (see :mod:`briefgen.render.handout.contents`)."""
    layout = ctx.layout
    theme = layout.theme
    search_path = layout.search_path("handout")
    if not search_path:
        raise LayoutError([error(str(layout.chain[0]), None, "the layout has no handout/ templates")])
    env = make_environment(search_path)
    images = ImageStore(ctx.doc.source)
    values = build_context(ctx, images, lambda line, msg: warn_once(ctx, line, msg), for_print, print_contents)
    paper = (getattr(ctx.options, "paper", None) or theme.paper or "letter").lower()
    values.update(
        {
            "paper": paper,
            "page_size": page_size(paper),
            "page_counter": counter_content(values["labels"].get("page") or "Page {page} of {pages}"),
            "running_title": Markup(css_string(values["short_title"])),
            "running_series": Markup(css_string(values["series"])),
            "stamp_top_css": Markup(css_string(" · ".join(t for t in (values["stamp_mark"], values["stamp_embargo"]) if t))),
            "stamp_footer_css": Markup(css_string(values["stamp_footer"])),
            "theme_css": custom_properties(theme),
            # the print PDF's prose column (print.measure characters a line of the body face)
            "print_measure": column_width(load_settings(layout).print.measure, theme.fonts["body"], body_sample(ctx.doc)),
            # the box rules are written only for a brief with boxes (the others' bytes stay as they were)
            "has_boxes": any(isinstance(b, m.Box) for b in m.iter_blocks(ctx.doc)),
        }
    )
    css = _render(env, CSS_TEMPLATE, values, layout)
    # The CSS is raw text inside <style>: it must not be able to end the element.
    css = css.replace("</", "<\\/")
    values["css"] = Markup(_FONTS_SLOT + "\n" + css)
    page = _render(env, PAGE_TEMPLATE, values, layout)
    page = unlink_dangling(page, ctx.doc, lambda line, msg: warn_once(ctx, line, msg))
    chars = set(html.unescape(page))
    missing = uncovered(layout.font_files(), chars)
    if missing:
        ctx.warn_chars(missing, lambda shown: f"no font of layout '{layout.name}' has a glyph for: {shown}; they fall back to system fonts")
    faces = font_face_css(theme.fonts, chars, str(layout.chain[0] / "theme.yaml"), font_flavor, theme.fallback_fonts)
    if page.count(_FONTS_SLOT) < 1:
        raise LayoutError([error(_template_path(layout, PAGE_TEMPLATE), None, "the page template does not output {{ css }} in <style>")])
    page = page.replace(_FONTS_SLOT, faces, 1)
    uris = images.made() + tuple(_font_uris(faces)) + ((str(values["logo"]),) if values["logo"] else ())
    log.debug("handout: %d characters of HTML, %d data URIs", len(page), len(uris))
    return Page(page, uris)


def _font_uris(faces: str) -> Tuple[str, ...]:
    uris = []
    for chunk in faces.split("src:url(")[1:]:
        uris.append(chunk.split(")", 1)[0])
    return tuple(uris)


def _template_path(layout: Any, name: str) -> str:
    found = layout.find(f"handout/{name}")
    return str(found) if found else f"handout/{name}"


def _render(env: Any, name: str, values: dict, layout: Any) -> str:
    try:
        return env.get_template(name).render(values)
    except TemplateSyntaxError as exc:
        raise LayoutError([error(exc.filename or _template_path(layout, name), exc.lineno, f"template error: {exc.message}")]) from None
    except TemplateNotFound as exc:
        raise LayoutError([error(_template_path(layout, name), None, f"template not found: {exc.name}")]) from None
    except (UndefinedError, SecurityError, TemplateError) as exc:
        raise LayoutError([error(_template_path(layout, name), _template_line(exc), f"template error: {exc}")]) from None


def _template_line(exc: BaseException) -> Any:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
