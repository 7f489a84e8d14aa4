"""The pages: ordering from the chart, the series page, the dose session page step by step, the
conflict message, the REMS download and the settings page."""

from django.urls import reverse

from remission.interventional import records
from remission.interventional.models import DoseRecord, Series
from tests.conftest import client_for
from tests.interventional.conftest import ready_record


def session_url(dose) -> str:
    return reverse("interventional:session", args=[dose.patient_id, dose.pk])


def test_the_chart_offers_ordering_and_lists_series(world, esketamine_series):
    page = client_for(world.psychiatrist).get(reverse("patients:chart", args=[world.patient.pk]))
    body = page.content.decode()
    assert "Interventional care" in body
    assert reverse("interventional:series", args=[world.patient.pk, esketamine_series.pk]) in body


def test_ordering_shows_the_plan_then_books(world, monday):
    client = client_for(world.psychiatrist)
    url = reverse("interventional:series_new", args=[world.patient.pk, "esketamine"])
    data = {"schedule": "us", "weeks": "4", "start_on": "2026-12-07", "start_time": "09:00",
            "room": "Treatment chair 2", "nurse": world.nurse.pk,
            "prescriber": world.psychiatrist.pk}  # fmt: skip
    preview = client.post(url, data | {"preview": "1"})
    assert preview.status_code == 200
    assert "Book the series" in preview.content.decode()
    assert not Series.objects.exists()
    booked = client.post(url, data | {"book": "1"})
    made = Series.objects.get()
    assert booked["Location"] == reverse("interventional:series", args=[world.patient.pk, made.pk])
    assert made.sessions.count() == 8


def test_a_start_day_the_schedule_refuses_is_named(world, monday):
    url = reverse("interventional:series_new", args=[world.patient.pk, "ketamine_iv"])
    data = {"schedule": "twice-weekly-3w", "start_on": "2026-12-07", "start_time": "09:00",
            "room": "Infusion room", "nurse": world.nurse.pk, "prescriber": world.psychiatrist.pk,
            "weight_kg": "500", "mg_per_kg": "0.5", "infusion_minutes": "40", "preview": "1"}  # fmt: skip
    page = client_for(world.psychiatrist).post(url, data)
    assert "must be between" in page.content.decode()
    assert not Series.objects.exists()


def test_series_page_shows_doses_integration_and_the_window_as_a_clinic_setting(
    world, esketamine_series
):
    page = client_for(world.therapist).get(
        reverse("interventional:series", args=[world.patient.pk, esketamine_series.pk])
    )
    body = page.content.decode()
    assert "a clinic setting, not a published standard" in body
    assert "Integration session due before" in body
    assert body.count("PHQ-9 due") == 12


def test_a_nurse_works_through_the_page(world, first_dose):
    client = client_for(world.nurse)
    url = session_url(first_dose)
    assert "Check the patient in" in client.get(url).content.decode()
    client.post(url, {"action": "check_in"})
    record = DoseRecord.objects.get()
    page = client.post(url, {"action": "vitals", "moment": "pre_dose", "taken_at": "09:05",
                             "systolic_mmhg": "148", "diastolic_mmhg": "88"})  # fmt: skip
    assert page.status_code == 302
    body = client.get(url).content.decode()
    assert "decision needed" in body and "Benefit/risk decision" in body
    record.refresh_from_db()
    page = client.post(url, {"action": "dose", "version": record.version, "dose_mg": "56",
                             "started_at": "09:10"})  # fmt: skip
    assert "Consent for this series is not confirmed" in page.content.decode()


def test_implausible_vitals_are_named_on_the_page_and_nothing_is_saved(world, first_dose):
    client = client_for(world.nurse)
    client.post(session_url(first_dose), {"action": "check_in"})
    page = client.post(session_url(first_dose), {"action": "vitals", "moment": "pre_dose",
                                                  "taken_at": "09:05", "systolic_mmhg": "90",
                                                  "diastolic_mmhg": "95"})  # fmt: skip
    assert "must be below the systolic pressure" in page.content.decode()
    assert not DoseRecord.objects.get().vitals.exists()


def test_the_second_of_two_staff_gets_a_conflict_message_and_keeps_their_entries(world, first_dose):
    record = ready_record(world, first_dose, systolic=150, decision="First decision")
    opened = record.version
    nurse, psychiatrist = client_for(world.nurse), client_for(world.psychiatrist)
    form = {"action": "checklist", "consent_confirmed": "on", "fasting_confirmed": "on",
            "transport_arranged": "on", "pregnancy_test": "negative"}  # fmt: skip
    first = nurse.post(session_url(first_dose),
                       form | {"version": opened, "bp_decision": "Nurse: usual BP"})  # fmt: skip
    assert first.status_code == 302
    second = psychiatrist.post(
        session_url(first_dose),
        form | {"version": opened, "bp_decision": "Psychiatrist: benefit outweighs risk"},
    )
    body = second.content.decode()
    assert "Someone else saved this part of the record" in body
    assert "Psychiatrist: benefit outweighs risk" in body  # their entry is kept in the form
    assert DoseRecord.objects.get().bp_decision == "Nurse: usual BP"
    again = psychiatrist.post(
        session_url(first_dose),
        form | {"version": DoseRecord.objects.get().version,
                "bp_decision": "Psychiatrist: benefit outweighs risk"},
    )  # fmt: skip
    assert again.status_code == 302
    assert DoseRecord.objects.get().bp_decision == "Psychiatrist: benefit outweighs risk"


def test_a_signed_record_refuses_edits_on_the_page(world, first_dose):
    from tests.interventional.conftest import dosed_and_discharged

    record = dosed_and_discharged(world, ready_record(world, first_dose))
    records.sign(world.nurse, record, record.version, world.nurse)
    client = client_for(world.nurse)
    page = client.post(session_url(first_dose), {"action": "vitals", "moment": "later",
                                                  "taken_at": "12:00", "systolic_mmhg": "120",
                                                  "diastolic_mmhg": "80"}, follow=True)  # fmt: skip
    assert "changes need an amendment" in page.content.decode()
    assert DoseRecord.objects.get().vitals.count() == 2


def test_rems_download_is_csv(world, esketamine_series):
    page = client_for(world.nurse).get(
        reverse("interventional:rems_export", args=[world.patient.pk, esketamine_series.pk])
    )
    assert page["Content-Type"].startswith("text/csv")
    assert page.content.decode().startswith("session_date,session_number,dose_mg,bp_pre_dose")


def test_settings_are_the_admins(world):
    page = client_for(world.admin).post(
        reverse("interventional:settings"),
        {"integration_policy": "next-day", "integration_hour": "14", "integration_minutes": "50",
         "questionnaire_days_before": "1", "response_instrument": "phq9",
         "relapse_threshold": "12", "rooms": "Chair A"},
    )  # fmt: skip
    assert page.status_code == 302
    assert world.clinic_a.interventional_settings.relapse_threshold == 12
