"""TMS and ECT courses: the core's plan with its numbers, contraindications, sessions with
parameters, cumulative progress and review points."""

from datetime import date

import pytest
from django.urls import reverse

from remission.interventional import courses
from remission.interventional.models import NeuromodulationCourse
from remission.treatments.models import Contributor, ContributorKind
from tests.conftest import client_for

MONDAY = date(2026, 12, 7)


def test_a_10hz_course_plans_36_sessions_of_3000_pulses(world):
    """NeuroStar 10 Hz (clinical.md 6.4): 75 trains of 4 s = 3,000 pulses; 36 treatments
    including the taper."""
    course = courses.order_course(world.psychiatrist, world.patient, world.psychiatrist,
                                  kind="tms", protocol="10hz", start=MONDAY)  # fmt: skip
    assert len(course.planned) == 36
    assert course.pulses_per_session == 3000
    assert courses.progress(course).pulses_planned == 108_000


def test_sessions_add_up_to_cumulative_pulses(world):
    course = courses.order_course(world.psychiatrist, world.patient, world.psychiatrist,
                                  kind="tms", protocol="itbs", start=MONDAY)  # fmt: skip
    for _ in range(2):
        courses.record_session(world.nurse, course, world.nurse,
                               {"motor_threshold_percent": 52, "intensity_percent_mt": 120,
                                "pulses": 600})  # fmt: skip
    shown = courses.progress(course)
    assert (shown.given, shown.pulses_given) == (2, 1200)
    assert list(course.sessions.values_list("number", flat=True)) == [1, 2]


def test_a_cochlear_implant_blocks_rtms(world):
    """Rossi et al. 2021 (clinical.md 6.4): a cochlear implant is a contraindication."""
    Contributor.objects.create(patient=world.patient, kind=ContributorKind.CONDITION,
                               code="cochlear_implant")  # fmt: skip
    with pytest.raises(courses.CourseRefused):
        courses.order_course(world.psychiatrist, world.patient, world.psychiatrist,
                             kind="tms", protocol="10hz", start=MONDAY)  # fmt: skip
    assert not NeuromodulationCourse.objects.exists()


def test_ect_review_points_are_reached_as_sessions_are_given(world):
    """CORE (clinical.md 6.5): review after ECT #3 (54% first response by then)."""
    course = courses.order_course(world.psychiatrist, world.patient, world.psychiatrist,
                                  kind="ect", protocol="ect", start=MONDAY, sessions=12)  # fmt: skip
    assert [r["after_session"] for r in course.reviews][:2] == [3, 6]
    for _ in range(3):
        courses.record_session(world.psychiatrist, course, world.psychiatrist,
                               {"laterality": "right_unilateral", "seizure_seconds": 35})  # fmt: skip
    reviews = courses.progress(course).reviews
    assert reviews[0]["reached"] and not reviews[1]["reached"]


def test_the_pages_plan_and_record(world):
    client = client_for(world.psychiatrist)
    response = client.post(reverse("interventional:course_new", args=[world.patient.pk, "ect"]),
                           {"start_on": "2026-12-08", "sessions": "9"})  # fmt: skip
    assert "is a Tuesday" in response.content.decode()
    response = client.post(reverse("interventional:course_new", args=[world.patient.pk, "ect"]),
                           {"start_on": "2026-12-07", "sessions": "9"})  # fmt: skip
    course = NeuromodulationCourse.objects.get()
    page = client.post(reverse("interventional:course", args=[world.patient.pk, course.pk]),
                       {"laterality": "bilateral", "seizure_seconds": "41"}, follow=True)  # fmt: skip
    assert "1</strong> of 9 sessions given" in page.content.decode()
