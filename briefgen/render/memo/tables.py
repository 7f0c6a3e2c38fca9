"""Tables and figures for the memo.

Tables split across pages between (and, if needed, inside) rows and repeat
their header row; every cell is a wrapped Paragraph, so a long word breaks
instead of overflowing. Figures are scaled to fit both the column width and
a share of the frame height, whatever the image's pixel size.
"""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING, Any, Dict, List

from ... import model as m
from .markup import flatten, text_runs

if TYPE_CHECKING:  # pragma: no cover
    from .flowables import BlockBuilder

log = logging.getLogger(__name__)

_ALIGN = {"left": 0, "center": 1, "right": 2}
_MAX_WEIGHT_CHARS = 60


def column_widths(block: m.Table, width: float, minimum: float) -> List[float]:
    """Column widths that share ``width`` by how much text each column holds."""
    n = len(block.header)
    if n == 0:
        return []
    weights = []
    for col in range(n):
        cells = [block.header[col]] + [row[col] for row in block.rows[:200]]
        longest = max(min(len(m.plain_text(c.inlines)), _MAX_WEIGHT_CHARS) for c in cells)
        weights.append(max(longest, 4))
    total = float(sum(weights))
    widths = [width * w / total for w in weights]
    floor = min(minimum, width / n)
    short = [i for i, w in enumerate(widths) if w < floor]
    if short:
        need = sum(floor - widths[i] for i in short)
        rest = [i for i in range(n) if i not in short]
        spare = sum(widths[i] - floor for i in rest)
        for i in short:
            widths[i] = floor
        for i in rest:
            widths[i] -= need * (widths[i] - floor) / spare if spare > 0 else 0
    return widths


def build_table(builder: "BlockBuilder", block: m.Table, width: float) -> List[Any]:
    """A table with a repeating header row and wrapped cells."""
    from reportlab.platypus import Paragraph, TableStyle

    from .guard import safe_table_class

    Table = safe_table_class()
    cfg = builder.cfg
    sheet = builder.sheet
    n = len(block.header)
    if n == 0:
        return []
    pad = cfg.length("boxes.table.padding", 4)
    widths = column_widths(block, width, cfg.length("boxes.table.min_column", 40))
    writer = builder.writer

    def cells(row: Any, style_name: str) -> List[Any]:
        info = sheet.info(style_name)
        out = []
        for col, cell in enumerate(row):
            align = block.aligns[col] if col < len(block.aligns) else None
            st = sheet.derive(style_name, alignment=_ALIGN.get(align or "left", 0))
            out.append(Paragraph(writer.runs(flatten(cell.inlines), info.role, info.upper), st))
        return out

    data = [cells(block.header, "table_head")] + [cells(row, "table_cell") for row in block.rows]
    builder.report(block.line)
    rule = sheet.color("boxes.table.rule", "rule")
    rule_w = cfg.length("boxes.table.rule_width", 0.5)
    table = Table(data, colWidths=widths, repeatRows=1, splitByRow=1, splitInRow=1, hAlign="LEFT",
                  longTableOptimize=1)
    commands = sheet.table_font() + [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 1),
        ("BACKGROUND", (0, 0), (-1, 0), sheet.color("boxes.table.header_background", "shade")),
        ("LINEABOVE", (0, 0), (-1, 0), rule_w * 2, sheet.color("boxes.table.header_rule", "primary")),
        ("LINEBELOW", (0, 0), (-1, 0), rule_w * 2, sheet.color("boxes.table.header_rule", "primary")),
        ("LINEBELOW", (0, 1), (-1, -1), rule_w, rule),
    ]
    table.setStyle(TableStyle(commands))
    space = cfg.length("boxes.table.space", 10)
    table.spaceBefore = space
    table.spaceAfter = space + 2
    return [table]


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


def build_figure(builder: "BlockBuilder", block: m.Figure, width: float) -> List[Any]:
    """An image scaled to fit, with its caption and credit, kept together."""
    from reportlab.platypus import Image, KeepTogether

    cfg = builder.cfg
    image = block.image
    max_h = builder.geo.frame_height * min(max(cfg.number("boxes.figure.max_height", 0.6), 0.1), 0.9)
    px_w, px_h = max(image.width, 1), max(image.height, 1)
    # Natural size at 150 dpi, never wider than the column or taller than max_h.
    w = px_w * 72.0 / 150.0
    h = px_h * 72.0 / 150.0
    scale = min(1.0, width / w, max_h / h)
    w, h = w * scale, h * scale
    source = _image_source(image, w, h, cfg.number("boxes.figure.max_dpi", 300), builder.image_cache)
    flows: List[Any] = [Image(source, width=w, height=h, hAlign="LEFT")]
    if block.caption:
        flows.extend(builder.paragraph(flatten(block.caption), "caption", block.line))
    if block.credit:
        flows.extend(builder.paragraph(text_runs(block.credit), "credit", block.line))
    space = cfg.length("boxes.figure.space", 10)
    flows[0].spaceBefore = space
    holder = KeepTogether(flows)
    from reportlab.platypus import Spacer

    return [holder, Spacer(1, space)]
