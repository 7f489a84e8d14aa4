"""Schemathesis over the API's OpenAPI schema, in-process, as every principal (security-targets T27).

Each operation is fuzzed with schema-valid and schema-violating requests through the WSGI app (no
network) with a principal's real session cookie (and CSRF token), and every response must pass
``not_a_server_error``, ``status_code_conformance``, ``response_schema_conformance`` and
``negative_data_rejection``. A refused request changes no data. A stateful run follows the schema's
links (submit, then read the same patient's scores).

Examples per operation and mode: 25 by default; ``REMISSION_FUZZ_EXAMPLES=100`` (or more) in the
slow CI profile. The seed is fixed; ``REMISSION_FUZZ_SEED=random`` for a nightly run with a fresh one.
"""

import json
import os
from collections.abc import Callable, Iterable
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, seed
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from remission.accounts.models import User
from remission.api.main import api
from remission.clinical.instruments import all_instruments
from remission.measures import services
from remission.measures.models import Assessment, RiskAlert
from tests.conftest import World, client_for
from tests.measures.conftest import phq9

EXAMPLES = int(os.environ.get("REMISSION_FUZZ_EXAMPLES", "25"))
SEED = os.environ.get("REMISSION_FUZZ_SEED", "20261125")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
CSRF_TOKEN = "fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz"  # 32 characters: Django accepts it as a secret


class InTestTransaction:
    """The WSGI app run as Django's test client runs it: the end of a request must not close the
    test's database connection (and so roll back its transaction)."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.app(environ, start_response)
            try:
                return list(response)
            finally:
                response.close()  # type: ignore[attr-defined]
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


# The session cookie is the caller's identity, set by each test: it is not a parameter to fuzz.
CONFIG = schemathesis.Config.from_dict({"generation": {"with-security-parameters": False}})
SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/"), config=CONFIG)
SCHEMA.app = InTestTransaction(get_wsgi_application())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]

PRINCIPALS = [
    "anonymous",
    "link_holder",  # opened a one-time questionnaire link (a session, no user)
    "psychiatrist",
    "therapist",
    "nurse",
    "outsider",
    "admin",
    "researcher",
    "psychiatrist_b",
    "patient",
    "family",
    "other_patient",
    "password_only",  # staff signed in without the second factor
    "deactivated",  # signed in, then deactivated
]


def hypothesis_profile(test: Any) -> Any:
    configured = hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )(test)
    return configured if SEED == "random" else seed(int(SEED))(configured)


def principal_user(world: World, name: str) -> tuple[User | None, bool]:
    """The user behind a principal, and whether the session passed the second factor."""
    if name == "password_only":
        return world.psychiatrist, False
    if name == "deactivated":
        return world.nurse, True
    return world.personas()[name], True


def credentials(world: World, name: str) -> dict[str, Any]:
    """Headers and cookies of a real session of the principal, as a browser would send them."""
    cookies = {settings.CSRF_COOKIE_NAME: CSRF_TOKEN}
    if name == "link_holder":
        _, token = services.create_link(
            world.psychiatrist, world.patient, ["phq9"], language="en", delivery="print"
        )
        client = Client()
        assert client.get(reverse("selfreport:start", args=[token])).status_code == 302
        cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    elif (user := principal_user(world, name))[0] is not None:
        client = client_for(user[0], second_factor=user[1])
        cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    if name == "deactivated":
        User.objects.filter(pk=world.nurse.pk).update(is_active=False)
    return {"headers": {"X-CSRFToken": CSRF_TOKEN}, "cookies": cookies}


def stored() -> tuple[int, int]:
    return Assessment.objects.count(), RiskAlert.objects.count()


def takes_input(operation: schemathesis.APIOperation) -> bool:
    raw = operation.definition.raw
    return bool(raw.get("parameters")) or "requestBody" in raw


# Schema-violating requests need something to violate: operations without input get valid ones only.
RUNS = [
    pytest.param(operation, mode, id=f"{operation.label}-{mode}")
    for operation in OPERATIONS
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode is GenerationMode.POSITIVE or takes_input(operation)
]


@pytest.mark.parametrize(("operation", "mode"), RUNS)
@pytest.mark.parametrize("principal", PRINCIPALS)
def test_every_operation_conforms_for_every_principal(world, principal, operation, mode):
    call = credentials(world, principal)
    patients = [world.patient.pk, world.patient_b.pk, world.other_patient.pk]
    instruments = [instrument.id for instrument in all_instruments()]

    @hypothesis_profile
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def fuzz(case: schemathesis.Case, data: st.DataObject) -> None:
        if mode is GenerationMode.POSITIVE:
            # Steer valid requests to real patients (own, other clinic, not on the care team)
            # and real instruments, so the fuzzer gets past 404 and reaches the scoring code.
            if case.path_parameters and "patient_id" in case.path_parameters:
                case.path_parameters["patient_id"] = data.draw(st.sampled_from(patients))
            if isinstance(case.body, dict) and data.draw(st.booleans()):
                case.body["instrument"] = data.draw(st.sampled_from(instruments))
        before = stored()
        response = case.call_and_validate(checks=CHECKS, **call)
        if response.status_code >= 400:
            assert stored() == before, f"{response.status_code} but data changed"

    fuzz()


def test_links_are_followed_statefully(world):
    """Submit, then follow the schema's link to the same patient's scores, as the psychiatrist.
    Submissions carry a valid PHQ-9 (the per-operation test above fuzzes the body), so that 201s
    happen and their links are followed; every response passes the same checks."""
    call = credentials(world, "psychiatrist")
    calls: list[tuple[str, int]] = []

    class Session(SCHEMA.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
            if case.path_parameters and "patient_id" in case.path_parameters:
                case.path_parameters["patient_id"] = world.patient.pk
            if case.method == "POST":
                case.body = {"instrument": "phq9", "answers": phq9(1, 2, 1, 0, 1, 2, 1, 0, 0)}
            return call

        def validate_response(self, response: Any, case: schemathesis.Case, **kwargs: Any) -> None:
            calls.append((f"{case.method} {case.path}", response.status_code))
            case.validate_response(response, checks=CHECKS)

    Session.run(
        settings=hypothesis_settings(
            max_examples=max(EXAMPLES // 5, 5),
            stateful_step_count=5,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
    submitted = [i for i, call in enumerate(calls) if call[1] == 201]
    assert submitted, calls
    assert any(
        call == ("GET /api/patients/{patient_id}/scores", 200) for call in calls[submitted[0] :]
    ), calls


# --- Mass assignment: fields a caller may not set are refused, and nothing is stored ----------------

FORBIDDEN_FIELDS = {
    "clinic_id": 2,
    "clinic": 2,
    "author": 1,
    "entered_by": 1,
    "role": "psychiatrist",
    "patient": 2,
    "patient_id": 2,
    "id": 999,
    "source": "clinician",
    "total": 0,
    "complete": True,
}


@pytest.mark.parametrize(("field", "value"), FORBIDDEN_FIELDS.items())
def test_read_only_or_unknown_fields_in_a_submission_are_refused(world, field, value):
    body = {"instrument": "phq9", "answers": phq9(1, 1, 1, 1, 1, 1, 1, 1, 0), field: value}
    response = client_for(world.psychiatrist).post(
        f"/api/patients/{world.patient.pk}/assessments",
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert field in response.json()["detail"]
    assert not Assessment.objects.exists()


def test_the_same_submission_without_them_is_stored_for_the_patient_in_the_path(world):
    """The control for the test above: only the extra field made the difference."""
    body = {"instrument": "phq9", "answers": phq9(1, 1, 1, 1, 1, 1, 1, 1, 0)}
    response = client_for(world.psychiatrist).post(
        f"/api/patients/{world.patient.pk}/assessments",
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 201
    stored_assessment = Assessment.objects.get()
    assert (stored_assessment.patient, stored_assessment.source) == (world.patient, "api")


def test_every_operation_documents_its_error_statuses():
    for operation in OPERATIONS:
        documented = set(operation.definition.raw["responses"])
        assert {"400", "401", "403", "404", "422"} <= {str(status) for status in documented}
