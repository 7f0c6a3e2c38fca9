"""The words of draft and embargo stamps, shared by every output (pure, import-light).

A brief with ``status: draft`` (or built with ``--draft``) is stamped
"DRAFT" on every memo and handout-PDF page, every slide and atop the
handout, with a footer naming the build date (``doc.epoch``: from
``SOURCE_DATE_EPOCH`` when set) and the start of the source's SHA-256, so
two printouts can be told apart. ``embargo:`` adds "Embargoed until …".
The wording comes from the theme's ``labels`` (``draft``, ``embargo``,
``draft_footer``); each renderer draws the texts in its own way, with the
look from its layout files. A final build without an embargo gets
:data:`NO_STAMPS`, and draws nothing.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Mapping

from ...language import day_date

HASH_CHARS = 12
DEFAULT_LABELS = {
    "draft": "DRAFT",
    "embargo": "Embargoed until {when}",
    "draft_footer": "Draft of {date} · source {hash}",
}


@dataclass(frozen=True)
class Stamps:
    """The texts to stamp: each empty when that stamp is off."""

    mark: str = ""
    """The draft mark ("DRAFT")."""
    embargo: str = ""
    """The embargo line ("Embargoed until 5 December 2026, 09:00 UTC-05:00")."""
    footer: str = ""
    """The draft footer line (build date and source hash)."""

    def __bool__(self) -> bool:
        return bool(self.mark or self.embargo or self.footer)


NO_STAMPS = Stamps()


def is_draft(doc: Any, forced: bool = False) -> bool:
    """Whether ``doc`` builds as a draft: its ``status: draft`` or ``--draft``."""
    return forced or getattr(doc.meta, "status", "final") == "draft"


def stamps_for(doc: Any, labels: Mapping[str, str], forced_draft: bool = False) -> Stamps:
    """The stamps of ``doc`` with the theme's ``labels`` (``forced_draft``: ``--draft`` was given)."""
    draft = is_draft(doc, forced_draft)
    embargo = getattr(doc.meta, "embargo", "")
    if not draft and not embargo:
        return NO_STAMPS

    def label(key: str) -> str:
        value = labels.get(key)
        return value if value else DEFAULT_LABELS[key]

    footer = ""
    if draft:
        digest = (getattr(doc, "source_sha256", "") or "")[:HASH_CHARS] or "unknown"
        footer = label("draft_footer").replace("{date}", build_date(doc.epoch)).replace("{hash}", digest)
    return Stamps(
        mark=label("draft") if draft else "",
        embargo=label("embargo").replace("{when}", embargo_display(embargo, getattr(doc, "lang", "en") or "en")) if embargo else "",
        footer=footer,
    )


def build_date(epoch: int) -> str:
    """``epoch`` as ``2026-12-01 13:20 UTC`` (the build time every output embeds)."""
    moment = _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def embargo_display(iso: str, lang: str = "en") -> str:
    """``2026-12-05T09:00:00-05:00`` as ``5 December 2026, 09:00 UTC-05:00``: the time as written, with its offset.

    The day is written in ``lang`` (``5 décembre 2026`` in French); the time and offset are the same everywhere."""
    moment = _dt.datetime.fromisoformat(iso)
    offset = moment.utcoffset() or _dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    zone = "UTC" if minutes == 0 else f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return f"{day_date(moment.date(), lang)}, {moment:%H:%M} {zone}"
