"""The `remission` command: help, demo clinic, synthetic clinic, audit verification."""

import subprocess
import sys

import pytest

from remission.accounts.models import Clinic, User
from remission.cli import main
from remission.patients.models import CareTeamMember, Patient


def test_remission_help_lists_the_commands():
    result = subprocess.run(
        [sys.executable, "-m", "remission.cli", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    for command in ("serve", "manage", "demo", "synth", "audit"):
        assert command in result.stdout


def test_an_unknown_command_is_one_line_on_stderr_with_status_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["nonsense"])
    assert exit_.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


@pytest.mark.django_db
def test_demo_loads_a_realistic_clinic_once(capsys):
    assert main(["demo"]) == 0
    assert main(["demo"]) == 0
    assert "already loaded" in capsys.readouterr().out

    lakeside = Clinic.objects.get(slug="lakeside")
    roles = set(User.objects.filter(clinic=lakeside).values_list("role", flat=True))
    assert roles == {"psychiatrist", "therapist", "nurse", "clinic_admin", "researcher", "patient",
                     "family"}  # fmt: skip
    assert Patient.objects.filter(clinic=lakeside).count() == 40
    assert not Patient.objects.filter(clinic=lakeside, care_team=None).exists()
    assert Clinic.objects.count() == 2  # and a neighbour, to show that clinics stay apart


def test_fictional_people_are_deterministic_for_a_seed():
    import random
    from datetime import date

    from remission.demo.people import fictional_patient

    def people(seed: int) -> list[tuple[str, str, date]]:
        rng = random.Random(seed)
        made = [fictional_patient(rng, 1, n, date(2026, 1, 1)) for n in range(1, 30)]
        return [(p.given_name, p.family_name, p.date_of_birth) for p in made]

    assert people(5) == people(5)
    assert people(5) != people(6)


@pytest.mark.django_db
def test_synth_generates_a_clinic_of_the_asked_size(capsys):
    assert main(["synth", "--patients", "1200", "--seed", "3"]) == 0

    clinic = Clinic.objects.get(slug="synth-3-1200")
    assert Patient.objects.filter(clinic=clinic).count() == 1200
    assert CareTeamMember.objects.filter(patient__clinic=clinic).count() == 2400
    assert "1200 patients" in capsys.readouterr().out


def test_synth_rejects_a_patient_count_below_one(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["synth", "--patients", "0"])
    assert exit_.value.code == 2
    assert "--patients: must be at least 1, not 0" in capsys.readouterr().err


@pytest.mark.django_db
def test_audit_verify_reports_an_intact_trail(capsys):
    main(["demo"])
    assert main(["audit", "verify"]) == 0
    assert "intact" in capsys.readouterr().out
