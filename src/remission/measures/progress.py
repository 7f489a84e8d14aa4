"""Per-instrument progress for a patient: baseline, latest, change and the published outcomes."""

from collections import defaultdict
from dataclasses import dataclass

from remission.clinical.instruments import (
    EarlyImprovement,
    Instrument,
    InstrumentError,
    Outcome,
    early_improvement,
    get_instrument,
    outcome,
)
from remission.measures.models import Assessment
from remission.patients.models import Patient


@dataclass(frozen=True)
class Trajectory:
    instrument: Instrument
    assessments: tuple[Assessment, ...]  # complete ones with a total, oldest first
    outcome: Outcome | None
    early: EarlyImprovement | None

    @property
    def baseline(self) -> Assessment:
        return self.assessments[0]

    @property
    def latest(self) -> Assessment:
        return self.assessments[-1]

    @property
    def change(self) -> int | None:
        if self.latest.total is None or self.baseline.total is None:
            return None
        return self.latest.total - self.baseline.total


def trajectories(patient: Patient, remission_choice: str = "") -> list[Trajectory]:
    """One trajectory per instrument the patient has answered, in the order first answered."""
    by_instrument: dict[str, list[Assessment]] = defaultdict(list)
    rows = Assessment.objects.filter(patient=patient, complete=True, total__isnull=False).order_by(
        "administered_at", "id"
    )
    for assessment in rows:
        by_instrument[assessment.instrument].append(assessment)
    return [
        _trajectory(instrument_id, items, remission_choice)
        for instrument_id, items in by_instrument.items()
    ]


def _trajectory(
    instrument_id: str, assessments: list[Assessment], remission_choice: str
) -> Trajectory:
    instrument = get_instrument(instrument_id)
    first, last = assessments[0], assessments[-1]
    result = early = None
    if len(assessments) > 1 and first.total is not None and last.total is not None:
        choice = remission_choice if instrument_id == "madrs" else ""
        try:
            result = outcome(instrument_id, first.total, last.total, remission=choice or None)
        except InstrumentError:
            result = None
        try:
            early = early_improvement(
                instrument_id, first.total, last.total, weeks=_weeks(first, last)
            )
        except InstrumentError:
            early = None  # no rule for this instrument, or past the first weeks
    return Trajectory(instrument, tuple(assessments), result, early)


def _weeks(first: Assessment, last: Assessment) -> float:
    return (last.administered_at - first.administered_at).total_seconds() / (7 * 86400)
