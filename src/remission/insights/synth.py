"""Outcome histories for synthetic clinics (``remission synth --outcomes``): dated treatment
courses by pathway, questionnaires answered item by item (scored by the clinical core) at baseline,
end of induction and 3, 6 and 12 months with realistic gaps, due questionnaires and a few
acknowledged alerts. Deterministic from the seed; bulk inserts. Fictional: the response rates
are invented for load and layout, not clinical estimates.
"""

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import TextIO

from django.db import transaction

from remission.accounts.models import Clinic
from remission.clinical.instruments import get_instrument, score
from remission.measures.models import Assessment, DueQuestionnaire, DueStatus, RiskAlert, Source
from remission.patients.models import Patient
from remission.treatments.models import Trial

# pathway kind, weight, induction days, instruments, chance of a good course (invented)
PLANS = (
    ("ketamine_iv", 14, 21, ("phq9", "qids_sr16", "madrs"), 0.55),
    ("esketamine", 10, 28, ("phq9", "madrs"), 0.5),
    ("rtms", 10, 42, ("phq9", "madrs"), 0.45),
    ("itbs", 4, 5, ("phq9", "madrs"), 0.5),
    ("ect", 8, 28, ("phq9", "qids_sr16", "madrs"), 0.6),
    ("antidepressant", 30, 56, ("phq9", "qids_sr16", "hamd17"), 0.35),
    ("psychotherapy", 16, 112, ("phq9", "gad7"), 0.4),
)
FOLLOW_UPS = (("end", 0), ("3m", 91), ("6m", 182), ("12m", 365))
BATCH = 2000


def answers_for(instrument_id: str, total: int, rng: random.Random) -> dict[str, int]:
    """Item answers whose score is ``total``; the risk items stay 0 (alerts are added apart)."""
    instrument = get_instrument(instrument_id)
    risk = {rule.item for rule in instrument.alert_rules}
    answers = {item.id: 0 for item in instrument.items if item.required}
    if instrument.scoring.domains:
        domains = [d for d in instrument.scoring.domains if not set(d.items) & risk]
        top = {d.id: max(instrument.item(d.items[0]).values) for d in domains}
        levels = _spread(total, [top[d.id] for d in domains], rng)
        for domain, level in zip(domains, levels, strict=True):
            chosen = rng.choice(domain.items)
            for item_id in domain.items:
                answers[item_id] = level if item_id == chosen else rng.randint(0, level)
        return answers
    items = [i for i in instrument.items if i.scored and i.id not in risk and i.required]
    for item, value in zip(items, _spread(total, [max(i.values) for i in items], rng), strict=True):
        answers[item.id] = value
    return answers


def _spread(total: int, caps: list[int], rng: random.Random) -> list[int]:
    values = [0] * len(caps)
    left = min(total, sum(caps))
    while left:
        index = rng.randrange(len(caps))
        if values[index] < caps[index]:
            values[index] += 1
            left -= 1
    return values


def add_outcomes(
    clinic: Clinic, *, seed: int, today: date, progress: TextIO | None = None
) -> dict[str, int]:
    rng = random.Random(seed + 1)
    counts = {"trials": 0, "assessments": 0, "dues": 0, "alerts": 0}
    ids = list(Patient.objects.filter(clinic=clinic).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            trials, assessments, dues, risky = [], [], [], []
            for patient_id in ids[start : start + BATCH]:
                for trial, rows, due_rows, alert in _patient(patient_id, rng, today):
                    trials.append(trial)
                    assessments.extend(rows)
                    dues.extend(due_rows)
                    if alert:
                        risky.append(rows[0])
            Trial.objects.bulk_create(trials)
            Assessment.objects.bulk_create(assessments)
            DueQuestionnaire.objects.bulk_create(dues)
            RiskAlert.objects.bulk_create(_alerts(risky, rng))
            counts["trials"] += len(trials)
            counts["assessments"] += len(assessments)
            counts["dues"] += len(dues)
            counts["alerts"] += len(risky)
        if progress:
            done = min(start + BATCH, len(ids))
            print(f"  outcomes {done} / {len(ids)} patients", file=progress, flush=True)
    return counts


def _patient(
    patient_id: int, rng: random.Random, today: date
) -> Iterator[tuple[Trial, list[Assessment], list[DueQuestionnaire], bool]]:
    kind, _, induction, instruments, good = rng.choices(PLANS, [p[1] for p in PLANS])[0]
    begin = today - timedelta(days=rng.randint(14, 3 * 365))
    end = begin + timedelta(days=induction)
    trial = Trial(
        patient_id=patient_id,
        kind=kind,
        drug="sertraline" if kind == "antidepressant" else "",
        modality="cbt" if kind == "psychotherapy" else "",
        outcome="ongoing" if end > today else "response",
        started_on=begin,
        ended_on=end if end <= today else None,
    )
    improves = rng.random() < good
    rows: list[Assessment] = []
    dues: list[DueQuestionnaire] = []
    alert = rng.random() < 0.03
    for instrument in instruments:
        low, high = get_instrument(instrument).scoring.bounds or (0, 0)
        baseline = rng.randint(int(high * 0.5), int(high * 0.85))
        moments = [("baseline", begin - timedelta(days=rng.randint(0, 10)), baseline)]
        for label, offset in FOLLOW_UPS:
            when = end + timedelta(days=rng.randint(-2, 5)) if label == "end" else (
                begin + timedelta(days=offset + rng.randint(-10, 10)))  # fmt: skip
            if when > today:
                break
            factor = rng.uniform(0.1, 0.45) if improves else rng.uniform(0.6, 1.05)
            total = max(low, min(high, round(baseline * factor)))
            answered = rng.random() > 0.25
            dues.append(DueQuestionnaire(patient_id=patient_id, instrument=instrument, due_on=when,
                                         status=DueStatus.COMPLETED if answered else DueStatus.MISSED,
                                         reason=f"follow-up {label}"))  # fmt: skip
            if answered:
                moments.append((label, when, total))
        for number, (_, when, total) in enumerate(moments):
            answers = answers_for(instrument, total, rng)
            if alert and number == 0 and instrument == "phq9":
                answers["q9"] = 1
            result = score(instrument, answers)
            band = result.band
            rows.append(Assessment(
                patient_id=patient_id, instrument=instrument,
                instrument_version=get_instrument(instrument).version, answers=answers,
                administered_at=datetime.combine(when, time(9, 30), tzinfo=UTC),
                source=Source.SELF_REPORT_LINK, total=result.total,
                band=band.id if band else "", band_label=band.label if band else "",
                band_set=result.band_set.id if result.band_set else "",
            ))  # fmt: skip
    yield trial, rows, dues, alert


def _alerts(assessments: list[Assessment], rng: random.Random) -> list[RiskAlert]:
    alerts = []
    for assessment in assessments:
        item = get_instrument("phq9").item("q9")
        raised = assessment.administered_at
        alerts.append(RiskAlert(
            patient_id=assessment.patient_id, assessment=assessment, item="q9",
            item_label=item.label, answer=1, answer_label=item.option(1).label,
            priority="review", rule="PHQ-9 item 9 positive", source="synthetic",
            raised_at=raised, status="acknowledged",
            acknowledged_at=raised + timedelta(minutes=rng.randint(5, 60 * 30)),
            action="contacted",
        ))  # fmt: skip
    return alerts
