"""The dose record: hard stops and overrides, the blood-pressure decision, observation and
discharge, sign and lock, amendments that keep the original, REMS data."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from remission.clinical.protocols.errors import ProtocolInputError
from remission.concurrency import EditConflict
from remission.interventional import checklist, records, rems
from remission.interventional.models import DoseRecord, RecordStatus, VitalSign
from tests.interventional.conftest import dosed_and_discharged, ready_record

DOSED = datetime(2026, 12, 7, 9, 10, tzinfo=UTC)


def codes(record, *, stopping: bool = True) -> set[str]:
    return {i.code for i in checklist.items(record) if (i.stops if stopping else i.level != "ok")}


def test_check_in_alone_leaves_hard_stops_and_dosing_is_refused(world, first_dose):
    record = records.check_in(world.nurse, first_dose, world.nurse)
    assert {"consent", "fasting", "pre_dose_bp", "transport", "pregnancy"} <= codes(record)
    with pytest.raises(records.NotReady):
        records.record_dose(world.nurse, record, record.version, world.nurse, dose_mg=56,
                            started_at=DOSED)  # fmt: skip
    record.refresh_from_db()
    assert record.dosing_started_at is None


def test_a_complete_checklist_allows_the_first_dose_of_56_mg_with_two_devices(world, first_dose):
    """SPRAVATO label: 56 mg on day 1; one device is 28 mg (2 sprays), 5 min between devices."""
    record = ready_record(world, first_dose)
    assert checklist.ready_to_dose(checklist.items(record))
    records.record_dose(world.nurse, record, record.version, world.nurse, dose_mg=56,
                        started_at=DOSED)  # fmt: skip
    record.refresh_from_db()
    assert record.dose_inputs["devices"] == 2
    assert record.dosing_ended_at == DOSED + timedelta(minutes=5)
    # REMS Patient Monitoring Form: within 7 days of the session (US)
    assert record.dose_inputs["rems_form_due"] == "2026-12-14"


def test_84_mg_is_refused_on_day_one(world, first_dose):
    record = ready_record(world, first_dose)
    with pytest.raises(ProtocolInputError) as invalid:
        records.record_dose(world.nurse, record, record.version, world.nurse, dose_mg=84,
                            started_at=DOSED)  # fmt: skip
    assert invalid.value.field == "dose_mg"


def test_blood_pressure_above_140_90_needs_a_decision_but_does_not_block(world, first_dose):
    """SPRAVATO label: baseline above 140/90 -> weigh benefit and risk; 140/90 itself is not."""
    record = ready_record(world, first_dose, systolic=152, diastolic=94)
    item = next(i for i in checklist.items(record) if i.code == "pre_dose_bp")
    assert item.level == "needs_note" and not item.stops
    with pytest.raises(records.NotReady, match="benefit/risk"):
        records.record_dose(world.nurse, record, record.version, world.nurse, dose_mg=56,
                            started_at=DOSED)  # fmt: skip
    values = {"consent_confirmed": True, "fasting_confirmed": True, "transport_arranged": True,
              "pregnancy_test": "negative",
              "bp_decision": "Asymptomatic, usual BP 135/85; benefit outweighs the rise."}  # fmt: skip
    records.save_checklist(world.nurse, record, record.version, world.psychiatrist, values)
    record.refresh_from_db()
    assert record.bp_decision_by == world.psychiatrist
    records.record_dose(world.nurse, record, record.version, world.nurse, dose_mg=56,
                        started_at=DOSED)  # fmt: skip


def test_exactly_140_90_needs_no_decision(world, first_dose):
    record = ready_record(world, first_dose, systolic=140, diastolic=90)
    assert "pre_dose_bp" not in codes(record, stopping=False)


def test_only_a_psychiatrist_overrides_a_hard_stop_and_the_reason_is_kept(world, first_dose):
    record = ready_record(world, first_dose)
    values = {"consent_confirmed": True, "fasting_confirmed": False, "transport_arranged": True,
              "pregnancy_test": "negative", "bp_decision": ""}  # fmt: skip
    records.save_checklist(world.nurse, record, record.version, world.nurse, values)
    record.refresh_from_db()
    assert "fasting" in codes(record)
    with pytest.raises(records.NotAllowed):
        records.document_override(world.nurse, record, world.nurse, "fasting", "ate at 07:30")
    records.document_override(world.psychiatrist, record, world.psychiatrist, "fasting",
                              "Light breakfast 2.5 h ago; nausea risk discussed")  # fmt: skip
    assert "fasting" not in codes(record)
    assert record.overrides["fasting"]["reason"].startswith("Light breakfast")


def test_consent_cannot_be_overridden(world, first_dose):
    record = records.check_in(world.nurse, first_dose, world.nurse)
    with pytest.raises(records.NotReady):
        records.document_override(world.psychiatrist, record, world.psychiatrist, "consent", "x")


def test_an_open_suicide_alert_is_a_hard_stop(world, first_dose):
    from remission.measures import services as measures

    measures.record_assessment(world.psychiatrist, world.patient, "phq9",
                               {f"q{n}": 2 for n in range(1, 10)}, source="clinician")  # fmt: skip
    record = records.check_in(world.nurse, first_dose, world.nurse)
    item = next(i for i in checklist.items(record) if i.code == "suicide_item")
    assert item.stops
    assert "PHQ-9 q9" in item.reason and "not yet acknowledged" in item.reason


def test_implausible_vitals_are_refused_naming_the_field(world, first_dose):
    record = records.check_in(world.nurse, first_dose, world.nurse)
    with pytest.raises(ProtocolInputError) as invalid:
        records.add_vitals(world.nurse, record, world.nurse, moment="pre_dose", taken_at=DOSED,
                           values={"systolic_mmhg": 400, "diastolic_mmhg": 80})  # fmt: skip
    assert invalid.value.field == "systolic_mmhg"
    assert not VitalSign.objects.exists()


def test_a_reading_above_140_90_after_dosing_is_flagged(world, first_dose):
    record = ready_record(world, first_dose)
    vitals = records.add_vitals(world.nurse, record, world.nurse, moment="40_min", taken_at=DOSED,
                                values={"systolic_mmhg": 162, "diastolic_mmhg": 96})  # fmt: skip
    assert vitals.flags[0]["code"] == "blood_pressure_above_threshold"


def test_discharge_before_two_hours_of_observation_is_refused(world, first_dose):
    """SPRAVATO REMS: observe at least 2 hours after dosing."""
    record = ready_record(world, first_dose)
    records.record_dose(world.nurse, record, record.version, world.nurse, dose_mg=56,
                        started_at=DOSED)  # fmt: skip
    record.refresh_from_db()
    last_device = DOSED + timedelta(minutes=5)
    with (
        time_machine.travel(last_device + timedelta(minutes=119), tick=False),
        pytest.raises(records.NotReady, match="at least 120 min"),
    ):
        records.discharge(world.nurse, record, record.version, world.nurse,
                          clinically_stable=True, transport_arranged=True, note="")  # fmt: skip
    with time_machine.travel(last_device + timedelta(minutes=120), tick=False):
        with pytest.raises(records.NotReady, match="No blood pressure was recorded"):
            records.discharge(world.nurse, record, record.version, world.nurse,
                              clinically_stable=True, transport_arranged=True, note="")  # fmt: skip
        records.discharge(world.nurse, record, record.version, world.nurse,
                          clinically_stable=True, transport_arranged=True,
                          note="BP taken at 11:00, see chart")  # fmt: skip
    record.refresh_from_db()
    assert record.status == RecordStatus.DISCHARGED


def test_a_signed_record_cannot_change_and_an_amendment_keeps_the_original(world, first_dose):
    record = dosed_and_discharged(world, ready_record(world, first_dose))
    records.sign(world.nurse, record, record.version, world.nurse)
    record.refresh_from_db()
    signed = {f.attname: getattr(record, f.attname) for f in DoseRecord._meta.concrete_fields}
    with pytest.raises(records.RecordLocked):
        records.save_monitoring(world.nurse, record, record.version, world.nurse,
                                {"cadss_instrument": "cadss6", "cadss_total": 3, "sedation": False,
                                 "respiratory_depression": False, "side_effects": []})  # fmt: skip
    with pytest.raises(records.RecordLocked):
        records.add_vitals(world.nurse, record, world.nurse, moment="later", taken_at=DOSED,
                           values={"systolic_mmhg": 120, "diastolic_mmhg": 80})  # fmt: skip
    first_dose.appointment.refresh_from_db()
    assert first_dose.appointment.status == "completed"

    amendment = records.amend(world.psychiatrist, record, world.psychiatrist,
                              "CADSS was not entered at 40 min")  # fmt: skip
    records.save_monitoring(world.nurse, amendment, amendment.version, world.nurse,
                            {"cadss_instrument": "cadss6", "cadss_total": 4, "sedation": False,
                             "respiratory_depression": False, "side_effects": ["nausea"]})  # fmt: skip
    amendment.refresh_from_db()
    records.sign(world.psychiatrist, amendment, amendment.version, world.psychiatrist)

    record.refresh_from_db()
    assert {
        f.attname: getattr(record, f.attname) for f in DoseRecord._meta.concrete_fields
    } == signed
    assert record.cadss_total is None and record.vitals.count() == 2
    assert amendment.revision == 2 and amendment.amends == record
    assert amendment.cadss_total == 4 and amendment.vitals.count() == 2
    assert records.current_record(first_dose) == amendment
    with pytest.raises(records.RecordLocked):
        records.amend(world.psychiatrist, record, world.psychiatrist, "again from the original")


def test_a_therapist_cannot_sign(world, first_dose):
    record = dosed_and_discharged(world, ready_record(world, first_dose))
    with pytest.raises(records.NotAllowed):
        records.sign(world.therapist, record, record.version, world.therapist)


def test_the_second_of_two_saves_from_the_same_version_is_a_conflict(world, first_dose):
    record = ready_record(world, first_dose)
    opened = record.version
    values = {"consent_confirmed": True, "fasting_confirmed": True, "transport_arranged": True,
              "pregnancy_test": "negative", "bp_decision": ""}  # fmt: skip
    records.save_checklist(world.nurse, record, opened, world.nurse, values)
    other = DoseRecord.objects.get(pk=record.pk)
    with pytest.raises(EditConflict):
        records.save_checklist(world.psychiatrist, other, opened, world.psychiatrist,
                               values | {"transport_arranged": False})  # fmt: skip
    assert DoseRecord.objects.get(pk=record.pk).transport_arranged is True


def test_rems_export_has_the_form_fields_of_each_signed_session(world, first_dose):
    record = dosed_and_discharged(
        world, ready_record(world, first_dose, systolic=150, decision="Benefit outweighs")
    )
    records.add_vitals(world.nurse, record, world.nurse, moment="40_min",
                       taken_at=DOSED + timedelta(minutes=45),
                       values={"systolic_mmhg": 158, "diastolic_mmhg": 92})  # fmt: skip
    record.refresh_from_db()
    records.save_monitoring(world.nurse, record, record.version, world.nurse,
                            {"cadss_instrument": "cadss6", "cadss_total": 5, "sedation": True,
                             "respiratory_depression": False, "side_effects": []})  # fmt: skip
    record.refresh_from_db()
    records.sign(world.nurse, record, record.version, world.nurse)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(rems.rows(first_dose.series))
    row = dict(zip(rems.COLUMNS, next(csv.reader(io.StringIO(out.getvalue()))), strict=True))
    assert row["bp_pre_dose"] == "150/82" and row["bp_about_40_min"] == "158/92"
    assert row["bp_before_discharge"] == "130/84"
    assert row["sedation"] == "yes" and row["dissociation_cadss_total"] == "5"
    assert row["form_due_by"] == "2026-12-14"
    assert row["observation_minutes"] == "135"
