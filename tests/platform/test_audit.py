"""The audit trail: reads and writes recorded, denials recorded, append-only, tamper-evident."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from remission.audit.appendonly import unlocked
from remission.audit.models import AuditEvent
from remission.audit.trail import verify
from tests.conftest import client_for


def test_opening_a_chart_writes_an_audit_event_naming_viewer_patient_and_address(world):
    client = client_for(world.psychiatrist)

    response = client.get(
        reverse("patients:chart", args=[world.patient.pk]), REMOTE_ADDR="10.1.2.3"
    )

    assert response.status_code == 200
    event = AuditEvent.objects.get(action="patients.chart.viewed")
    assert event.actor == world.psychiatrist
    assert event.actor_role == "psychiatrist"
    assert event.patient == world.patient
    assert event.clinic == world.clinic_a
    assert event.outcome == "ok"
    assert event.ip == "10.1.2.3"
    assert event.request_id == response["X-Request-ID"]


def test_a_refused_chart_view_is_recorded_as_denied(world):
    client_for(world.outsider).get(reverse("patients:chart", args=[world.patient.pk]))

    event = AuditEvent.objects.get(action="patients.chart.denied")
    assert (event.actor, event.patient, event.outcome) == (world.outsider, world.patient, "denied")


def test_a_refused_cross_clinic_lookup_lands_in_the_patients_clinic_log(world):
    client_for(world.psychiatrist_b).get(reverse("patients:chart", args=[world.patient.pk]))

    event = AuditEvent.objects.get(action="patients.chart.denied")
    assert event.clinic == world.clinic_a  # the clinic whose patient was sought learns of it


def test_a_role_refusal_is_recorded(world):
    client_for(world.researcher).get(reverse("audit:events"))

    assert AuditEvent.objects.filter(action="audit.events.denied", actor=world.researcher).exists()


def test_editing_a_patient_records_the_changed_fields_and_keeps_the_previous_version(world):
    from remission.audit.models import RecordVersion

    client = client_for(world.admin)
    form = client.get(reverse("patients:edit", args=[world.patient.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(phone="+49 30 1234", date_of_birth="1980-05-17", version=world.patient.version)

    response = client.post(reverse("patients:edit", args=[world.patient.pk]), data)
    assert response.status_code == 302, response.context["form"].errors

    event = AuditEvent.objects.get(action="patients.patient.updated")
    assert event.detail == {"fields": ["phone"]}
    kept = RecordVersion.objects.get(
        object_type="patients.patient", object_id=str(world.patient.pk)
    )
    assert kept.data["phone"] == ""
    assert kept.replaced_by == world.admin


def test_sign_in_success_and_failure_are_recorded_without_the_password(world):
    world.therapist.set_password("a long enough passphrase for tests")
    world.therapist.save()
    from django.test import Client

    client = Client()
    client.post(reverse("accounts:login"), {"username": "therapist", "password": "wrong guess"})
    client.post(
        reverse("accounts:login"),
        {"username": "therapist", "password": "a long enough passphrase for tests"},
    )

    failed = AuditEvent.objects.get(action="accounts.login.failed")
    assert failed.detail == {"username": "therapist"}
    assert failed.clinic == world.clinic_a
    assert AuditEvent.objects.filter(
        action="accounts.login.succeeded", actor=world.therapist
    ).exists()
    assert "wrong guess" not in str(list(AuditEvent.objects.values()))


def test_every_event_is_chained_and_an_untouched_trail_verifies(world):
    client = client_for(world.psychiatrist)
    for _ in range(3):
        client.get(reverse("patients:chart", args=[world.patient.pk]))

    events = list(AuditEvent.objects.filter(chain=f"clinic:{world.clinic_a.pk}").order_by("id"))
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert list(verify()) == []


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_auditevent SET action = 'x'", "DELETE FROM audit_auditevent"]
)
def test_the_database_refuses_to_change_or_delete_audit_events(world, statement):
    client_for(world.psychiatrist).get(reverse("patients:chart", args=[world.patient.pk]))

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)


def test_a_changed_event_is_detected_and_named(world):
    client = client_for(world.psychiatrist)
    for _ in range(3):
        client.get(reverse("patients:chart", args=[world.patient.pk]))
    middle = AuditEvent.objects.filter(action="patients.chart.viewed").order_by("id")[1]

    with unlocked():
        AuditEvent.objects.filter(pk=middle.pk).update(actor_label="someone-else")

    breaks = list(verify())
    assert [(b.event_id, b.problem) for b in breaks] == [(middle.pk, "event content was changed")]


def test_a_deleted_event_is_detected_at_the_next_one(world):
    client = client_for(world.psychiatrist)
    for _ in range(3):
        client.get(reverse("patients:chart", args=[world.patient.pk]))
    _, second, third = AuditEvent.objects.filter(action="patients.chart.viewed").order_by("id")

    with unlocked():
        AuditEvent.objects.filter(pk=second.pk).delete()

    assert [b.event_id for b in verify()] == [third.pk]


def test_a_deleted_last_event_is_detected_against_the_chain_head(world):
    client = client_for(world.psychiatrist)
    for _ in range(2):
        client.get(reverse("patients:chart", args=[world.patient.pk]))
    last = AuditEvent.objects.filter(chain=f"clinic:{world.clinic_a.pk}").order_by("id").last()

    with unlocked():
        AuditEvent.objects.filter(pk=last.pk).delete()

    assert [b.problem for b in verify()] == ["events after this one were removed"]


def test_admin_filters_the_log_by_patient_record_number_and_action(world):
    client_for(world.psychiatrist).get(reverse("patients:chart", args=[world.patient.pk]))
    client_for(world.psychiatrist_b).get(reverse("patients:chart", args=[world.patient_b.pk]))
    admin = client_for(world.admin)

    page = admin.get(reverse("audit:events"), {"patient": "a-0001", "action": "patients.chart"})

    events = list(page.context["page"].object_list)
    assert [(e.action, e.patient) for e in events] == [("patients.chart.viewed", world.patient)]


def test_admin_sees_only_their_own_clinics_events(world):
    client_for(world.psychiatrist_b).get(reverse("patients:chart", args=[world.patient_b.pk]))

    page = client_for(world.admin).get(reverse("audit:events"))

    assert all(e.clinic_id == world.clinic_a.pk for e in page.context["page"].object_list)
    assert b"Ostrander" not in page.content


def test_an_unknown_sort_column_falls_back_to_newest_first(world):
    response = client_for(world.admin).get(reverse("audit:events"), {"sort": "id; DROP TABLE x"})
    assert response.status_code == 200


def test_csv_export_contains_the_filtered_events_and_is_itself_audited(world):
    client_for(world.psychiatrist).get(reverse("patients:chart", args=[world.patient.pk]))

    response = client_for(world.admin).get(reverse("audit:export"), {"action": "patients.chart"})

    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("id,at_utc,actor,actor_role,action,outcome,patient_record_number")
    assert len(lines) == 2 and ",patients.chart.viewed,ok,A-0001," in lines[1]
    exported = AuditEvent.objects.get(action="audit.log.exported")
    assert exported.detail == {"action": "patients.chart"}


def test_csv_cells_never_start_a_spreadsheet_formula(world):
    world.outsider.username = "=HYPERLINK(evil)"
    world.outsider.save()
    client_for(world.outsider).get(reverse("patients:chart", args=[world.patient.pk]))

    response = client_for(world.admin).get(reverse("audit:export"))

    body = b"".join(response.streaming_content).decode()
    assert ",'=HYPERLINK(evil)," in body
