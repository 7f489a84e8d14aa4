"""Import QuestionnaireResponse and Observation Bundles from another system into one patient.

Every entry gets a line in the report: accepted, rejected (with why) or ignored (reference data
such as Patient or Questionnaire; a MedicationStatement or Procedure, since a treatment history is
recorded by the care team with its doses; a CarePlan or Goal, since a plan is made by the care
team with the patient; anything else). A QuestionnaireResponse is scored by the clinical core and
stored with its answers; an Observation is accepted only as the total of a QuestionnaireResponse
in the same Bundle and must equal the score of its answers (a bare total cannot be stored:
Remission keeps questionnaires with their answers). If anything is rejected nothing is stored;
otherwise everything is stored in one transaction. Re-importing the same Bundle stores nothing
twice (each response carries an idempotency key).
"""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from remission.audit import trail
from remission.audit.trail import Who
from remission.clinical.instruments import InstrumentError, get_instrument, score
from remission.insights.fhir import LOCAL_CODES, LOINC
from remission.insights.fhir.questionnaires import answer_value, instrument_for
from remission.measures import services
from remission.measures.models import Source
from remission.patients.models import Patient

_HISTORY = "not imported: a treatment history is recorded by the care team with its doses"
_PLAN = "not imported: a care plan is made by the care team with the patient"
IGNORED = {
    "Patient": "reference data; not stored",
    "Questionnaire": "reference data; not stored",
    "MedicationStatement": _HISTORY,
    "Procedure": _HISTORY,
    "CarePlan": _PLAN,
    "Goal": _PLAN,
}


@dataclass
class Line:
    index: int
    resource: str
    status: str  # accepted | rejected | ignored | already imported
    reason: str = ""


@dataclass
class Report:
    lines: list[Line] = field(default_factory=list)
    stored: int = 0

    @property
    def ok(self) -> bool:
        return not any(line.status == "rejected" for line in self.lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "imported": self.ok,
            "stored": self.stored,
            "entries": [line.__dict__ for line in self.lines],
        }


@dataclass
class _Response:
    line: Line
    instrument: str
    answers: dict[str, int | None]
    authored: datetime
    key: str
    total: int | None


def import_bundle(who: Who, patient: Patient, data: object) -> Report:
    report = Report()
    try:
        Bundle.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        report.lines.append(
            Line(0, "Bundle", "rejected", f"not a valid FHIR Bundle: {where}: {first['msg']}")
        )
        _audit(who, patient, report)
        return report
    assert isinstance(data, dict)
    entries = data.get("entry") or []
    responses: dict[str, _Response] = {}
    refused: dict[str, int] = {}  # references of rejected responses -> their entry number
    observations = []
    for index, entry in enumerate(entries, start=1):
        resource = entry.get("resource") or {}
        kind = resource.get("resourceType", "?")
        line = Line(index, f"{kind}/{resource.get('id', '')}".rstrip("/"), "accepted")
        report.lines.append(line)
        if kind in IGNORED:
            line.status, line.reason = "ignored", IGNORED[kind]
        elif kind == "QuestionnaireResponse":
            parsed = _response(patient, entry, resource, line)
            reference = entry.get("fullUrl") or f"QuestionnaireResponse/{resource.get('id')}"
            if parsed:
                responses[reference] = parsed
            else:
                refused[reference] = index
        elif kind == "Observation":
            observations.append((line, resource))
        else:
            line.status = "ignored"
            line.reason = "not imported: only QuestionnaireResponse and Observation resources are"
    for line, resource in observations:
        _check_observation(line, resource, responses, refused)
    if report.ok:
        with transaction.atomic():
            for parsed in responses.values():
                recorded = services.record_assessment(
                    who, patient, parsed.instrument, parsed.answers, source=Source.IMPORT,
                    administered_at=parsed.authored, idempotency_key=parsed.key,
                )  # fmt: skip
                if recorded.created:
                    report.stored += 1
                else:
                    parsed.line.status = "already imported"
            _audit(who, patient, report)
    else:
        _audit(who, patient, report)
    return report


def _reject(line: Line, reason: str) -> None:
    line.status, line.reason = "rejected", reason


def _response(
    patient: Patient, entry: dict[str, Any], resource: dict[str, Any], line: Line
) -> _Response | None:
    instrument = instrument_for(str(resource.get("questionnaire", "")))
    if instrument is None:
        _reject(line, f"unknown questionnaire {resource.get('questionnaire')!r}")
        return None
    if resource.get("status") != "completed":
        _reject(
            line, f"status is {resource.get('status')!r}; only completed responses are imported"
        )
        return None
    authored = resource.get("authored")
    if not authored:
        _reject(line, "authored (when it was answered) is missing")
        return None
    when = datetime.fromisoformat(str(authored))
    if when.tzinfo is None:
        _reject(line, "authored needs a time zone")
        return None
    known = {item.id for item in get_instrument(instrument).items}
    answers: dict[str, int | None] = {}
    for item in resource.get("item") or []:
        link = item.get("linkId")
        values = item.get("answer") or []
        if link not in known:
            _reject(line, f"{instrument} has no item {link!r}")
            return None
        if len(values) != 1:
            _reject(line, f"item {link}: exactly one answer expected")
            return None
        value = values[0]
        if "valueCoding" in value:
            answers[link] = answer_value(instrument, link, value["valueCoding"])
            if answers[link] is None:
                allowed = get_instrument(instrument).item(link).allowed()
                code = value["valueCoding"].get("code")
                _reject(
                    line,
                    f"{instrument} item {link}: {code!r} is not an answer (allowed: {allowed})",
                )
                return None
        elif "valueInteger" in value:
            answers[link] = int(value["valueInteger"])
        else:
            _reject(line, f"item {link}: answer must be a coding or an integer")
            return None
    try:
        total = score(instrument, answers).total
    except InstrumentError as error:
        _reject(line, str(error))
        return None
    identity = entry.get("fullUrl") or resource.get("id") or ""
    key = "fhir:" + hashlib.sha256(f"{patient.pk}|{identity}|{authored}".encode()).hexdigest()[:48]
    return _Response(line, instrument, answers, when, key, total)


def _check_observation(
    line: Line, resource: dict[str, Any], responses: dict[str, _Response], refused: dict[str, int]
) -> None:
    sources = [d.get("reference", "") for d in resource.get("derivedFrom") or []]
    parsed = next((responses[s] for s in sources if s in responses), None)
    if failed := next((refused[s] for s in sources if s in refused), None):
        _reject(line, f"its QuestionnaireResponse (entry {failed}) was rejected")
        return
    if parsed is None:
        _reject(line, "a total without its QuestionnaireResponse in this Bundle cannot be stored "
                "(derivedFrom must name one)")  # fmt: skip
        return
    instrument = get_instrument(parsed.instrument)
    codes = {
        (c.get("system"), c.get("code")) for c in (resource.get("code") or {}).get("coding", [])
    }
    if (LOCAL_CODES, instrument.id) not in codes and (LOINC, instrument.loinc_total) not in codes:
        _reject(line, f"its code does not name the {instrument.short_name} total")
        return
    value = resource.get("valueInteger", (resource.get("valueQuantity") or {}).get("value"))
    if value is None or parsed.total is None or int(value) != parsed.total:
        _reject(line, f"total {value} differs from the score of its answers ({parsed.total})")
        return
    line.reason = f"matches the {instrument.short_name} score of its QuestionnaireResponse"


def _audit(who: Who, patient: Patient, report: Report) -> None:
    counts: dict[str, int] = {}
    for line in report.lines:
        counts[line.status] = counts.get(line.status, 0) + 1
    trail.record(
        who,
        "insights.fhir.imported" if report.ok else "insights.fhir.import_rejected",
        patient=patient,
        detail={"entries": counts, "stored": report.stored},
    )
