"""A patient's record as a FHIR Bundle (type "collection"), every resource validated.

Patient; a Questionnaire per instrument used; per administration a QuestionnaireResponse with
the answers and an Observation with the total (LOINC code where known, the local instrument code
always) derived from it; a MedicationStatement per antidepressant or augmentation trial; a
Procedure per ECT, rTMS, iTBS, IV ketamine, esketamine or psychotherapy course. No CarePlan:
Remission has no care-plan model yet. Free text (reasons stopped, notes) is not exported.
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
from remission.treatments.models import DRUG_KINDS, Trial

GENDER = {"female": "female", "male": "male", "intersex": "other", "unknown": "unknown"}
NAMESPACE = uuid.UUID("6f1c2a52-5d1e-4c39-9a57-1a2b8f7e0c11")  # stable urn:uuid fullUrls


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


def observation_resource(assessment: Assessment, subject: str, response: str) -> dict[str, Any]:
    instrument = get_instrument(assessment.instrument)
    codes = [{"system": LOCAL_CODES, "code": instrument.id, "display": f"{instrument.name} total"}]
    if instrument.loinc_total:
        codes.insert(0, {"system": LOINC, "code": instrument.loinc_total})
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
        "code": {"coding": codes, "text": f"{instrument.short_name} total"},
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
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in entries],
    }
    Bundle.model_validate(bundle)
    return bundle
