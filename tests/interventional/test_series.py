"""Ordering series: the label schedule on the calendar, questionnaires, integration proposals,
contraindications and clashes."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from remission.appointments.models import Appointment
from remission.interventional import records, series
from remission.interventional.models import Series
from remission.measures.models import DueQuestionnaire
from remission.treatments.models import Contributor, ContributorKind
from tests.interventional.conftest import MONDAY, esketamine_order, ketamine_order


def test_esketamine_series_follows_the_label_schedule(world, esketamine_series):
    """SPRAVATO US label (clinical.md 6.2): twice weekly in weeks 1-4 (8 doses), weekly in weeks
    5-8 (4 doses); 56 mg on day 1, then 56 or 84 mg."""
    sessions = list(esketamine_series.sessions.order_by("number"))
    assert len(sessions) == 12
    assert [s.phase for s in sessions].count("induction") == 8
    assert sessions[0].dose_options_mg == [56]
    assert sessions[1].dose_options_mg == [56, 84]
    assert sessions[1].planned_on == MONDAY + timedelta(days=3)
    assert sessions[8].planned_on == MONDAY + timedelta(weeks=4)


def test_every_dose_is_on_the_calendar_with_room_nurse_and_prescriber(world, esketamine_series):
    first = esketamine_series.sessions.get(number=1).appointment
    assert first.location == "Treatment chair 1"
    assert set(first.clinicians.all()) == {world.nurse, world.psychiatrist}
    assert first.starts_at.time() == time(9)
    # 30 min of checks, two device rests of 5 min, and the label's 2-hour observation
    assert first.ends_at - first.starts_at == timedelta(minutes=30 + 10 + 120)


def test_a_pre_dose_questionnaire_is_due_the_day_before_each_dose(world, esketamine_series):
    dues = DueQuestionnaire.objects.filter(patient=world.patient).order_by("due_on")
    assert dues.count() == 12
    assert dues[0].instrument == "phq9"
    assert dues[0].due_on == MONDAY - timedelta(days=1)
    assert dues[0].reason == "Before Esketamine nasal spray dose 1"


def test_integration_is_proposed_to_the_therapist_inside_the_window(world, esketamine_series):
    first = esketamine_series.sessions.get(number=1)
    integration = first.integration
    assert list(integration.clinicians.all()) == [world.therapist]
    # within 72 h of the 09:00 dose, at the clinic's usual hour (10:00), after the dose visit
    assert integration.starts_at == datetime.combine(
        MONDAY + timedelta(days=1), time(10), tzinfo=integration.starts_at.tzinfo
    )
    assert integration.source == "interventional.integration"


def test_next_day_policy_puts_integration_on_the_day_after(world, monday):
    from remission.interventional.clinic_settings import settings_for

    chosen = settings_for(world.clinic_a.pk)
    chosen.integration_policy = "next-day"
    chosen.integration_hour = 15
    chosen.save()
    made = series.order_series(world.psychiatrist, world.patient, esketamine_order(world),
                               world.psychiatrist)  # fmt: skip
    thursday = made.sessions.get(number=2).integration
    assert thursday.starts_at.date() == MONDAY + timedelta(days=4)
    assert thursday.starts_at.hour == 15


def test_ketamine_series_books_six_infusions_and_computes_the_dose(world, monday):
    """ELEKT-D (clinical.md 6.1): 6 infusions twice weekly over 3 weeks, 0.5 mg/kg over 40 min;
    70 kg -> 35 mg at 52.5 mg/h; 10 mg/mL -> 3.5 mL."""
    made = series.order_series(world.psychiatrist, world.patient, ketamine_order(world),
                               world.psychiatrist)  # fmt: skip
    assert made.sessions.count() == 6
    record = records.check_in(world.nurse, made.sessions.get(number=1), world.nurse)
    calculation = records.dose_calculation(record, None, datetime(2026, 12, 7, 9, 0))
    assert calculation["dose_mg"] == "35.0"
    assert calculation["rate_mg_per_h"] == "52.5"
    assert calculation["volume_ml"] == "3.50"


def test_an_aneurysm_blocks_esketamine_and_nothing_is_booked(world, monday):
    """SPRAVATO label: aneurysmal vascular disease is a contraindication (clinical.md 6.3)."""
    Contributor.objects.create(
        patient=world.patient, kind=ContributorKind.CONDITION, code="intracranial_aneurysm"
    )
    with pytest.raises(series.SeriesRefused) as refused:
        series.order_series(world.psychiatrist, world.patient, esketamine_order(world),
                            world.psychiatrist)  # fmt: skip
    assert refused.value.plan.blocked[0].code == "intracranial_aneurysm"
    assert not Series.objects.exists()
    assert not Appointment.objects.exists()


def test_a_clash_with_the_nurse_or_the_room_is_shown_and_nothing_is_booked(world, monday):
    other = Appointment.objects.create(
        patient=world.other_patient, title="Other infusion", location="Treatment chair 1",
        starts_at=datetime(2026, 12, 10, 10, 0, tzinfo=UTC),
        ends_at=datetime(2026, 12, 10, 11, 0, tzinfo=UTC),
    )  # fmt: skip
    other.clinicians.set([world.nurse])
    plan = series.plan_series(world.patient, esketamine_order(world))
    thursday = plan.doses[1]
    assert thursday.day == date(2026, 12, 10)
    assert any("Treatment chair 1 is booked" in clash for clash in thursday.clashes)
    assert any("Nurse Tester is booked" in clash for clash in thursday.clashes)
    with pytest.raises(series.SeriesRefused):
        series.order_series(world.psychiatrist, world.patient, esketamine_order(world),
                            world.psychiatrist)  # fmt: skip
    assert Appointment.objects.count() == 1
