"""Server-side SVG charts: accessible, escaped, on the scale asked for."""

import re
from datetime import date

from django.template.loader import render_to_string

from remission.web.charts import LEFT, RIGHT, TOP, WIDTH, Band, Marker, Point, Series, line_chart


def draw(**overrides) -> str:
    options = {
        "chart_id": "c1", "description": "From 1 to 5", "y_min": 1, "y_max": 5,
        "y_labels": {1: "low", 5: "high"}, "start": date(2026, 11, 1), "end": date(2026, 11, 29),
    }  # fmt: skip
    series = [Series("Mood", [Point(date(2026, 11, 1), 1), Point(date(2026, 11, 29), 5)])]
    title = overrides.pop("title", "Mood")
    chart = line_chart(title, overrides.pop("series", series), **{**options, **overrides})
    return render_to_string("web/line_chart.svg", {"chart": chart})


def test_the_chart_is_an_image_with_a_title_and_description_for_screen_readers():
    svg = draw()
    assert 'role="img"' in svg
    assert 'aria-labelledby="c1-t c1-d"' in svg
    assert '<title id="c1-t">Mood</title>' in svg
    assert '<desc id="c1-d">From 1 to 5</desc>' in svg


def test_text_is_escaped():
    svg = draw(title="<script>alert(1)</script>", y_labels={3: '"><img src=x>'})
    assert "<script>" not in svg
    assert "<img" not in svg
    assert "&lt;script&gt;" in svg


def test_the_first_and_last_points_sit_on_the_edges_of_the_plot_and_the_scale():
    svg = draw()
    points = re.search(r'points="([^"]+)"', svg).group(1).split()
    (x1, y1), (x2, y2) = (tuple(map(float, p.split(","))) for p in points)
    assert x1 < x2
    assert y1 > y2  # later is right, higher is up
    assert (x1, x2) == (LEFT, WIDTH - RIGHT)


def test_values_outside_the_scale_are_drawn_at_its_edge_not_off_the_chart():
    svg = draw(series=[Series("x", [Point(date(2026, 11, 10), 99)])])
    assert float(re.search(r'cy="([\d.]+)"', svg).group(1)) == TOP


def test_an_empty_series_draws_no_line_but_a_valid_chart():
    svg = draw(series=[Series("x", [])])
    assert svg.startswith("<svg")
    assert "<polyline" not in svg


def test_bands_and_markers_are_drawn_where_their_values_and_dates_are():
    svg = draw(
        bands=[Band(1, 2, "mild", 0), Band(4, 5, "severe", 3)],
        markers=[Marker(date(2026, 11, 15), "first infusion"), Marker(date(2027, 1, 1), "later")],
    )
    assert svg.count('class="band tone-') == 2
    assert svg.count('class="marker event"') == 1  # the one outside the time axis is left out
    assert "<title>first infusion</title>" in svg


def test_several_series_get_their_own_classes():
    series = [
        Series("Mood", [Point(date(2026, 11, 5), 3)]),
        Series("Sleep", [Point(date(2026, 11, 6), 2)], "chart-line-3"),
    ]
    svg = draw(series=series)
    assert '<g class="chart-line-1">' in svg
    assert '<g class="chart-line-3">' in svg
