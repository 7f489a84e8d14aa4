"""FHIR R4 over the JSON API: a patient's record as a Bundle, the instruments' Questionnaires, and
the import of a QuestionnaireResponse/Observation Bundle with its per-entry report."""

from typing import Any

from django.http import HttpRequest
from ninja import Body, Router, Schema
from ninja.responses import Status

from remission.access import CLINICIAN, PATIENT_CHART
from remission.api.access import api_route, patient_or_404
from remission.api.errors import ERRORS, Problem
from remission.audit import trail
from remission.insights.fhir.export import patient_bundle
from remission.insights.fhir.importer import import_bundle
from remission.insights.fhir.questionnaires import all_questionnaires

router = Router(tags=["fhir"])


class ImportLine(Schema):
    index: int
    resource: str
    status: str
    reason: str


class ImportReport(Schema):
    imported: bool
    stored: int
    entries: list[ImportLine]


@router.get("/fhir/Questionnaire", response={200: dict[str, Any], **ERRORS})
@api_route(CLINICIAN)
def fhir_questionnaires(request: HttpRequest) -> dict[str, Any]:
    """A Bundle (type "collection") with a Questionnaire for every shipped instrument."""
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": q["url"], "resource": q} for q in all_questionnaires()],
    }


@router.get("/patients/{patient_id}/fhir", response={200: dict[str, Any], **ERRORS})
@api_route(PATIENT_CHART)
def fhir_export(request: HttpRequest, patient_id: int) -> dict[str, Any]:
    """The patient's record as a FHIR R4 Bundle (audited)."""
    patient = patient_or_404(request, patient_id)
    bundle = patient_bundle(patient)
    trail.record(request, "insights.fhir.exported", patient=patient,
                 detail={"entries": len(bundle["entry"])})  # fmt: skip
    return bundle


@router.post(
    "/patients/{patient_id}/fhir",
    # 422: the import report when an entry is rejected, or the problem when the body is no Bundle.
    response={200: ImportReport, **ERRORS, 422: ImportReport | Problem},
)
@api_route(PATIENT_CHART)
def fhir_import(
    request: HttpRequest, patient_id: int, bundle: Body[dict[str, Any]]
) -> Status[ImportReport]:
    """Import a Bundle of QuestionnaireResponses (and their Observation totals): all or nothing;
    422 with the report when an entry is rejected."""
    patient = patient_or_404(request, patient_id)
    report = import_bundle(request, patient, bundle)
    return Status(200 if report.ok else 422, ImportReport(**report.as_dict()))
