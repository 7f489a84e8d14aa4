"""Demo data for measurement-based care: realistic trajectories (responders, partial responders,
non-responders, a relapse), clinician ratings at intake, open and acknowledged alerts, measurement
plans and due or missed questionnaires. Answers are generated item by item to reach a planned
total, then scored by the real clinical core, so every stored result is genuine."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from remission.accounts.models import Role
from remission.clinical.instruments import get_instrument
from remission.demo.clinic import DemoClinic
from remission.measures import services
from remission.measures.models import (
    ActionTaken,
    DueQuestionnaire,
    DueStatus,
    MeasurementSchedule,
    RiskAlert,
    Source,
)
from remission.patients.models import Patient, Status

# weekly PHQ-9 totals over 12 weeks for a few typical courses
COURSES = {
    "responder": [21, 20, 18, 15, 13, 11, 9, 8, 7, 6, 5, 4],
    "partial": [19, 19, 18, 17, 16, 15, 15, 14, 13, 13, 12, 12],
    "non_responder": [22, 22, 23, 21, 22, 21, 22, 20, 21, 22, 21, 21],
    "relapse": [20, 17, 12, 9, 7, 5, 5, 6, 9, 12, 15, 17],
    "rapid": [24, 12, 9, 8, 7, 6, 5, 4, 4, 3, 4, 3],
}


def answers_for(
    instrument_id: str, total: int, rng: random.Random, risk: int = 0
) -> dict[str, int | None]:
    """Scored items that add up to ``total`` (within each item's range), the risk item set to
    ``risk`` where the instrument has one."""
    instrument = get_instrument(instrument_id)
    scored = [item for item in instrument.items if item.scored and item.ask_if is None]
    answers: dict[str, int | None] = {item.id: min(item.values) for item in scored}
    risk_items = {rule.item for rule in instrument.alert_rules}
    for item in scored:
        if item.id in risk_items:
            answers[item.id] = risk
    remaining = total - sum(v for v in answers.values() if v is not None)
    candidates = [item for item in scored if item.id not in risk_items]
    while remaining > 0 and candidates:
        item = rng.choice(candidates)
        if (answers[item.id] or 0) < max(item.values):
            answers[item.id] = (answers[item.id] or 0) + 1
            remaining -= 1
        else:
            candidates.remove(item)
    return answers


def add_measures(demo: DemoClinic) -> None:
    rng = demo.rng
    clinician = demo.first(Role.PSYCHIATRIST)  # rates MADRS at intake
    nurse = demo.first(Role.NURSE)
    active = [p for p in demo.patients if p.status == Status.ACTIVE]
    names = list(COURSES)
    for index, patient in enumerate(active):
        course = COURSES[names[index % len(names)]]
        start = demo.today - timedelta(weeks=len(course) - 1 + index % 3)
        risky_week = 0 if index % 7 == 0 else None
        for week, target in enumerate(course):
            when = _at(start + timedelta(weeks=week), rng)
            phq9 = answers_for("phq9", target, rng, risk=1 if week == risky_week else 0)
            recorded = services.record_assessment(
                None, patient, "phq9", phq9, source=Source.SELF_REPORT_LINK, administered_at=when
            )
            if week % 2 == 0:
                gad = max(0, min(21, target - 3 + rng.randint(-2, 2)))
                services.record_assessment(
                    None, patient, "gad7", answers_for("gad7", gad, rng), source=Source.SELF_REPORT_LINK,
                    administered_at=when,
                )  # fmt: skip
            for alert in recorded.alerts:
                RiskAlert.objects.filter(pk=alert.pk).update(raised_at=when)
                alert.raised_at = when
                _acknowledge_as_the_lead(alert, rng)
        intake = _at(start, rng)
        services.record_assessment(
            clinician, patient, "madrs", answers_for("madrs", 2 * course[0] - rng.randint(0, 4), rng),
            source=Source.CLINICIAN, administered_at=intake,
        )  # fmt: skip
        services.record_assessment(
            nurse, patient, "hamd17", answers_for("hamd17", course[0] + rng.randint(-2, 2), rng),
            source=Source.CLINICIAN, administered_at=intake,
        )  # fmt: skip
        _plan(patient, demo, index)
    lead = demo.first(Role.PSYCHIATRIST)
    _open_alert_today(next(p for p in active if p.care_team.filter(user=lead).exists()), demo)


def _plan(patient: Patient, demo: DemoClinic, index: int) -> None:
    MeasurementSchedule.objects.create(
        patient=patient,
        instrument="phq9",
        every_days=7,
        next_due=demo.today + timedelta(days=index % 7),
    )
    if index % 4 == 0:
        DueQuestionnaire.objects.create(
            patient=patient, instrument="gad7", due_on=demo.today - timedelta(days=6),
            status=DueStatus.MISSED, reason="measurement plan",
        )  # fmt: skip
    if index % 5 == 0:
        DueQuestionnaire.objects.create(
            patient=patient,
            instrument="qids_sr16",
            due_on=demo.today,
            reason="before the next infusion",
        )


def _acknowledge_as_the_lead(alert: RiskAlert, rng: random.Random) -> None:
    lead = alert.patient.care_team.filter(role="lead").select_related("user").first()
    services.acknowledge_alert(
        lead.user if lead else None, alert, ActionTaken.ASSESSED,
        "Called the same day; C-SSRS screen negative for plan or intent. Safety plan reviewed.",
    )  # fmt: skip
    # the demo tells a past story: the call happened hours after the answer, not today
    RiskAlert.objects.filter(pk=alert.pk).update(
        acknowledged_at=alert.raised_at + timedelta(hours=rng.randint(1, 5))
    )


def _open_alert_today(patient: Patient, demo: DemoClinic) -> None:
    """One fresh, unacknowledged alert (earlier ones were all handled), so the inbox shows what a
    clinician would see."""
    services.record_assessment(
        None, patient, "phq9", answers_for("phq9", 17, demo.rng, risk=2),
        source=Source.SELF_REPORT_LINK, administered_at=timezone.now() - timedelta(minutes=25),
    )  # fmt: skip


def _at(day: object, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 19), rng.randint(0, 59))))  # type: ignore[arg-type]
