"""Large synthetic clinics for benchmarks: bulk inserts, deterministic from the seed."""

import random
from typing import TextIO

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from remission.accounts.models import Clinic, Role, User
from remission.audit import trail
from remission.dbstats import refresh_planner_statistics
from remission.demo.people import fictional_patient
from remission.patients.models import CareTeamMember, CareTeamRole, Patient

BATCH = 5000
PATIENTS_PER_CLINICIAN = 400


def synthesize(*, patients: int, seed: int, progress: TextIO | None = None) -> Clinic:
    rng = random.Random(seed)
    today = timezone.localdate()
    slug = f"synth-{seed}-{patients}"
    suffix = Clinic.objects.filter(slug__startswith=slug).count()
    with transaction.atomic():
        clinic = Clinic.objects.create(
            name=f"Synthetic clinic {seed} ({patients} patients)",
            slug=f"{slug}-{suffix}" if suffix else slug,
        )
        staff = _staff(clinic, max(2, patients // PATIENTS_PER_CLINICIAN))
        psychiatrists = [u for u in staff if u.role == Role.PSYCHIATRIST]
        therapists = [u for u in staff if u.role == Role.THERAPIST]
        for start in range(0, patients, BATCH):
            numbers = range(start + 1, min(start + BATCH, patients) + 1)
            batch = Patient.objects.bulk_create(
                fictional_patient(rng, clinic.pk, number, today) for number in numbers
            )
            CareTeamMember.objects.bulk_create(
                member
                for index, patient in enumerate(batch, start)
                for member in (
                    CareTeamMember(
                        patient=patient,
                        user=psychiatrists[index % len(psychiatrists)],
                        role=CareTeamRole.LEAD,
                    ),
                    CareTeamMember(
                        patient=patient,
                        user=therapists[index % len(therapists)],
                        role=CareTeamRole.THERAPIST,
                    ),
                )
            )
            if progress:
                print(f"  {numbers[-1]} / {patients} patients", file=progress, flush=True)
        trail.record(
            None,
            "demo.synthesized",
            detail={"seed": seed, "patients": patients},
            clinic_id=clinic.pk,
        )
    refresh_planner_statistics()
    return clinic


def _staff(clinic: Clinic, clinicians: int) -> list[User]:
    password = make_password(None)  # unusable: synthetic staff never sign in with a password
    roles = [Role.PSYCHIATRIST, Role.THERAPIST]
    users = [
        User(
            username=f"{clinic.slug}-{role}-{n}",
            first_name=str(role.label),
            last_name=str(n),
            role=role,
            clinic=clinic,
            password=password,
        )
        for n in range(1, clinicians + 1)
        for role in roles
    ]
    users.append(
        User(
            username=f"{clinic.slug}-admin",
            role=Role.CLINIC_ADMIN,
            clinic=clinic,
            password=password,
        )
    )
    return User.objects.bulk_create(users)
