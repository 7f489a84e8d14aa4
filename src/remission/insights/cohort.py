"""The cohort behind the dashboard: which patients a user's aggregates cover, and the filters
(treatment start, clinician, pathway, baseline severity, latest stage) as conditions on the
patients' outcome summaries.

Clinicians' aggregates cover the patients whose care team they are on; clinic admins and
researchers see the whole clinic, as aggregates only.
"""

from dataclasses import asdict, dataclass
from datetime import date

from django.db.models import Q, QuerySet

from remission.accounts.models import User
from remission.insights.models import Fact, PatientOutcome
from remission.patients.models import Patient


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


def in_scope(user: User, filters: Filters) -> Q:
    """The summaries the user may count, in a pathway or not."""
    if user.clinic_id is None:
        return Q(pk__in=[])
    q = Q(clinic_id=user.clinic_id)
    if user.is_clinician:
        q &= Q(patient__care_team__user=user)
    if filters.clinician:
        q &= Q(patient__care_team__user_id=filters.clinician)
    return q


def in_cohort(user: User, filters: Filters) -> Q:
    """In scope, in a pathway, and matching every filter (conditions on a summary)."""
    q = in_scope(user, filters) & ~Q(pathway="")
    conditions = {
        "pathway": filters.pathway or None,
        "index_start__gte": filters.start_from,
        "index_start__lte": filters.start_to,
        "baseline_band": filters.severity or None,
        "latest_stage": filters.stage,
    }
    for lookup, value in conditions.items():
        if value is not None:
            q &= Q(**{lookup: value})
    return q


def summaries_for(user: User, filters: Filters) -> QuerySet[PatientOutcome]:
    return PatientOutcome.objects.filter(in_cohort(user, filters))


def facts_for[F: Fact](model: type[F], user: User, filters: Filters) -> QuerySet[F]:
    """The cohort's facts of one kind. Facts carry their clinic and pathway, so the whole clinic
    or one pathway is read from the facts' covering index alone; any other condition selects
    the summaries first (``summary_id IN (...)``), which both databases plan as a look-up of the
    few matching patients' facts rather than a join of every fact."""
    if user.clinic_id is None:
        return model._default_manager.none()
    facts = model._default_manager.filter(clinic_id=user.clinic_id)
    if filters.pathway:
        facts = facts.filter(pathway=filters.pathway)
    narrowed = user.is_clinician or any(
        (filters.clinician, filters.start_from, filters.start_to, filters.severity,
         filters.stage is not None)
    )  # fmt: skip
    if narrowed:
        facts = facts.filter(summary__in=summaries_for(user, filters).values("pk"))
    return facts
