"""Kaplan-Meier curves drawn by the one chart engine: share of patients reaching response and
remission by day since the index treatment started (1 - S(t), a step line)."""

from datetime import datetime, timedelta

from remission.clinical.survival import Estimate
from remission.web.charts import Chart, Point, Series, line_chart

EPOCH = datetime(2000, 1, 1)  # day 0 on the axis; labels show days, never this date


def _day(moment: datetime) -> str:
    return f"day {(moment - EPOCH).days}"


def _steps(estimate: Estimate) -> list[Point]:
    points = [Point(EPOCH, 0.0)]
    reached = 0.0
    for step in estimate.steps:
        when = EPOCH + timedelta(days=step.time)
        if step.events:
            points.append(Point(when, round(100 * reached, 1)))
            reached = 1 - step.survival
            points.append(Point(when, round(100 * reached, 1), f"{step.at_risk} at risk"))
    if estimate.steps:
        points.append(
            Point(EPOCH + timedelta(days=estimate.steps[-1].time), round(100 * reached, 1))
        )
    return points


def time_to_chart(
    title: str, response: Estimate | None, remission: Estimate | None, chart_id: str
) -> Chart:
    series = []
    if response is not None:
        series.append(Series("Response", _steps(response), "chart-line-1"))
    if remission is not None:
        series.append(Series("Remission", _steps(remission), "chart-line-2"))
    last = max((e.steps[-1].time for e in (response, remission) if e and e.steps), default=28)
    return line_chart(
        title,
        series,
        y_max=100,
        description="Kaplan-Meier estimate of the percentage of patients who reached response "
        "and remission, by day since the treatment started.",
        chart_id=chart_id,
        start=EPOCH,
        end=EPOCH + timedelta(days=max(last, 28)),
        x_format=_day,
        y_labels={v: f"{v}%" for v in (0, 25, 50, 75, 100)},
    )
