"""The cohort behind the dashboard: which patients a user's aggregates cover, their index
courses (from the treatment history), their totals, baseline severity and TRD stage.

A few flat ``values_list`` queries over the clinic's rows; everything else is computed in
:mod:`remission.insights.figures`. Clinicians' aggregates cover the patients whose care team they
are on; clinic admins and researchers see the whole clinic, as aggregates only.
"""

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.db.models import DateField, QuerySet
from django.db.models.functions import Cast

from remission.accounts.models import User
from remission.clinical.instruments import get_instrument
from remission.insights.figures import OUTCOME_INSTRUMENTS, Score, baseline
from remission.insights.pathways import Course, DatedTrial, Pathway, index_course
from remission.measures.models import Assessment
from remission.patients.models import Patient
from remission.treatments.models import StagingResult, Trial

SEVERITY_INSTRUMENT = "phq9"  # baseline severity filter: the PHQ-9 band (Kroenke 2001)


@dataclass(frozen=True)
class Filters:
    start_from: date | None = None
    start_to: date | None = None
    clinician: int | None = None
    pathway: str = ""
    severity: str = ""
    stage: int | None = None

    def as_key(self) -> dict[str, object]:
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(self).items()}


def patients_for(user: User, filters: Filters) -> QuerySet[Patient]:
    """The patients whose data the user's aggregates may include."""
    if user.clinic_id is None:
        return Patient.objects.none()
    patients = Patient.objects.filter(clinic_id=user.clinic_id)
    if user.is_clinician:
        patients = patients.filter(care_team__user=user)
    if filters.clinician:
        patients = patients.filter(care_team__user_id=filters.clinician)
    return patients


@dataclass
class Cohort:
    courses: list[Course]
    scores: dict[int, list[Score]]
    stages: dict[int, tuple[int, int]]  # patient -> (first, latest) Thase-Rush stage
    undated: int  # patients in scope without a dated trial in the current episode


def load(user: User, filters: Filters) -> Cohort:
    patients = patients_for(user, filters)
    ids = patients.values("pk")
    trials: dict[int, list[DatedTrial]] = defaultdict(list)
    for patient_id, kind, started, ended in Trial.objects.filter(
        patient_id__in=ids, removed_at__isnull=True, current_episode=True, started_on__isnull=False
    ).values_list("patient_id", "kind", "started_on", "ended_on"):
        trials[patient_id].append(DatedTrial(kind, started, ended))  # type: ignore[arg-type]
    courses = [c for p, t in trials.items() if (c := index_course(p, t)) is not None]
    courses = [c for c in courses if _in_dates(c, filters)]
    if filters.pathway:
        courses = [c for c in courses if c.pathway == Pathway(filters.pathway)]
    stages = _stages(ids)
    if filters.stage is not None:
        courses = [
            c for c in courses if c.patient in stages and stages[c.patient][1] == filters.stage
        ]
    scores = _scores(ids, {c.patient for c in courses})
    if filters.severity:
        bands = _baseline_bands(courses, scores)
        courses = [c for c in courses if bands.get(c.patient) == filters.severity]
    in_scope = patients.count()
    return Cohort(courses, scores, stages, undated=in_scope - len(trials))


def _in_dates(course: Course, filters: Filters) -> bool:
    if filters.start_from and course.start < filters.start_from:
        return False
    return not (filters.start_to and course.start > filters.start_to)


def _scores(ids: QuerySet[Patient, Any], wanted: set[int]) -> dict[int, list[Score]]:
    scores: dict[int, list[Score]] = defaultdict(list)
    rows = Assessment.objects.filter(
        patient_id__in=ids, instrument__in=OUTCOME_INSTRUMENTS, complete=True, total__isnull=False
    ).values_list("patient_id", "instrument", Cast("administered_at", DateField()), "total")
    for patient_id, instrument, when, total in rows.iterator(chunk_size=20000):
        if patient_id in wanted:
            scores[patient_id].append(Score(instrument, when, total))
    return scores


def _baseline_bands(courses: list[Course], scores: dict[int, list[Score]]) -> dict[int, str]:
    """The band of each patient's baseline PHQ-9 in the instrument's default band set."""
    bands = get_instrument(SEVERITY_INSTRUMENT).band_sets[0].bands
    found: dict[int, str] = {}
    for c in courses:
        series = [s for s in scores.get(c.patient, ()) if s.instrument == SEVERITY_INSTRUMENT]
        base = baseline(series, c.start)
        if base is not None:
            found[c.patient] = next(
                b.id for b in bands if (b.low or 0) <= base.total <= (b.high or base.total)
            )
    return found


def _stages(ids: QuerySet[Patient, Any]) -> dict[int, tuple[int, int]]:
    stages: dict[int, tuple[int, int]] = {}
    for patient_id, stage in (
        StagingResult.objects.filter(patient_id__in=ids)
        .order_by("patient_id", "id")
        .values_list("patient_id", "thase_rush_stage")
    ):
        first = stages.get(patient_id, (stage, stage))[0]
        stages[patient_id] = (first, stage)
    return stages
