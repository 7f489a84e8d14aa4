"""The demo clinic shows the companion: portal accounts, journals, safety plans, homework,
families and a peer group with attendance."""

import pytest
from django.test import Client

from remission.accounts.models import Clinic, User
from remission.appointments.models import Appointment, Kind
from remission.cli import main
from remission.companion.models import (
    Attendance,
    CheckIn,
    ExerciseCompletion,
    GroupMembership,
    HomeworkAssignment,
    LinkStatus,
    SafetyPlanVersion,
    SupportLink,
)
from remission.demo.logins import DEMO_PASSWORD


@pytest.mark.django_db
def test_the_demo_clinic_shows_every_part_of_the_companion():
    assert main(["demo"]) == 0
    lakeside = Clinic.objects.get(slug="lakeside")

    assert lakeside.telehealth_url_pattern.startswith("https://")
    assert User.objects.filter(clinic=lakeside, role="patient").count() >= 3
    assert (
        CheckIn.objects.filter(patient__clinic=lakeside).values("patient").distinct().count() >= 10
    )
    assert SafetyPlanVersion.objects.filter(number=2).exists()
    assert HomeworkAssignment.objects.filter(status="open").exists()
    assert ExerciseCompletion.objects.filter(shared=True).exists()
    assert SupportLink.objects.filter(status=LinkStatus.ACTIVE).count() == 2
    assert GroupMembership.objects.count() >= 5 and Attendance.objects.filter(present=True).exists()
    assert Appointment.objects.filter(kind=Kind.VIDEO, patient__clinic=lakeside).exists()

    for username, home in (
        ("patient", "/portal/"),
        ("patient2", "/portal/"),
        ("family", "/family/"),
    ):
        client = Client()
        signed_in = client.post("/login/", {"username": username, "password": DEMO_PASSWORD})
        assert signed_in.status_code == 302
        landed = client.get("/", follow=True)
        assert landed.status_code == 200 and landed.redirect_chain[0][0] == home
