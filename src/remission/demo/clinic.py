"""The demo clinic: a realistic, fictional TRD clinic that shows every feature.

``load_demo`` creates the clinic and its staff, then runs each contributor in ``CONTRIBUTORS``;
every capability adds its own data there (histories, questionnaires, series, journals, ...).
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_otp.plugins.otp_totp.models import TOTPDevice

from remission.accounts.models import Clinic, Role, User
from remission.audit import trail
from remission.dbstats import refresh_planner_statistics
from remission.demo.logins import DEMO_CLINIC_SLUG, DEMO_PASSWORD
from remission.demo.people import fictional_patient
from remission.patients.models import CareTeamMember, CareTeamRole, Patient, Status

STAFF = (
    # username, title, first, last, role
    ("psychiatrist", "Dr.", "Helena", "Lindqvist", Role.PSYCHIATRIST),
    ("psychiatrist2", "Dr.", "Samuel", "Okafor", Role.PSYCHIATRIST),
    ("psychiatrist3", "Dr.", "Katrin", "Hartmann", Role.PSYCHIATRIST),
    ("therapist", "", "Miriam", "Cohen", Role.THERAPIST),
    ("therapist2", "", "Jonas", "Berg", Role.THERAPIST),
    ("therapist3", "", "Priya", "Shah", Role.THERAPIST),
    ("nurse", "", "Grace", "Murphy", Role.NURSE),
    ("nurse2", "", "Tobias", "Vogel", Role.NURSE),
    ("admin", "", "Carla", "Rossi", Role.CLINIC_ADMIN),
    ("researcher", "", "Daniel", "Nguyen", Role.RESEARCHER),
)
PATIENTS = 40


@dataclass
class DemoClinic:
    clinic: Clinic
    rng: random.Random
    today: date
    staff: dict[str, list[User]] = field(default_factory=dict)
    patients: list[Patient] = field(default_factory=list)

    def first(self, role: str) -> User:
        return self.staff[role][0]


Contributor = Callable[[DemoClinic], None]

CONTRIBUTORS = (
    "remission.demo.clinic.add_patients",
    "remission.measures.demo.add_measures",
    "remission.appointments.demo.add_appointments",
    "remission.companion.demo.add_companion",
    "remission.treatments.demo.add_histories",
    "remission.planning.demo.add_care_plans",
    "remission.interventional.demo.add_series",
)


class DemoAlreadyLoaded(Exception):
    pass


def load_demo(seed: int = 2026) -> str:
    if existing := Clinic.objects.filter(slug=DEMO_CLINIC_SLUG).first():
        raise DemoAlreadyLoaded(existing.name)
    with transaction.atomic():
        demo = DemoClinic(
            clinic=Clinic.objects.create(
                name="Lakeside Mood Clinic", slug=DEMO_CLINIC_SLUG, country="US", timezone="UTC"
            ),
            rng=random.Random(seed),
            today=timezone.localdate(),
        )
        _add_staff(demo, STAFF, prefix="")
        for path in CONTRIBUTORS:
            contributor: Contributor = import_string(path)
            contributor(demo)
        _add_neighbour_clinic(seed)
        trail.record(None, "demo.loaded", detail={"seed": seed, "patients": len(demo.patients)})
    refresh_planner_statistics()
    return (
        f"Loaded {demo.clinic.name}: {sum(map(len, demo.staff.values()))} staff, "
        f"{len(demo.patients)} patients (fictional)."
    )


def _add_staff(
    demo: DemoClinic, staff: tuple[tuple[str, str, str, str, Role], ...], prefix: str
) -> None:
    password = make_password(DEMO_PASSWORD)
    for username, title, first, last, role in staff:
        user = User.objects.create(
            username=f"{prefix}{username}",
            title=title,
            first_name=first,
            last_name=last,
            email=f"{prefix}{username}@{demo.clinic.slug}.example.org",
            role=role,
            clinic=demo.clinic,
            password=password,
        )
        TOTPDevice.objects.create(
            user=user, name="authenticator", confirmed=True, key=demo.rng.randbytes(20).hex()
        )
        demo.staff.setdefault(role, []).append(user)


def add_patients(demo: DemoClinic) -> None:
    """Forty patients, each with a lead psychiatrist and a therapist; some also with a nurse."""
    rng = demo.rng
    for number in range(1, PATIENTS + 1):
        patient = fictional_patient(rng, demo.clinic.pk, number, demo.today)
        if number > PATIENTS - 6:
            patient.status = Status.DISCHARGED
            patient.discharged_on = demo.today - timedelta(days=rng.randint(30, 400))
        patient.save()
        psychiatrists = demo.staff[Role.PSYCHIATRIST]
        therapists = demo.staff[Role.THERAPIST]
        team = [
            (psychiatrists[number % len(psychiatrists)], CareTeamRole.LEAD),
            (therapists[number % len(therapists)], CareTeamRole.THERAPIST),
        ]
        if number % 3 == 0:
            nurses = demo.staff[Role.NURSE]
            team.append((nurses[number % len(nurses)], CareTeamRole.NURSE))
        CareTeamMember.objects.bulk_create(
            CareTeamMember(patient=patient, user=user, role=role) for user, role in team
        )
        demo.patients.append(patient)


def _add_neighbour_clinic(seed: int) -> None:
    """A second, small clinic, so that the demo shows that clinics never see each other."""
    neighbour = DemoClinic(
        clinic=Clinic.objects.create(
            name="Praxis am Fluss", slug="am-fluss", country="DE", timezone="Europe/Berlin"
        ),
        rng=random.Random(seed + 1),
        today=timezone.localdate(),
    )
    _add_staff(
        neighbour,
        (
            ("psychiatrist", "Dr.", "Jürgen", "Brandt", Role.PSYCHIATRIST),
            ("admin", "", "Birgit", "Haas", Role.CLINIC_ADMIN),
        ),
        prefix="fluss-",
    )
    for number in range(1, 6):
        patient = fictional_patient(neighbour.rng, neighbour.clinic.pk, number, neighbour.today)
        patient.save()
        CareTeamMember.objects.create(
            patient=patient, user=neighbour.first(Role.PSYCHIATRIST), role=CareTeamRole.LEAD
        )
