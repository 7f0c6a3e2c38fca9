"""Image references: resolved inside the source's folder, checked and measured.

An image is a relative path from the source's folder. After symlinks are
resolved it must still be inside that folder; URLs of any scheme, absolute
paths, backslashes, percent-escapes and devices are refused. Only PNG, JPEG and
GIF files are accepted, identified by their content, and their size in pixels
is bounded (a decompression bomb is refused before it is decoded).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path
from typing import Dict, Optional, Tuple

from ..model import Image

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
"""Largest image accepted: 40 megapixels (a 4000x6000 poster is 24)."""

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_MIME = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}


class ImageProblem(Exception):
    """Raised with a message for the user when an image reference is refused."""


def resolve_image(src: str, source_dir: Path, cache: Dict[str, Image]) -> Image:
    """Check one image reference and return it measured; raise :class:`ImageProblem`."""
    if src in cache:
        return cache[src]
    target, info = resolve_inside(src, source_dir, "image file", "images")
    if info.st_size > MAX_IMAGE_BYTES:
        raise ImageProblem(f"image '{_short(src)}' is {info.st_size // 1048576} MiB; the limit is {MAX_IMAGE_BYTES // 1048576} MiB")
    data = target.read_bytes()
    kind, width, height = _measure(data, src)
    if width * height > MAX_IMAGE_PIXELS:
        raise ImageProblem(
            f"image '{_short(src)}' is {width}x{height} pixels ({width * height / 1e6:.0f} megapixels); "
            f"the limit is {MAX_IMAGE_PIXELS // 1_000_000} megapixels (a decompression bomb is refused)"
        )
    image = Image(
        path=target,
        rel=src,
        width=width,
        height=height,
        sha256=hashlib.sha256(data).hexdigest(),
        mime=_MIME[kind],
    )
    cache[src] = image
    return image


def resolve_inside(src: str, source_dir: Path, noun: str, plural: str) -> Tuple[Path, os.stat_result]:
    """``src`` resolved inside ``source_dir`` (symlinks followed) and its ``stat``: a regular file.

    Shared by images and chart data files (``noun`` and ``plural`` name the kind in messages);
    raises :class:`ImageProblem` for URLs, absolute paths, escapes and missing files.
    """
    if not src:
        raise ImageProblem(f"the {plural[:-1]} has no path")
    if _SCHEME.match(src) or src.startswith("//"):
        raise ImageProblem(f"'{_short(src)}' is a URL: {plural} must be files in the source's folder")
    if src.startswith("/") or src.startswith("~"):
        raise ImageProblem(f"'{_short(src)}' is an absolute path: {plural} must be relative to the source's folder")
    if "\\" in src or "%" in src or "\x00" in src:
        raise ImageProblem(f"'{_short(src)}' is not a plain relative path (no backslashes or %-escapes)")
    root = source_dir.resolve()
    try:
        target = (root / src).resolve(strict=False)
    except (OSError, RuntimeError) as exc:
        raise ImageProblem(f"'{_short(src)}' cannot be resolved: {exc}") from None
    if root not in target.parents:
        raise ImageProblem(f"'{_short(src)}' is outside the source's folder ({_shown(root)}/): move the file into it")
    try:
        info = target.stat()
    except FileNotFoundError:
        raise ImageProblem(_not_found(src, root, target, noun)) from None
    except OSError as exc:
        raise ImageProblem(f"{noun} '{_short(src)}' cannot be read: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise ImageProblem(f"'{_short(src)}' is not a regular file")
    return target, info


def _not_found(src: str, root: Path, target: Path, noun: str) -> str:
    """Where a missing file was looked for (from the working folder) and what to do about it."""
    looked = _shown(target)
    hint = f"put the file there, or fix the path (it is relative to the source's folder, {_shown(root)}/)"
    cwd = Path.cwd()
    if root != cwd and (cwd / src).is_file():  # the common slip: assets/ beside sources/, not inside it
        hint = f"{_shown(cwd / src)} exists, but files are read from inside the source's folder: move it to {looked}"
    return f"{noun} '{_short(src)}' not found: looked for {_short(looked)}; {hint}"


def _shown(path: Path) -> str:
    """``path`` relative to the working folder when it is under it, else as it is."""
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return str(path)


def _measure(data: bytes, src: str) -> Tuple[str, int, int]:
    """Identify the format and size from the header only (nothing is decoded)."""
    import io
    import warnings

    from PIL import Image as PILImage

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        saved = PILImage.MAX_IMAGE_PIXELS
        PILImage.MAX_IMAGE_PIXELS = None  # measured below, before any decoding
        try:
            with PILImage.open(io.BytesIO(data), formats=list(_MIME)) as img:
                kind: Optional[str] = img.format
                width, height = img.size
        except Exception:
            raise ImageProblem(f"'{_short(src)}' is not a PNG, JPEG or GIF image") from None
        finally:
            PILImage.MAX_IMAGE_PIXELS = saved
    if kind not in _MIME or width <= 0 or height <= 0:
        raise ImageProblem(f"'{_short(src)}' is not a PNG, JPEG or GIF image")
    return kind, width, height


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
