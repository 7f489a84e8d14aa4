"""Keep each patient's outcome summary (``PatientOutcome`` and its facts) in step with the record.

A saved or deleted questionnaire total, trial or staging result marks the patient's summary
stale (one indexed UPDATE in the writer's transaction). Before the dashboard reads a clinic,
``refresh_clinic`` rebuilds the summaries that are stale or missing, in batches: each batch locks
its rows, reads the patients' trials, totals and stages, and rewrites their facts in one
transaction. A writer that commits while a batch runs either waits for the batch (and then marks
the row stale again) or was committed before the batch read its data; rows another batch holds
are skipped, not waited for. On SQLite every transaction here is IMMEDIATE (settings), so no
writer commits between a batch's reads and its writes.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import fields
from operator import attrgetter
from typing import Any

from django.db import connection, transaction
from django.db.models import DateField, Model
from django.db.models.functions import Cast
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from remission.insights.figures import (
    OUTCOME_INSTRUMENTS,
    Followed,
    Recovery,
    Score,
    WindowOutcome,
    patient_facts,
)
from remission.insights.models import FollowedFact, OutcomeFact, PatientOutcome, RecoveryFact
from remission.insights.pathways import DatedTrial, index_course
from remission.measures.models import Assessment
from remission.patients.models import Patient
from remission.treatments.models import StagingResult, Trial

BATCH = 2000
ANALYZE_AFTER = 10_000  # rebuilt summaries
SOURCES: tuple[type[Model], ...] = (Assessment, Trial, StagingResult)
# Each fact table with the ``PatientFacts`` list it stores and that list's dataclass; its columns
# are the summary, its clinic and pathway, then the dataclass's fields in their order.
FACTS: dict[type[Model], tuple[str, type[Any]]] = {
    OutcomeFact: ("outcomes", WindowOutcome),
    RecoveryFact: ("recovery", Recovery),
    FollowedFact: ("followed", Followed),
}
FACT_FIELDS = {model: [f.name for f in fields(kind)] for model, (_, kind) in FACTS.items()}
PLACEHOLDER_COLUMNS = (
    "patient_id",
    "clinic_id",
    "stale",
    "pathway",
    "baseline_band",
    "refreshed_at",
)
SUMMARY_COLUMNS = (
    "stale", "pathway", "index_start", "baseline_band", "first_stage", "latest_stage",
    "refreshed_at",
)  # fmt: skip


def connect() -> None:
    """Mark a patient's summary stale whenever one of its sources is saved or deleted."""
    for source in SOURCES:
        post_save.connect(_changed, sender=source, dispatch_uid=f"insights-{source.__name__}")
        post_delete.connect(_changed, sender=source, dispatch_uid=f"insights-{source.__name__}-d")


def _changed(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    PatientOutcome.objects.filter(patient_id=instance.patient_id, stale=False).update(stale=True)


def refresh_clinic(clinic_id: int) -> int:
    """Rebuild the clinic's stale or missing summaries; returns how many were rebuilt."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    missing = Patient.objects.filter(clinic_id=clinic_id, outcome_summary__isnull=True)
    ids = list(missing.values_list("pk", flat=True))
    placeholders = [(pk, clinic_id, True, "", "", now) for pk in ids]
    _write(PatientOutcome, PLACEHOLDER_COLUMNS, placeholders, skip_existing=True)
    rebuilt = 0
    while batch := _claim_and_rebuild(clinic_id):
        rebuilt += batch
    if rebuilt >= ANALYZE_AFTER:
        _analyze()
    return rebuilt


def _analyze() -> None:
    """Refresh the planner's statistics after a large rebuild, so the dashboard's GROUP BY is
    planned as a hash aggregate of a few hundred groups rather than a sort of a million rows
    (PostgreSQL's autovacuum would, but only later). Skipped with a warning where the database
    role does not own the tables."""
    with connection.cursor() as cursor:
        tables: list[type[Model]] = [PatientOutcome, *FACTS]
        for model in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def pending(clinic_id: int) -> int:
    """Summaries still stale (another process is rebuilding them)."""
    return PatientOutcome.objects.filter(clinic_id=clinic_id, stale=True).count()


def _claim_and_rebuild(clinic_id: int) -> int:
    with transaction.atomic():
        ids = list(
            PatientOutcome.objects.select_for_update(skip_locked=True)
            .filter(clinic_id=clinic_id, stale=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if ids:
            rebuild(clinic_id, ids)
    return len(ids)


def rebuild(clinic_id: int, patient_ids: Sequence[int]) -> None:
    """Rewrite the summaries of ``patient_ids`` (all of ``clinic_id``) from their records."""
    trials = _trials(patient_ids)
    scores = _scores(patient_ids)
    stages = _stages(patient_ids)
    refreshed_at = connection.ops.adapt_datetimefield_value(timezone.now())
    summaries: list[tuple[Any, ...]] = []
    facts: dict[type[Model], list[tuple[Any, ...]]] = {model: [] for model in FACTS}
    for pk in patient_ids:
        course = index_course(pk, trials.get(pk, ()))
        first, latest = stages.get(pk, (None, None))
        if course is None:
            summaries.append((False, "", None, "", first, latest, refreshed_at, pk))
            continue
        found = patient_facts(course, scores.get(pk, ()))
        summary_pathway = course.pathway.value
        summaries.append(
            (False, summary_pathway, course.start, found.baseline_band, first, latest,
             refreshed_at, pk)
        )  # fmt: skip
        for model, (attribute, _) in FACTS.items():
            values = attrgetter(*FACT_FIELDS[model])
            rows = [(pk, clinic_id, summary_pathway, *values(f)) for f in getattr(found, attribute)]
            facts[model] += rows
    for model in FACTS:
        model._default_manager.filter(summary_id__in=patient_ids).delete()
    _write(PatientOutcome, SUMMARY_COLUMNS, summaries, update_by="patient_id")
    for model, rows in facts.items():
        _write(model, ["summary_id", "clinic_id", "pathway", *FACT_FIELDS[model]], rows)


def _write(
    model: type[Model],
    columns: Sequence[str],
    rows: list[tuple[Any, ...]],
    *,
    update_by: str = "",
    skip_existing: bool = False,
) -> None:
    """``INSERT`` the rows (``skip_existing``: unless the key exists), or ``UPDATE`` them by
    ``update_by``, in one ``executemany``: the ORM's ``bulk_create`` spends most of a rebuild
    preparing tens of thousands of objects."""
    if not rows:
        return
    quote = connection.ops.quote_name
    # Table and column names come from the models' metadata, never from input.
    table = quote(model._meta.db_table)
    if update_by:
        assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
        sql = f"UPDATE {table} SET {assignments} WHERE {quote(update_by)} = %s"  # noqa: S608  # nosec B608
    else:
        names, marks = ", ".join(map(quote, columns)), ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608  # nosec B608
        if skip_existing:
            sql += " ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _trials(ids: Sequence[int]) -> dict[int, list[DatedTrial]]:
    found: dict[int, list[DatedTrial]] = defaultdict(list)
    rows = Trial.objects.filter(
        patient_id__in=ids, removed_at__isnull=True, current_episode=True, started_on__isnull=False
    ).values_list("patient_id", "kind", "started_on", "ended_on")
    for patient_id, kind, started, ended in rows:
        found[patient_id].append(DatedTrial(kind, started, ended))  # type: ignore[arg-type]
    return found


def _scores(ids: Sequence[int]) -> dict[int, list[Score]]:
    found: dict[int, list[Score]] = defaultdict(list)
    rows = Assessment.objects.filter(
        patient_id__in=ids, instrument__in=OUTCOME_INSTRUMENTS, complete=True, total__isnull=False
    ).values_list("patient_id", "instrument", Cast("administered_at", DateField()), "total")
    for patient_id, instrument, when, total in rows.iterator(chunk_size=20000):
        found[patient_id].append(Score(instrument, when, total))
    return found


def _stages(ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """(first, latest) Thase-Rush stage per patient, in the order the results were stored."""
    found: dict[int, tuple[int, int]] = {}
    rows = (
        StagingResult.objects.filter(patient_id__in=ids)
        .order_by("patient_id", "id")
        .values_list("patient_id", "thase_rush_stage")
    )
    for patient_id, stage in rows:
        found[patient_id] = (found.get(patient_id, (stage, stage))[0], stage)
    return found
