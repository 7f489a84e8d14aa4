"""Role x route matrix: every persona against every route (security-targets T02).

The matrix below is written by hand, independent of the policy objects, so a wrong policy
declaration fails here too. A route missing from the matrix fails the test: adding a route means
deciding who may use it.
"""

from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from remission.access.inventory import routes
from remission.appointments.models import Appointment
from remission.companion.models import (
    CheckIn,
    GroupMembership,
    HomeworkAssignment,
    SafetyPlanVersion,
    SupportLink,
)
from remission.interventional.models import DoseRecord, InterventionalSettings, NoteGrant
from remission.measures.models import MeasurementSchedule, RiskAlert
from remission.patients.models import CareTeamMember, Patient
from remission.planning.models import CarePlan, PlanningContext
from remission.treatments.models import (
    Contributor,
    PseudoResistanceReview,
    StagingResult,
    StagingSettings,
    Trial,
)
from tests.conftest import CANARY_B_FAMILY, CANARY_FAMILY, CANARY_GIVEN, World, client_for

EVERYONE = {"anonymous", "psychiatrist", "therapist", "nurse", "outsider", "admin", "researcher",
            "psychiatrist_b", "patient", "family", "other_patient"}  # fmt: skip
SIGNED_IN = EVERYONE - {"anonymous"}
STAFF = SIGNED_IN - {"patient", "family", "other_patient"}
CLINICIANS = {"psychiatrist", "therapist", "nurse", "outsider", "psychiatrist_b"}
CARE_TEAM = {"psychiatrist", "therapist", "nurse"}
REGISTRY = CARE_TEAM | {"admin"}
ADMIN = {"admin"}
PATIENTS = {"patient", "other_patient"}  # each sees only their own record: no id in the URL
CANARY = {"patient"}  # the canary patient's own objects (a link, homework, a group membership)
FAMILY = {"family"}  # the canary patient's family member, every grant
FACILITATOR = {"therapist"}  # facilitates the clinic's peer group


@dataclass(frozen=True)
class Row:
    method: str
    allowed: set[str]
    # Which object ids the URL needs: "patient", "member", "user", "token", "link", "slug",
    # "page", "assignment", "group", "session", "appointment", "instrument", "assessment", "alert",
    # "schedule", "link_token".
    args: str = ""
    ok: frozenset[int] = field(default=frozenset({200, 302}))


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
    # break-glass: any clinician of the patient's clinic may ask (the grant itself shows nothing)
    "patients:emergency_access": Row("POST", CLINICIANS - {"psychiatrist_b"}, "patient"),
    # The patient portal.
    "companion:home": Row("GET", PATIENTS),
    "companion:check_in": Row("GET", PATIENTS),
    "companion:journal": Row("GET", PATIENTS),
    "companion:safety_plan": Row("GET", PATIENTS),
    "companion:safety_plan_edit": Row("GET", PATIENTS),
    "companion:safety_plan_pdf": Row("GET", PATIENTS),
    "companion:skills": Row("GET", PATIENTS),
    "companion:exercise": Row("GET", PATIENTS, "slug"),
    "companion:homework": Row("GET", CANARY, "assignment"),
    "companion:learn": Row("GET", PATIENTS),
    "companion:learn_page": Row("GET", PATIENTS, "page"),
    "companion:appointments": Row("GET", PATIENTS),
    "companion:people": Row("GET", PATIENTS),
    "companion:person": Row("GET", CANARY, "link"),
    "companion:person_revoke": Row("POST", CANARY, "link"),
    "companion:groups": Row("GET", PATIENTS),
    "companion:group": Row("GET", PATIENTS, "group"),  # a non-member is sent to "join"
    "companion:group_join": Row("GET", PATIENTS, "group"),
    "companion:group_leave": Row("POST", CANARY, "group"),
    "companion:more": Row("GET", PATIENTS),
    "companion:language": Row("POST", PATIENTS),
    # One-time sign-in links and invitations: anyone may try; the token decides.
    "companion:sign_in_link": Row("GET", EVERYONE),
    "companion:sign_in_token": Row("GET", EVERYONE, "token"),
    "companion:sign_in_confirm": Row("GET", EVERYONE, ok=frozenset({410})),
    "companion:join_token": Row("GET", EVERYONE, "token"),
    "companion:join": Row("GET", EVERYONE, ok=frozenset({410})),
    # Family members.
    "companion:family_home": Row("GET", FAMILY),
    "companion:family_language": Row("POST", FAMILY),
    "companion:family_overview": Row("GET", FAMILY, "link"),
    "companion:family_appointments": Row("GET", FAMILY, "link"),
    "companion:family_safety_contacts": Row("GET", FAMILY, "link"),
    "companion:family_checkins": Row("GET", FAMILY, "link"),
    "companion:family_learn": Row("GET", FAMILY, "link"),
    "companion:family_learn_page": Row("GET", FAMILY, "link page"),
    # The companion in the chart.
    "companion:chart_checkins": Row("GET", CARE_TEAM, "patient"),
    "companion:chart_safety_plan": Row("GET", CARE_TEAM, "patient"),
    "companion:chart_safety_plan_edit": Row("GET", CARE_TEAM, "patient"),
    "companion:chart_safety_plan_pdf": Row("GET", CARE_TEAM, "patient"),
    "companion:chart_homework_new": Row("GET", CARE_TEAM, "patient"),
    "companion:chart_homework": Row("GET", CARE_TEAM, "patient assignment"),
    "companion:chart_homework_withdraw": Row("POST", CARE_TEAM, "patient assignment"),
    "companion:portal_invite": Row("POST", REGISTRY, "patient"),
    # Peer groups, staff side.
    "companion:staff_groups": Row("GET", CLINICIANS),
    "companion:staff_group_new": Row("GET", CLINICIANS),
    "companion:staff_group": Row("GET", FACILITATOR, "group"),
    "companion:staff_group_edit": Row("GET", FACILITATOR, "group"),
    "companion:staff_group_attendance": Row("GET", FACILITATOR, "group session"),
    # Appointments.
    "appointments:calendar": Row("GET", CLINICIANS),
    "appointments:create": Row("GET", CARE_TEAM, "patient"),
    "appointments:edit": Row("GET", CARE_TEAM, "patient appointment"),
    "appointments:cancel": Row("POST", CARE_TEAM, "patient appointment"),
    # Measurement-based care.
    "accounts:second_factor": Row("GET", SIGNED_IN),
    "accounts:user_reset_second_factor": Row("POST", ADMIN, "user"),
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
    "planning:planning": Row("GET", CARE_TEAM, "patient"),
    "planning:context": Row("POST", CARE_TEAM, "patient"),
    "planning:care_plan": Row("GET", CARE_TEAM, "patient"),
    "planning:version": Row("GET", CARE_TEAM, "patient plan_number"),
    "planning:patient_pdf": Row("GET", CARE_TEAM, "patient plan_number"),
    "planning:portal": Row("GET", PATIENTS),
    "planning:portal_pdf": Row("GET", CANARY, ok=frozenset({200})),
    "planning:reviews": Row("GET", CLINICIANS),
    "interventional:series_new": Row("GET", CARE_TEAM, "patient series_kind"),
    "interventional:series": Row("GET", CARE_TEAM, "patient series"),
    "interventional:rems_export": Row("GET", CARE_TEAM, "patient series"),
    "interventional:session": Row("GET", CARE_TEAM, "patient dose_session"),
    "interventional:settings": Row("GET", ADMIN),
    "interventional:course_new": Row("GET", CARE_TEAM, "patient course_kind"),
    "interventional:course": Row("GET", CARE_TEAM, "patient course"),
    "interventional:therapy_new": Row("GET", CARE_TEAM, "patient therapy_kind"),
    "interventional:therapy": Row("GET", CARE_TEAM, "patient therapy_course"),
    "interventional:therapy_attendance": Row(
        "POST", CARE_TEAM, "patient therapy_course therapy_session"
    ),
    "interventional:notes": Row("GET", CARE_TEAM, "patient"),
    "interventional:note_new": Row("GET", CARE_TEAM, "patient"),
    "interventional:note_export": Row("GET", CARE_TEAM, "patient"),
    "interventional:note_grant": Row("POST", CARE_TEAM, "patient"),
    "interventional:note_revoke": Row(
        "POST", CARE_TEAM, "patient note_grant", ok=frozenset({302, 404})
    ),
    "selfreport:start": Row("GET", EVERYONE, "link_token"),
    # without a link opened in this session there is nothing to show: a friendly 410
    "selfreport:form": Row("GET", EVERYONE, ok=frozenset({410})),
    "selfreport:done": Row("GET", EVERYONE, ok=frozenset({410})),
    # Outcomes: aggregates for clinicians (own patients), clinic admins and researchers.
    "insights:dashboard": Row("GET", CLINICIANS | ADMIN | {"researcher"}),
    "insights:research_export": Row("GET", {"researcher"}),
    "insights:progress_report": Row("GET", CARE_TEAM, "patient"),
    "api:openapi-json": Row("GET", STAFF),
    "api:openapi-view": Row("GET", STAFF),
}

PERSONAS = sorted(EVERYONE)


def url_for(name: str, row: Row, world: World, things: dict[str, object]) -> str:
    args: list[object] = []
    for part in row.args.split():
        if part == "patient":
            args.append(world.patient.pk)
        elif part == "member":
            args.append(CareTeamMember.objects.get(patient=world.patient, user=world.nurse).pk)
        elif part == "user":
            args.append(world.therapist.pk)
        elif part == "token":
            args += ["MQ", "not-a-token"] if name.startswith("accounts:") else ["not-a-token"]
        elif part == "slug":
            args.append("thought-record")
        elif part == "page":
            args.append("what-is-trd")
        elif part == "instrument":
            args.append("phq9")
        elif part == "trial_kind":
            args.append("antidepressant")
        elif part == "contributor_kind":
            args.append("trauma")
        else:
            value = things[part]
            args.append(getattr(value, "pk", value))
    return reverse(name, args=args)


def fingerprint(world: World) -> tuple[object, ...]:
    """What a denied write must leave untouched."""
    return (
        tuple(Patient.objects.order_by("pk").values_list("pk", "version", "family_name")),
        tuple(CareTeamMember.objects.order_by("pk").values_list("pk", "user_id", "role")),
        tuple(type(world.therapist).objects.order_by("pk").values_list("pk", "is_active", "role")),
        tuple(SupportLink.objects.order_by("pk").values_list("pk", "status", "grants")),
        tuple(HomeworkAssignment.objects.order_by("pk").values_list("pk", "status")),
        tuple(GroupMembership.objects.order_by("pk").values_list("pk", "left_at")),
        tuple(Appointment.objects.order_by("pk").values_list("pk", "status", "version")),
        CheckIn.objects.count(),
        SafetyPlanVersion.objects.count(),
        tuple(MeasurementSchedule.objects.order_by("pk").values_list("pk", "active")),
        tuple(RiskAlert.objects.order_by("pk").values_list("pk", "status")),
        tuple(Trial.objects.order_by("pk").values_list("pk", "version", "removed_at")),
        tuple(Contributor.objects.order_by("pk").values_list("pk", "version", "removed_at")),
        StagingResult.objects.count(),
        PseudoResistanceReview.objects.count(),
        tuple(StagingSettings.objects.values_list("pk", "min_weeks")),
        tuple(PlanningContext.objects.values_list("pk", "version")),
        tuple(CarePlan.objects.values_list("pk", "version")),
        tuple(DoseRecord.objects.order_by("pk").values_list("pk", "version")),
        tuple(NoteGrant.objects.order_by("pk").values_list("pk", "revoked_at")),
        tuple(InterventionalSettings.objects.values_list("pk", "relapse_threshold")),
    )


def test_every_route_is_in_the_matrix():
    assert {r.name for r in routes() if not r.is_api_operation} == set(MATRIX)


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_reaches_route_only_when_the_matrix_allows_it(world, things, name, persona):
    row = MATRIX[name]
    client = client_for(world.personas()[persona])
    before = fingerprint(world)
    url = url_for(name, row, world, things)

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
def test_state_changing_routes_refuse_get(world, things, name):
    client = client_for(world.admin if MATRIX[name].allowed == ADMIN else world.psychiatrist)
    response = client.get(url_for(name, MATRIX[name], world, things))
    assert response.status_code == 405
