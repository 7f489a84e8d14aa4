"""Every change to patient data leaves its old row behind, even when it bypasses the application
(security-targets T17, T20)."""

import json

from django.db import connection

from remission.audit.models import RowChange
from remission.audit.rowhistory import patient_data_models, tables_without_history
from remission.patients.models import CareTeamMember, Patient


def test_every_patient_data_table_has_its_history_trigger(world):
    assert len(patient_data_models()) > 10
    assert tables_without_history() == []


def test_a_queryset_update_keeps_the_old_row(world):
    before = world.patient.phone
    Patient.objects.filter(pk=world.patient.pk).update(phone="+1 555 0100")

    change = RowChange.objects.filter(
        table_name="patients_patient", row_id=str(world.patient.pk)
    ).latest("id")
    assert change.operation == "update"
    assert json.loads(change.old_row)["phone"] == before


def test_bulk_update_and_raw_sql_keep_the_old_rows(world):
    RowChange.objects.all().delete()
    world.patient_b.phone = "0"
    Patient.objects.bulk_update([world.patient_b], ["phone"])
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE patients_patient SET given_name = 'X' WHERE id = %s", [world.patient.pk]
        )

    changed = set(
        RowChange.objects.filter(table_name="patients_patient").values_list("row_id", flat=True)
    )
    assert changed == {str(world.patient.pk), str(world.patient_b.pk)}


def test_a_deleted_row_is_kept_too(world):
    member = CareTeamMember.objects.filter(patient=world.patient).first()
    member.delete()
    change = RowChange.objects.filter(
        table_name="patients_careteammember", operation="delete"
    ).latest("id")
    assert json.loads(change.old_row)["user_id"] == member.user_id


def test_only_the_rebuilt_dashboard_summaries_go_without_history():
    from remission.audit.rowhistory import models_with_history

    without = {m._meta.label for m in patient_data_models()} - {
        m._meta.label for m in models_with_history()
    }
    assert without == {
        "insights.PatientOutcome",
        "insights.OutcomeFact",
        "insights.RecoveryFact",
        "insights.FollowedFact",
    }
