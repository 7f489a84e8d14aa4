"""Small hand-made cohorts for the insights tests: trials and totals written straight to the
tables (the figures read totals only; scoring is tested in tests/clinical)."""

from datetime import UTC, date, datetime, time

from remission.measures.models import Assessment, Source
from remission.patients.models import Patient
from remission.treatments.models import Trial
from tests.conftest import make_patient


def course(patient: Patient, kind: str, start: date, end: date | None = None, **fields) -> Trial:
    return Trial.objects.create(
        patient=patient, kind=kind, outcome="ongoing", started_on=start, ended_on=end, **fields
    )


def score(patient: Patient, instrument: str, when: date, total: int) -> Assessment:
    return Assessment.objects.create(
        patient=patient,
        instrument=instrument,
        instrument_version="test",
        answers={},
        administered_at=datetime.combine(when, time(10), tzinfo=UTC),
        source=Source.CLINICIAN,
        total=total,
    )


def patient_in(world, number: int, team=None) -> Patient:
    return make_patient(
        world.clinic_a, f"Given{number}", f"Family{number}", f"T-{number:04d}",
        [world.psychiatrist] if team is None else team,
    )  # fmt: skip
