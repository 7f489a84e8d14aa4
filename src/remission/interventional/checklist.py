"""The pre-dose checklist of a dose record: what is ready, what stops dosing, what was overridden.

Hard stops (``block``) are lifted only by a documented override with a reason, and only by a
psychiatrist; consent and a pre-dose blood pressure cannot be overridden. A pre-dose blood
pressure above the label's example (140/90) needs a documented benefit/risk decision and never
blocks (core :func:`monitoring.pre_dose_blood_pressure`).
"""

from dataclasses import dataclass
from typing import Any

from remission.clinical.instruments.registry import get_instrument
from remission.clinical.protocols import esketamine, monitoring
from remission.clinical.protocols.findings import Assessment as Findings
from remission.clinical.protocols.findings import Level
from remission.clinical.protocols.treatments import Treatment
from remission.interventional.models import DoseRecord, PregnancyTest, SeriesKind, VitalSign
from remission.measures.models import AlertStatus, Assessment, RiskAlert
from remission.patients.models import Patient

LABEL_SOURCE = "SPRAVATO US prescribing information and REMS (clinical.md 6.2)"
NOT_OVERRIDABLE = frozenset({"consent", "pre_dose_bp"})


@dataclass(frozen=True)
class Item:
    code: str
    label: str
    level: Level
    reason: str
    source: str
    override: dict[str, Any] | None = None

    @property
    def overridable(self) -> bool:
        return self.level is Level.BLOCK and self.code not in NOT_OVERRIDABLE

    @property
    def stops(self) -> bool:
        return self.level is Level.BLOCK and self.override is None


def last_suicide_item(patient: Patient) -> dict[str, Any]:
    """The latest answer to a suicide-risk item (any instrument with one), and open alerts."""
    for assessment in Assessment.objects.filter(patient=patient).order_by("-administered_at")[:50]:
        instrument = get_instrument(assessment.instrument)
        for rule in instrument.alert_rules:
            answer = assessment.answers.get(rule.item)
            if isinstance(answer, int):
                labels = {o.value: o.label for o in instrument.item(rule.item).options}
                return {
                    "instrument": instrument.short_name,
                    "item": rule.item,
                    "answer": answer,
                    "answer_label": labels.get(answer, str(answer)),
                    "on": assessment.administered_at.date().isoformat(),
                    "open_alerts": RiskAlert.objects.filter(
                        patient=patient, status=AlertStatus.OPEN
                    ).count(),
                }
    return {}


def pre_dose_vitals(record: DoseRecord) -> VitalSign | None:
    return record.vitals.filter(moment="pre_dose").order_by("-taken_at").first()


def blood_pressure_check(kind: str, vitals: VitalSign) -> Findings:
    return monitoring.pre_dose_blood_pressure(
        Treatment(kind),
        monitoring.VitalSigns(vitals.systolic_mmhg, vitals.diastolic_mmhg),
    )


def items(record: DoseRecord) -> list[Item]:
    kind = record.session.series.kind
    patient = record.patient
    overrides = record.overrides or {}
    found: list[Item] = []

    def add(
        code: str, label: str, ok: bool, reason: str, source: str, *, note: bool = False
    ) -> None:
        level = Level.OK if ok else (Level.NEEDS_NOTE if note else Level.BLOCK)
        found.append(Item(code, label, level, reason, source, None if ok else overrides.get(code)))

    add("consent", "Consent", record.consent_confirmed,
        "Consent for this series is confirmed" if record.consent_confirmed
        else "Consent for this series is not confirmed", "Clinic procedure")  # fmt: skip
    preparation = esketamine.rules()
    fasting = (
        f"No food for {preparation.no_food_hours} h and no liquids for "
        f"{preparation.no_liquids_minutes} min before dosing"
        if kind == SeriesKind.ESKETAMINE
        else "Fasting as the clinic instructs before the infusion"
    )
    add("fasting", "Fasting", record.fasting_confirmed,
        fasting + (" (confirmed)" if record.fasting_confirmed else ": not confirmed"),
        preparation.preparation_source if kind == SeriesKind.ESKETAMINE else "Clinic procedure")  # fmt: skip
    vitals = pre_dose_vitals(record)
    if vitals is None:
        add("pre_dose_bp", "Blood pressure before dosing", False,
            "No blood pressure before dosing yet", LABEL_SOURCE)  # fmt: skip
    else:
        finding = blood_pressure_check(kind, vitals).findings[0]
        level = finding.level
        decided = level is Level.NEEDS_NOTE and bool(record.bp_decision.strip())
        found.append(
            Item("pre_dose_bp", "Blood pressure before dosing", level, finding.reason,
                 finding.source, {"reason": record.bp_decision} if decided else None)
        )  # fmt: skip
    for entry in record.contraindications:
        if entry["level"] != Level.OK:
            add(f"condition_{entry['code']}", "Contraindication or precaution", False,
                entry["reason"], entry["source"], note=entry["level"] == Level.NEEDS_NOTE)  # fmt: skip
    answer = record.suicide_item
    if not answer:
        add("suicide_item", "Last suicide-item answer", False,
            "No answer to a suicide-risk item is recorded", "Clinic procedure", note=True)  # fmt: skip
    else:
        text = (
            f"{answer['instrument']} {answer['item']} on {answer['on']}: {answer['answer']} "
            f"({answer['answer_label']})"
        )
        open_alerts = answer.get("open_alerts", 0)
        if open_alerts:
            text += f"; {open_alerts} risk alert(s) not yet acknowledged"
        add("suicide_item", "Last suicide-item answer", not open_alerts, text,
            "Risk alerts stay open until a clinician acknowledges them (clinical.md 1.14)")  # fmt: skip
    if patient.sex_at_birth == "female":
        test = record.pregnancy_test
        add("pregnancy", "Pregnancy test",
            test in (PregnancyTest.NEGATIVE, PregnancyTest.NOT_APPLICABLE),
            f"Pregnancy test: {record.get_pregnancy_test_display() if test else 'not recorded'}",
            "Pregnancy: not recommended (SPRAVATO label; clinical.md 6.3)")  # fmt: skip
    rule = monitoring.observation_rule(Treatment(kind))
    add("transport", "Transport home", record.transport_arranged,
        "Transport home is arranged" if record.transport_arranged
        else "Transport home is not arranged"
        + (": no driving until the next day after a restful sleep"
           if rule.no_driving_until_next_day else ""),
        rule.source)  # fmt: skip
    return found


def ready_to_dose(checks: list[Item]) -> bool:
    return not any(item.stops for item in checks) and all(
        item.level is not Level.NEEDS_NOTE or item.override for item in checks
    )
