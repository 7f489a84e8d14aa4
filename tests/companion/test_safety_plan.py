"""The safety plan: versioned, edited by patient and clinician, printable, and the seam that shows
it (with the crisis lines) after a worrying answer."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from remission.accounts.models import ClinicCrisisLine
from remission.audit.models import AuditEvent
from remission.companion import services
from remission.companion.models import SafetyPlanVersion
from remission.companion.safety import current_safety_plan
from remission.concurrency import EditConflict
from tests.conftest import client_for


def plan_form(based_on: int, **sections: str) -> dict[str, str]:
    return {"based_on": str(based_on), "change_note": "", **sections}


def test_without_a_plan_the_seam_returns_none_and_the_card_still_shows_crisis_lines(world):
    assert current_safety_plan(world.patient) is None

    html = Template("{% load companion %}{% safety_plan_card patient %}").render(
        Context({"patient": world.patient})
    )

    assert "988 Suicide &amp; Crisis Lifeline" in html  # clinic A is in the US
    assert "tel:988" in html


def test_the_card_shows_the_clinics_own_crisis_lines_when_it_has_them(world):
    ClinicCrisisLine.objects.create(
        clinic=world.clinic_a, name="Lakeside night line", phone="555 0199"
    )

    html = Template("{% load companion %}{% safety_plan_card patient %}").render(
        Context({"patient": world.patient})
    )

    assert "Lakeside night line" in html and "988" not in html


def test_a_patient_writes_a_plan_and_each_save_is_a_new_version(world):
    client = client_for(world.patient_user)
    client.post(reverse("companion:safety_plan_edit"), plan_form(0, warning_signs="Not sleeping"))
    client.post(
        reverse("companion:safety_plan_edit"),
        plan_form(1, warning_signs="Not sleeping\nSkipping meals", reasons_for_living="My cat"),
    )

    versions = SafetyPlanVersion.objects.filter(plan__patient=world.patient).order_by("number")
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].warning_signs == "Not sleeping"  # the first version is kept unchanged
    current = current_safety_plan(world.patient)
    assert current is not None and current.items("warning_signs") == [
        "Not sleeping",
        "Skipping meals",
    ]
    assert current.author == world.patient_user and current.author_role == "patient"
    assert AuditEvent.objects.filter(action="companion.safety_plan.saved").count() == 2


def test_a_clinician_edits_the_plan_with_the_patient_from_the_chart(world):
    client_for(world.psychiatrist).post(
        reverse("companion:chart_safety_plan_edit", args=[world.patient.pk]),
        plan_form(0, help_contacts="Mia, 555 0142"),
    )

    plan = current_safety_plan(world.patient)
    assert plan is not None and plan.author_role == "psychiatrist"
    portal = client_for(world.patient_user).get(reverse("companion:safety_plan")).content.decode()
    assert "Mia, 555 0142" in portal


def test_an_edit_based_on_an_old_version_is_refused_and_the_text_is_kept(world):
    services.save_safety_plan(
        world.psychiatrist,
        world.patient,
        {"warning_signs": "A"},
        based_on=0,
        author=world.psychiatrist,
    )

    response = client_for(world.patient_user).post(
        reverse("companion:safety_plan_edit"), plan_form(0, warning_signs="My stale edit")
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "newer version" in body and "My stale edit" in body
    assert SafetyPlanVersion.objects.count() == 1


def test_the_service_refuses_a_stale_version_without_saving(world):
    with pytest.raises(EditConflict):
        services.save_safety_plan(
            world.patient_user, world.patient, {"warning_signs": "x"}, based_on=3,
            author=world.patient_user,
        )  # fmt: skip
    assert not SafetyPlanVersion.objects.exists()


def test_an_empty_plan_is_refused_with_a_message(world):
    response = client_for(world.patient_user).post(
        reverse("companion:safety_plan_edit"), plan_form(0)
    )
    assert "Write at least one step" in response.content.decode()
    assert not SafetyPlanVersion.objects.exists()


def test_the_plan_prints_as_a_pdf_and_the_print_is_audited(world):
    services.save_safety_plan(
        world.patient_user, world.patient, {"reasons_for_living": "My niece"}, based_on=0,
        author=world.patient_user,
    )  # fmt: skip

    response = client_for(world.patient_user).get(reverse("companion:safety_plan_pdf"))

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(
        action="companion.safety_plan.printed", patient=world.patient
    ).exists()


def test_the_chart_shows_every_version_with_its_author(world):
    for n, text in enumerate(("Insomnia-sign", "Withdrawal-sign")):
        services.save_safety_plan(
            world.psychiatrist, world.patient, {"warning_signs": text}, based_on=n,
            author=world.psychiatrist,
        )  # fmt: skip
    url = reverse("companion:chart_safety_plan", args=[world.patient.pk])

    body = client_for(world.nurse).get(url + "?version=1").content.decode()

    assert "Version 2" in body and "Version 1" in body
    shown = body.split("Versions")[0]
    assert "Insomnia-sign" in shown and "Withdrawal-sign" not in shown
