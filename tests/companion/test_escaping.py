"""Free text written by patients and family is always escaped (security-targets T24)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from remission.companion.models import (
    CheckIn,
    GroupMembership,
    PeerGroup,
    SafetyPlan,
    SafetyPlanVersion,
)
from tests.conftest import client_for

PAYLOAD = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def test_free_text_never_appears_unescaped_on_portal_family_or_chart_pages(world):
    CheckIn.objects.create(
        patient=world.patient, mood=3, anxiety=3, sleep=3, energy=3, note=PAYLOAD,
        shared=True, note_shared=True, recorded_at=timezone.now() - timedelta(hours=1),
    )  # fmt: skip
    plan = SafetyPlan.objects.create(patient=world.patient)
    SafetyPlanVersion.objects.create(
        plan=plan, number=1, warning_signs=PAYLOAD, help_contacts=PAYLOAD, author=world.psychiatrist
    )
    group = PeerGroup.objects.create(
        clinic=world.clinic_a, name=PAYLOAD, description=PAYLOAD, format="online", place=PAYLOAD,
        schedule=PAYLOAD, facilitator=world.therapist,
    )  # fmt: skip
    GroupMembership.objects.create(
        group=group, patient=world.patient, display_name=PAYLOAD, introduction=PAYLOAD,
        visible_to_members=True,
    )  # fmt: skip
    GroupMembership.objects.create(group=group, patient=world.other_patient, display_name="Ingo")
    world.link.name = PAYLOAD
    world.link.relationship = PAYLOAD
    world.link.save()

    pages = [
        (world.patient_user, reverse("companion:journal")),
        (world.patient_user, reverse("companion:safety_plan")),
        (world.patient_user, reverse("companion:people")),
        (world.patient_user, reverse("companion:groups")),
        (world.other_patient_user, reverse("companion:group", args=[group.pk])),
        (world.family, reverse("companion:family_safety_contacts", args=[world.link.pk])),
        (world.therapist, reverse("companion:chart_checkins", args=[world.patient.pk])),
        (world.therapist, reverse("companion:chart_safety_plan", args=[world.patient.pk])),
        (world.therapist, reverse("patients:chart", args=[world.patient.pk])),
        (world.therapist, reverse("companion:staff_group", args=[group.pk])),
    ]
    for who, url in pages:
        body = client_for(who).get(url).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body, url
        assert "&lt;script&gt;" in body, url  # the text is shown, escaped
