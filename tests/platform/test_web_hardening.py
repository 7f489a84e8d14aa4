"""Headers on every page, inert stored payloads, CSRF, generic errors (security-targets T23-T25,
T28). The crawls walk the access matrix: every GET route, as a persona allowed to see it."""

from pathlib import Path
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from remission.access.inventory import routes
from remission.measures.models import Assessment
from tests.conftest import client_for
from tests.platform.test_access_matrix import MATRIX, url_for

SRC = Path(__file__).resolve().parents[2] / "src" / "remission"
PAYLOAD_GIVEN = '<script>alert("given")</script>'
PAYLOAD_FAMILY = '"><img src=x onerror=alert("family")>'
GET_ROUTES = sorted(name for name, row in MATRIX.items() if row.method == "GET")


def persona_for(name: str) -> str:
    allowed = MATRIX[name].allowed
    for persona in ("psychiatrist", "therapist", "admin", "patient", "family", "researcher"):
        if persona in allowed:
            return persona
    return "anonymous"


@pytest.fixture
def crawl(world, things):
    def visit(name: str) -> object:
        persona = persona_for(name)
        client = client_for(world.personas()[persona])
        return client.get(url_for(name, MATRIX[name], world, things), secure=True)

    return visit


@pytest.mark.parametrize("name", GET_ROUTES)
def test_every_page_carries_the_security_headers(crawl, name):
    response = crawl(name)
    csp = response.get("Content-Security-Policy", "")
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        assert "default-src 'self'" in csp, name
        assert "frame-ancestors 'none'" in csp, name
        assert "unsafe-inline" not in csp, name
        assert "unsafe-eval" not in csp, name
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Referrer-Policy" in response
    assert response["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")
    assert "Server" not in response
    if persona_for(name) != "anonymous":
        assert "no-store" in response["Cache-Control"], name


@pytest.fixture
def hostile(world):
    """Stored attacks in the names every page shows."""
    world.patient.given_name, world.patient.family_name = PAYLOAD_GIVEN, PAYLOAD_FAMILY
    world.patient.refresh_search_keys()
    world.patient.save()
    world.psychiatrist.first_name = PAYLOAD_GIVEN
    world.psychiatrist.save()
    return world


@pytest.mark.parametrize("name", GET_ROUTES)
def test_stored_script_in_names_renders_inert_on_every_page(hostile, crawl, name):
    response = crawl(name)
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if not response.get("Content-Type", "").startswith("text/html"):
        return  # CSV, PDF, JSON: not rendered by a browser as a page
    body = raw.decode(errors="replace")
    assert PAYLOAD_GIVEN not in body
    assert "<img src=x onerror" not in body


def test_no_template_turns_escaping_off_except_plain_text_email():
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("templates/**/*")
        if path.is_file()
        and path.suffix in {".html", ".svg"}
        and any(marker in path.read_text() for marker in ("|safe", "autoescape off", "safeseq"))
    ]
    assert offenders == []


def test_no_code_marks_data_as_safe():
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "mark_safe(" in path.read_text() or "SafeString(" in path.read_text()
    ]
    assert offenders == []


def test_no_view_skips_the_csrf_check_except_the_api_which_checks_it_itself():
    exempt = sorted(r.name for r in routes() if getattr(r.view, "csrf_exempt", False))
    assert all(name.startswith("api:") for name in exempt), exempt


@pytest.mark.parametrize(
    "name", sorted(name for name, row in MATRIX.items() if row.method == "POST")
)
def test_state_changing_routes_refuse_a_post_without_the_csrf_token(world, things, name):
    persona = persona_for(name) if persona_for(name) != "anonymous" else None
    client = Client(enforce_csrf_checks=True)
    user = world.personas()[persona] if persona else None
    if user is not None:
        client.cookies.update(client_for(user).cookies)
    response = client.post(url_for(name, MATRIX[name], world, things), {})
    assert response.status_code == 403, name


def test_an_unexpected_error_gives_a_generic_page_and_stores_nothing(world):
    client = client_for(world.psychiatrist)
    client.raise_request_exception = False
    url = reverse("measures:record", args=[world.patient.pk, "phq9"])
    form = {f"q{n}": "1" for n in range(1, 10)} | {"administered_at": "2026-01-01T10:00"}

    with mock.patch(
        "remission.measures.services.notify_care_team", side_effect=RuntimeError("boom /etc/secret")
    ):
        form["q9"] = "1"
        response = client.post(url, form)

    body = response.content.decode()
    assert response.status_code == 500
    assert response["X-Request-ID"] in body  # a reference to find the logged error
    assert "Traceback" not in body
    assert "boom" not in body
    assert "/etc/secret" not in body
    assert not Assessment.objects.exists()  # the transaction was rolled back whole
