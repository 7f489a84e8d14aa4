"""The JSON API: submit a questionnaire and read scores, with the same access and audit."""

import json

import pytest
from django.test import Client

from remission.audit.models import AuditEvent
from remission.measures.models import Assessment, RiskAlert
from tests.conftest import client_for
from tests.measures.conftest import phq9


def post(client: Client, patient_id: int, body: dict[str, object]):
    return client.post(
        f"/api/patients/{patient_id}/assessments", json.dumps(body), content_type="application/json"
    )


def test_a_clinician_submits_a_phq9_and_gets_the_result_with_its_alert(world):
    response = post(client_for(world.psychiatrist), world.patient.pk,
                    {"instrument": "phq9", "answers": phq9(1, 1, 1, 1, 1, 1, 1, 1, 2)})  # fmt: skip

    assert response.status_code == 201
    body = response.json()
    assert (body["total"], body["band"]) == (10, "moderate")
    assert body["alerts"] == [
        {"item": "q9", "answer": 2, "answer_label": "More than half the days", "priority": "urgent"}
    ]
    assert RiskAlert.objects.filter(assessment_id=body["id"]).count() == 1


def test_an_invalid_answer_is_422_naming_the_item(world):
    response = post(client_for(world.psychiatrist), world.patient.pk,
                    {"instrument": "phq9", "answers": phq9(1, 1, 1, 1, 9, 1, 1, 1, 0)})  # fmt: skip
    assert response.status_code == 422
    assert "q5" in response.json()["detail"]
    assert not Assessment.objects.exists()


def test_a_repeated_submission_with_the_same_key_returns_the_first_result(world):
    client = client_for(world.psychiatrist)
    body = {
        "instrument": "gad7",
        "answers": {f"q{n}": 1 for n in range(1, 8)},
        "idempotency_key": "abc",
    }
    first, second = post(client, world.patient.pk, body), post(client, world.patient.pk, body)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]


@pytest.mark.parametrize("persona", ["outsider", "psychiatrist_b"])
def test_other_patients_are_not_found_and_the_attempt_is_audited(world, persona):
    response = post(client_for(getattr(world, persona)), world.patient.pk,
                    {"instrument": "phq9", "answers": phq9(0, 0, 0, 0, 0, 0, 0, 0, 0)})  # fmt: skip
    assert response.status_code == 404
    assert "Quenby" not in response.content.decode()
    assert AuditEvent.objects.filter(action="api.patient.denied", outcome="denied").exists()


@pytest.mark.parametrize("persona", ["admin", "researcher"])
def test_non_clinicians_are_refused(world, persona):
    response = client_for(getattr(world, persona)).get(f"/api/patients/{world.patient.pk}/scores")
    assert response.status_code == 403


def test_anonymous_callers_are_refused(world):
    assert Client().get(f"/api/patients/{world.patient.pk}/scores").status_code == 401


def test_a_write_without_the_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.psychiatrist)
    response = post(
        client, world.patient.pk, {"instrument": "phq9", "answers": phq9(0, 0, 0, 0, 0, 0, 0, 0, 0)}
    )
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_scores_are_listed_newest_first_and_the_read_is_audited(world, record):
    record(phq9(2, 2, 2, 2, 2, 2, 2, 2, 0))
    record(phq9(1, 1, 1, 1, 1, 1, 1, 1, 0))

    response = client_for(world.nurse).get(
        f"/api/patients/{world.patient.pk}/scores?instrument=phq9"
    )

    assert [row["total"] for row in response.json()] == [8, 16]
    assert AuditEvent.objects.filter(action="api.scores.viewed", actor=world.nurse).exists()


def test_the_openapi_schema_declares_the_error_answers(world):
    schema = client_for(world.psychiatrist).get("/api/openapi.json").json()
    submit = schema["paths"]["/api/patients/{patient_id}/assessments"]["post"]
    assert {"201", "200", "404", "422"} <= set(submit["responses"])
