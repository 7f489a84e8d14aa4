"""Fictional people: deterministic from a seeded random generator."""

import random
from datetime import date, timedelta

from remission.demo.names import FAMILY, GIVEN_FEMALE, GIVEN_MALE
from remission.patients.models import Patient, SexAtBirth


def fictional_patient(rng: random.Random, clinic_id: int, number: int, today: date) -> Patient:
    sex = rng.choices([SexAtBirth.FEMALE, SexAtBirth.MALE, SexAtBirth.INTERSEX], [58, 41, 1])[0]
    given = rng.choice(GIVEN_MALE if sex == SexAtBirth.MALE else GIVEN_FEMALE)
    family = rng.choice(FAMILY)
    age_days = rng.randint(19 * 365, 78 * 365)
    language = "de" if family in FAMILY[:18] and rng.random() < 0.6 else "en"
    patient = Patient(
        clinic_id=clinic_id,
        mrn=f"RM-{number:06d}",
        given_name=given,
        family_name=family,
        date_of_birth=today - timedelta(days=age_days),
        sex_at_birth=sex,
        preferred_language=language,
        email=f"{_ascii(given)}.{_ascii(family)}.{number}@example.org",
        phone=f"+1 555 01{number % 100:02d} {rng.randint(1000, 9999)}",
        emergency_contact_name=f"{rng.choice(GIVEN_FEMALE + GIVEN_MALE)} {family}",
        emergency_contact_relationship=rng.choice(["partner", "parent", "sibling", "friend"]),
        emergency_contact_phone=f"+1 555 02{number % 100:02d} {rng.randint(1000, 9999)}",
    )
    patient.refresh_search_keys()
    return patient


def _ascii(name: str) -> str:
    from remission.patients.models import search_key

    return search_key(name).replace(" ", "").replace("'", "")
