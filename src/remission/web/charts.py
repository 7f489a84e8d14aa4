"""Small server-side SVG charts: no JavaScript, no CDN, readable by screen readers.

``line_chart`` draws one or more series over time on a fixed scale, with labelled gridlines (the
plain-language band names, for example) and a title and description for assistive technology.
Every text is escaped by ``format_html``; colours come from CSS classes in ``app.css``
(``chart-line-1`` ... ``chart-line-4``; a legend belongs in the page, next to the chart), so the
strict CSP needs no inline style. Pages should show
the same numbers in a table as well (WCAG 1.1.1): the chart is a picture of the table.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

When = date | datetime


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[tuple[When, float]]
    css_class: str = "chart-line-1"


def _day(value: When) -> float:
    if isinstance(value, datetime):
        return value.timestamp() / 86400
    return datetime(value.year, value.month, value.day).timestamp() / 86400


def line_chart(
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    description: str,
    y_min: float,
    y_max: float,
    y_labels: Mapping[float, str] | None = None,
    start: When | None = None,
    end: When | None = None,
    width: int = 400,
    height: int = 210,
) -> SafeString:
    """An SVG line chart. ``start``/``end`` fix the time axis (default: the data's span)."""
    left, right, top, bottom = 70, 10, 12, 26
    inner_w, inner_h = width - left - right, height - top - bottom
    stamps = [_day(when) for s in series for when, _ in s.points]
    lo = _day(start) if start is not None else min(stamps, default=0.0)
    hi = _day(end) if end is not None else max(stamps, default=1.0)
    if hi - lo < 1:
        lo, hi = lo - 0.5, hi + 0.5
    span_y = (y_max - y_min) or 1

    def x(when: When) -> float:
        return round(left + (_day(when) - lo) / (hi - lo) * inner_w, 1)

    def y(value: float) -> float:
        clamped = min(max(value, y_min), y_max)
        return round(top + (1 - (clamped - y_min) / span_y) * inner_h, 1)

    grid = format_html_join(
        "",
        '<line class="chart-grid" x1="{}" x2="{}" y1="{}" y2="{}"></line>'
        '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>',
        (
            (left, width - right, y(value), y(value), left - 8, y(value) + 4, label)
            for value, label in sorted((y_labels or {}).items())
        ),
    )
    lines = format_html_join(
        "",
        '<g class="{}"><polyline fill="none" points="{}"></polyline>{}</g>',
        (
            (
                s.css_class,
                " ".join(f"{x(when)},{y(value)}" for when, value in s.points),
                format_html_join(
                    "",
                    '<circle cx="{}" cy="{}" r="3.5"></circle>',
                    ((x(when), y(value)) for when, value in s.points),
                ),
            )
            for s in series
            if s.points
        ),
    )
    first = start if start is not None else _when_from_day(lo)
    last = end if end is not None else _when_from_day(hi)
    axis = format_html(
        '<text class="chart-label" x="{}" y="{}">{}</text>'
        '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>',
        left,
        height - 8,
        _label(first),
        width - right,
        height - 8,
        _label(last),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-t {id}-d" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{title}</title>'
        '<desc id="{id}-d">{desc}</desc>{grid}{lines}{axis}</svg>',
        w=width,
        h=height,
        id=chart_id,
        title=title,
        desc=description,
        grid=grid,
        lines=lines,
        axis=axis,
    )


def _when_from_day(day: float) -> date:
    return (datetime(1970, 1, 1) + timedelta(days=day)).date()


def _label(when: When) -> str:
    day = when.date() if isinstance(when, datetime) else when
    return day.isoformat()
