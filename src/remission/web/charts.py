"""Server-rendered SVG line charts: no JavaScript, no CDN, printable, readable by screen readers.

``line_chart`` turns series of values over time into coordinates; the template
``web/line_chart.svg`` draws them (the template engine escapes every text). Colours come from CSS
classes (``chart-line-1`` ... ``chart-line-4``, band tones ``tone-0`` ...), so the strict CSP needs
no inline style. Pages show the same numbers in a table too (WCAG 1.1.1): the chart is a picture
of the table.
"""

from collections.abc import Mapping, Sequence
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
) -> Chart:
    """``start``/``end`` fix the time axis (default: the data's span, at least two weeks);
    ``y_labels`` replace the numeric gridlines with labelled ones (e.g. "1 low" ... "5 high")."""
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
    ticks = [first + (last - first) * i / 4 for i in range(5)]
    chart.x_ticks = [
        {
            "x": x(t),
            "label": f"{t:%b %d}",
            "anchor": ("start", "middle", "middle", "middle", "end")[i],
        }
        for i, t in enumerate(ticks)
    ]
    return chart


def _steps(low: float, high: float) -> list[float]:
    step = next((s for s in (1, 2, 5, 10, 20, 25, 50) if (high - low) / s <= 6), 100)
    values, value = [], low
    while value <= high:
        values.append(value)
        value += step
    return values
