"""Server-rendered SVG line charts: no JavaScript, no CDN, printable, readable by screen readers.

``line_chart`` turns series of values over time into coordinates; the template
``web/line_chart.svg`` draws them (the template engine escapes every text). ``timeline_chart``
lays out bars over time (treatments) in lanes, drawn by ``web/timeline_chart.svg``; both share the
plot's left and right edges, so with the same ``start``/``end`` a timeline under a score chart
lines up with it day for day. Colours come from CSS
classes (``chart-line-1`` ... ``chart-line-4``, band tones ``tone-0`` ...), so the strict CSP needs
no inline style. Pages show the same numbers in a table too (WCAG 1.1.1): the chart is a picture
of the table.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 26
MIN_SPAN = timedelta(days=14)

When = date | datetime


@dataclass(frozen=True)
class Point:
    when: When
    value: float
    label: str = ""


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[Point]
    css_class: str = "chart-line-1"


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

    when: When
    label: str
    kind: str = "event"


@dataclass
class Chart:
    title: str
    description: str = ""
    chart_id: str = "chart"
    series: list[dict[str, Any]] = field(default_factory=list)
    bands: list[dict[str, Any]] = field(default_factory=list)
    markers: list[dict[str, Any]] = field(default_factory=list)
    y_ticks: list[dict[str, Any]] = field(default_factory=list)
    x_ticks: list[dict[str, Any]] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def plot_width(self) -> int:
        return self.right - self.left

    @property
    def points(self) -> list[dict[str, Any]]:
        return [point for line in self.series for point in line["points"]]


def _moment(when: When) -> datetime:
    if isinstance(when, datetime):
        return when
    return datetime.combine(when, time.min)


def _comparable(when: When, like: datetime) -> datetime:
    moment = _moment(when)
    if like.tzinfo is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=like.tzinfo)
    if like.tzinfo is None and moment.tzinfo is not None:
        return moment.replace(tzinfo=None)
    return moment


def line_chart(
    title: str,
    series: Sequence[Series],
    *,
    y_max: float,
    y_min: float = 0,
    description: str = "",
    chart_id: str = "chart",
    bands: Sequence[Band] = (),
    markers: Sequence[Marker] = (),
    y_labels: Mapping[float, str] | None = None,
    start: When | None = None,
    end: When | None = None,
    x_format: Callable[[datetime], str] | None = None,
) -> Chart:
    """``start``/``end`` fix the time axis (default: the data's span, at least two weeks);
    ``y_labels`` replace the numeric gridlines with labelled ones (e.g. "1 low" ... "5 high");
    ``x_format`` labels the time ticks (e.g. "day 28" on an axis of days since a start)."""
    chart = Chart(title, description, chart_id)
    moments = [_moment(p.when) for s in series for p in s.points]
    if not moments and (start is None or end is None):
        return chart
    first = _moment(start) if start is not None else min(moments)
    last = _moment(end) if end is not None else max(moments)
    if last - first < MIN_SPAN and end is None:
        last = first + MIN_SPAN
    span = max((last - first).total_seconds(), 1.0)
    plot_w, plot_h = chart.plot_width, chart.bottom - chart.top

    def x(when: When) -> float:
        return round(
            chart.left + plot_w * (_comparable(when, first) - first).total_seconds() / span, 1
        )

    def y(value: float) -> float:
        clamped = min(max(value, y_min), y_max)
        return round(chart.top + plot_h * (1 - (clamped - y_min) / ((y_max - y_min) or 1)), 1)

    for band in bands:
        upper, lower = y(min(band.high + 0.5, y_max)), y(max(band.low - 0.5, y_min))
        chart.bands.append(
            {"y": upper, "height": round(lower - upper, 1), "label": band.label, "tone": band.tone,
             "label_y": round(upper + 11, 1)}
        )  # fmt: skip
    for line in series:
        ordered = sorted(line.points, key=lambda p: _comparable(p.when, first))
        points = [
            {"x": x(p.when), "y": y(p.value), "value": p.value, "when": p.when, "label": p.label}
            for p in ordered
        ]
        chart.series.append(
            {"name": line.name, "css_class": line.css_class, "points": points,
             "polyline": " ".join(f"{p['x']},{p['y']}" for p in points)}
        )  # fmt: skip
    for marker in markers:
        if first <= _comparable(marker.when, first) <= last:
            chart.markers.append({"x": x(marker.when), "label": marker.label, "kind": marker.kind})
    labels = y_labels or {value: str(int(value)) for value in _steps(y_min, y_max)}
    chart.y_ticks = [{"y": y(value), "label": label} for value, label in sorted(labels.items())]
    chart.x_ticks = _x_ticks(first, last, x, x_format)
    return chart


def _x_ticks(
    first: datetime,
    last: datetime,
    x: Callable[[datetime], float],
    x_format: Callable[[datetime], str] | None = None,
) -> list[dict[str, Any]]:
    """Five dates along the axis; months and years once the axis spans more than four months."""
    pattern = "%b %Y" if last - first > timedelta(days=120) else "%b %d"
    ticks = [first + (last - first) * i / 4 for i in range(5)]
    anchors = ("start", "middle", "middle", "middle", "end")
    return [
        {"x": x(t), "label": x_format(t) if x_format else t.strftime(pattern), "anchor": anchors[i]}
        for i, t in enumerate(ticks)
    ]


def _steps(low: float, high: float) -> list[float]:
    step = next((s for s in (1, 2, 5, 10, 20, 25, 50) if (high - low) / s <= 6), 100)
    values, value = [], low
    while value <= high:
        values.append(value)
        value += step
    return values


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
    lanes: list[dict[str, Any]] = field(default_factory=list)
    x_ticks: list[dict[str, Any]] = field(default_factory=list)
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
    title: str, lanes: Sequence[Lane], *, start: datetime, end: datetime
) -> Timeline:
    """Bars over time, one lane per treatment, on the time axis from ``start`` to ``end``."""
    if end - start < MIN_SPAN:
        end = start + MIN_SPAN
    span = (end - start).total_seconds()
    chart = Timeline(title)
    plot_w = chart.plot_width

    def x(when: datetime) -> float:
        clamped = min(max(when, start), end)
        return round(chart.left + plot_w * (clamped - start).total_seconds() / span, 1)

    for number, lane in enumerate(lanes):
        top = chart.top + number * LANE_HEIGHT
        bars: list[dict[str, Any]] = []
        for segment in lane.segments:
            left, right = x(_comparable(segment.start, start)), x(_comparable(segment.end, start))
            width = max(round(right - left, 1), 2.0)
            bars.append(
                {"x": left, "width": width, "label": segment.label, "level": segment.level,
                 "text_x": round(left + width / 2, 1), "show_label": width >= 46,
                 "start": segment.start, "end": segment.end}
            )  # fmt: skip
        first = min((bar["x"] for bar in bars), default=chart.left)
        label_end = first > chart.right - 160  # a late bar: its label ends at the plot edge
        chart.lanes.append(
            {"label": lane.label, "note": lane.note, "kind": lane.kind, "bars": bars,
             "label_x": chart.right if label_end else first,
             "label_anchor": "end" if label_end else "start",
             "label_y": top + 10, "bar_y": top + 14, "guide_y": top + 14 + BAR_HEIGHT / 2}
        )  # fmt: skip
    chart.bottom = chart.top + len(lanes) * LANE_HEIGHT
    chart.height = chart.bottom + BOTTOM
    chart.x_ticks = _x_ticks(start, end, x)
    return chart
