"""The outcomes dashboard as plain data: operations, outcomes per pathway with benchmarks,
time to response and remission, staging change. Cached per scope, filters and data stamp.

A view first brings the clinic's outcome summaries up to date (``summaries.refresh_clinic``:
only the patients whose record changed), then counts the summaries' facts in the database
(``GROUP BY`` every fact column, so thousands of patients become a few hundred rows) and turns
the counts into rates, intervals and survival curves (:func:`remission.insights.figures.figures`).

The cache key holds the clinic, the user when the aggregates are the user's own patients, the
filters, and a stamp of the newest rows (assessments, trial changes, staging results, due
questionnaires, alert acknowledgements and escalations; maxima over indexed or small columns, so
the stamp stays cheap), so a new measurement shows on the next view; entries also expire after
``INSIGHTS_CACHE_SECONDS`` (which bounds how late a questionnaire marked missed shows). Any Django cache works (local memory by default; the database cache for
several app servers, docs/insights.md).
"""

import hashlib
import json
import statistics
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, Count, F, Max, Q
from django.utils import timezone

from remission.accounts.models import User
from remission.clinical.instruments import get_instrument
from remission.clinical.statistics import Rate
from remission.insights import benchmarks, summaries
from remission.insights.cohort import Filters, facts_for, in_scope, patients_for, summaries_for
from remission.insights.figures import EVER, WINDOWS, Figures, OutcomeRow, figures
from remission.insights.models import FollowedFact, OutcomeFact, PatientOutcome, RecoveryFact
from remission.insights.pathways import Pathway
from remission.measures.models import (
    AlertStatus,
    Assessment,
    DueQuestionnaire,
    DueStatus,
    RiskAlert,
)
from remission.patients.models import Status
from remission.treatments.models import StagingResult, Trial

CACHE_VERSION = 2
WINDOW_LABELS = {w.id: w.label for w in WINDOWS} | {EVER: "At any time (cumulative)"}


@dataclass
class Dashboard:
    filters: dict[str, object]
    computed_at: datetime
    operations: dict[str, Any]
    pathways: list[dict[str, Any]]
    time_to: list[dict[str, Any]]
    staging: dict[str, Any]
    patients_without_dated_treatment: int
    pending: int = 0  # summaries another process was still rebuilding
    cached: bool = False
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def dashboard(user: User, filters: Filters, *, use_cache: bool = True) -> Dashboard:
    key = _key(user, filters)
    if use_cache and (hit := cache.get(key)) is not None:
        hit.cached = True
        return hit  # type: ignore[no-any-return]
    started = timezone.now()
    built = build(user, filters)
    built.seconds = (timezone.now() - started).total_seconds()
    cache.set(key, built, getattr(settings, "INSIGHTS_CACHE_SECONDS", 600))
    return built


def _key(user: User, filters: Filters) -> str:
    stamp = [
        Assessment.objects.aggregate(m=Max("id"))["m"],
        Trial.objects.aggregate(m=Max("updated_at"))["m"],
        StagingResult.objects.aggregate(m=Max("id"))["m"],
        DueQuestionnaire.objects.aggregate(m=Max("id"))["m"],
        RiskAlert.objects.aggregate(m=Max("id"), a=Max("acknowledged_at"), e=Max("escalated_at")),
    ]
    scope = {"clinic": user.clinic_id, "own": user.pk if user.is_clinician else None}
    raw = json.dumps([CACHE_VERSION, scope, filters.as_key(), stamp], default=str)
    return "insights:dashboard:" + hashlib.sha256(raw.encode()).hexdigest()


def build(user: User, filters: Filters) -> Dashboard:
    if user.clinic_id is not None:
        summaries.refresh_clinic(user.clinic_id)
    cohort = summaries_for(user, filters)
    counts = dict.fromkeys(Pathway, 0)
    for pathway, n in cohort.values_list("pathway").annotate(n=Count("pk")).order_by():
        counts[Pathway(pathway)] += n
    undated = PatientOutcome.objects.filter(in_scope(user, filters), pathway="").count()
    counted = count_figures(user, filters, timezone.localdate())
    return Dashboard(
        filters=filters.as_key(),
        computed_at=timezone.now(),
        operations=operations(user, filters),
        pathways=_pathways(counted, counts),
        time_to=[
            {"pathway": t.pathway, "event": t.event, "estimate": t.estimate}
            for t in counted.time_to
        ],
        staging=_staging(cohort),
        patients_without_dated_treatment=undated,
        pending=summaries.pending(user.clinic_id) if user.clinic_id else 0,
    )


def count_figures(user: User, filters: Filters, today: date) -> Figures:
    """Count the cohort's facts in the database (summaries as they are stored). An outcome fact
    counts once it is due: measured (the cumulative time-point always is) or its window closed
    before ``today``."""
    due = Q(measured=True) | Q(closes_on__lt=today)
    outcome_columns = ("pathway", "instrument", "window", "measured", "response", "remission",
                       "reliable_improvement", "reliable_deterioration")  # fmt: skip
    return figures(
        _counted(facts_for(OutcomeFact, user, filters).filter(due), outcome_columns),
        _counted(
            facts_for(RecoveryFact, user, filters),
            ("pathway", "window", "recovery", "reliable_recovery"),
        ),
        _counted(facts_for(FollowedFact, user, filters), ("pathway", "event", "days", "observed")),
    )


def _counted(facts: Any, columns: tuple[str, ...]) -> list[Any]:
    """``SELECT columns, COUNT(*) ... GROUP BY columns``."""
    return list(facts.values_list(*columns).annotate(n=Count("pk")).order_by())


def _staging(cohort: Any) -> dict[str, Any]:
    """First and latest stored Thase-Rush stage of the cohort's patients with a staging result."""
    staged = cohort.filter(first_stage__isnull=False)
    found: dict[str, Any] = staged.aggregate(
        patients=Count("pk"),
        higher=Count("pk", Q(latest_stage__gt=F("first_stage"))),
        same=Count("pk", Q(latest_stage=F("first_stage"))),
        lower=Count("pk", Q(latest_stage__lt=F("first_stage"))),
        mean_first=Avg("first_stage"),
        mean_latest=Avg("latest_stage"),
    )
    return found


def _pathways(figures: Figures, counts: dict[Pathway, int]) -> list[dict[str, Any]]:
    sections = []
    for pathway in Pathway:
        rows = [_row(r) for r in figures.outcomes if r.pathway == pathway]
        rows += [_row(r) for r in figures.cumulative_remission if r.pathway == pathway]
        recovery = [
            {
                "window": WINDOW_LABELS[r.window],
                "recovery": r.recovery,
                "reliable_recovery": r.reliable_recovery,
                "benchmarks": benchmarks.for_figure(
                    pathway, "nhs_tt", "recovery", r.window, "nhs_talking_therapies"
                ),
            }
            for r in figures.recovery
            if r.pathway == pathway
        ]
        if counts[pathway] or rows:
            sections.append(
                {"pathway": pathway, "label": pathway.label, "patients": counts[pathway],
                 "rows": rows, "recovery": recovery,
                 "criteria": list({r["instrument"]: {"instrument": r["instrument"], **r["criteria"]}
                                   for r in rows}.values())}
            )  # fmt: skip
    return sections


def _row(row: OutcomeRow) -> dict[str, Any]:
    instrument = get_instrument(row.instrument)
    rules = instrument.outcomes
    criteria = {
        "response": rules.response[0] if rules and rules.response else None,
        "remission": rules.remission[0] if rules and rules.remission else None,
        "reliable": rules.reliable_change[0] if rules and rules.reliable_change else None,
    }
    shown = [
        b
        for kind in ("response", "remission")
        if (criterion := criteria[kind]) is not None
        for b in benchmarks.for_figure(row.pathway, row.instrument, kind, row.window, criterion.id)
    ]
    return {
        "instrument": instrument.short_name,
        "window": WINDOW_LABELS[row.window],
        "window_id": row.window,
        "due": row.due,
        "measured": row.measured,
        "missing": row.missing,
        "response": row.response,
        "remission": row.remission,
        "reliable_improvement": row.reliable_improvement,
        "reliable_deterioration": row.reliable_deterioration,
        "criteria": {k: c.label if c else "" for k, c in criteria.items()},
        "benchmarks": shown,
    }


def operations(user: User, filters: Filters) -> dict[str, Any]:
    """Active patients, measurement completion (completed of due and past), alert handling."""
    patients = patients_for(user, filters)
    ids = patients.values("pk")
    dues = DueQuestionnaire.objects.filter(
        patient_id__in=ids, status__in=[DueStatus.COMPLETED, DueStatus.MISSED]
    )
    alerts = RiskAlert.objects.filter(patient_id__in=ids)
    if filters.start_from:
        dues = dues.filter(due_on__gte=filters.start_from)
        alerts = alerts.filter(raised_at__date__gte=filters.start_from)
    if filters.start_to:
        dues = dues.filter(due_on__lte=filters.start_to)
        alerts = alerts.filter(raised_at__date__lte=filters.start_to)
    due_counts = dues.aggregate(
        total=Count("id"), completed=Count("id", Q(status=DueStatus.COMPLETED))
    )
    waits = [
        (acknowledged - raised).total_seconds() / 3600
        for raised, acknowledged in alerts.filter(acknowledged_at__isnull=False).values_list(
            "raised_at", "acknowledged_at"
        )
        if acknowledged is not None
    ]
    open_alerts = alerts.filter(status=AlertStatus.OPEN)
    return {
        "active_patients": patients.filter(status=Status.ACTIVE).count(),
        "completion": Rate(due_counts["completed"], due_counts["total"]),
        "alerts_acknowledged": len(waits),
        "median_hours_to_acknowledge": statistics.median(waits) if waits else None,
        "alerts_open": open_alerts.count(),
        "alerts_overdue": open_alerts.filter(escalated_at__isnull=False).count(),
    }
