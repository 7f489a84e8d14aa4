"""Clinic isolation holds even against raw SQL (security-targets T06, PostgreSQL only).

The test makes its own application role (the test database belongs to the superuser that
pytest-django connects as, and superusers always bypass row-level security), grants it what
``rls_setup`` grants, installs the policies, and then acts as that role on the test's own
connection with ``SET LOCAL ROLE``: privilege and policy checks then apply to the app role exactly
as on a connection that logged in as it, and everything is rolled back with the test.

Data: clinic A is the ``world`` clinic with the ``things`` the access matrix uses; clinic B is the
world's clinic B filled by the demo clinic's contributors (every patient-data table they know).
"""

import os
import random
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.sql import emit_post_migrate_signal
from django.db import DatabaseError, connection, transaction
from django.db.models import Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from remission.accounts.models import Clinic, Role, User
from remission.appointments.models import Appointment
from remission.audit import trail
from remission.demo.clinic import CONTRIBUTORS, STAFF, DemoClinic, _add_staff
from remission.demo.people import fictional_patient
from remission.insights.summaries import refresh_clinic
from remission.interventional.models import AdverseEvent, DoseRecord, NoteGrant
from remission.measures import services
from remission.patients.models import CareTeamMember, CareTeamRole, EmergencyAccess
from remission.rls.context import forget_role
from remission.rls.management.commands.rls_setup import setup_role
from remission.rls.policies import install, protected_models, role_problems, unprotected_tables
from tests.conftest import CANARY_FAMILY, client_for

postgres_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="row-level security is a PostgreSQL feature; on SQLite T02/T03 carry isolation",
)

# How each patient-data table reaches its clinic, written by hand (the oracle of this test, kept
# apart from the policy builder). A new patient-data table fails test_the_oracle_knows_every_table
# until its path is added here.
CLINIC_PATH = {
    "patients_patient": "clinic",
    "patients_careteammember": "patient__clinic",
    "patients_emergencyaccess": "patient__clinic",
    "measures_assessment": "patient__clinic",
    "measures_riskalert": "patient__clinic",
    "measures_selfreportlink": "patient__clinic",
    "measures_measurementschedule": "patient__clinic",
    "measures_duequestionnaire": "patient__clinic",
    "appointments_appointment": "patient__clinic",
    "companion_checkin": "patient__clinic",
    "companion_safetyplan": "patient__clinic",
    "companion_safetyplanversion": "plan__patient__clinic",
    "companion_homeworkassignment": "patient__clinic",
    "companion_exercisecompletion": "patient__clinic",
    "companion_supportlink": "patient__clinic",
    "companion_consentrecord": "link__patient__clinic",
    "companion_groupmembership": "patient__clinic",
    "companion_attendance": "membership__patient__clinic",
    "treatments_episode": "patient__clinic",
    "treatments_trial": "patient__clinic",
    "treatments_historyversion": "patient__clinic",
    "treatments_stagingresult": "patient__clinic",
    "treatments_pseudoresistancereview": "patient__clinic",
    "treatments_contributor": "patient__clinic",
    "planning_planningcontext": "patient__clinic",
    "planning_careplan": "patient__clinic",
    "planning_planversion": "patient__clinic",
    "planning_goal": "version__patient__clinic",
    "planning_step": "version__patient__clinic",
    "planning_measurement": "version__patient__clinic",
    "planning_optiondecision": "version__patient__clinic",
    "interventional_series": "patient__clinic",
    "interventional_dosesession": "patient__clinic",
    "interventional_doserecord": "patient__clinic",
    "interventional_vitalsign": "patient__clinic",
    "interventional_adverseevent": "patient__clinic",
    "interventional_psychotherapynote": "patient__clinic",
    "interventional_notegrant": "patient__clinic",
    "interventional_neuromodulationcourse": "patient__clinic",
    "interventional_neuromodulationsession": "patient__clinic",
    "interventional_therapycourse": "patient__clinic",
    "interventional_therapysession": "patient__clinic",
    "insights_patientoutcome": "clinic",
    "insights_outcomefact": "summary__clinic",
    "insights_recoveryfact": "summary__clinic",
    "insights_followedfact": "summary__clinic",
}


def seed_demo_data(clinic: Clinic, patients: int = 8) -> None:
    """The demo clinic's contributors, run for ``clinic`` with its own staff and a few patients,
    plus what they leave out with so few patients: a break-glass grant, a one-time questionnaire
    link and an appointment."""
    demo = DemoClinic(clinic=clinic, rng=random.Random(6), today=timezone.localdate())
    _add_staff(demo, STAFF, prefix="")
    for number in range(1, patients + 1):
        patient = fictional_patient(demo.rng, clinic.pk, number, demo.today)
        patient.save()
        demo.patients.append(patient)
        lead, therapist = demo.staff[Role.PSYCHIATRIST][0], demo.staff[Role.THERAPIST][0]
        for user in (lead, therapist):
            CareTeamMember.objects.create(patient=patient, user=user, role=CareTeamRole(user.role))
    for path in CONTRIBUTORS[1:]:  # after add_patients
        import_string(path)(demo)
    clinician = demo.staff[Role.PSYCHIATRIST][1]
    now = timezone.now()
    EmergencyAccess.objects.create(
        patient=demo.patients[0], user=clinician, reason="test", started_at=now, expires_at=now
    )
    services.create_link(clinician, demo.patients[0], ["phq9"], language="en", delivery="print")
    Appointment.objects.create(
        patient=demo.patients[0], starts_at=now, ends_at=now + timedelta(hours=1), title="Review"
    )
    record = DoseRecord.objects.filter(patient__clinic=clinic).first()
    assert record is not None, "the demo records dose sessions"
    AdverseEvent.objects.create(
        record=record, patient=record.patient, noted_at=now, description="nausea",
        severity="mild", entered_by=clinician,
    )  # fmt: skip
    NoteGrant.objects.create(
        patient=demo.patients[0], author=demo.staff[Role.THERAPIST][0], grantee=clinician,
        reason="shared care",
    )  # fmt: skip
    refresh_clinic(clinic.pk)  # the outcomes dashboard's summaries


@pytest.fixture
def app_role(world, things, monkeypatch):
    """Both clinics seeded, the policies installed for a fresh app role; yields its name and
    the two clinics. The role, grants and policies vanish with the test's transaction."""
    # The demo's staff and the world's personas share usernames ("psychiatrist", ...): the
    # personas are signed in by object, so their usernames step aside.
    User.objects.update(username=Concat(Value("world-"), "username"))
    demo = world.clinic_b
    seed_demo_data(demo)
    role = f"rls_test_app_{os.getpid()}"
    monkeypatch.setenv("REMISSION_DB_APP_ROLE", role)
    with connection.cursor() as cursor:  # ALTER TABLE waits for no deferred foreign-key checks
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    setup_role(role)
    install(role)
    ids = rows_by_clinic()  # as the superuser: every row
    with connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{role}"')
    forget_role()
    yield role, world.clinic_a, demo, ids
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
    forget_role()


def rows_by_clinic() -> dict[str, dict[int, set[object]]]:
    """Every row's primary key per table and clinic, through the ORM paths above."""
    found: dict[str, dict[int, set[object]]] = {}
    for model in protected_models():
        path = CLINIC_PATH[model._meta.db_table]
        per_clinic = found.setdefault(model._meta.db_table, {})
        for pk, clinic_id in model._default_manager.values_list("pk", f"{path}__id"):
            per_clinic.setdefault(clinic_id, set()).add(pk)
    return found


def set_context(value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('remission.clinic_id', %s, false)", [value])


def raw_ids(table: str) -> set[object]:
    pk = next(m for m in protected_models() if m._meta.db_table == table)._meta.pk
    assert pk is not None
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{pk.column}" FROM "{table}"')  # noqa: S608  (table names from models)
        return {row[0] for row in cursor.fetchall()}


def test_the_oracle_knows_every_table():
    assert {model._meta.db_table for model in protected_models()} == set(CLINIC_PATH)


@postgres_only
def test_the_app_role_cannot_bypass_and_every_phi_table_is_forced(app_role):
    role, *_ = app_role
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user",
        )
        assert cursor.fetchone() == (False, False)
        cursor.execute(
            "SELECT c.relname, pg_get_userbyid(c.relowner), c.relrowsecurity, "
            "c.relforcerowsecurity FROM pg_class c WHERE c.relname = ANY(%s)",
            [list(CLINIC_PATH)],
        )
        tables = cursor.fetchall()
    assert {name for name, *_ in tables} == set(CLINIC_PATH)
    for name, owner, enabled, forced in tables:
        assert (owner != role, enabled, forced) == (True, True, True), name
    assert role_problems(role) == []
    assert unprotected_tables() == []


@postgres_only
def test_the_app_role_cannot_rewrite_the_audit_trail(app_role, world):
    trail.record(None, "test.event")
    for statement in ("UPDATE audit_auditevent SET action = 'x'", "DELETE FROM audit_rowchange"):
        with (
            pytest.raises(DatabaseError, match="permission denied"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)


@postgres_only
def test_raw_selects_in_clinic_a_return_no_row_of_clinic_b(app_role):
    _, clinic_a, clinic_b, ids = app_role
    seeded_in_b = {table for table, per in ids.items() if per.get(clinic_b.pk)}
    assert seeded_in_b == set(CLINIC_PATH)
    for clinic, other in ((clinic_a, clinic_b), (clinic_b, clinic_a)):
        set_context(str(clinic.pk))
        for table, per_clinic in ids.items():
            seen = raw_ids(table)
            assert not seen & per_clinic.get(other.pk, set()), (table, clinic.name)
            assert seen == per_clinic.get(clinic.pk, set()), (table, clinic.name)


@postgres_only
def test_without_a_context_the_app_role_sees_nothing(app_role):
    set_context("")
    assert all(raw_ids(table) == set() for table in CLINIC_PATH)


@postgres_only
def test_the_app_role_cannot_write_into_another_clinic(app_role, world):
    _, clinic_a, clinic_b, _ = app_role
    set_context(str(clinic_a.pk))
    with connection.cursor() as cursor:
        # A row for clinic B's patient, and moving clinic A's patient into clinic B: both refused.
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            cursor.execute(
                "INSERT INTO companion_checkin (patient_id, recorded_at, mood, anxiety, sleep, "
                "energy, tags, note, shared, note_shared) VALUES (%s, now(), 5, 5, 5, 5, '[]', '', "
                "false, false)",
                [world.patient_b.pk],
            )
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            cursor.execute(
                "UPDATE patients_patient SET clinic_id = %s WHERE id = %s",
                [clinic_b.pk, world.patient.pk],
            )
        # Clinic B's rows cannot be changed or deleted either: they are not there.
        cursor.execute("DELETE FROM patients_careteammember WHERE patient_id IN "
                       "(SELECT id FROM patients_patient WHERE clinic_id = %s)", [clinic_b.pk])  # fmt: skip
        assert cursor.rowcount == 0


@postgres_only
def test_the_app_works_as_the_app_role(app_role, world, things):
    """Pages of staff, patient and family, a write, and the token-holder pages, all connected as
    the app role with row-level security on."""
    role, *_ = app_role
    psychiatrist = client_for(world.psychiatrist)
    patient = world.patient.pk
    for url in (
        reverse("patients:list"),
        reverse("patients:chart", args=[patient]),
        reverse("measures:overview", args=[patient]),
        reverse("treatments:history", args=[patient]),
        reverse("companion:chart_safety_plan", args=[patient]),
        reverse("appointments:calendar"),
        reverse("measures:alerts"),
    ):
        response = psychiatrist.get(url)
        assert response.status_code == 200, url
    assert CANARY_FAMILY in psychiatrist.get(reverse("patients:chart", args=[patient])).text
    with connection.cursor() as cursor:  # still the app role; the request's clinic cleared after it
        cursor.execute("SELECT current_user, current_setting('remission.clinic_id', true)")
        assert cursor.fetchone() == (role, "")
    response = psychiatrist.post(
        reverse("measures:schedule_add", args=[patient]),
        {"instrument": "qids_sr16", "interval_days": 14, "start": "2026-06-01"},
    )
    assert response.status_code in {200, 302}
    assert client_for(world.patient_user).get(reverse("companion:home")).status_code == 200
    family = client_for(world.family).get(
        reverse("companion:family_overview", args=[world.link.pk])
    )
    assert family.status_code == 200
    # The one-time link of the matrix works for an anonymous token holder.
    start = client_for(None).get(reverse("selfreport:start", args=[things["link_token"]]))
    assert start.status_code == 302
    # Clinic B's psychiatrist sees clinic B's patients and none of clinic A's.
    demo = client_for(User.objects.get(username="psychiatrist"))
    listing = demo.get(reverse("patients:list"))
    assert listing.status_code == 200 and CANARY_FAMILY not in listing.text
    assert demo.get(reverse("patients:chart", args=[patient])).status_code == 404


@postgres_only
def test_rls_setup_makes_the_role_and_policies(db, monkeypatch):
    role = f"rls_test_cmd_{os.getpid()}"
    monkeypatch.setenv("REMISSION_DB_APP_ROLE", role)
    out = StringIO()
    call_command("rls_setup", stdout=out)
    assert f"connect the web application as {role}" in out.getvalue()
    assert role_problems(role) == [] and unprotected_tables() == []


@postgres_only
def test_migrate_re_applies_the_policies(app_role):
    """A table a migration rebuilt or added is covered again after ``migrate``."""
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        cursor.execute("ALTER TABLE companion_checkin NO FORCE ROW LEVEL SECURITY")
        cursor.execute("DROP POLICY remission_clinic ON treatments_trial")
    assert unprotected_tables() == ["companion_checkin", "treatments_trial"]
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert unprotected_tables() == []


def test_rls_setup_refuses_sqlite(db):
    if connection.vendor == "postgresql":
        pytest.skip("the SQLite refusal")
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("rls_setup")
