"""Acknowledging and escalating suicide-risk alerts."""

import pytest
from django.urls import reverse

from remission.audit.models import AuditEvent
from remission.measures import services, tasks
from remission.measures.models import RiskAlert
from remission.outbox.models import OutboxMessage
from tests.conftest import client_for, make_user
from tests.measures.conftest import phq9


@pytest.fixture
def alert(record, time_machine):
    time_machine.move_to("2026-11-25 09:00Z", tick=False)
    return record(phq9(0, 0, 0, 0, 0, 0, 0, 0, 3)).alerts[0]


def test_acknowledging_records_who_when_and_the_action(alert, world, time_machine):
    time_machine.move_to("2026-11-25 09:20Z", tick=False)
    client = client_for(world.therapist)

    response = client.post(
        reverse("measures:alert", args=[alert.pk]),
        {"action": "contacted", "note": "Phoned; safe tonight."},
    )

    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.status, alert.acknowledged_by, alert.action) == (
        "acknowledged",
        world.therapist,
        "contacted",
    )
    assert alert.acknowledged_at.isoformat() == "2026-11-25T09:20:00+00:00"
    assert AuditEvent.objects.filter(
        action="measures.alert.acknowledged", actor=world.therapist
    ).exists()


def test_no_further_action_needs_a_reason(alert, world):
    response = client_for(world.nurse).post(
        reverse("measures:alert", args=[alert.pk]), {"action": "no_action"}
    )
    assert "why no further action" in str(response.context["form"].errors["note"])
    alert.refresh_from_db()
    assert alert.status == "open"


def test_an_alert_cannot_be_acknowledged_twice(alert, world):
    services.acknowledge_alert(world.psychiatrist, alert, "assessed", "")
    with pytest.raises(services.AlreadyAcknowledged):
        services.acknowledge_alert(world.therapist, alert, "contacted", "")


def test_the_alert_page_shows_the_patients_own_answer_and_no_risk_score(alert, world):
    page = client_for(world.nurse).get(reverse("measures:alert", args=[alert.pk])).content.decode()
    assert "Nearly every day" in page
    assert "risk score" not in page.lower()


def test_an_unacknowledged_urgent_alert_escalates_to_the_on_call_role_after_the_clinic_limit(
    alert, world, time_machine
):
    time_machine.move_to("2026-11-25 09:59Z", tick=False)
    assert tasks.escalate_unacknowledged_alerts.call() == 0

    time_machine.move_to("2026-11-25 10:00Z", tick=False)
    assert tasks.escalate_unacknowledged_alerts.call() == 1
    assert tasks.escalate_unacknowledged_alerts.call() == 0  # once only

    alert.refresh_from_db()
    assert alert.escalated_at is not None
    on_call = set(
        OutboxMessage.objects.filter(kind="alert_escalated").values_list("email", flat=True)
    )
    assert on_call == {
        world.psychiatrist.email,
        world.outsider.email,
    }  # every psychiatrist of the clinic
    assert AuditEvent.objects.filter(action="measures.alert.escalated").exists()


def test_an_escalated_alert_reaches_on_call_clinicians_outside_the_care_team(
    alert, world, time_machine
):
    outsider = client_for(world.outsider)
    assert outsider.get(reverse("measures:alert", args=[alert.pk])).status_code == 404

    time_machine.move_to("2026-11-25 10:01Z", tick=False)
    tasks.escalate_unacknowledged_alerts.call()

    outsider = client_for(world.outsider)  # a fresh sign-in: the first one timed out meanwhile
    assert outsider.get(reverse("measures:alert", args=[alert.pk])).status_code == 200
    assert (
        client_for(world.psychiatrist_b).get(reverse("measures:alert", args=[alert.pk])).status_code
        == 404
    )


def test_an_acknowledged_alert_never_escalates(alert, world, time_machine):
    services.acknowledge_alert(world.psychiatrist, alert, "assessed", "")
    time_machine.move_to("2026-11-26 09:00Z", tick=False)
    assert tasks.escalate_unacknowledged_alerts.call() == 0


def test_a_review_alert_escalates_after_the_clinics_hours(record, world, time_machine):
    time_machine.move_to("2026-11-25 09:00Z", tick=False)
    (review,) = record(phq9(0, 0, 0, 0, 0, 0, 0, 0, 1)).alerts
    assert review.priority == "review"
    time_machine.move_to("2026-11-26 08:59Z", tick=False)
    assert tasks.escalate_unacknowledged_alerts.call() == 0
    time_machine.move_to("2026-11-26 09:00Z", tick=False)
    assert tasks.escalate_unacknowledged_alerts.call() == 1


def test_the_inbox_badge_counts_open_alerts_and_polling_is_not_activity(alert, world, time_machine):
    client = client_for(world.psychiatrist)
    time_machine.move_to("2026-11-25 09:01Z", tick=False)
    assert ">1<" in client.get(reverse("measures:alert_badge")).content.decode()

    for minute in range(2, 17):
        time_machine.move_to(f"2026-11-25 09:{minute:02d}Z", tick=False)
        client.get(reverse("measures:alert_badge"))
    time_machine.move_to("2026-11-25 09:17Z", tick=False)

    assert client.get(reverse("web:home")).status_code == 302  # idle for 16 minutes


def test_every_page_shows_the_alert_count_to_clinicians(alert, world):
    page = client_for(world.therapist).get(reverse("web:home")).content.decode()
    assert 'id="alert-badge"' in page
    assert (
        'id="alert-badge"' not in client_for(world.admin).get(reverse("web:home")).content.decode()
    )


def test_a_new_on_call_role_is_honoured(alert, world, time_machine):
    settings = services.settings_for(world.clinic_a.pk)
    settings.on_call_role = "nurse"
    settings.save()
    second_nurse = make_user(world.clinic_a, "nightnurse", "nurse")
    time_machine.move_to("2026-11-25 10:30Z", tick=False)
    tasks.escalate_unacknowledged_alerts.call()
    emails = set(
        OutboxMessage.objects.filter(kind="alert_escalated").values_list("email", flat=True)
    )
    assert emails == {world.nurse.email, second_nurse.email}
    assert RiskAlert.objects.get(pk=alert.pk).escalated_at is not None
