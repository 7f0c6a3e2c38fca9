"""Pictures in a Word document: saved beside the source with their alt text, or reported.

Only pictures stored inside the package are kept, and only PNG, JPEG and GIF
(checked by their first bytes, not their names). A linked picture (an external
relationship) is never fetched; a picture in another format (EMF, WMF, SVG,
TIFF...) is left out; both with a warning that quotes the alt text.
"""

from __future__ import annotations

import hashlib
from typing import Optional

from lxml import etree

from ..blocks import Image
from .context import MAX_IMAGES, R, Context

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
V = "{urn:schemas-microsoft-com:vml}"
KINDS = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"), (b"GIF87a", "gif"), (b"GIF89a", "gif"))


def _alt(node: etree._Element) -> str:
    doc_pr = next(node.iter(f"{WP}docPr"), None)
    if doc_pr is None:
        return ""
    return " ".join((doc_pr.get("descr") or doc_pr.get("title") or "").split())


def read_drawing(ctx: Context, node: etree._Element) -> Optional[Image]:
    """The picture in a ``w:drawing`` (``None`` for none, or one that cannot be kept)."""
    blip = next(node.iter(f"{A}blip"), None)
    if blip is None:
        if any(True for _ in node.iter("{http://schemas.openxmlformats.org/drawingml/2006/chart}chart")):
            ctx.issues.add("chart", ctx.paragraph, f"a chart ('{_alt(node) or 'no alt text'}') is not imported: "
                                                   "write it as a ::: {.chart} block from its data")
        return None
    return _save(ctx, blip.get(f"{R}embed"), blip.get(f"{R}link"), _alt(node))


def read_vml(ctx: Context, node: etree._Element) -> Optional[Image]:
    """The picture in an old-style ``w:pict`` (VML ``v:imagedata``)."""
    data = next(node.iter(f"{V}imagedata"), None)
    if data is None:
        return None
    shape = data.getparent()
    alt = (shape.get("alt") or "") if shape is not None else ""
    return _save(ctx, data.get(f"{R}id"), None, alt or (data.get("{urn:schemas-microsoft-com:office:office}title") or ""))


def _save(ctx: Context, embed: Optional[str], link: Optional[str], alt: str) -> Optional[Image]:
    quoted = f" ('{alt}')" if alt else ""
    found = ctx.rel_target(embed) if embed else None
    if found is None or found[1]:
        if link or (found is not None and found[1]):
            ctx.issues.add("linkedimage", ctx.paragraph,
                           f"a linked picture{quoted} points outside the document: never fetched, not imported")
        else:
            ctx.issues.add("missingimage", ctx.paragraph, f"a picture{quoted} is missing from the document: not imported")
        return None
    target = found[0]
    if not target or not ctx.pkg.has(target):
        ctx.issues.add("missingimage", ctx.paragraph, f"a picture{quoted} is missing from the document: not imported")
        return None
    data = ctx.pkg.read(target)
    ext = next((kind for magic, kind in KINDS if data.startswith(magic)), None)
    if ext is None:
        ctx.issues.add(f"imageformat:{target.rsplit('.', 1)[-1].lower()}", ctx.paragraph,
                       f"a picture{quoted} in a format briefgen does not take ({target.rsplit('/', 1)[-1]}; "
                       "PNG, JPEG or GIF only): not imported")
        return None
    if not alt:
        ctx.issues.add("noalt", ctx.paragraph, "a picture without alt text: write one in the source ![...]")
    digest = hashlib.sha256(data).digest()
    if digest in ctx.image_hashes:
        return Image(ctx.image_hashes[digest], alt, ctx.paragraph)
    if len(ctx.images) >= MAX_IMAGES:
        ctx.issues.add("toomanyimages", ctx.paragraph, f"more than {MAX_IMAGES} pictures: the rest are not imported")
        return None
    name = f"{ctx.image_folder}/image-{len(ctx.images) + 1}.{ext}"
    ctx.images.append((name, data))
    ctx.image_hashes[digest] = name
    return Image(name, alt, ctx.paragraph)
