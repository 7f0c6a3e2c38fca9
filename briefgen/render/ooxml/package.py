"""Deterministic OOXML packages: fixed zip timestamps, sorted entries, dates from the build's epoch.

A ``.pptx`` or ``.docx`` saved by python-pptx or python-docx carries the
time of the save in its zip entries; :func:`deterministic_zip` rewrites the
package with every entry dated from ``epoch`` (``SOURCE_DATE_EPOCH``), the
content types and package relationships first and the rest sorted by name,
so the same input always gives the same bytes. :func:`epoch_datetime` is the
naive UTC time core properties take.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import zipfile
from typing import Mapping, Optional

log = logging.getLogger(__name__)

ZIP_FLOOR = 315532800
"""1980-01-01T00:00:00Z: the earliest time a zip entry can carry."""


def epoch_datetime(epoch: int) -> dt.datetime:
    """``epoch`` (seconds) as a naive UTC datetime, never before 1980 (what core properties take)."""
    return dt.datetime.fromtimestamp(max(int(epoch), ZIP_FLOOR), dt.timezone.utc).replace(tzinfo=None)


def deterministic_zip(data: bytes, epoch: int, replace: Optional[Mapping[str, bytes]] = None,
                      drop: tuple = ()) -> bytes:
    """Rewrite the package ``data``: fixed timestamps, order and compression.

    ``replace`` gives new bytes for some entries (by name); entries named in ``drop`` are left out.
    """
    when = epoch_datetime(epoch)
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second - when.second % 2)
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as dst:
        names = src.namelist()
        first = ("[Content_Types].xml", "_rels/.rels")
        order = list(first) + sorted(n for n in names if n not in first)
        for name in order:
            if name not in names or name in drop:
                continue
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            body = replace[name] if name in replace else src.read(name)
            dst.writestr(info, body, compresslevel=6)
    return out.getvalue()
