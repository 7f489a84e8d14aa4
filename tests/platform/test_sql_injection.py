"""SQL payloads in every query parameter that reaches a query (security-targets T26).

``QUERY_PARAMETERS`` lists each parameter a view reads from the query string, with what confines
it (an allow-list, a form field, a parser). A static inventory makes the list complete: a view
that reads a new parameter fails here until the parameter is listed, and so fuzzed. Each listed
parameter is then sent SQL payloads as a user allowed on the route: the answer is 400 or a normal
page (a redirect with a message for the questionnaire picker), never 500, and no row changes.
"""

import ast
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse

from remission.api.main import api
from remission.audit.forms import SORTS
from remission.audit.models import AuditChainHead, AuditEvent
from tests.conftest import client_for

SOURCE = Path(__file__).resolve().parents[2] / "src" / "remission"

# (route name, persona, the URL's arguments from the `things` fixture) -> {parameter: what confines it}
QUERY_PARAMETERS = {
    ("audit:events", "admin", ""): {
        "sort": "allow-list audit.forms.SORTS (a ChoiceField; unknown -> default order)",
        "actor": "ModelChoiceField over the clinic's users",
        "patient": "CharField, compared by the ORM (record number)",
        "action": "CharField, ORM startswith",
        "outcome": "ChoiceField over Outcome",
        "since": "DateField",
        "until": "DateField",
        "page": "Paginator.get_page (non-numbers -> page 1)",
    },
    ("audit:export", "admin", ""): {"sort": "as audit:events", "action": "as audit:events"},
    ("patients:list", "psychiatrist", ""): {
        "q": "CharField, ORM range and startswith on search keys",
        "page": "Paginator.get_page",
    },
    ("measures:record_pick", "psychiatrist", "patient"): {
        "instrument": "allow-list of instrument ids (unknown -> back with a message)",
    },
    ("treatments:drug_info", "psychiatrist", ""): {
        "drug": "looked up in the dose tables (no query)",
        "kind": "compared with 'augmentation'",
    },
    ("appointments:calendar", "psychiatrist", ""): {
        "day": "date.fromisoformat (invalid -> today)",
        "span": "compared with 'week'",
    },
    ("companion:chart_safety_plan", "psychiatrist", "patient"): {
        "version": "digits only, then an integer ORM filter",
    },
    ("companion:chart_homework_new", "therapist", "patient"): {
        "exercise": "initial value of a ChoiceField over the exercises",
    },
    ("accounts:second_factor", "psychiatrist", ""): {
        "next": "url_has_allowed_host_and_scheme (no query)",
    },
    ("insights:dashboard", "admin", ""): {
        "start_from": "DateField",
        "start_to": "DateField",
        "clinician": "TypedChoiceField over the clinic's clinicians (int)",
        "pathway": "ChoiceField over Pathway",
        "severity": "ChoiceField over the PHQ-9 bands",
        "stage": "TypedChoiceField 0-5 (int)",
    },
    ("planning:patient_pdf", "psychiatrist", "patient plan_number"): {
        "lang": "compared with the supported languages (unknown -> 404)",
    },
    ("interventional:note_new", "therapist", "patient"): {
        "modality": "compared with the Modality choices",
        "appointment": "digits, then an ORM lookup scoped to the patient",
    },
}
# Routes that answer with a redirect: the picker goes back with a message; the second-factor page,
# for a user already past it, goes on to a path on this site or home.
REDIRECTS = {"measures:record_pick", "accounts:second_factor"}
# Routes where a value that names nothing is "not found": an unknown language of the patient's
# plan, an appointment that is not the clinician's.
NOT_FOUND = {"planning:patient_pdf", "interventional:note_new"}
# API query parameters come from the OpenAPI schema and are fuzzed by test_api_fuzz too.
API_PARAMETERS = {("/api/patients/{patient_id}/scores", "instrument"): "ORM equality filter"}

PAYLOADS = [
    "' OR '1'='1",
    "'; DROP TABLE patients_patient; --",
    '" OR ""="',
    "1; DELETE FROM measures_assessment",
    "-at, (SELECT 1)",
    "at; UPDATE accounts_user SET role='clinic_admin'",
    "1 UNION SELECT username, password FROM accounts_user --",
    "patient__name_key",
    "-id) --",
    "%' AND 1=CAST((SELECT sqlite_version()) AS INT) --",
    "1' AND pg_sleep(0) IS NULL --",
    "\\x00'\x00",
    "\N{MATHEMATICAL DOUBLE-STRUCK CAPITAL X}' OR 1=1 /*",
    "%%%s%s%n",
]


def rows() -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, but the audit log and its chain head (reads are audited) and the
    sessions. The row history (audit.RowChange) is kept: an UPDATE or DELETE would show there."""
    skipped = {AuditEvent._meta.label, AuditChainHead._meta.label, "sessions.Session"}
    return {
        model._meta.label: list(model.objects.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.label not in skipped and model._meta.managed
    }


def whole_query_string(node: ast.expr) -> bool:
    """``request.GET`` itself (or ``request.GET or None``), not one value read from it."""
    if isinstance(node, ast.BoolOp):
        node = node.values[0]
    return ast.unparse(node) == "request.GET"


def read_parameters() -> set[str]:
    """Every query-string parameter the views read: ``request.GET.get("x")`` and the fields of
    forms bound to ``request.GET``."""
    found: set[str] = set()
    forms: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            text = ast.unparse(node.func)
            if text.endswith(".GET.get") and isinstance(node.args[0], ast.Constant):
                found.add(str(node.args[0].value))
            if any(whole_query_string(argument) for argument in node.args):
                forms.add(text)  # whatever takes the whole query string
    from remission.audit.forms import AuditFilterForm
    from remission.insights.forms import FilterForm
    from remission.patients.forms import PatientSearchForm

    known_forms = {AuditFilterForm, FilterForm, PatientSearchForm}
    assert forms == {form.__name__ for form in known_forms}, forms
    for form in known_forms:
        found |= set(form.base_fields)
    return found


def test_every_query_parameter_the_views_read_is_listed_and_so_fuzzed():
    listed = {name for parameters in QUERY_PARAMETERS.values() for name in parameters}
    assert read_parameters() == listed


def test_every_api_query_parameter_is_listed_and_so_fuzzed():
    schema = api.get_openapi_schema(path_prefix="/api/")
    in_schema = {
        (path, parameter["name"])
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    }
    assert in_schema == set(API_PARAMETERS)


def url(name: str, world, things, names: str) -> str:
    values = {"patient": world.patient.pk} | things
    return reverse(name, args=[values[n] for n in names.split()])


@pytest.mark.parametrize(("route", "persona", "names"), QUERY_PARAMETERS, ids=lambda v: str(v))
def test_sql_payloads_in_query_parameters_give_400_or_a_normal_page(
    world, things, route, persona, names
):
    client = client_for(getattr(world, persona))
    address = url(route, world, things, names)
    normal = client.get(address)
    assert normal.status_code in {200, 302}
    before = rows()
    for parameter in QUERY_PARAMETERS[route, persona, names]:
        for payload in PAYLOADS:
            response = client.get(address, {parameter: payload})
            assert response.status_code in {200, 302, 400, 404}, (parameter, payload)
            if response.status_code == 302:
                assert route in REDIRECTS, (parameter, payload)
            if response.status_code == 404:
                assert route in NOT_FOUND, (parameter, payload)
    assert rows() == before


def test_sql_payloads_in_api_filters_give_422_or_a_normal_answer(world):
    client = client_for(world.psychiatrist)
    before = rows()
    for payload in PAYLOADS:
        response = client.get(f"/api/patients/{world.patient.pk}/scores", {"instrument": payload})
        assert response.status_code in {200, 422}, payload
        if response.status_code == 200:
            assert json.loads(response.content) == []
        else:
            assert "instrument" in response.json()["detail"]
    assert rows() == before


def test_a_nul_in_an_api_filter_is_422_not_a_database_error(world):
    """Found by the payloads above on PostgreSQL, which refuses NUL in text: the audit entry of
    the read failed with a 500."""
    response = client_for(world.psychiatrist).get(
        f"/api/patients/{world.patient.pk}/scores", {"instrument": "phq9\x00"}
    )
    assert response.status_code == 422


@pytest.mark.parametrize("sort", SORTS)
def test_every_allowed_audit_sort_orders_the_log(world, sort):
    client = client_for(world.admin)
    client.get(reverse("patients:list"))  # leaves at least one audited event
    response = client.get(reverse("audit:events"), {"sort": sort})
    assert response.status_code == 200
    assert response.context["sort"] == sort


def test_an_unknown_sort_falls_back_to_the_default_order(world):
    response = client_for(world.admin).get(reverse("audit:events"), {"sort": "id; --"})
    assert response.status_code == 200
    assert response.context["sort"] == "-at"


@pytest.mark.parametrize("goal", ["' OR '1'='1", "home", "web:home", "https://evil.example/"])
def test_a_next_that_is_not_a_path_on_this_site_goes_home(world, goal):
    """Found by the payloads above: a bare word in ``next`` made redirect() try it as a view name
    and fail with a 500."""
    response = client_for(world.psychiatrist).get(reverse("accounts:second_factor"), {"next": goal})
    assert (response.status_code, response["Location"]) == (302, reverse("web:home"))


def test_a_next_path_on_this_site_is_kept(world):
    response = client_for(world.psychiatrist).get(
        reverse("accounts:second_factor"), {"next": reverse("patients:list")}
    )
    assert response["Location"] == reverse("patients:list")
