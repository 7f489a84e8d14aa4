"""Helpers for interventional-care tests: a frozen Monday morning and ordered series."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
import time_machine

from remission.interventional import records, series
from remission.interventional.models import DoseSession, Series

MONDAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


@pytest.fixture
def monday():
    """The clock at 08:00 on Monday 7 December 2026 (clinic time zone UTC); ``tick`` moves it."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def esketamine_order(world, **changes) -> series.Order:
    fields = {
        "kind": "esketamine", "schedule": "us", "start_on": MONDAY, "start_time": time(9),
        "room": "Treatment chair 1", "nurse": world.nurse, "prescriber": world.psychiatrist,
        "weeks": 8,
    } | changes  # fmt: skip
    return series.Order(**fields)


def ketamine_order(world, **changes) -> series.Order:
    fields = {
        "kind": "ketamine_iv", "schedule": "twice-weekly-3w", "start_on": MONDAY,
        "start_time": time(9), "room": "Infusion room", "nurse": world.nurse,
        "prescriber": world.psychiatrist, "weight_kg": Decimal("70"), "mg_per_kg": Decimal("0.5"),
        "infusion_minutes": 40, "concentration_mg_per_ml": Decimal("10"),
    } | changes  # fmt: skip
    return series.Order(**fields)


@pytest.fixture
def esketamine_series(world, monday) -> Series:
    return series.order_series(
        world.psychiatrist, world.patient, esketamine_order(world), world.psychiatrist
    )


@pytest.fixture
def first_dose(esketamine_series) -> DoseSession:
    return esketamine_series.sessions.get(number=1)


def order_series(world) -> dict[str, object]:
    """An esketamine series two weeks ahead (07:00, clear of other bookings) for URL fixtures."""
    today = date.today()
    start = today + timedelta(days=14 - today.weekday())
    made = series.order_series(
        world.psychiatrist, world.patient,
        esketamine_order(world, start_on=start, start_time=time(7), weeks=1), world.psychiatrist,
    )  # fmt: skip
    from remission.interventional import notes

    note_grant = notes.grant(world.therapist, world.patient, world.therapist, world.psychiatrist,
                             "shared care")  # fmt: skip
    from remission.interventional import courses

    course = courses.order_course(world.psychiatrist, world.patient, world.psychiatrist,
                                  kind="ect", protocol="ect", start=start)  # fmt: skip
    return {"series": made, "dose_session": made.sessions.first(), "series_kind": "esketamine",
            "note_grant": note_grant, "course": course, "course_kind": "tms"}  # fmt: skip


def ready_record(
    world, session: DoseSession, *, systolic: int = 128, diastolic: int = 82, decision: str = ""
):
    """Checked in, checklist complete, pre-dose blood pressure taken, a PHQ-9 on file."""
    from remission.measures import services as measures

    measures.record_assessment(
        world.psychiatrist, world.patient, "phq9", {f"q{n}": 1 for n in range(1, 9)} | {"q9": 0},
        source="clinician",
    )  # fmt: skip
    record = records.check_in(world.nurse, session, world.nurse)
    records.add_vitals(
        world.nurse, record, world.nurse, moment="pre_dose",
        taken_at=datetime(2026, 12, 7, 9, 5, tzinfo=UTC),
        values={"systolic_mmhg": systolic, "diastolic_mmhg": diastolic, "heart_rate_bpm": 72,
                "spo2_percent": 98, "respiratory_rate_per_min": 14},
    )  # fmt: skip
    records.save_checklist(
        world.nurse, record, record.version, world.nurse,
        {"consent_confirmed": True, "fasting_confirmed": True, "transport_arranged": True,
         "pregnancy_test": "negative", "bp_decision": decision},
    )  # fmt: skip
    record.refresh_from_db()
    return record


def dosed_and_discharged(world, record, *, dosed_at: datetime | None = None):
    """56 mg given at 09:10, observed until discharge at 11:30 (after the 2-hour minimum)."""
    dosed_at = dosed_at or datetime(2026, 12, 7, 9, 10, tzinfo=UTC)
    records.record_dose(world.nurse, record, record.version, world.nurse, dose_mg=56,
                        started_at=dosed_at)  # fmt: skip
    records.add_vitals(
        world.nurse, record, world.nurse, moment="discharge", taken_at=dosed_at + timedelta(hours=2),
        values={"systolic_mmhg": 130, "diastolic_mmhg": 84, "heart_rate_bpm": 70,
                "spo2_percent": 98, "respiratory_rate_per_min": 14},
    )  # fmt: skip
    with time_machine.travel(dosed_at + timedelta(hours=2, minutes=20), tick=False):
        records.discharge(world.nurse, record, record.version, world.nurse,
                          clinically_stable=True, transport_arranged=True, note="")  # fmt: skip
    record.refresh_from_db()
    return record
