"""Response over a series: responder and remission at the end of induction, the relapse signal in
maintenance (a suggestion, never a booking), and dose markers on the score trajectory."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.urls import reverse

from remission.appointments.models import Appointment
from remission.interventional import response
from remission.measures.models import Assessment
from remission.measures.trajectory_charts import EVENT_SOURCES
from tests.conftest import client_for
from tests.interventional.conftest import MONDAY, dosed_and_discharged, ready_record


def phq9(world, day, total: int) -> None:
    """A PHQ-9 with the given total (items 1-8 carry it; item 9 is 0)."""
    answers = {f"q{n}": 0 for n in range(1, 10)}
    for n in range(total):
        answers[f"q{n % 8 + 1}"] += 1
    Assessment.objects.create(
        patient=world.patient, instrument="phq9", instrument_version="1", answers=answers,
        administered_at=datetime.combine(day, datetime.min.time(), tzinfo=UTC), source="clinician",
        total=total, complete=True,
    )  # fmt: skip


def test_at_the_end_of_induction_a_50_percent_drop_is_a_response_and_phq9_under_5_remission(
    world, esketamine_series
):
    """>=50% reduction = response (ELEKT-D, TRANSFORM; clinical.md 7.2, 7.3); PHQ-9 <5 =
    remission (Psychiatric Services 2020)."""
    phq9(world, MONDAY - timedelta(days=1), 20)
    phq9(world, MONDAY + timedelta(weeks=4) - timedelta(days=1), 4)
    sessions = list(esketamine_series.sessions.order_by("number"))
    with time_machine.travel(datetime(2027, 1, 8, 9, tzinfo=UTC), tick=False):
        result = response.series_response(esketamine_series, sessions)
    assert result.induction is not None
    assert result.induction.responder and result.induction.remitted


def test_a_drop_of_less_than_half_is_no_response(world, esketamine_series):
    phq9(world, MONDAY - timedelta(days=1), 20)
    phq9(world, MONDAY + timedelta(weeks=4) - timedelta(days=1), 11)
    with time_machine.travel(datetime(2027, 1, 8, 9, tzinfo=UTC), tick=False):
        result = response.series_response(
            esketamine_series, list(esketamine_series.sessions.order_by("number"))
        )
    assert result.induction is not None and not result.induction.responder


def test_a_rising_maintenance_score_above_the_threshold_suggests_a_booster_and_books_nothing(
    world, esketamine_series
):
    phq9(world, MONDAY - timedelta(days=1), 20)
    phq9(world, MONDAY + timedelta(weeks=4, days=1), 6)
    phq9(world, MONDAY + timedelta(weeks=6), 12)  # above the clinic's default threshold (9)
    booked = Appointment.objects.count()
    with time_machine.travel(datetime(2027, 1, 20, 9, tzinfo=UTC), tick=False):
        page = client_for(world.psychiatrist).get(
            reverse("interventional:series", args=[world.patient.pk, esketamine_series.pk])
        )
    body = page.content.decode()
    assert "Relapse signal" in body and "consider a booster session" in body
    assert "nothing is booked automatically" in body
    assert Appointment.objects.count() == booked


def test_a_rise_that_stays_at_the_threshold_raises_no_signal(world, esketamine_series):
    phq9(world, MONDAY + timedelta(weeks=4, days=1), 6)
    phq9(world, MONDAY + timedelta(weeks=6), 9)
    result = response.series_response(
        esketamine_series, list(esketamine_series.sessions.order_by("number"))
    )
    assert result.relapse is None


def test_each_dose_given_is_a_marker_on_the_trajectory(world, first_dose):
    assert "remission.interventional.response.dose_markers" in EVENT_SOURCES
    dosed_and_discharged(world, ready_record(world, first_dose))
    markers = response.dose_markers(world.patient)
    assert [m.label for m in markers] == ["Esketamine nasal spray dose 1"]
