"""Break-glass access (security-targets T07): reasoned, time-boxed, read-only, fully audited."""

from django.urls import reverse

from remission.audit.models import AuditEvent
from remission.outbox.models import OutboxMessage
from remission.patients.models import EmergencyAccess
from tests.conftest import client_for

REASON = "Patient arrived in crisis at the front desk; lead psychiatrist unreachable."


def test_an_unassigned_clinician_is_refused_and_offered_emergency_access(world):
    response = client_for(world.outsider).get(reverse("patients:chart", args=[world.patient.pk]))
    assert response.status_code == 403
    assert "Open the chart in an emergency" in response.content.decode()
    assert "Quenby" not in response.content.decode()


def test_a_clinician_of_another_clinic_gets_no_offer(world):
    response = client_for(world.psychiatrist_b).get(
        reverse("patients:chart", args=[world.patient.pk])
    )
    assert response.status_code == 404
    assert "emergency" not in response.content.decode().lower()


def test_a_reason_is_mandatory(world):
    client = client_for(world.outsider)
    client.post(reverse("patients:emergency_access", args=[world.patient.pk]), {"reason": "urgent"})
    assert not EmergencyAccess.objects.exists()
    assert client.get(reverse("patients:chart", args=[world.patient.pk])).status_code == 403


def test_emergency_access_reads_for_an_hour_audited_and_the_admins_are_told(world, time_machine):
    time_machine.move_to("2026-11-25 10:00Z", tick=False)
    client = client_for(world.outsider)

    client.post(reverse("patients:emergency_access", args=[world.patient.pk]), {"reason": REASON})

    chart = client.get(reverse("patients:chart", args=[world.patient.pk]))
    assert chart.status_code == 200
    assert "Emergency access" in chart.content.decode()
    granted = AuditEvent.objects.get(action="access.emergency.granted")
    assert (granted.actor, granted.patient, granted.detail["reason"]) == (
        world.outsider,
        world.patient,
        REASON,
    )
    viewed = AuditEvent.objects.filter(action="patients.chart.viewed", actor=world.outsider).get()
    assert viewed.detail == {"emergency": True}
    assert OutboxMessage.objects.filter(kind="emergency_access", email=world.admin.email).exists()

    time_machine.move_to("2026-11-25 10:59Z", tick=False)
    client = client_for(world.outsider)  # the first session timed out meanwhile
    assert client.get(reverse("patients:chart", args=[world.patient.pk])).status_code == 200
    time_machine.move_to("2026-11-25 11:01Z", tick=False)
    client = client_for(world.outsider)
    assert client.get(reverse("patients:chart", args=[world.patient.pk])).status_code == 403


def test_emergency_access_does_not_allow_changes(world):
    client = client_for(world.outsider)
    client.post(reverse("patients:emergency_access", args=[world.patient.pk]), {"reason": REASON})

    response = client.post(
        reverse("measures:schedule_add", args=[world.patient.pk]), {"instrument": "phq9"}
    )

    assert response.status_code == 403
