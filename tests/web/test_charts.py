"""Server-side SVG charts: accessible, escaped, on the scale asked for."""

import re
from datetime import date

from remission.web.charts import Series, line_chart


def chart(**overrides):
    options = {
        "chart_id": "c1", "title": "Mood", "description": "From 1 to 5", "y_min": 1, "y_max": 5,
        "y_labels": {1: "low", 5: "high"}, "start": date(2026, 11, 1), "end": date(2026, 11, 29),
    }  # fmt: skip
    series = [Series("Mood", [(date(2026, 11, 1), 1), (date(2026, 11, 29), 5)])]
    return line_chart(overrides.pop("series", series), **{**options, **overrides})


def test_the_chart_is_an_image_with_a_title_and_description_for_screen_readers():
    svg = chart()
    assert 'role="img"' in svg and 'aria-labelledby="c1-t c1-d"' in svg
    assert '<title id="c1-t">Mood</title>' in svg and '<desc id="c1-d">From 1 to 5</desc>' in svg


def test_text_is_escaped():
    svg = chart(title="<script>alert(1)</script>", y_labels={3: '"><img src=x>'})
    assert "<script>" not in svg and "<img" not in svg
    assert "&lt;script&gt;" in svg


def test_the_first_and_last_points_sit_on_the_edges_of_the_plot_and_the_scale():
    svg = chart()
    points = re.search(r'points="([^"]+)"', svg).group(1).split()
    (x1, y1), (x2, y2) = (tuple(map(float, p.split(","))) for p in points)
    assert x1 < x2 and y1 > y2  # later is right, higher is up
    assert x1 == 70 and x2 == 400 - 10


def test_values_outside_the_scale_are_drawn_at_its_edge_not_off_the_chart():
    svg = chart(series=[Series("x", [(date(2026, 11, 10), 99)])])
    y = float(re.search(r'cy="([\d.]+)"', svg).group(1))
    assert y == 12  # the top margin: the highest value on the scale


def test_an_empty_series_draws_no_line_but_a_valid_chart():
    svg = chart(series=[Series("x", [])])
    assert svg.startswith("<svg") and "<polyline" not in svg
