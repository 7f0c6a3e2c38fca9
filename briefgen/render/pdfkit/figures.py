"""Figures (images) for the memo: scaled to fit both the column width and a share of the frame
height, whatever the image's pixel size; downsampled when far larger than print needs; numbered
with the theme's figure label when captioned."""

from __future__ import annotations

import io
import logging
from typing import Any, Dict, List

from ... import model as m
from ..common.itemlists import item_anchor
from ..pdftags import LAYOUT, tag
from .markup import Run, flatten, text_runs
from .tables import Builder

log = logging.getLogger(__name__)


def _image_source(image: m.Image, width: float, height: float, max_dpi: float, cache: Dict[tuple, bytes]) -> Any:
    """The image file, or a downsampled copy when it has far more pixels than print needs.

    A 4000x6000 px photo placed 4 inches tall would otherwise be decoded and
    recompressed at full size (slow, and a needlessly large PDF). Pillow's
    resampling is deterministic, so the output stays byte-identical.
    """
    target_w = max(int(round(width / 72.0 * max_dpi)), 1)
    target_h = max(int(round(height / 72.0 * max_dpi)), 1)
    if image.width <= target_w * 1.5 and image.height <= target_h * 1.5:
        return str(image.path)
    key = (image.sha256, target_w, target_h)
    if key in cache:
        return io.BytesIO(cache[key])
    from PIL import Image as PILImage

    with PILImage.open(image.path) as im:
        im.load()
        if im.mode not in ("RGB", "RGBA", "L", "LA"):
            im = im.convert("RGBA" if "transparency" in im.info else "RGB")
        small = im.resize((target_w, target_h), PILImage.LANCZOS, reducing_gap=2.0)
    buf = io.BytesIO()
    if image.mime == "image/jpeg" and small.mode in ("RGB", "L"):
        small.save(buf, format="JPEG", quality=90, optimize=False)
    else:
        small.save(buf, format="PNG", optimize=False)
    cache[key] = buf.getvalue()
    buf.seek(0)
    log.debug("downsampled %s from %dx%d to %dx%d px", image.rel, image.width, image.height, target_w, target_h)
    return buf


def build_figure(builder: Builder, block: m.Figure, width: float) -> List[Any]:
    """An image scaled to fit, with its caption and credit, kept together."""
    from reportlab.platypus import Image, KeepTogether

    cfg = builder.cfg
    image = block.image
    max_h = builder.geo.frame_height * cfg.settings.boxes.figure.max_height
    px_w, px_h = max(image.width, 1), max(image.height, 1)
    # Natural size at 150 dpi, never wider than the column or taller than max_h.
    w = px_w * 72.0 / 150.0
    h = px_h * 72.0 / 150.0
    scale = min(1.0, width / w, max_h / h)
    w, h = w * scale, h * scale
    source = _image_source(image, w, h, cfg.settings.boxes.figure.max_dpi, builder.image_cache)
    tags = builder.tags  # type: ignore[attr-defined]
    alt = " ".join(block.alt.split())
    flows: List[Any] = [tag(Image(source, width=w, height=h, hAlign="LEFT"), tags.leaf("Figure", alt=alt) if alt else LAYOUT)]
    if block.caption:
        runs = [Run(builder.figure_label() + ".", bold=True), Run(" ")] + flatten(block.caption)
        anchor = item_anchor("figures", block.ident, builder.figure_count)  # a long memo lists it (render/common/itemlists)
        flows.extend(builder.paragraph(runs, "caption", block.line, tag_as="Caption", anchor=anchor))
    if block.credit:
        flows.extend(builder.paragraph(text_runs(block.credit), "credit", block.line))
    space = cfg.settings.boxes.figure.space
    flows[0].spaceBefore = space
    holder = KeepTogether(flows)
    from reportlab.platypus import Spacer

    return [holder, Spacer(1, space)]
