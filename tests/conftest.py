"""Shared fixtures: persona users in two clinics, canary patients, browser set-up.

Personas (after Healthchecks' Alice/Bob/Charlie): in clinic A a psychiatrist, a therapist and a nurse
on the canary patient's care team, a psychiatrist who is not, a clinic admin and a researcher; in
clinic B a psychiatrist. In the portal: the canary patient's own account ("patient"), a family member
the canary patient invited and granted everything ("family"), and another patient of clinic A with
an account of their own ("other_patient"). The canary patient's name appears in no page that a
denied user gets.
"""

import logging
import os
import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from remission.accounts.models import STAFF_ROLES, Clinic, Role, User
from remission.companion.models import Grant, LinkStatus, SupportLink
from remission.patients.models import CareTeamMember, CareTeamRole, Patient

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CANARY_GIVEN = "Zebulon"
CANARY_FAMILY = "Quenby-Canary"
CANARY_B_FAMILY = "Ostrander-Canary"


@dataclass
class World:
    clinic_a: Clinic
    clinic_b: Clinic
    psychiatrist: User
    therapist: User
    nurse: User
    outsider: User  # psychiatrist of clinic A, not on the canary patient's care team
    admin: User
    researcher: User
    psychiatrist_b: User
    patient: Patient  # clinic A, care team: psychiatrist, therapist, nurse
    patient_b: Patient  # clinic B, care team: psychiatrist_b
    patient_user: User  # the canary patient's portal account
    family: User  # invited by the canary patient, every grant
    link: SupportLink  # the family member's active link to the canary patient
    other_patient: Patient  # clinic A, no care team yet
    other_patient_user: User

    def personas(self) -> dict[str, User | None]:
        return {
            "anonymous": None,
            "psychiatrist": self.psychiatrist,
            "therapist": self.therapist,
            "nurse": self.nurse,
            "outsider": self.outsider,
            "admin": self.admin,
            "researcher": self.researcher,
            "psychiatrist_b": self.psychiatrist_b,
            "patient": self.patient_user,
            "family": self.family,
            "other_patient": self.other_patient_user,
        }


def make_user(clinic: Clinic, username: str, role: str, **fields: object) -> User:
    user = User(
        username=username,
        clinic=clinic,
        role=role,
        first_name=username.title(),
        last_name="Tester",
        email=f"{username}@example.org",
        **fields,
    )
    user.set_unusable_password()  # tests sign in with force_login; hashing would only be slow
    user.save()
    return user


def make_patient(clinic: Clinic, given: str, family: str, mrn: str, team: list[User]) -> Patient:
    patient = Patient(
        clinic=clinic,
        mrn=mrn,
        given_name=given,
        family_name=family,
        date_of_birth=date(1980, 5, 17),
        sex_at_birth="female",
        email=f"{family.lower()}@example.org",
    )
    patient.refresh_search_keys()
    patient.save()
    for user in team:
        CareTeamMember.objects.create(patient=patient, user=user, role=CareTeamRole(user.role))
    return patient


def give_portal_account(patient: Patient, username: str) -> User:
    user = make_user(patient.clinic, username, Role.PATIENT)
    patient.user = user
    patient.save(update_fields=["user"])
    return user


def make_family(patient: Patient, username: str, grants: list[str] | None = None):
    member = make_user(patient.clinic, username, Role.FAMILY)
    link = SupportLink.objects.create(
        patient=patient,
        member=member,
        name=member.first_name,
        email=member.email,
        relationship="sister",
        grants=list(Grant.values) if grants is None else grants,
        status=LinkStatus.ACTIVE,
    )
    return member, link


@pytest.fixture
def world(db: None) -> World:
    clinic_a = Clinic.objects.create(name="Clinic A", slug="clinic-a")
    clinic_b = Clinic.objects.create(name="Clinic B", slug="clinic-b")
    psychiatrist = make_user(clinic_a, "psychiatrist", Role.PSYCHIATRIST)
    therapist = make_user(clinic_a, "therapist", Role.THERAPIST)
    nurse = make_user(clinic_a, "nurse", Role.NURSE)
    psychiatrist_b = make_user(clinic_b, "psychiatrist_b", Role.PSYCHIATRIST)
    outsider = make_user(clinic_a, "outsider", Role.PSYCHIATRIST)
    patient = make_patient(
        clinic_a, CANARY_GIVEN, CANARY_FAMILY, "A-0001", [psychiatrist, therapist, nurse]
    )
    other_patient = make_patient(clinic_a, "Ingrid", "Other", "A-0900", [])
    family, link = make_family(patient, "family")
    return World(
        clinic_a=clinic_a,
        clinic_b=clinic_b,
        psychiatrist=psychiatrist,
        therapist=therapist,
        nurse=nurse,
        outsider=outsider,
        admin=make_user(clinic_a, "admin", Role.CLINIC_ADMIN),
        researcher=make_user(clinic_a, "researcher", Role.RESEARCHER),
        psychiatrist_b=psychiatrist_b,
        patient=patient,
        patient_b=make_patient(clinic_b, "Ophelia", CANARY_B_FAMILY, "B-0001", [psychiatrist_b]),
        patient_user=give_portal_account(patient, "patient"),
        family=family,
        link=link,
        other_patient=other_patient,
        other_patient_user=give_portal_account(other_patient, "other_patient"),
    )


def client_for(user: User | None, *, second_factor: bool = True) -> Client:
    """A client signed in as ``user``; staff also past the second factor unless asked not to."""
    client = Client()
    if user is not None:
        client.force_login(user)
        if second_factor and user.role in STAFF_ROLES:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
            session.save()
    return client


def authenticator(user: User) -> TOTPDevice:
    """The user's confirmed authenticator (created on first use)."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "app"}
    )
    return device


@pytest.fixture
def as_user():
    """``as_user(user)`` returns a test client signed in as ``user`` (anonymous for None)."""
    return client_for


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A request in German leaves German active in its thread; the next test starts in English."""
    yield
    from django.utils import translation

    translation.activate("en")


@pytest.fixture(autouse=True)
def _audit_table_stays_append_only(request: pytest.FixtureRequest):
    """The audit table's triggers are closed during every test. Tests that commit (browser tests)
    end with Django emptying every table: the triggers open for that flush, and close again when
    the next test that uses the database starts."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    transactional = bool(
        {"transactional_db", "live_server"} & names or (marker and marker.kwargs.get("transaction"))
    )
    if not (transactional or marker or "db" in names):
        yield
        return
    from remission.audit.appendonly import set_unlocked

    request.getfixturevalue("transactional_db" if transactional else "db")
    set_unlocked(False)
    yield
    if transactional:
        set_unlocked(True)


# --- No patient data or secrets in log lines (security-targets T21) ------------------------------

LOG_CANARIES = (
    CANARY_GIVEN,
    CANARY_FAMILY,
    CANARY_B_FAMILY,
    "correct horse battery staple",
    "a long and memorable passphrase",
    "a long enough passphrase for tests",
)
TOKEN_SHAPE = re.compile(r"/(r|portal/sign-in|family/join)/[A-Za-z0-9_-]{20,}")


class _LogRecorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        with suppress(Exception):
            self.lines.append(record.getMessage())


LOG_RECORDER = _LogRecorder()


def pytest_configure(config: pytest.Config) -> None:
    logging.getLogger().addHandler(LOG_RECORDER)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Every log line written during the whole run is searched for canary names, test passwords
    and one-time tokens; any hit fails the run."""
    leaks = [
        line[:200]
        for line in LOG_RECORDER.lines
        if any(canary in line for canary in LOG_CANARIES) or TOKEN_SHAPE.search(line)
    ]
    if leaks:
        print("\nPatient data or secrets in log lines (T21):\n  " + "\n  ".join(leaks[:20]))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
