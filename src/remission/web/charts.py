"""Server-rendered SVG charts: no JavaScript, no CDN, printable, readable by screen readers
(each chart comes with its numbers as a table).

``line_chart`` turns values over time into coordinates; ``web/line_chart.svg`` draws them.
``timeline_chart`` lays out bars over time (treatments) in lanes; ``web/timeline_chart.svg`` draws
them. Both share the plot's left and right edges, so with the same ``x_range`` a timeline drawn
under a line chart lines up with it day for day.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 36, 12, 10, 26


@dataclass(frozen=True)
class Point:
    when: datetime
    value: float
    label: str = ""


@dataclass(frozen=True)
class Band:
    """A shaded value range, e.g. a severity band (``tone`` 0 = mildest)."""

    low: float
    high: float
    label: str
    tone: int


@dataclass(frozen=True)
class Marker:
    """A vertical line at a date, e.g. an infusion or a medication change."""

    when: date
    label: str
    kind: str = "event"


@dataclass
class Chart:
    title: str
    points: list[dict[str, object]] = field(default_factory=list)
    path: str = ""
    bands: list[dict[str, object]] = field(default_factory=list)
    markers: list[dict[str, object]] = field(default_factory=list)
    y_ticks: list[dict[str, object]] = field(default_factory=list)
    x_ticks: list[dict[str, object]] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def plot_width(self) -> int:
        return self.right - self.left


def line_chart(
    title: str,
    points: Sequence[Point],
    *,
    y_max: float,
    y_min: float = 0,
    bands: Sequence[Band] = (),
    markers: Sequence[Marker] = (),
    x_range: tuple[datetime, datetime] | None = None,
) -> Chart:
    """``x_range`` fixes the time axis (to align the chart with a treatment timeline); by default
    it runs from the first point to the last, at least two weeks."""
    chart = Chart(title)
    if not points:
        return chart
    start, end = x_range or (min(p.when for p in points), max(p.when for p in points))
    if end - start < timedelta(days=14):
        end = start + timedelta(days=14)
    span = (end - start).total_seconds()
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(when: datetime) -> float:
        return round(LEFT + plot_w * (when - start).total_seconds() / span, 1)

    def y(value: float) -> float:
        clamped = min(max(value, y_min), y_max)
        return round(TOP + plot_h * (1 - (clamped - y_min) / (y_max - y_min)), 1)

    for band in bands:
        top, bottom = y(min(band.high + 0.5, y_max)), y(max(band.low - 0.5, y_min))
        chart.bands.append(
            {"y": top, "height": round(bottom - top, 1), "label": band.label, "tone": band.tone,
             "label_y": round(top + 11, 1)}
        )  # fmt: skip
    chart.points = [
        {"x": x(p.when), "y": y(p.value), "value": p.value, "when": p.when, "label": p.label}
        for p in sorted(points, key=lambda p: p.when)
    ]
    chart.path = "M" + " L".join(f"{p['x']},{p['y']}" for p in chart.points)
    for marker in markers:
        when = datetime.combine(marker.when, datetime.min.time(), tzinfo=start.tzinfo)
        if start <= when <= end:
            chart.markers.append({"x": x(when), "label": marker.label, "kind": marker.kind})
    step = _nice_step(y_max - y_min)
    value = y_min
    while value <= y_max:
        chart.y_ticks.append({"y": y(value), "value": int(value)})
        value += step
    chart.x_ticks = _x_ticks(start, end, x)
    return chart


def _x_ticks(
    start: datetime, end: datetime, x: Callable[[datetime], float]
) -> list[dict[str, object]]:
    ticks = _date_ticks(start, end)
    pattern = "%b %Y" if end - start > timedelta(days=120) else "%b %d"
    return [
        {
            "x": x(t),
            "label": t.strftime(pattern),
            "anchor": "start" if i == 0 else "end" if i == len(ticks) - 1 else "middle",
        }
        for i, t in enumerate(ticks)
    ]


def _nice_step(span: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50):
        if span / step <= 6:
            return step
    return 100


def _date_ticks(start: datetime, end: datetime, count: int = 5) -> list[datetime]:
    span = end - start
    return [start + span * i / (count - 1) for i in range(count)]


# --- Timelines -----------------------------------------------------------------------------------

LANE_HEIGHT = 30
BAR_HEIGHT = 13


@dataclass(frozen=True)
class Segment:
    """A part of a bar, e.g. one dose step; ``level`` (1-4) shades it (4 = the highest dose)."""

    start: date
    end: date
    label: str = ""
    level: int = 4


@dataclass(frozen=True)
class Lane:
    """One row of a timeline: a treatment with its segments; ``kind`` picks its colour."""

    label: str
    segments: tuple[Segment, ...]
    kind: str = "event"
    note: str = ""


@dataclass
class Timeline:
    title: str
    lanes: list[dict[str, object]] = field(default_factory=list)
    x_ticks: list[dict[str, object]] = field(default_factory=list)
    width: int = WIDTH
    height: int = TOP + BOTTOM
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = TOP

    @property
    def plot_width(self) -> int:
        return self.right - self.left


def timeline_chart(
    title: str, lanes: Sequence[Lane], *, x_range: tuple[datetime, datetime]
) -> Timeline:
    """Bars over time, one lane per treatment, on the time axis ``x_range``."""
    start, end = x_range
    if end - start < timedelta(days=14):
        end = start + timedelta(days=14)
    span = (end - start).total_seconds()
    plot_w = WIDTH - LEFT - RIGHT
    tz = start.tzinfo

    def x(when: datetime) -> float:
        clamped = min(max(when, start), end)
        return round(LEFT + plot_w * (clamped - start).total_seconds() / span, 1)

    def day(value: date) -> datetime:
        return datetime.combine(value, datetime.min.time(), tzinfo=tz)

    chart = Timeline(title)
    for number, lane in enumerate(lanes):
        top = TOP + number * LANE_HEIGHT
        bars = []
        lefts = []
        for segment in lane.segments:
            left, right = x(day(segment.start)), x(day(segment.end))
            width = max(round(right - left, 1), 2.0)
            lefts.append(left)
            bars.append(
                {"x": left, "width": width, "label": segment.label, "level": segment.level,
                 "text_x": round(left + width / 2, 1), "show_label": width >= 46,
                 "start": segment.start, "end": segment.end}
            )  # fmt: skip
        first = min(lefts, default=LEFT)
        label_end = first > WIDTH - RIGHT - 160  # a late bar: its label ends at the plot edge
        chart.lanes.append(
            {"label": lane.label, "note": lane.note, "kind": lane.kind, "bars": bars,
             "label_x": WIDTH - RIGHT if label_end else first,
             "label_anchor": "end" if label_end else "start",
             "label_y": top + 10, "bar_y": top + 14, "guide_y": top + 14 + BAR_HEIGHT / 2}
        )  # fmt: skip
    chart.bottom = TOP + len(lanes) * LANE_HEIGHT
    chart.height = chart.bottom + BOTTOM
    chart.x_ticks = _x_ticks(start, end, lambda when: x(when))
    return chart
