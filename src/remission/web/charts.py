"""Server-rendered SVG line charts: no JavaScript, no CDN, printable, readable by screen readers
(each chart comes with its numbers as a table).

``line_chart`` turns values over time into coordinates; ``web/line_chart.svg`` draws them.
"""

from collections.abc import Sequence
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
) -> Chart:
    chart = Chart(title)
    if not points:
        return chart
    start = min(p.when for p in points)
    end = max(p.when for p in points)
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
    ticks = _date_ticks(start, end)
    chart.x_ticks = [
        {
            "x": x(t),
            "label": f"{t:%b %d}",
            "anchor": "start" if i == 0 else "end" if i == len(ticks) - 1 else "middle",
        }
        for i, t in enumerate(ticks)
    ]
    return chart


def _nice_step(span: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50):
        if span / step <= 6:
            return step
    return 100


def _date_ticks(start: datetime, end: datetime, count: int = 5) -> list[datetime]:
    span = end - start
    return [start + span * i / (count - 1) for i in range(count)]
