"""The shared chart plan (issue 12), tested without any drawing library: everything inside the box, honest scales."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from briefgen.model import Chart, ChartSeries, TimelineEvent
from briefgen.render.common.chartplan import ChartStyle, Label, Line, Rect, nice_ticks, plan_chart, tick_text, value_ticks


def measure(text: str, size: float, bold: bool) -> float:
    return len(text) * size * (0.6 if bold else 0.55)


STYLE = ChartStyle(("#111111", "#222222", "#333333"), "#000000", "#555555", "#999999", "#FFFFFF", 10.0, measure)


def extent(label: Label):
    width = max(measure(t, label.size, label.bold) for t in label.lines)
    left = {"start": label.x, "middle": label.x - width / 2, "end": label.x - width}[label.anchor]
    return left, left + width


def chart(kind, series, stacked=False, cats=None):
    n = len(series[0])
    cats = cats or tuple(str(2000 + i) for i in range(n))
    return Chart(kind, "T", "", "", "A", tuple(cats), tuple(ChartSeries(f"S{i}", tuple(v)) for i, v in enumerate(series)),
                 (), 1, stacked=stacked, x_label="Year")


values = st.lists(st.floats(-500, 5000, allow_nan=False, allow_infinity=False), min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from(["bar", "hbar", "line"]), first=values, count=st.integers(1, 3), stacked=st.booleans(),
       width=st.floats(200, 700))
def test_everything_lies_inside_the_box(kind, first, count, stacked, width):
    series = [first] + [[v * (i + 2) % 997 for v in first] for i in range(count - 1)]
    c = chart(kind, series, stacked and kind != "line")
    plan = plan_chart(c, width, STYLE, height=width * 0.4)
    for item in plan.items:
        if isinstance(item, Rect):
            assert -0.01 <= item.x and item.x + item.w <= width + 0.01 and -0.01 <= item.y <= plan.height
        if isinstance(item, Label) and item.role != "legend":
            left, right = extent(item)
            assert left >= -0.5 and right <= width + 0.5, (item, width)
            assert 0 <= item.y <= plan.height
    ticks = value_ticks(c)
    data = [v for s in series for v in s]
    low = min(data + [0.0] if kind != "line" else data)
    slack = 1e-6 * (ticks[-1] - ticks[0])  # below a millionth of the axis: not drawable
    assert stacked or (ticks[0] <= low + slack and ticks[-1] >= max(data) - slack)


def test_bars_start_at_zero_and_ticks_are_round():
    assert nice_ticks(0, 74.1) == (0.0, 20.0, 40.0, 60.0, 80.0)
    assert nice_ticks(-1, 6) == (-2.0, 0.0, 2.0, 4.0, 6.0)
    assert tick_text(2.5, 2.5) == "2.5" and tick_text(-2, 2) == "\u22122" and tick_text(6000, 2000) == "6,000"
    c = chart("bar", [[44.2, 43.2, 42.1]])
    assert value_ticks(c)[0] == 0.0  # a bar chart's scale never starts above zero
    stacked = chart("bar", [[44.2, 43.2], [4.3, 2.9]], stacked=True)
    assert value_ticks(stacked)[-1] >= 48.5


def test_hbar_wraps_long_categories_and_timeline_wraps_events():
    c = chart("hbar", [[1.0, 2.0]], cats=("Courts of Appeals, District Courts, and Other Judicial Services", "B"))
    plan = plan_chart(c, 300, STYLE)
    first = next(i for i in plan.labels() if i.role == "category")
    assert len(first.lines) > 1 and " ".join(first.lines) == c.categories[0]
    events = tuple(TimelineEvent(str(1950 + i), "word " * 30, i) for i in range(3))
    tl = Chart("timeline", "T", "", "", "A", (), (), events, 1)
    plan = plan_chart(tl, 300, STYLE)
    texts = [i for i in plan.labels() if i.role == "event"]
    assert len(texts) == 3 and all(len(t.lines) > 1 for t in texts)
    assert all(extent(t)[1] <= 300.5 for t in texts)
    rule = [i for i in plan.items if isinstance(i, Line)]
    assert rule and rule[0].y2 <= plan.height


def test_memo_chart_flowable_is_a_figure_for_tagging():
    # the memo's chart carries what a tagged Figure needs, and shrinks (never grows) to the room it has
    from briefgen.render.pdfkit.charts import chart_flowable_class

    c = chart("bar", [[1.0, 2.0, 3.0]])
    plan = plan_chart(c, 400, STYLE, height=300)
    flow = chart_flowable_class()(plan, {"regular": "Helvetica", "bold": "Helvetica-Bold"}, "Bars rise.", "T", "CRS", 12, 200)
    assert (flow.alt, flow.caption, flow.credit, flow.line) == ("Bars rise.", "T", "CRS", 12)
    width, height = flow.wrap(500, 1000)
    assert height == 200 and abs(width / height - plan.width / plan.height) < 1e-9
    roomy = chart_flowable_class()(plan, {"regular": "Helvetica", "bold": "Helvetica-Bold"}, "a", "T", "", 1, 10_000)
    assert roomy.wrap(500, 10_000) == (plan.width, plan.height)


def test_deck_timeline_continues_on_more_slides_when_it_must():
    from briefgen.render.deck.chartslides import TIMELINE_MIN, plan_chart_slides
    from briefgen.render.deck.geometry import Frame

    events = tuple(TimelineEvent(str(1950 + i), "a long event text " * 4, i) for i in range(24))
    tl = Chart("timeline", "T", "units", "CRS", "A", (), (), events, 1)
    area = Frame(40, 100, 880, 380)
    slides = plan_chart_slides(tl, area, 14, measure, lambda t, w, s: 1, lambda s: s * 1.2)
    assert len(slides) > 1
    assert [e for s in slides for e in s.chart.events] == list(events)
    for s in slides:
        assert s.timeline.height <= s.box[3]
        assert min(label.size for label in s.timeline.labels()) >= TIMELINE_MIN
        assert s.caption == "units \u00b7 Source: CRS" and s.caption_frame.y + s.caption_frame.h <= area.y + area.h + 0.01
    bar = chart("bar", [[1.0, 2.0]])
    (one,) = plan_chart_slides(bar, area, 14, measure, lambda t, w, s: 1, lambda s: s * 1.2)
    assert one.timeline is None and one.box[3] == area.h and one.caption_frame is None  # no units, no source: no caption
