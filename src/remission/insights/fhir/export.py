"""A patient's record as a FHIR Bundle (type "collection"), every resource validated.

Patient; a Questionnaire per instrument used; per administration a QuestionnaireResponse with
the answers and an Observation with the total (LOINC code where known, the local instrument code
always) derived from it; a MedicationStatement per antidepressant or augmentation trial; a
Procedure per ECT, rTMS, iTBS, IV ketamine, esketamine or psychotherapy course; the current
version of the care plan as a CarePlan with a Goal per goal (none without a plan).

Free text that explains or narrates (reasons stopped, notes; a plan's preferences, rationale,
override reason and change note) is not exported; text that names what was done or planned (a
trial's drug, a plan step's description) is (docs/insights.md, "FHIR R4").
"""

import uuid
from datetime import date, datetime
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from remission.clinical.instruments import get_instrument
from remission.insights.fhir import LOCAL_CODES, LOINC, canonical
from remission.insights.fhir.questionnaires import questionnaire
from remission.measures.models import Assessment
from remission.patients.models import Patient
from remission.planning.models import Goal, Measurement, PlanVersion
from remission.planning.presenters import version_view
from remission.planning.services import current_version
from remission.treatments.models import DRUG_KINDS, Trial

GENDER = {"female": "female", "male": "male", "intersex": "other", "unknown": "unknown"}
NAMESPACE = uuid.UUID("6f1c2a52-5d1e-4c39-9a57-1a2b8f7e0c11")  # stable urn:uuid fullUrls
PLAN_OPTIONS = "urn:remission:planning-option"
PLAN_STEPS = "urn:remission:plan-step"
# Remission keeps what was planned, not how far each activity has come: FHIR R4 CarePlan
# activity.detail.status "unknown" is for a source that does not know which status applies.
UNTRACKED = {"text": "not tracked: Remission records the plan, not each activity's progress"}


def _full_url(kind: str, pk: int) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{kind}:{pk}')}"


def _instant(moment: datetime) -> str:
    return moment.isoformat()


def patient_resource(patient: Patient) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "id": f"patient-{patient.pk}",
        "identifier": [
            {"system": f"urn:remission:clinic:{patient.clinic.slug}:mrn", "value": patient.mrn}
        ],
        "name": [{"family": patient.family_name, "given": [patient.given_name]}],
        "gender": GENDER.get(patient.sex_at_birth, "unknown"),
        "birthDate": patient.date_of_birth.isoformat(),
    }


def _answer(instrument_id: str, item_id: str, value: object) -> dict[str, Any]:
    item = get_instrument(instrument_id).item(item_id)
    option = next((o for o in item.options if value in (o.value, o.code)), None)
    if option is None:
        return {"valueString": str(value)}
    coding = (
        {"system": LOINC, "code": option.loinc} if option.loinc else {"code": str(option.value)}
    )
    return {"valueCoding": {**coding, "display": option.label}}


def response_resource(assessment: Assessment, subject: str) -> dict[str, Any]:
    instrument = get_instrument(assessment.instrument)
    order = [item.id for item in instrument.items]
    answered = sorted(
        ((k, v) for k, v in assessment.answers.items() if v is not None and k in order),
        key=lambda kv: order.index(kv[0]),
    )
    return {
        "resourceType": "QuestionnaireResponse",
        "id": f"response-{assessment.pk}",
        "questionnaire": f"{canonical(assessment.instrument)}|{instrument.version}",
        "status": "completed" if assessment.complete else "in-progress",
        "subject": {"reference": subject},
        "authored": _instant(assessment.administered_at),
        "item": [
            {"linkId": item_id, "answer": [_answer(assessment.instrument, item_id, value)]}
            for item_id, value in answered
        ],
    }


def total_code(instrument_id: str) -> dict[str, Any]:
    """An instrument's total: the LOINC code where known, the local instrument code always."""
    instrument = get_instrument(instrument_id)
    codes = [{"system": LOCAL_CODES, "code": instrument.id, "display": f"{instrument.name} total"}]
    if instrument.loinc_total:
        codes.insert(0, {"system": LOINC, "code": instrument.loinc_total})
    return {"coding": codes, "text": f"{instrument.short_name} total"}


def observation_resource(assessment: Assessment, subject: str, response: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": f"total-{assessment.pk}",
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "survey",
                    }
                ]
            }
        ],
        "code": total_code(assessment.instrument),
        "subject": {"reference": subject},
        "effectiveDateTime": _instant(assessment.administered_at),
        "valueInteger": assessment.total,
        "derivedFrom": [{"reference": response}],
    }
    if assessment.band_label:
        resource["interpretation"] = [{"text": assessment.band_label}]
    return resource


def _period(trial: Trial) -> dict[str, str]:
    period = {}
    if trial.started_on:
        period["start"] = trial.started_on.isoformat()
    if trial.ended_on:
        period["end"] = trial.ended_on.isoformat()
    return period


def trial_resource(trial: Trial, subject: str) -> dict[str, Any]:
    running = trial.ended_on is None or trial.ended_on >= date.today()
    if trial.kind in DRUG_KINDS:
        resource: dict[str, Any] = {
            "resourceType": "MedicationStatement",
            "id": f"trial-{trial.pk}",
            "status": "active" if running else "completed",
            "medicationCodeableConcept": {"text": trial.drug or trial.get_kind_display()},
            "subject": {"reference": subject},
        }
        if period := _period(trial):
            resource["effectivePeriod"] = period
        return resource
    resource = {
        "resourceType": "Procedure",
        "id": f"trial-{trial.pk}",
        "status": "in-progress" if running else "completed",
        "code": {
            "coding": [{"system": "urn:remission:trial-kind", "code": trial.kind}],
            "text": trial.name,
        },
        "subject": {"reference": subject},
    }
    if period := _period(trial):
        resource["performedPeriod"] = period
    return resource


def _coded(system: str, code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


def _activity(code: dict[str, Any], **detail: Any) -> dict[str, Any]:
    return {"detail": {"code": code, "status": "unknown", "statusReason": UNTRACKED, **detail}}


def _measurement_activity(name: str, measurement: Measurement) -> dict[str, Any]:
    days = measurement.every_days
    return _activity(
        {"text": name},
        instantiatesCanonical=[canonical(measurement.instrument)],
        scheduledTiming={"repeat": {"frequency": 1, "period": days, "periodUnit": "d"}},
        description=f"{name} every {days} days" if days > 1 else f"{name} every day",
    )


def goal_resource(name: str, goal: Goal, subject: str) -> dict[str, Any]:
    return {
        "resourceType": "Goal",
        "id": f"goal-{goal.pk}",
        "lifecycleStatus": "active",
        "description": {"text": f"{name} total below {goal.below} by {goal.by.isoformat()}"},
        "subject": {"reference": subject},
        "target": [
            {
                "measure": total_code(goal.instrument),
                "detailQuantity": {"value": goal.below, "comparator": "<"},
                "dueDate": goal.by.isoformat(),
            }
        ],
    }


def care_plan_entries(version: PlanVersion, subject: str) -> list[tuple[str, dict[str, Any]]]:
    """A plan version as a CarePlan (intent plan, period from the inputs' date to the review: R4
    has no review date) and its Goals; chosen options carry the rule set's titles."""
    shown = version_view(version)
    goals = [
        (_full_url("goal", item["goal"].pk), goal_resource(item["name"], item["goal"], subject))
        for item in shown["goals"]
    ]
    activity = [_activity(_coded(PLAN_OPTIONS, o["id"], o["title"])) for o in shown["chosen"]]
    activity += [
        _activity(_coded(PLAN_STEPS, s.kind, str(s.get_kind_display())), description=s.description)
        for s in shown["steps"]
    ]
    activity += [
        _measurement_activity(item["name"], item["measurement"]) for item in shown["measurements"]
    ]
    plan = {
        "resourceType": "CarePlan",
        "id": f"careplan-{version.pk}",
        "status": "active",
        "intent": "plan",
        "title": f"Care plan, version {version.number}",
        "description": f"Decided with the patient from the guideline-based options of rule set "
        f"{version.rules_version}; review on {version.review_on.isoformat()}.",
        "subject": {"reference": subject},
        "period": {"start": version.as_of.isoformat(), "end": version.review_on.isoformat()},
        "created": _instant(version.created_at),
        "author": {"display": version.created_by.display_name} if version.created_by else None,
        "contributor": [{"display": user.display_name} for user in shown["responsible"]],
        "goal": [{"reference": url} for url, _ in goals],
        "activity": activity,
    }
    resource = {key: value for key, value in plan.items() if value}  # FHIR: no empty elements
    return [(_full_url("careplan", version.pk), resource), *goals]


def patient_bundle(patient: Patient) -> dict[str, Any]:
    """The Bundle as JSON-ready data, validated as a whole (every entry against its model)."""
    subject = _full_url("patient", patient.pk)
    entries = [(subject, patient_resource(patient))]
    assessments = list(
        Assessment.objects.filter(patient=patient, total__isnull=False).order_by("administered_at")
    )
    for instrument in sorted({a.instrument for a in assessments}):
        resource = questionnaire(get_instrument(instrument))
        entries.append((canonical(instrument), resource))
    for assessment in assessments:
        response = _full_url("response", assessment.pk)
        entries.append((response, response_resource(assessment, subject)))
        entries.append(
            (_full_url("total", assessment.pk), observation_resource(assessment, subject, response))
        )
    for trial in Trial.objects.filter(patient=patient, removed_at__isnull=True).order_by("id"):
        entries.append((_full_url("trial", trial.pk), trial_resource(trial, subject)))
    if version := current_version(patient):
        entries += care_plan_entries(version, subject)
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in entries],
    }
    Bundle.model_validate(bundle)
    return bundle
