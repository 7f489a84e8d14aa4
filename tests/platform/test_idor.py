"""No IDOR: a property over generated (principal, object) pairs (security-targets T03).

Hypothesis draws a persona, an operation and the ids it names: the canary patient's objects, those
of another patient of the same clinic and of a patient of clinic B, and sequential ids around them
(so nested mismatches such as ``/patients/<A>/assessments/<B's assessment>`` and ids that do not
exist come up all the time), and for bodies a user id of any clinic or role. The property:

    the response shows data (200) or the database changes  <=>  policy(principal, object)

``policy`` below is written from the facts of the test data (roles, clinics, care-team rows, the
patient each object belongs to, the portal account of each patient), not from the app's access
code. Each example runs in a savepoint that is rolled back, so writes never pile up.

``REMISSION_IDOR_EXAMPLES`` sets the number of examples (default 500; 10000 for the thorough run).
"""

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, event, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from remission.accounts.models import Role, User
from remission.appointments.models import Appointment
from remission.companion.models import HomeworkAssignment
from remission.measures import services as measures
from remission.measures.models import Assessment, MeasurementSchedule, RiskAlert
from remission.patients.models import CareTeamMember, Patient
from remission.treatments import services as treatments
from remission.treatments.models import Contributor, Trial
from tests.conftest import CANARY_B_FAMILY, CANARY_FAMILY, World, client_for
from tests.treatments.conftest import episode, three_trials

EXAMPLES = int(os.environ.get("REMISSION_IDOR_EXAMPLES", "500"))
CLINICIAN_ROLES = {Role.PSYCHIATRIST, Role.THERAPIST, Role.NURSE}
PHQ9 = {f"q{n}": 1 for n in range(1, 10)}

# The patient each kind of object belongs to, read from its own row.
OWNED = {
    "assessment": Assessment,
    "alert": RiskAlert,
    "schedule": MeasurementSchedule,
    "appointment": Appointment,
    "assignment": HomeworkAssignment,
    "trial": Trial,
    "contributor": Contributor,
    "member": CareTeamMember,
}


def owner(kind: str, pk: int) -> int | None:
    return OWNED[kind].objects.filter(pk=pk).values_list("patient_id", flat=True).first()


# --- The policy, from facts --------------------------------------------------------------------


def clinic_of(patient_id: int) -> int | None:
    return Patient.objects.filter(pk=patient_id).values_list("clinic_id", flat=True).first()


def on_care_team(user: User | None, patient_id: int) -> bool:
    return (
        user is not None
        and user.role in CLINICIAN_ROLES
        and clinic_of(patient_id) == user.clinic_id
        and CareTeamMember.objects.filter(patient_id=patient_id, user=user).exists()
    )


def registry(user: User | None, patient_id: int) -> bool:
    admin = user is not None and user.role == Role.CLINIC_ADMIN
    return on_care_team(user, patient_id) or (admin and clinic_of(patient_id) == user.clinic_id)


def own_record(user: User | None, patient_id: int | None) -> bool:
    return (
        user is not None
        and user.role == Role.PATIENT
        and Patient.objects.filter(pk=patient_id, user=user).exists()
    )


def may_join_team(user_id: int, patient_id: int) -> bool:
    """A body naming a clinician: only an active clinician of the patient's clinic, not yet on
    the team, may be added."""
    candidate = User.objects.filter(pk=user_id).first()
    return (
        candidate is not None
        and candidate.is_active
        and candidate.role in CLINICIAN_ROLES
        and candidate.clinic_id == clinic_of(patient_id)
        and not CareTeamMember.objects.filter(patient_id=patient_id, user=candidate).exists()
    )


# --- Operations ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    route: str
    method: str
    kind: str = ""  # the object the URL names after the patient ("" = the patient only)
    patient_in_url: bool = True
    scope: str = "chart"  # chart | registry | self
    body: str = ""  # "care_team_user" | "assessment"

    def url(self, patient: int, obj: int | None) -> str:
        args = ([patient] if self.patient_in_url else []) + ([obj] if self.kind else [])
        return reverse(self.route, args=args)


OPERATIONS = [
    Operation("patients:chart", "GET"),
    Operation("patients:registration", "GET", scope="registry"),
    Operation("measures:assessment", "GET", "assessment"),
    Operation("appointments:edit", "GET", "appointment"),
    Operation("companion:chart_homework", "GET", "assignment"),
    Operation("treatments:trial_edit", "GET", "trial"),
    Operation("treatments:contributor_edit", "GET", "contributor"),
    Operation("measures:alert", "GET", "alert", patient_in_url=False),
    Operation("companion:homework", "GET", "assignment", patient_in_url=False, scope="self"),
    Operation("api:patient_scores", "GET"),
    Operation("measures:schedule_stop", "POST", "schedule"),
    Operation("appointments:cancel", "POST", "appointment"),
    Operation("companion:chart_homework_withdraw", "POST", "assignment"),
    Operation("patients:care_team_remove", "POST", "member", scope="registry"),
    Operation("patients:care_team_add", "POST", scope="registry", body="care_team_user"),
    Operation("api:submit_assessment", "POST", body="assessment"),
]


def policy(user: User | None, op: Operation, patient: int, obj: int | None, body_user: int) -> bool:
    """Whether ``user`` may do ``op``: written from the facts, not from the app's access code."""
    target = owner(op.kind, obj) if op.kind else patient  # type: ignore[arg-type]
    if target is None or (op.patient_in_url and op.kind and target != patient):
        return False  # no such object, or an object of another patient than the URL's
    if op.scope == "self":
        return own_record(user, target)
    allowed = registry(user, target) if op.scope == "registry" else on_care_team(user, target)
    if op.body == "care_team_user":
        return allowed and may_join_team(body_user, target)
    return allowed


def fingerprint() -> tuple[object, ...]:
    return (
        Assessment.objects.count(),
        tuple(MeasurementSchedule.objects.order_by("pk").values_list("pk", "active")),
        tuple(Appointment.objects.order_by("pk").values_list("pk", "status")),
        tuple(HomeworkAssignment.objects.order_by("pk").values_list("pk", "status")),
        tuple(CareTeamMember.objects.order_by("pk").values_list("pk", "user_id", "role")),
    )


# --- Test data -----------------------------------------------------------------------------------


def give_objects(patient: Patient, clinician: User) -> None:
    """An assessment with an alert, a schedule, an appointment, homework, a trial and a
    contributor for ``patient``, like the canary patient's ``things``."""
    measures.record_assessment(clinician, patient, "phq9", PHQ9, source="clinician")
    measures.add_schedule(clinician, patient, "phq9", 7, patient.date_of_birth)
    Appointment.objects.create(
        patient=patient,
        starts_at="2030-01-07T10:00:00Z",
        ends_at="2030-01-07T11:00:00Z",
        title="Review",
    )
    HomeworkAssignment.objects.create(
        patient=patient, exercise="thought-record", assigned_by=clinician
    )
    treatments.save_episode(clinician, patient, episode(), None)
    treatments.add_trial(clinician, patient, three_trials()[0])
    treatments.add_contributor(clinician, patient, Contributor(kind="trauma", details="x"))


@pytest.fixture
def universe(world: World, things: dict[str, object]) -> dict[str, list[int]]:
    give_objects(world.patient_b, world.psychiatrist_b)
    give_objects(world.other_patient, world.outsider)
    pools = {
        kind: sorted(model.objects.values_list("pk", flat=True)) for kind, model in OWNED.items()
    }
    pools["patient"] = [world.patient.pk, world.other_patient.pk, world.patient_b.pk]
    pools["user"] = sorted(User.objects.values_list("pk", flat=True))
    for kind, model in OWNED.items():  # "assessment@12": the assessments of patient 12
        for pk, patient in model.objects.values_list("pk", "patient_id"):
            pools.setdefault(f"{kind}@{patient}", []).append(pk)
    return pools


@pytest.fixture
def clients(world: World, settings) -> dict[str, object]:
    """One signed-in client per persona. Each example's writes are rolled back, the session's
    last activity included, so a thorough run would outlast the idle timeout (tested by T13's own
    tests): the timeouts are lifted here."""
    settings.SESSION_IDLE_TIMEOUT = settings.SESSION_ABSOLUTE_TIMEOUT = timedelta(days=1)
    return {persona: client_for(user) for persona, user in world.personas().items()}


def ids(pool: list[int]) -> st.SearchStrategy[int]:
    """A real id of the pool, or a sequential one around it (which may not exist)."""
    return st.one_of(
        st.sampled_from(pool), st.integers(min_value=max(1, min(pool) - 2), max_value=max(pool) + 3)
    )


@examples(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_data_or_change_happens_only_when_the_policy_allows(world, universe, clients, data):
    # Half the draws lean towards the pairs a policy may allow (a care-team member, an object of
    # the URL's patient), so that both sides of the property are well exercised.
    persona = data.draw(
        st.sampled_from(sorted(world.personas())) | st.sampled_from(["psychiatrist", "nurse"]),
        label="persona",
    )
    op = data.draw(st.sampled_from(OPERATIONS), label="operation")
    patient = data.draw(ids(universe["patient"]) | st.just(world.patient.pk), label="patient")
    own = universe.get(f"{op.kind}@{patient}", [])
    obj = (
        data.draw(ids(universe[op.kind]) | st.sampled_from(own or universe[op.kind]), label=op.kind)
        if op.kind
        else None
    )
    body_user = data.draw(ids(universe["user"]), label="body user")
    user = world.personas()[persona]
    allowed = policy(user, op, patient, obj, body_user)

    with transaction.atomic():
        before = fingerprint()
        response = send(clients[persona], op, op.url(patient, obj), body_user)
        changed = fingerprint() != before
        transaction.set_rollback(True)

    shown = op.method == "GET" and response.status_code == 200
    event(f"{'allowed' if allowed else 'denied'} {op.method}")
    assert (shown or changed) == allowed, (persona, op.route, patient, obj, response.status_code)
    if not allowed:
        body = response.content.decode(errors="replace")
        assert CANARY_FAMILY not in body and CANARY_B_FAMILY not in body


def send(client, op: Operation, url: str, body_user: int):
    post: Callable[..., object] = client.post
    if op.body == "assessment":
        return post(url, {"instrument": "phq9", "answers": PHQ9}, content_type="application/json")
    if op.body == "care_team_user":
        return post(url, {"user": body_user, "role": "nurse"})
    return client.get(url) if op.method == "GET" else post(url, {})
