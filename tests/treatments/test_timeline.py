"""Where trials sit in time, and the markers they put on the score charts."""

from datetime import UTC, date, datetime

from remission.treatments.models import Trial
from remission.treatments.timeline import segments, treatment_markers
from remission.web.charts import Lane, Point, Segment, Series, line_chart, timeline_chart
from tests.treatments.conftest import antidepressant, weeks

TODAY = date(2026, 5, 1)


def test_dated_steps_are_drawn_as_given_and_an_open_last_step_runs_to_today():
    trial = antidepressant(
        "sertraline",
        [{"mg_per_day": 50, "start": "2026-01-01", "end": "2026-01-15"},
         {"mg_per_day": 150, "start": "2026-01-15"}],
        outcome="ongoing",
    )  # fmt: skip

    assert segments(trial, TODAY) == (
        Segment(date(2026, 1, 1), date(2026, 1, 15), "50 mg", 2),
        Segment(date(2026, 1, 15), TODAY, "150 mg", 4),
    )


def test_steps_in_weeks_are_laid_end_to_end_from_the_start_date():
    trial = antidepressant("sertraline", weeks((50, 2), (100, 4)), started_on=date(2025, 1, 6))

    parts = segments(trial, TODAY)

    assert [(p.start, p.end) for p in parts] == [
        (date(2025, 1, 6), date(2025, 1, 20)),
        (date(2025, 1, 20), date(2025, 2, 17)),
    ]


def test_a_trial_without_dates_is_not_placed():
    assert segments(antidepressant("sertraline", weeks((50, 8))), TODAY) == ()
    assert segments(Trial(kind="ect", sessions=12, outcome="response"), TODAY) == ()


def test_a_psychotherapy_course_runs_for_its_weeks():
    course = Trial(kind="psychotherapy", modality="cbt", sessions=16, weeks=16,
                   outcome="partial_response", started_on=date(2025, 9, 1))  # fmt: skip

    (part,) = segments(course, TODAY)

    assert (part.start, part.end, part.label) == (
        date(2025, 9, 1),
        date(2025, 12, 22),
        "16 sessions",
    )


def test_markers_show_starts_dose_changes_and_ends(world, history):
    history(antidepressant("sertraline", weeks((50, 2), (150, 8)), started_on=date(2025, 6, 2)))

    labels = [(m.when, m.label) for m in treatment_markers(world.patient)]

    assert labels == [
        (date(2025, 6, 2), "sertraline started"),
        (date(2025, 6, 16), "sertraline 150 mg"),
        (date(2025, 8, 11), "sertraline ended"),
    ]


def test_a_timeline_and_a_line_chart_with_one_time_axis_put_a_day_in_the_same_place():
    start, end = datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
    scores = line_chart(
        "PHQ-9",
        [Series("PHQ-9", [Point(datetime(2025, 7, 2, tzinfo=UTC), 12)])],
        y_max=27,
        start=start,
        end=end,
    )
    bars = timeline_chart(
        "Treatments",
        [Lane("sertraline", (Segment(date(2025, 7, 2), date(2025, 9, 1)),))],
        start=start,
        end=end,
    )

    assert bars.lanes[0]["bars"][0]["x"] == scores.points[0]["x"]
    assert scores.x_ticks[0]["label"] == "Jan 2025"  # a long axis is labelled by month and year
