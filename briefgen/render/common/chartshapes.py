"""What a chart plan is made of: the output's style and the primitives every output translates.

:func:`~.chartplan.plan_chart` fills a :class:`ChartPlan` with these, in abstract units with the
origin at the top left and ``y`` growing downwards (as in SVG); the memo (ReportLab graphics), the
handout (SVG) and the deck draw them. Nothing here imports a drawing library.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable, List, Tuple

log = logging.getLogger(__name__)

Measure = Callable[[str, float, bool], float]
"""``measure(text, size, bold) -> width`` in the plan's units."""

DASHES: Tuple[Tuple[float, ...], ...] = ((), (6.0, 3.0), (1.5, 2.5), (8.0, 3.0, 1.5, 3.0))
"""Line dash patterns by series (multiples of the stroke width): solid, dashed, dotted, dash-dot."""
MARKERS = ("circle", "square", "triangle", "diamond")
"""Line markers by series."""


@dataclass(frozen=True)
class ChartStyle:
    """Colors, type size and measuring for one output (all sizes in plan units)."""

    palette: Tuple[str, ...]
    text: str
    muted: str
    rule: str
    background: str
    size: float
    measure: Measure
    lang: str = "en"
    """The brief's language: how tick numbers and timeline dates are written."""


@dataclass(frozen=True)
class Rect:
    """A filled bar (``series``/``index`` name its data point)."""

    x: float
    y: float
    w: float
    h: float
    fill: str
    series: int = -1
    index: int = -1


@dataclass(frozen=True)
class Line:
    """A straight stroke: grid lines, axes, the timeline's rule."""

    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    width: float
    dash: Tuple[float, ...] = ()


@dataclass(frozen=True)
class Poly:
    """A series' line through its points."""

    points: Tuple[Tuple[float, float], ...]
    stroke: str
    width: float
    dash: Tuple[float, ...] = ()
    series: int = -1


@dataclass(frozen=True)
class Dot:
    """A marker: ``shape`` is one of :data:`MARKERS`; ``r`` its half size."""

    cx: float
    cy: float
    r: float
    fill: str
    shape: str = "circle"
    stroke: str = ""


@dataclass(frozen=True)
class Label:
    """Text: ``y`` is the first line's baseline, ``anchor`` ``start``/``middle``/``end``."""

    x: float
    y: float
    lines: Tuple[str, ...]
    size: float
    color: str
    anchor: str = "start"
    bold: bool = False
    leading: float = 0.0
    role: str = ""  # "tick", "category", "legend", "date", "event"

    @property
    def text(self) -> str:
        """The label's text as one string."""
        return " ".join(self.lines)


Item = object  # Rect | Line | Poly | Dot | Label


@dataclass(frozen=True)
class ChartPlan:
    """What to draw: ``items`` in painting order inside a ``width`` by ``height`` box."""

    kind: str
    width: float
    height: float
    items: Tuple[Item, ...]

    def labels(self) -> List[Label]:
        """Every text of the plan."""
        return [i for i in self.items if isinstance(i, Label)]
