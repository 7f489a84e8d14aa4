"""API operations of measurement-based care: submit a questionnaire, read a patient's scores."""

from collections.abc import Iterable
from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.params.functions import Query
from ninja.responses import Status
from pydantic import ConfigDict

from remission.access import CLINICIAN, PATIENT_CHART
from remission.api.access import api_route, patient_or_404
from remission.api.errors import ERRORS
from remission.audit import trail
from remission.clinical.instruments import InstrumentError, all_instruments
from remission.measures import services
from remission.measures.models import Assessment, RiskAlert, Source

router = Router(tags=["measures"])


# Identifiers are plain ASCII: a NUL or other control character never reaches the database
# (PostgreSQL refuses NUL in text, which would be a 500) nor the audit log.
INSTRUMENT_ID = r"^[a-z0-9_]+$"
IDEMPOTENCY_KEY = r"^[A-Za-z0-9._:-]+$"


class AssessmentIn(Schema):
    """Fields a caller sets; anything else (``patient``, ``clinic_id``, ``author``, ``source``,
    ``id``, ...) is refused with 422 rather than silently dropped (mass assignment, T27)."""

    model_config = ConfigDict(extra="forbid")

    instrument: str = Field(examples=["phq9"], pattern=INSTRUMENT_ID, max_length=40)
    answers: dict[str, int | None] = Field(examples=[{"q1": 1, "q2": 2, "q9": 0}])
    administered_at: datetime | None = None
    idempotency_key: str | None = Field(default=None, max_length=64, pattern=IDEMPOTENCY_KEY)


class AlertOut(Schema):
    item: str
    answer: int
    answer_label: str
    priority: str


class AssessmentOut(Schema):
    id: int
    instrument: str
    administered_at: datetime
    total: int | None
    band: str
    band_label: str
    percent: int | None
    source: str
    alerts: list[AlertOut]


class InstrumentOut(Schema):
    id: str
    name: str
    rater: str
    score_range: str


# After a submission, the same patient's scores (an OpenAPI link; the stateful fuzzer follows it).
SCORES_LINK = {
    "operationId": "remission_measures_api_patient_scores",
    "parameters": {"patient_id": "$request.path.patient_id"},
}


def _out(assessment: Assessment, alerts: Iterable[RiskAlert] | None = None) -> AssessmentOut:
    return AssessmentOut(
        id=assessment.pk,
        instrument=assessment.instrument,
        administered_at=assessment.administered_at,
        total=assessment.total,
        band=assessment.band,
        band_label=assessment.band_label,
        percent=assessment.percent,
        source=assessment.source,
        alerts=[
            AlertOut(item=a.item, answer=a.answer, answer_label=a.answer_label, priority=a.priority)
            for a in (assessment.alerts.all() if alerts is None else alerts)
        ],
    )


@router.get("/instruments", response={200: list[InstrumentOut], **ERRORS})
@api_route(CLINICIAN)
def list_instruments(request: HttpRequest) -> list[InstrumentOut]:
    return [
        InstrumentOut(id=i.id, name=i.name, rater=i.rater, score_range=i.score_range)
        for i in all_instruments()
    ]


@router.post(
    "/patients/{patient_id}/assessments",
    response={201: AssessmentOut, 200: AssessmentOut, **ERRORS},
    openapi_extra={"responses": {201: {"links": {"PatientScores": SCORES_LINK}}}},
)
@api_route(PATIENT_CHART)
def submit_assessment(
    request: HttpRequest, patient_id: int, payload: AssessmentIn
) -> Status[AssessmentOut]:
    """Score and store one questionnaire; a suicide-risk answer raises its alert in the same
    transaction. Repeating a call with the same ``idempotency_key`` returns the first result
    (status 200) instead of storing it twice."""
    patient = patient_or_404(request, patient_id)
    try:
        recorded = services.record_assessment(
            request,
            patient,
            payload.instrument,
            payload.answers,
            source=Source.API,
            administered_at=payload.administered_at,
            idempotency_key=payload.idempotency_key,
        )
    except InstrumentError as error:
        raise HttpError(422, str(error)) from None
    return Status(201 if recorded.created else 200, _out(recorded.assessment, recorded.alerts))


@router.get(
    "/patients/{patient_id}/scores",
    response={200: list[AssessmentOut], **ERRORS},
)
@api_route(PATIENT_CHART)
def patient_scores(
    request: HttpRequest,
    patient_id: int,
    instrument: str | None = Query(None, pattern=INSTRUMENT_ID, max_length=40),
) -> list[AssessmentOut]:
    """The patient's completed questionnaires, newest first (optionally one instrument)."""
    patient = patient_or_404(request, patient_id)
    trail.record(
        request, "api.scores.viewed", patient=patient, detail={"instrument": instrument or ""}
    )
    rows = Assessment.objects.filter(patient=patient, complete=True).prefetch_related("alerts")
    if instrument:
        rows = rows.filter(instrument=instrument)
    return [_out(a) for a in rows.order_by("-administered_at", "-id")[:500]]
