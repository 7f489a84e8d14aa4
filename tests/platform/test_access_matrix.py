"""Role x route matrix: every persona against every route (security-targets T02).

The matrix below is written by hand, independent of the policy objects, so a wrong policy
declaration fails here too. A route missing from the matrix fails the test: adding a route means
deciding who may use it.
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.urls import reverse

from remission.access.inventory import routes
from remission.measures import services
from remission.measures.models import MeasurementSchedule, RiskAlert
from remission.patients.models import CareTeamMember, Patient
from remission.treatments.models import (
    Contributor,
    PseudoResistanceReview,
    StagingResult,
    StagingSettings,
    Trial,
)
from tests.conftest import CANARY_B_FAMILY, CANARY_FAMILY, CANARY_GIVEN, World, client_for
from tests.treatments.conftest import record_history

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
    args: str = ""  # the objects the URL names, in order: see ARGUMENTS
    ok: frozenset[int] = frozenset({200, 302})  # what an allowed persona may get


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
    "measures:overview": Row("GET", CARE_TEAM, "patient"),
    "measures:record_pick": Row("GET", CARE_TEAM, "patient"),
    "measures:record": Row("GET", CARE_TEAM, "patient instrument"),
    "measures:assessment": Row("GET", CARE_TEAM, "patient assessment"),
    "measures:link_create": Row("GET", CARE_TEAM, "patient"),
    "measures:schedule_add": Row("POST", CARE_TEAM, "patient"),
    "measures:schedule_stop": Row("POST", CARE_TEAM, "patient schedule"),
    "measures:settings": Row("GET", ADMIN),
    "measures:pack_upload": Row("POST", ADMIN),
    "measures:alerts": Row("GET", CLINICIANS),
    "measures:alert_badge": Row("GET", CLINICIANS),
    "measures:alert": Row("GET", CARE_TEAM, "alert"),
    "treatments:history": Row("GET", CARE_TEAM, "patient"),
    "treatments:episode": Row("GET", CARE_TEAM, "patient"),
    "treatments:trial_add": Row("GET", CARE_TEAM, "patient trial_kind"),
    "treatments:trial_edit": Row("GET", CARE_TEAM, "patient trial"),
    "treatments:trial_remove": Row("POST", CARE_TEAM, "patient trial"),
    "treatments:staging": Row("GET", CARE_TEAM, "patient"),
    "treatments:staging_result": Row("GET", CARE_TEAM, "patient staging_result"),
    "treatments:recompute": Row("POST", CARE_TEAM, "patient"),
    "treatments:review": Row("GET", CARE_TEAM, "patient"),
    "treatments:contributors": Row("GET", CARE_TEAM, "patient"),
    "treatments:contributor_add": Row("GET", CARE_TEAM, "patient contributor_kind"),
    "treatments:contributor_edit": Row("GET", CARE_TEAM, "patient contributor"),
    "treatments:contributor_remove": Row("POST", CARE_TEAM, "patient contributor"),
    "treatments:drug_info": Row("GET", CLINICIANS),
    "treatments:settings": Row("GET", ADMIN),
    "selfreport:start": Row("GET", EVERYONE, "token"),
    # without a link opened in this session there is nothing to show: a friendly 410
    "selfreport:form": Row("GET", EVERYONE, ok=frozenset({410})),
    "selfreport:done": Row("GET", EVERYONE, ok=frozenset({410})),
    "api:openapi-json": Row("GET", SIGNED_IN),
    "api:openapi-view": Row("GET", SIGNED_IN),
}

PERSONAS = sorted(EVERYONE)


@pytest.fixture
def measured(world):
    """The canary patient with a PHQ-9 that raised an alert, a schedule and an open link."""
    recorded = services.record_assessment(
        world.psychiatrist, world.patient, "phq9", PHQ9_ITEM_9_POSITIVE, source="clinician"
    )
    schedule = services.add_schedule(world.psychiatrist, world.patient, "phq9", 7, date.today())
    _, token = services.create_link(
        world.psychiatrist, world.patient, ["phq9"], language="en", delivery="print"
    )
    return {
        "assessment": recorded.assessment,
        "alert": recorded.alerts[0],
        "schedule": schedule,
        "token": token,
        **record_history(world),
    }


PHQ9_ITEM_9_POSITIVE = {f"q{n}": 1 for n in range(1, 10)}

ARGUMENTS = {
    "patient": lambda world, made: world.patient.pk,
    "member": lambda world, made: (
        CareTeamMember.objects.get(patient=world.patient, user=world.nurse).pk
    ),
    "user": lambda world, made: world.therapist.pk,
    "instrument": lambda world, made: "phq9",
    "assessment": lambda world, made: made["assessment"].pk,
    "alert": lambda world, made: made["alert"].pk,
    "schedule": lambda world, made: made["schedule"].pk,
    "token": lambda world, made: made["token"],
    "trial_kind": lambda world, made: "antidepressant",
    "trial": lambda world, made: made["trial"].pk,
    "staging_result": lambda world, made: made["staging_result"].pk,
    "contributor_kind": lambda world, made: "trauma",
    "contributor": lambda world, made: made["contributor"].pk,
}


def url_for(name: str, row: Row, world: World, made: dict[str, object]) -> str:
    if name == "accounts:set_password":
        return reverse(name, args=["MQ", "not-a-token"])
    return reverse(name, args=[ARGUMENTS[arg](world, made) for arg in row.args.split()])


def fingerprint(world: World) -> tuple[object, ...]:
    """What a denied write must leave untouched."""
    return (
        tuple(Patient.objects.order_by("pk").values_list("pk", "version", "family_name")),
        tuple(CareTeamMember.objects.order_by("pk").values_list("pk", "user_id", "role")),
        tuple(type(world.therapist).objects.order_by("pk").values_list("pk", "is_active", "role")),
        tuple(MeasurementSchedule.objects.order_by("pk").values_list("pk", "active")),
        tuple(RiskAlert.objects.order_by("pk").values_list("pk", "status")),
        tuple(Trial.objects.order_by("pk").values_list("pk", "version", "removed_at")),
        tuple(Contributor.objects.order_by("pk").values_list("pk", "version", "removed_at")),
        StagingResult.objects.count(),
        PseudoResistanceReview.objects.count(),
        tuple(StagingSettings.objects.values_list("pk", "min_weeks")),
    )


def test_every_route_is_in_the_matrix():
    assert {r.name for r in routes() if not r.is_api_operation} == set(MATRIX)


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_reaches_route_only_when_the_matrix_allows_it(world, measured, name, persona):
    row = MATRIX[name]
    client = client_for(world.personas()[persona])
    before = fingerprint(world)
    url = url_for(name, row, world, measured)

    response = client.get(url) if row.method == "GET" else client.post(url, {})

    if persona in row.allowed:
        assert response.status_code in row.ok, (persona, name, response.status_code)
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
def test_state_changing_routes_refuse_get(world, measured, name):
    client = client_for(world.admin if MATRIX[name].allowed == ADMIN else world.psychiatrist)
    response = client.get(url_for(name, MATRIX[name], world, measured))
    assert response.status_code == 405
