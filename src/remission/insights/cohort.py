"""The cohort behind the dashboard: which patients a user's aggregates cover, their index
courses (from the treatment history), their totals, baseline severity and TRD stage.

A few flat ``values_list`` queries over the clinic's rows; everything else is computed in
:mod:`remission.insights.figures`. Clinicians' aggregates cover the patients whose care team they
are on; clinic admins and researchers see the whole clinic, as aggregates only.
"""

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date

from django.db.models import QuerySet

from remission.accounts.models import User
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
    stages: dict[int, tuple[int, int]]  # patient -> (first, latest) Thase–Rush stage
    undated: int  # patients in scope without a dated trial in the current episode


def load(user: User, filters: Filters) -> Cohort:
    patients = patients_for(user, filters)
    ids = patients.values("pk")
    trials: dict[int, list[DatedTrial]] = defaultdict(list)
    for patient_id, kind, started, ended in Trial.objects.filter(
        patient_id__in=ids, removed_at__isnull=True, current_episode=True, started_on__isnull=False
    ).values_list("patient_id", "kind", "started_on", "ended_on"):
        trials[patient_id].append(DatedTrial(kind, started, ended))
    courses = [c for p, t in trials.items() if (c := index_course(p, t)) is not None]
    courses = [c for c in courses if _in_dates(c, filters)]
    if filters.pathway:
        courses = [c for c in courses if c.pathway == Pathway(filters.pathway)]
    stages = _stages(ids)
    if filters.stage is not None:
        courses = [c for c in courses if c.patient in stages and stages[c.patient][1] == filters.stage]
    scores = _scores(ids, {c.patient for c in courses})
    if filters.severity:
        bands = _baseline_bands(ids, courses)
        courses = [c for c in courses if bands.get(c.patient) == filters.severity]
    in_scope = patients.count()
    return Cohort(courses, scores, stages, undated=in_scope - len(trials))


def _in_dates(course: Course, filters: Filters) -> bool:
    if filters.start_from and course.start < filters.start_from:
        return False
    return not (filters.start_to and course.start > filters.start_to)


def _scores(ids: QuerySet[Patient], wanted: set[int]) -> dict[int, list[Score]]:
    scores: dict[int, list[Score]] = defaultdict(list)
    rows = Assessment.objects.filter(
        patient_id__in=ids, instrument__in=OUTCOME_INSTRUMENTS, complete=True, total__isnull=False
    ).values_list("patient_id", "instrument", "administered_at", "total")
    for patient_id, instrument, when, total in rows.iterator(chunk_size=20000):
        if patient_id in wanted:
            scores[patient_id].append(Score(instrument, when.date(), total))
    return scores


def _baseline_bands(ids: QuerySet[Patient], courses: list[Course]) -> dict[int, str]:
    starts = {c.patient: c.start for c in courses}
    found: dict[int, list[tuple[date, int, str]]] = defaultdict(list)
    rows = Assessment.objects.filter(
        patient_id__in=ids, instrument=SEVERITY_INSTRUMENT, complete=True, total__isnull=False
    ).values_list("patient_id", "administered_at", "total", "band")
    for patient_id, when, total, band in rows.iterator(chunk_size=20000):
        if patient_id in starts:
            found[patient_id].append((when.date(), total, band))
    bands: dict[int, str] = {}
    for patient_id, rows_ in found.items():
        series = [Score(SEVERITY_INSTRUMENT, when, total) for when, total, _ in rows_]
        base = baseline(series, starts[patient_id])
        if base is not None:
            bands[patient_id] = next(b for w, t, b in rows_ if (w, t) == (base.when, base.total))
    return bands


def _stages(ids: QuerySet[Patient]) -> dict[int, tuple[int, int]]:
    stages: dict[int, tuple[int, int]] = {}
    for patient_id, stage in (
        StagingResult.objects.filter(patient_id__in=ids)
        .order_by("patient_id", "id")
        .values_list("patient_id", "thase_rush_stage")
    ):
        first = stages.get(patient_id, (stage, stage))[0]
        stages[patient_id] = (first, stage)
    return stages
