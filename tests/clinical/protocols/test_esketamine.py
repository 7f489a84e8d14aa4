"""Esketamine label schedule, dose options, devices and REMS (docs/algorithms/esketamine.md).

Source: SPRAVATO US prescribing information, Medication Guide and REMS [P]; EU SmPC via a secondary
source [S] (clinical.md 6.2).
"""

from datetime import date, datetime, timedelta

import pytest

from remission.clinical.protocols.errors import ProtocolInputError
from remission.clinical.protocols.esketamine import (
    Region,
    administration,
    dosing_for,
    esketamine_schedule,
)

MONDAY = date(2026, 12, 7)


def _table(**options: object) -> list[tuple[str, int, str, tuple[int, ...]]]:
    schedule = esketamine_schedule(MONDAY, **options)  # type: ignore[arg-type]
    return [(s.date.isoformat(), s.week, s.phase, s.dose_options_mg) for s in schedule.sessions]


def test_the_us_label_schedule_over_12_weeks_matches_the_worked_table() -> None:
    later = (56, 84)
    assert _table() == [
        ("2026-12-07", 1, "induction", (56,)),
        ("2026-12-10", 1, "induction", later),
        ("2026-12-14", 2, "induction", later),
        ("2026-12-17", 2, "induction", later),
        ("2026-12-21", 3, "induction", later),
        ("2026-12-24", 3, "induction", later),
        ("2026-12-28", 4, "induction", later),
        ("2026-12-31", 4, "induction", later),
        ("2027-01-04", 5, "maintenance", later),
        ("2027-01-11", 6, "maintenance", later),
        ("2027-01-18", 7, "maintenance", later),
        ("2027-01-25", 8, "maintenance", later),
        ("2027-02-01", 9, "maintenance", later),
        ("2027-02-15", 11, "maintenance", later),
    ]


def test_induction_is_twice_weekly_in_weeks_1_to_4_and_maintenance_weekly_in_weeks_5_to_8() -> None:
    sessions = esketamine_schedule(MONDAY, weeks=8).sessions
    per_week = [sum(1 for s in sessions if s.week == week) for week in range(1, 9)]
    assert per_week == [2, 2, 2, 2, 1, 1, 1, 1]


def test_weekly_dosing_from_week_9_is_the_labels_alternative_to_every_2_weeks() -> None:
    schedule = esketamine_schedule(MONDAY, late_every_weeks=1)
    assert [s.week for s in schedule.sessions if s.week >= 9] == [9, 10, 11, 12]
    assert schedule.late_every_weeks == 1


def test_intervals_other_than_1_or_2_weeks_are_refused() -> None:
    with pytest.raises(ProtocolInputError) as error:
        esketamine_schedule(MONDAY, late_every_weeks=4)
    assert error.value.field == "late_every_weeks"


def test_a_plan_shorter_than_induction_holds_only_the_induction_weeks_asked_for() -> None:
    assert [s.week for s in esketamine_schedule(MONDAY, weeks=2).sessions] == [1, 1, 2, 2]


@pytest.mark.parametrize("weeks", [0, 105])
def test_plans_outside_1_to_104_weeks_are_refused(weeks: int) -> None:
    with pytest.raises(ProtocolInputError) as error:
        esketamine_schedule(MONDAY, weeks=weeks)
    assert error.value.field == "weeks"


def test_eu_patients_aged_65_start_at_28_mg_with_28_56_or_84_later() -> None:
    sessions = esketamine_schedule(MONDAY, region=Region.EU, age=65).sessions
    assert sessions[0].dose_options_mg == (28,)
    assert sessions[1].dose_options_mg == (28, 56, 84)


def test_eu_patients_aged_64_start_at_56_mg_and_the_source_says_it_is_the_us_table() -> None:
    dosing = dosing_for(Region.EU, 64)
    assert (dosing.first_dose_mg, dosing.later_doses_mg) == ((56,), (56, 84))
    assert "no EU SmPC dose for adults under 65" in dosing.source


def test_us_patients_aged_65_still_start_at_56_mg() -> None:
    assert dosing_for(Region.US, 80).first_dose_mg == (56,)


def test_the_eu_schedule_needs_the_age() -> None:
    with pytest.raises(ProtocolInputError) as error:
        esketamine_schedule(MONDAY, region=Region.EU)
    assert error.value.field == "age"


@pytest.mark.parametrize("age", [17, 121])
def test_ages_outside_adulthood_or_plausibility_are_refused(age: int) -> None:
    with pytest.raises(ProtocolInputError) as error:
        esketamine_schedule(MONDAY, age=age)
    assert error.value.field == "age"


def test_the_rems_monitoring_form_is_due_within_7_days_of_each_us_session() -> None:
    schedule = esketamine_schedule(MONDAY)
    assert all(s.rems_form_due == s.date + timedelta(days=7) for s in schedule.sessions)
    assert any("within 7 days" in source for source in schedule.sources)


def test_eu_sessions_have_no_rems_form_because_rems_is_a_us_programme() -> None:
    schedule = esketamine_schedule(MONDAY, region=Region.EU, age=40)
    assert {s.rems_form_due for s in schedule.sessions} == {None}


@pytest.mark.parametrize(("dose", "devices"), [(28, 1), (56, 2), (84, 3)])
def test_each_device_holds_28_mg_in_2_sprays(dose: int, devices: int) -> None:
    session = administration(dose, datetime(2026, 12, 7, 9, 0))
    assert (session.devices, session.sprays) == (devices, devices * 2)


def test_devices_are_5_minutes_apart() -> None:
    session = administration(84, datetime(2026, 12, 7, 9, 0))
    assert [t.strftime("%H:%M") for t in session.device_times] == ["09:00", "09:05", "09:10"]


def test_observation_lasts_at_least_2_hours_after_the_last_device() -> None:
    session = administration(84, datetime(2026, 12, 7, 9, 0))
    assert session.observation.earliest_discharge_at == datetime(2026, 12, 7, 11, 10)


def test_blood_pressure_is_taken_before_dosing_40_minutes_after_and_at_discharge() -> None:
    plan = administration(56, datetime(2026, 12, 7, 9, 0)).observation
    pressures = [p.at.strftime("%H:%M") for p in plan.checkpoints if "blood pressure" in p.what]
    assert pressures == ["09:00", "09:45", "11:05"]


def test_an_administration_in_the_us_has_its_rems_form_due_7_days_later() -> None:
    assert administration(56, datetime(2026, 12, 7, 9, 0)).rems_form_due == date(2026, 12, 14)
    eu = administration(56, datetime(2026, 12, 7, 9, 0), region=Region.EU)
    assert eu.rems_form_due is None


@pytest.mark.parametrize("dose", [0, 42, 112])
def test_doses_other_than_28_56_or_84_mg_are_refused(dose: int) -> None:
    with pytest.raises(ProtocolInputError) as error:
        administration(dose, datetime(2026, 12, 7, 9, 0))
    assert error.value.field == "dose_mg"


def test_no_food_for_2_hours_and_no_liquids_for_30_minutes_before_the_first_device() -> None:
    session = administration(56, datetime(2026, 12, 7, 9, 0))
    assert session.no_food_from == datetime(2026, 12, 7, 7, 0)
    assert session.no_liquids_from == datetime(2026, 12, 7, 8, 30)
