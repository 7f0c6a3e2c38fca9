"""The handout's print PDF: the same HTML page, printed by WeasyPrint.

``render(ctx)`` returns a tagged PDF (PDF/UA-1: structure tags, title, language)
of :func:`briefgen.render.handout.render_page`'s HTML with its print styles:
page size and margins from the layout, the short title and "Page N of M" in
the page margins.

Safety and determinism:

* the URL fetcher refuses every URL except the ``data:`` URIs the handout
  itself embedded (its images and fonts): no file, no network, no attachment;
* anything WeasyPrint logs at WARNING or above during the render fails the
  build with a :class:`~briefgen.errors.RenderError` naming the source, rather
  than shipping a PDF with a hole in it;
* creation and modification dates come from ``doc.epoch`` (the page's
  ``dcterms`` meta), and the file identifier is a hash of the content, so two
  renders are byte-identical.
"""

from __future__ import annotations

import base64
import logging
import re
import urllib.parse
from typing import Any, Collection, Dict, List, Optional, Tuple

from ...errors import BriefgenError, RenderError, error
from . import render_page, warn_once

log = logging.getLogger(__name__)

#: WeasyPrint messages about a part of the page that would be missing from the PDF.
FATAL_WARNINGS = ("cannot be loaded", "Failed to", "refuses", "Unknown image")
#: Already reported by the handout renderer as "image has no alt text".
ALREADY_WARNED = ("has no required alt description",)
_NOTDEF = ".notdef glyph rendered"


class _Capture(logging.Handler):
    """Sorts WeasyPrint's messages during one render.

    Errors, and warnings that mean something is missing from the page (a font
    or image that did not load), are ``fatal``; characters drawn as .notdef
    boxes are ``glyphs`` (reported as warnings); CSS the engine does not know
    (screen-only rules) is only logged at debug level.
    """

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.fatal: List[str] = []
        self.glyphs: List[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # a broken log call must not break the build
            message = str(record.msg)
        if any(part in message for part in ALREADY_WARNED):
            return
        if _NOTDEF in message:
            self.glyphs.append(message.rsplit(":", 1)[-1].strip())
        elif record.levelno >= logging.ERROR or any(part in message for part in FATAL_WARNINGS):
            self.fatal.append(message if len(message) < 300 else message[:297] + "...")
        else:
            log.debug("weasyprint: %s", message)


FONT_SCHEME = "briefgen-font:"


def short_font_urls(html: str, data_uris: Collection[str]) -> Tuple[str, Dict[str, str]]:
    """The page with each embedded font's ``data:`` URI replaced by a short
    ``briefgen-font:N`` name, and the names' URIs.

    WeasyPrint's CSS tokenizer is pure Python and walks a ``url(data:...)``
    character by character: for the fonts' hundreds of kilobytes of base64
    that cost ~0.35 s a render. The fetcher serves the short names instead.
    """
    names: Dict[str, str] = {}
    for uri in data_uris:
        if uri.startswith("data:font/"):
            name = f"{FONT_SCHEME}{len(names)}"
            names[name] = uri
            html = html.replace(uri, name)
    return html, names


def _make_fetcher(allowed: Collection[str], names: Optional[Dict[str, str]] = None) -> Any:
    """A WeasyPrint URL fetcher that serves only the ``allowed`` data URIs
    (and the short ``names`` of some of them)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    allowed_set = frozenset(allowed)
    named = dict(names or {})

    class OnlyOwnDataURIs(URLFetcher):
        """Refuses every URL except the data URIs the handout embedded."""

        def fetch(self, url: str, headers: Any = None) -> Any:  # WeasyPrint API
            url = named.get(url, url)
            if url not in allowed_set:
                shown = url if len(url) <= 80 else url[:77] + "..."
                raise ValueError(f"briefgen refuses to fetch {shown}")
            header, _, payload = url.partition(",")
            mime = header[5:].split(";", 1)[0] or "text/plain"
            if header.endswith(";base64"):
                body = base64.b64decode(payload)
            else:
                body = urllib.parse.unquote_to_bytes(payload)
            return URLFetcherResponse(url, body, {"Content-Type": mime})

    return OnlyOwnDataURIs(fail_on_errors=True)


def _import_weasyprint():
    """Import WeasyPrint without letting cffi run ``ldconfig``/``gcc``/``ld`` to find its libraries.

    WeasyPrint tries short library names first; for each, cffi calls
    ``ctypes.util.find_library``, which starts those programs (about 1.3 s and
    dozens of processes). Refusing the short names makes it load the sonames.
    """
    import ctypes.util

    import sys

    saved = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint
    except OSError:  # a system where only the short names resolve: the slow, ordinary way
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        ctypes.util.find_library = saved
        import weasyprint
    finally:
        ctypes.util.find_library = saved
    return weasyprint


def preload() -> None:
    """Import WeasyPrint (the quick way, see :func:`_import_weasyprint`) before the first render."""
    _import_weasyprint()


#: Options of WeasyPrint's layout and PDF writer (the same for both passes).
PDF_OPTIONS = dict(
    pdf_variant="pdf/ua-1",
    pdf_tags=True,
    pdf_identifier=True,  # an MD5 of the content: deterministic
    attachments=[],
    presentational_hints=True,  # <ol start>, <li value>
    uncompressed_pdf=False,
    custom_metadata=False,
)


def wants_contents(ctx: Any) -> Optional[bool]:
    """True when the handout PDF surely needs a contents page (its estimated
    length is over twice the layout's ``contents.min_pages``); None when only
    its real page count can tell."""
    from .contents import estimated_pages
    from .settings import load_settings

    limit = load_settings(ctx.layout).contents.min_pages
    return True if estimated_pages(ctx.doc, ctx.layout) > 2 * limit else None


def _lay_out(ctx: Any, weasyprint: Any, with_contents: bool) -> Any:
    """The print page laid out by WeasyPrint (a ``Document``), with or without its contents page."""
    page = render_page(ctx, font_flavor="ttf", for_print=True, print_contents=with_contents)
    html, names = short_font_urls(page.html, page.data_uris)
    document = weasyprint.HTML(
        string=html,
        base_url=None,
        url_fetcher=_make_fetcher(page.data_uris, names),
        media_type="print",
    )
    return document.render(**PDF_OPTIONS)


def render(ctx: Any) -> bytes:
    """The handout as a tagged, deterministic PDF.

    A handout longer than the layout's ``contents.min_pages`` gets a contents
    page: laid out once without it, and again with it when the first layout
    has too many pages (at once when the estimate leaves no doubt).
    """
    from .settings import load_settings

    weasyprint = _import_weasyprint()
    capture = _Capture()
    wlog = logging.getLogger("weasyprint")
    wlog.addHandler(capture)
    old_level = wlog.level
    if wlog.getEffectiveLevel() > logging.WARNING:
        wlog.setLevel(logging.WARNING)
    try:
        surely = wants_contents(ctx)
        laid_out = _lay_out(ctx, weasyprint, bool(surely))
        if not surely and len(laid_out.pages) > load_settings(ctx.layout).contents.min_pages:
            log.debug("handout PDF: %d pages, laid out again with contents", len(laid_out.pages))
            laid_out = _lay_out(ctx, weasyprint, True)
        pdf = laid_out.write_pdf(**PDF_OPTIONS)
    except BriefgenError:  # a layout's bad contents setting, a source's bad image: already located
        raise
    except BaseException as exc:  # FatalURLFetchingError is a BaseException
        if not isinstance(exc, Exception) and type(exc).__name__ != "FatalURLFetchingError":
            raise  # KeyboardInterrupt, SystemExit, the engine's BudgetExceeded...
        if isinstance(exc, MemoryError):
            raise
        raise RenderError([error(ctx.doc.source, None, f"the handout PDF could not be made: {exc}")]) from None
    finally:
        wlog.removeHandler(capture)
        wlog.setLevel(old_level)
    if capture.fatal:
        shown = "; ".join(dict.fromkeys(capture.fatal))
        raise RenderError([error(ctx.doc.source, None, f"the handout PDF is incomplete: {shown}")])
    if capture.glyphs:
        codes = re.findall(r"U\+([0-9A-Fa-f]{4,6})", " ".join(capture.glyphs))
        chars = list(dict.fromkeys(chr(int(code, 16)) for code in codes))
        if chars:
            ctx.warn_chars(chars, lambda shown: f"the handout PDF draws empty boxes for characters no font covers: {shown}")
        else:
            shown = ", ".join(dict.fromkeys(capture.glyphs))
            warn_once(ctx, None, f"the handout PDF draws empty boxes for characters no font covers: {shown}")
    if pdf is None:  # pragma: no cover - write_pdf without target returns bytes
        raise RenderError([error(ctx.doc.source, None, "WeasyPrint returned no PDF")])
    from .finish import finish_tagged_pdf

    return finish_tagged_pdf(pdf)
