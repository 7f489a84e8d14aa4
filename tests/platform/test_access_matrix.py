"""Role x route matrix: every persona against every route (security-targets T02).

The matrix below is written by hand, independent of the policy objects, so a wrong policy
declaration fails here too. A route missing from the matrix fails the test: adding a route means
deciding who may use it.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from remission.access.inventory import routes
from remission.patients.models import CareTeamMember, Patient
from tests.conftest import CANARY_B_FAMILY, CANARY_FAMILY, CANARY_GIVEN, World, client_for

EVERYONE = {"anonymous", "psychiatrist", "therapist", "nurse", "outsider", "admin", "researcher",
            "psychiatrist_b"}  # fmt: skip
SIGNED_IN = EVERYONE - {"anonymous"}
CLINICIANS = {"psychiatrist", "therapist", "nurse", "outsider", "psychiatrist_b"}
CARE_TEAM = {"psychiatrist", "therapist", "nurse"}
REGISTRY = CARE_TEAM | {"admin"}
ADMIN = {"admin"}


@dataclass(frozen=True)
class Row:
    method: str
    allowed: set[str]
    args: str = ""  # which object ids the URL needs: "patient", "patient member", "user"


MATRIX: dict[str, Row] = {
    "web:home": Row("GET", SIGNED_IN),
    "web:health": Row("GET", EVERYONE),
    "accounts:login": Row("GET", EVERYONE),
    "accounts:logout": Row("POST", EVERYONE),
    "accounts:password_reset": Row("GET", EVERYONE),
    "accounts:password_reset_sent": Row("GET", EVERYONE),
    "accounts:set_password": Row("GET", EVERYONE, "token"),
    "accounts:security": Row("GET", SIGNED_IN),
    "accounts:password_change": Row("GET", SIGNED_IN),
    "accounts:sign_out_everywhere": Row("POST", SIGNED_IN),
    "accounts:clinic_settings": Row("GET", ADMIN),
    "accounts:users": Row("GET", ADMIN),
    "accounts:user_create": Row("GET", ADMIN),
    "accounts:user_edit": Row("GET", ADMIN, "user"),
    "accounts:user_set_active": Row("POST", ADMIN, "user"),
    "accounts:user_invite": Row("POST", ADMIN, "user"),
    "audit:events": Row("GET", ADMIN),
    "audit:export": Row("GET", ADMIN),
    "patients:list": Row("GET", CLINICIANS | ADMIN),
    "patients:create": Row("GET", CLINICIANS | ADMIN),
    "patients:chart": Row("GET", CARE_TEAM, "patient"),
    "patients:registration": Row("GET", REGISTRY, "patient"),
    "patients:edit": Row("GET", REGISTRY, "patient"),
    "patients:care_team_add": Row("POST", REGISTRY, "patient"),
    "patients:care_team_remove": Row("POST", REGISTRY, "patient member"),
}

PERSONAS = sorted(EVERYONE)


def url_for(name: str, row: Row, world: World) -> str:
    args: list[object] = []
    if "patient" in row.args:
        args.append(world.patient.pk)
    if "member" in row.args:
        args.append(CareTeamMember.objects.get(patient=world.patient, user=world.nurse).pk)
    if row.args == "user":
        args.append(world.therapist.pk)
    if row.args == "token":
        args += ["MQ", "not-a-token"]
    return reverse(name, args=args)


def fingerprint(world: World) -> tuple[object, ...]:
    """What a denied write must leave untouched."""
    return (
        tuple(Patient.objects.order_by("pk").values_list("pk", "version", "family_name")),
        tuple(CareTeamMember.objects.order_by("pk").values_list("pk", "user_id", "role")),
        tuple(type(world.therapist).objects.order_by("pk").values_list("pk", "is_active", "role")),
    )


def test_every_route_is_in_the_matrix():
    assert {r.name for r in routes()} == set(MATRIX)


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_reaches_route_only_when_the_matrix_allows_it(world, name, persona):
    row = MATRIX[name]
    client = client_for(world.personas()[persona])
    before = fingerprint(world)
    url = url_for(name, row, world)

    response = client.get(url) if row.method == "GET" else client.post(url, {})

    if persona in row.allowed:
        assert response.status_code in (200, 302), (persona, name, response.status_code)
        if response.status_code == 302:
            assert "/login/" not in response["Location"] or name.startswith("accounts:")
    else:
        expected = {302} if persona == "anonymous" else {403, 404}
        assert response.status_code in expected, (persona, name, response.status_code)
        if persona == "anonymous":
            assert "/login/" in response["Location"]
        body = response.content.decode()
        for canary in (CANARY_GIVEN, CANARY_FAMILY, CANARY_B_FAMILY):
            assert canary not in body
        assert fingerprint(world) == before


@pytest.mark.parametrize("name", sorted(n for n, r in MATRIX.items() if r.method == "POST"))
def test_state_changing_routes_refuse_get(world, name):
    client = client_for(world.admin if MATRIX[name].allowed == ADMIN else world.psychiatrist)
    response = client.get(url_for(name, MATRIX[name], world))
    assert response.status_code == 405
