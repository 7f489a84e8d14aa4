"""Background work of measurement-based care, run by the task worker every few minutes.

Each function is idempotent: running it twice, or on two workers at once, changes nothing more
than running it once (rows are claimed with conditional updates).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from remission.accounts.models import Clinic
from remission.audit import trail
from remission.measures import services
from remission.measures.models import (
    AlertStatus,
    DueQuestionnaire,
    DueStatus,
    MeasurementSchedule,
    Priority,
    RiskAlert,
)
from remission.outbox.services import queue


@task()
def issue_due_questionnaires() -> int:
    """Turn schedules that fell due into due questionnaires, each with a link sent to the patient."""
    today = timezone.localdate()
    issued = 0
    for schedule in MeasurementSchedule.objects.filter(
        active=True, next_due__lte=today
    ).select_related("patient"):
        with transaction.atomic():
            moved = MeasurementSchedule.objects.filter(
                pk=schedule.pk, next_due=schedule.next_due
            ).update(next_due=F("next_due") + timedelta(days=schedule.every_days))
            if not moved:
                continue  # another worker issued it
            due = DueQuestionnaire.objects.create(
                patient=schedule.patient,
                instrument=schedule.instrument,
                due_on=schedule.next_due,
                schedule=schedule,
                reason="measurement plan",
            )
            send_link_for(due)
            issued += 1
    return issued


def send_link_for(due: DueQuestionnaire) -> None:
    """E-mail a one-time link for a due questionnaire (patients without an address answer in the
    clinic or the portal)."""
    patient = due.patient
    if not patient.email or patient.status != "active":
        return
    link, token = services.create_link(
        None,
        patient,
        [due.instrument],
        language=patient.preferred_language,
        delivery="email",
        due=due,
    )
    url = settings.SITE_URL + reverse("selfreport:start", args=[token])
    queue(
        "self_report_link",
        f"link:{link.pk}",
        patient.email,
        "Your clinic asks you to answer a short questionnaire",
        render_to_string(
            "measures/email/link.txt", {"url": url, "link": link, "clinic": patient.clinic}
        ),
    )
    DueQuestionnaire.objects.filter(pk=due.pk, status=DueStatus.DUE).update(status=DueStatus.SENT)


@task()
def remind_and_mark_missed() -> tuple[int, int]:
    """One reminder after the clinic's reminder delay; 'missed' after its missed delay."""
    today = timezone.localdate()
    reminded = missed = 0
    for clinic_id in Clinic.objects.values_list("pk", flat=True):
        clinic_settings = services.settings_for(clinic_id)
        clinic_dues = DueQuestionnaire.objects.filter(patient__clinic_id=clinic_id)
        for due in clinic_dues.filter(
            status=DueStatus.SENT,
            reminded_at=None,
            due_on__lte=today - timedelta(days=clinic_settings.remind_after_days),
        ).select_related("patient"):
            if DueQuestionnaire.objects.filter(pk=due.pk, reminded_at=None).update(
                reminded_at=timezone.now()
            ):
                send_link_for(due)  # a fresh link: tokens are never stored, so never resent
                reminded += 1
        missed += clinic_dues.filter(
            status__in=[DueStatus.DUE, DueStatus.SENT],
            due_on__lt=today - timedelta(days=clinic_settings.missed_after_days),
        ).update(status=DueStatus.MISSED)
    return reminded, missed


def escalation_key(alert: RiskAlert) -> str:
    """One escalation message per alert and time it was raised (a reopened alert escalates anew)."""
    return f"escalated:{alert.pk}:{alert.raised_at.timestamp():.0f}"


@task()
def escalate_unacknowledged_alerts() -> int:
    """Alerts open longer than the clinic allows go to everyone of the clinic's on-call role."""
    from remission.accounts.models import User

    now = timezone.now()
    escalated = 0
    open_alerts = RiskAlert.objects.filter(
        status=AlertStatus.OPEN, escalated_at=None
    ).select_related("patient")
    for alert in open_alerts:
        rules = services.settings_for(alert.patient.clinic_id)
        limit = (
            timedelta(minutes=rules.escalate_after_minutes)
            if alert.priority == Priority.URGENT
            else timedelta(hours=rules.escalate_review_after_hours)
        )
        if now - alert.raised_at < limit:
            continue
        with transaction.atomic():
            if not RiskAlert.objects.filter(
                pk=alert.pk, escalated_at=None, status=AlertStatus.OPEN
            ).update(escalated_at=now):
                continue
            on_call = User.objects.filter(
                clinic_id=alert.patient.clinic_id, role=rules.on_call_role, is_active=True
            )
            for user in on_call:
                queue(
                    "alert_escalated",
                    escalation_key(alert),
                    user.email,
                    "An unacknowledged alert needs an on-call clinician",
                    "An alert has not been acknowledged in time and is now escalated to the on-call "
                    f"clinicians (no patient details by e-mail). Sign in: {settings.SITE_URL}"
                    f"{reverse('measures:alert', args=[alert.pk])}\n",
                    recipient=user,
                )
            trail.record(
                None,
                "measures.alert.escalated",
                patient=alert.patient,
                obj=alert,
                detail={"to_role": rules.on_call_role, "recipients": on_call.count()},
            )
            escalated += 1
    return escalated
