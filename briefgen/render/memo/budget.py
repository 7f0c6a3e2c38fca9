"""Page budgets: "two pages, no more".

``page_budget:`` in the front matter (or ``budget.pages`` in ``memo.yaml``)
sets how many pages the memo may run. When it runs longer, the memo is set
again with each of the layout's ``budget.tighten`` settings in turn (line
height and paragraph spacing scaled down, pull quotes set inline as block
quotes); the first that fits is kept, silently. When none fits, the build
warns (``--strict``: fails) with how far over it is, in pages and lines, and
which sections are longest.

The measuring is done while the memo is set: :class:`Tracker` records, after
each flowable, where the text stands (a position in pages, ``1.5`` = halfway
down page 2) and where each top-level heading starts. The report is a pure
function of those figures (:func:`budget_report`).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any, List, Optional, Sequence, Tuple

from ... import model as m


@dataclass(frozen=True)
class Tightening:
    """One set of tighter settings: scales of line height and spacing, and pull quotes inline."""

    leading: float = 1.0
    space: float = 1.0
    pullquotes_inline: bool = False


NORMAL = Tightening()


def page_budget(doc: m.Document, cfg: Any) -> Tuple[int, str]:
    """The budget in pages (0: none) and where it comes from (``page_budget`` or ``memo.yaml budget.pages``)."""
    if doc.meta.page_budget:
        return doc.meta.page_budget, "page_budget"
    pages = cfg.integer("budget.pages", 0)
    return (max(pages, 0), "memo.yaml budget.pages")


def tightenings(cfg: Any) -> List[Tightening]:
    """The layout's ``budget.tighten`` list, in order (empty: the layout allows none)."""
    raw = cfg.raw("budget.tighten")
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise cfg.invalid("budget.tighten", raw, "a list of settings (leading, space, pullquotes)")
    out = []
    for index, item in enumerate(raw):
        key = f"budget.tighten.{index}"
        if not isinstance(item, dict):
            raise cfg.invalid(key, item, "a mapping (leading, space, pullquotes)")
        unknown = set(item) - {"leading", "space", "pullquotes"}
        if unknown:
            raise cfg.invalid(f"{key}.{sorted(unknown)[0]}", item[sorted(unknown)[0]], "a known setting (leading, space, pullquotes)")
        try:
            leading, space = float(item.get("leading", 1)), float(item.get("space", 1))
        except ValueError:
            raise cfg.invalid(key, item, "numbers for leading and space") from None
        if not (0.5 <= leading <= 1.0 and 0.0 <= space <= 1.0):
            raise cfg.invalid(key, item, "leading from 0.5 to 1 and space from 0 to 1")
        mode = str(item.get("pullquotes", "box")).strip().lower()
        if mode not in ("box", "inline"):
            raise cfg.invalid(f"{key}.pullquotes", mode, "box or inline")
        out.append(Tightening(leading, space, mode == "inline"))
    return out


def inline_pullquotes(doc: m.Document) -> m.Document:
    """``doc`` with every pull quote set as an ordinary block quote (in the flow, not boxed)."""

    def blocks(items: Sequence[m.Block]) -> tuple:
        out = []
        for block in items:
            if isinstance(block, m.PullQuote):
                block = m.BlockQuote(blocks(block.blocks), block.line)
            elif isinstance(block, m.BlockQuote):
                block = dataclasses.replace(block, blocks=blocks(block.blocks))
            elif isinstance(block, m.ListBlock):
                block = dataclasses.replace(block, items=tuple(dataclasses.replace(i, blocks=blocks(i.blocks)) for i in block.items))
            out.append(block)
        return tuple(out)

    sections = tuple(dataclasses.replace(s, blocks=blocks(s.blocks)) for s in doc.sections)
    return dataclasses.replace(doc, lede=blocks(doc.lede), sections=sections)


def has_pullquotes(doc: m.Document) -> bool:
    """Whether setting pull quotes inline could change anything."""
    return any(isinstance(b, m.PullQuote) for b in m.walk_blocks(m.all_body_blocks(doc)))


class Tracker:
    """Records, as a template sets the memo, where the text stands and where each part starts.

    Attach with :meth:`attach` (it wraps the template's ``afterFlowable``).
    """

    def __init__(self) -> None:
        self.end = 0.0
        self.starts: List[Tuple[str, float]] = []

    def attach(self, template: Any) -> None:
        """Record after every flowable the template sets."""
        template.afterFlowable = lambda flowable: self.record(template, flowable)

    def record(self, template: Any, flowable: Any) -> None:
        """Note the position after ``flowable`` (and a top-level heading's start)."""
        frame = getattr(template, "frame", None)
        if frame is None:
            return
        frames = list(getattr(template.pageTemplate, "frames", [frame]))
        index = frames.index(frame) if frame in frames else 0
        height = max(getattr(frame, "_height", 1.0), 1.0)
        fill = (frame._y1 + height - frame._y) / height
        self.end = page_position(template.page, index, len(frames), fill)
        if getattr(flowable, "outline_level", None) == 0:
            self.starts.append((getattr(flowable, "outline_title", "") or "", self.end))


def page_position(page: int, frame_index: int, frames: int, fill: float) -> float:
    """A place in the memo in pages: ``page`` (1-based), its frame's index of ``frames``, the frame's filled share."""
    fill = min(max(fill, 0.0), 1.0)
    return (page - 1) + (frame_index + fill) / max(frames, 1)


def section_lengths(starts: Sequence[Tuple[str, float]], end: float) -> List[Tuple[str, float]]:
    """Each part's length in pages, from its start to the next part's (the last to ``end``), longest first."""
    out = []
    for i, (title, start) in enumerate(starts):
        stop = starts[i + 1][1] if i + 1 < len(starts) else end
        out.append((title, max(stop - start, 0.0)))
    return sorted(out, key=lambda item: -item[1])


def budget_report(pages: int, end: float, budget: int, origin: str, sections: Sequence[Tuple[str, float]],
                  lines_per_page: float, longest: int = 3, tightened: bool = False) -> Optional[str]:
    """The warning for a memo of ``pages`` pages (text ending at ``end``) over ``budget``, or None within it.

    ``tightened``: the figures are those of the layout's tightest setting (what is left to cut)."""
    if budget <= 0 or pages <= budget:
        return None
    over = max(end - budget, 0.0)
    lines = max(1, math.ceil(over * lines_per_page - 1e-6))
    figure = f"{over:.1f} page{'s' if over >= 1.05 else ''} (about {lines} line{'s' if lines != 1 else ''})"
    plural = "page" if budget == 1 else "pages"
    parts = [f"{title} ({length:.1f} p.)" for title, length in list(sections)[:longest] if title]
    tail = f"; longest: {', '.join(parts)}" if parts else ""
    even = " even with the layout's tighter settings" if tightened else ""
    return f"the memo runs {pages} pages, {figure} over its budget of {budget} {plural} ({origin}){even}{tail}"
