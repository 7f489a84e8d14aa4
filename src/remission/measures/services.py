"""Writes of measurement data. A suicide-risk alert is created in the same transaction as the
answers that raised it: both are saved, or neither (architecture: safety rules)."""

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from remission.audit import trail
from remission.audit.trail import Who, actor_of
from remission.clinical.instruments import ScoreResult, get_instrument, item_text, score
from remission.measures.models import (
    AlertStatus,
    Assessment,
    DueQuestionnaire,
    DueStatus,
    MeasurementSchedule,
    MeasurementSettings,
    RiskAlert,
    SelfReportLink,
)
from remission.outbox.services import notify_care_team
from remission.patients.models import Patient

Answers = Mapping[str, int | None]


def settings_for(clinic_id: int) -> MeasurementSettings:
    measurement, _ = MeasurementSettings.objects.get_or_create(clinic_id=clinic_id)
    return measurement


def score_for_clinic(
    instrument_id: str, answers: Answers, clinic_id: int, *, complete: bool = True
) -> ScoreResult:
    """Score with the clinic's choices where sources disagree (e.g. HAM-D17 bands)."""
    chosen = settings_for(clinic_id).hamd_band_set if instrument_id == "hamd17" else ""
    return score(instrument_id, answers, band_set=chosen or None, allow_incomplete=not complete)


@dataclass(frozen=True)
class Recorded:
    assessment: Assessment
    alerts: tuple[RiskAlert, ...]
    created: bool


def record_assessment(
    who: Who,
    patient: Patient,
    instrument_id: str,
    answers: Answers,
    *,
    source: str,
    administered_at: datetime | None = None,
    language: str = "en",
    link: SelfReportLink | None = None,
    idempotency_key: str | None = None,
    complete: bool = True,
) -> Recorded:
    """Score and save one administration with its alerts, atomically.

    Raises ``InstrumentError`` (naming the item and the allowed answers) before anything is saved.
    The same ``idempotency_key`` twice returns the first record (security-targets T31). Answers
    saved as incomplete for the same link and instrument are completed in place, so an alert
    raised from an autosaved answer is never duplicated or lost.
    """
    result = score_for_clinic(instrument_id, answers, patient.clinic_id, complete=complete)
    if idempotency_key and (earlier := _by_key(idempotency_key)):
        return earlier
    try:
        with transaction.atomic():
            in_progress = _in_progress(patient, instrument_id, link)
            assessment = in_progress or Assessment(
                patient=patient, instrument=instrument_id, link=link, source=source
            )
            _fill(assessment, result, answers, complete, administered_at, language)
            assessment.entered_by = actor_of(who)
            assessment.idempotency_key = idempotency_key
            assessment.save()
            alerts = _raise_alerts(who, assessment, result, fresh=in_progress is None)
            if complete:
                _complete_due(assessment)
            trail.record(
                who,
                "measures.assessment.recorded" if complete else "measures.assessment.autosaved",
                patient=patient,
                obj=assessment,
                detail={"instrument": instrument_id, "total": result.total, "alerts": len(alerts)},
            )
    except IntegrityError:
        if idempotency_key and (earlier := _by_key(idempotency_key)):
            return earlier
        raise
    return Recorded(assessment, alerts, True)


def _by_key(key: str) -> Recorded | None:
    assessment = Assessment.objects.filter(idempotency_key=key).first()
    if assessment is None:
        return None
    return Recorded(assessment, tuple(assessment.alerts.all()), False)


def _in_progress(
    patient: Patient, instrument_id: str, link: SelfReportLink | None
) -> Assessment | None:
    if link is None:
        return None
    return Assessment.objects.filter(
        patient=patient, instrument=instrument_id, link=link, complete=False
    ).first()


def _fill(
    assessment: Assessment,
    result: ScoreResult,
    answers: Answers,
    complete: bool,
    administered_at: datetime | None,
    language: str,
) -> None:
    instrument = get_instrument(result.instrument)
    assessment.instrument_version = instrument.version
    assessment.answers = {item: value for item, value in answers.items() if value is not None}
    assessment.complete = complete
    assessment.administered_at = administered_at or timezone.now()
    assessment.language = language
    assessment.total = result.total
    assessment.band = result.band.id if result.band else ""
    assessment.band_label = result.band.label if result.band else ""
    assessment.band_set = result.band_set.id if result.band_set else ""
    assessment.percent = result.percent
    details: dict[str, Any] = {"max_total": result.max_total}
    if result.band_set:
        details["band_source"] = result.band_set.source
    if result.domains is not None:
        details["domains"] = dict(result.domains)
    if result.dsm5_provisional is not None:
        details["dsm5_provisional"] = result.dsm5_provisional
    if result.excluded:
        details["excluded"] = list(result.excluded)
    assessment.details = details


def _raise_alerts(
    who: Who, assessment: Assessment, result: ScoreResult, *, fresh: bool
) -> tuple[RiskAlert, ...]:
    """One alert per positive risk item. Answers completed in place keep their earlier alerts; a
    higher answer than the alert's (an autosaved "several days" finished as "nearly every day")
    raises that alert again with the new answer and priority, reopened if it was acknowledged,
    so the alert never shows a milder answer than the one stored."""
    if not result.alerts:
        return ()
    instrument = get_instrument(result.instrument)
    pack = item_text(instrument.id, "en")  # the words the patient read, where they ship
    labels = {
        item.id: pack.items[item.id].text if pack and item.id in pack.items else item.label
        for item in instrument.items
    }
    existing = {} if fresh else {a.item: a for a in assessment.alerts.all()}
    raised = []
    for alert in result.alerts:
        earlier = existing.get(alert.item)
        if earlier is not None and alert.answer <= earlier.answer:
            continue
        earlier_answer = earlier.answer if earlier is not None else None
        fields: dict[str, Any] = {
            "item": alert.item,
            "item_label": labels.get(alert.item, alert.item),
            "answer": alert.answer,
            "answer_label": alert.answer_label,
            "priority": alert.priority,
            "rule": alert.rule,
            "source": alert.source,
        }
        if earlier is None:
            risk_alert = RiskAlert.objects.create(
                patient=assessment.patient,
                assessment=assessment,
                raised_at=timezone.now(),
                **fields,
            )
        else:
            if earlier.status != AlertStatus.OPEN:  # acknowledged for the milder answer: reopen
                fields |= {"status": AlertStatus.OPEN, "raised_at": timezone.now(),
                           "escalated_at": None, "acknowledged_at": None,
                           "acknowledged_by": None, "action": "", "action_note": ""}  # fmt: skip
            for name, value in fields.items():
                setattr(earlier, name, value)
            earlier.save()
            risk_alert = earlier
        raised.append((risk_alert, earlier_answer))
    for risk_alert, earlier_answer in raised:
        detail: dict[str, Any] = {"item": risk_alert.item, "priority": risk_alert.priority}
        if earlier_answer is not None:
            detail["raised_again_from_answer"] = earlier_answer
        trail.record(
            who, "measures.alert.raised", patient=assessment.patient, obj=risk_alert, detail=detail
        )
        notify_care_team(
            assessment.patient,
            kind="risk_alert",
            dedupe_key=f"alert:{risk_alert.pk}"
            + (f":answer:{risk_alert.answer}" if earlier_answer is not None else ""),
            subject="A patient's answer needs review",
        )
    return tuple(risk_alert for risk_alert, _ in raised)


def _complete_due(assessment: Assessment) -> None:
    due = (
        DueQuestionnaire.objects.filter(
            patient=assessment.patient,
            instrument=assessment.instrument,
            status__in=[DueStatus.DUE, DueStatus.SENT, DueStatus.MISSED],
            due_on__lte=timezone.localdate() + timedelta(days=1),
        )
        .order_by("-due_on")
        .first()
    )
    if due is not None:
        due.status = DueStatus.COMPLETED
        due.assessment = assessment
        due.save(update_fields=["status", "assessment"])


# --- Alerts --------------------------------------------------------------------------------------


class AlreadyAcknowledged(Exception):
    pass


def acknowledge_alert(who: Who, alert: RiskAlert, action: str, note: str) -> None:
    """Close an alert with the action taken; refused if someone else closed it first."""
    with transaction.atomic():
        closed = RiskAlert.objects.filter(pk=alert.pk, status=AlertStatus.OPEN).update(
            status=AlertStatus.ACKNOWLEDGED,
            acknowledged_by=actor_of(who),
            acknowledged_at=timezone.now(),
            action=action,
            action_note=note,
        )
        if not closed:
            raise AlreadyAcknowledged
        trail.record(
            who,
            "measures.alert.acknowledged",
            patient=alert.patient,
            obj=alert,
            detail={"action": action},
        )
    alert.refresh_from_db()


# --- Self-report links ----------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_link(
    who: Who,
    patient: Patient,
    instruments: list[str],
    *,
    language: str,
    delivery: str,
    due: DueQuestionnaire | None = None,
) -> tuple[SelfReportLink, str]:
    """A one-time link; returns it with its token, which is never stored (only its hash)."""
    for instrument_id in instruments:
        get_instrument(instrument_id)
    token = secrets.token_urlsafe(32)  # 256 bits from the OS CSPRNG (security-targets T15)
    now = timezone.now()
    hours = settings_for(patient.clinic_id).link_valid_hours
    with transaction.atomic():
        link = SelfReportLink.objects.create(
            patient=patient,
            token_hash=token_hash(token),
            instruments=instruments,
            language=language,
            created_by=actor_of(who),
            created_at=now,
            expires_at=now + timedelta(hours=hours),
            delivery=delivery,
            due=due,
        )
        trail.record(
            who,
            "measures.link.created",
            patient=patient,
            obj=link,
            detail={"instruments": instruments, "delivery": delivery},
        )
    return link, token


def link_for_token(token: str) -> SelfReportLink | None:
    return (
        SelfReportLink.objects.select_related("patient", "patient__clinic")
        .filter(token_hash=token_hash(token))
        .first()
    )


def link_usable(link: SelfReportLink) -> bool:
    return link.used_at is None and link.expires_at > timezone.now()


def open_link(link: SelfReportLink) -> None:
    if link.opened_at is None:
        SelfReportLink.objects.filter(pk=link.pk, opened_at=None).update(opened_at=timezone.now())
        trail.record(None, "measures.link.opened", patient=link.patient, obj=link)


def finish_link(link: SelfReportLink) -> bool:
    """Mark the link used; False if it was used already (a second tab, a double submit)."""
    return bool(
        SelfReportLink.objects.filter(pk=link.pk, used_at=None).update(used_at=timezone.now())
    )


def answered_instruments(link: SelfReportLink) -> set[str]:
    return set(
        Assessment.objects.filter(link=link, complete=True).values_list("instrument", flat=True)
    )


# --- Schedules ------------------------------------------------------------------------------------


def add_schedule(
    who: Who, patient: Patient, instrument_id: str, every_days: int, first_due: date
) -> MeasurementSchedule:
    get_instrument(instrument_id)
    with transaction.atomic():
        schedule = MeasurementSchedule.objects.create(
            patient=patient,
            instrument=instrument_id,
            every_days=every_days,
            next_due=first_due,
            created_by=actor_of(who),
        )
        trail.record(
            who,
            "measures.schedule.added",
            patient=patient,
            obj=schedule,
            detail={"instrument": instrument_id, "every_days": every_days},
        )
    return schedule


def stop_schedule(who: Who, schedule: MeasurementSchedule) -> None:
    with transaction.atomic():
        MeasurementSchedule.objects.filter(pk=schedule.pk).update(active=False)
        trail.record(who, "measures.schedule.stopped", patient=schedule.patient, obj=schedule)


def add_due(
    who: Who, patient: Patient, instrument_id: str, due_on: date, reason: str
) -> DueQuestionnaire:
    """A single due questionnaire, e.g. before the next infusion (interventional care uses it)."""
    get_instrument(instrument_id)
    with transaction.atomic():
        due = DueQuestionnaire.objects.create(
            patient=patient, instrument=instrument_id, due_on=due_on, reason=reason
        )
        trail.record(
            who,
            "measures.due.added",
            patient=patient,
            obj=due,
            detail={"instrument": instrument_id},
        )
    return due
