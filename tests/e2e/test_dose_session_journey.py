"""A nurse runs an esketamine session on a tablet from check-in to discharge, with a blood
pressure above 140/90 that needs a documented benefit/risk decision; the therapist finds the
integration session on the right day in the calendar."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from remission.interventional import series
from remission.interventional.models import DoseRecord, RecordStatus
from remission.measures import services as measures
from tests.e2e.conftest import save_screenshot, sign_in
from tests.interventional.conftest import esketamine_order

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and memorable passphrase"
TABLET = {"width": 820, "height": 1180}


def afternoon_zone() -> str:
    """A clinic time zone where it is now about 14:00, so that a dose given 2 h 20 min ago is
    on the same clinic day whenever the test runs."""
    offset = (14 - datetime.now(UTC).hour) % 24
    offset = offset - 24 if offset > 14 else offset
    return "UTC" if offset == 0 else f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"


def add_vitals(page: Page, moment: str, clock: str, systolic: str, diastolic: str) -> None:
    page.get_by_label("When").select_option(moment)
    page.get_by_label("Time", exact=True).fill(clock)
    page.get_by_label("Systolic (mmHg)").fill(systolic)
    page.get_by_label("Diastolic (mmHg)").fill(diastolic)
    page.get_by_label("Heart rate (/min)").fill("76")
    page.get_by_label("SpO₂ (%)").fill("98")
    page.get_by_role("button", name="Add vital signs").click()
    expect(page.get_by_text("Vital signs recorded.")).to_be_visible()


def test_a_nurse_runs_an_esketamine_session_and_the_therapist_sees_integration(
    open_page, live_server, world
):
    world.clinic_a.timezone = afternoon_zone()
    world.clinic_a.save()
    for user in (world.nurse, world.therapist):
        user.set_password(PASSWORD)
        user.save()
    with timezone.override(world.clinic_a.timezone):
        today = timezone.localdate()
        ordered = series.order_series(
            world.psychiatrist, world.patient,
            esketamine_order(world, start_on=today, start_time=time(8), weeks=4),
            world.psychiatrist,
        )  # fmt: skip
        now = timezone.localtime()
    measures.record_assessment(world.psychiatrist, world.patient, "phq9",
                               {f"q{n}": 2 for n in range(1, 9)} | {"q9": 0},
                               source="clinician")  # fmt: skip
    first = ordered.sessions.get(number=1)
    problems: list[str] = []
    page = open_page(viewport=TABLET)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    sign_in(page, live_server.url, world.nurse, PASSWORD)
    page.goto(f"{live_server.url}/patients/{world.patient.pk}/")
    page.get_by_role("link", name="Esketamine nasal spray", exact=True).click()
    expect(page.get_by_role("heading", name="Doses")).to_be_visible()
    page.locator("#doses-head + .table-wrap tbody a").first.click()
    page.get_by_role("button", name="Check the patient in").click()
    expect(page.get_by_text("Checked in.")).to_be_visible()

    # Blood pressure before dosing above 140/90: a decision is needed, dosing is not blocked
    add_vitals(page, "pre_dose", (now - timedelta(minutes=150)).strftime("%H:%M"), "152", "94")
    expect(page.get_by_text("decision needed")).to_be_visible()
    page.get_by_label("Consent for this series confirmed").check()
    page.get_by_label("Fasting as instructed").check()
    page.get_by_label("Transport home arranged").check()
    page.get_by_label("Pregnancy test").select_option("negative")
    page.get_by_label("Benefit/risk decision for the blood pressure").fill(
        "Asymptomatic; usual BP 138/88. Benefit of continuing outweighs the short rise."
    )
    save_screenshot(page, "dose-session-checklist-tablet")
    page.get_by_role("button", name="Save the checklist").click()
    expect(page.get_by_text("ready to dose")).to_be_visible()

    page.get_by_label("Dose", exact=True).select_option("56")
    page.get_by_label("Dosing started at").fill((now - timedelta(minutes=140)).strftime("%H:%M"))
    page.get_by_role("button", name="Record the dose given").click()
    expect(page.get_by_text("Dose recorded. Observation has started.")).to_be_visible()
    expect(page.get_by_text("Observe at least 120 min")).to_be_visible()

    add_vitals(page, "40_min", (now - timedelta(minutes=95)).strftime("%H:%M"), "158", "96")
    expect(page.locator("tr.flagged")).to_have_count(2)
    page.get_by_label("CADSS total").fill("6")
    page.get_by_label("Sedation observed").select_option("false")
    page.get_by_label("Respiratory depression observed").select_option("false")
    page.get_by_label("Dizziness").check()
    page.get_by_role("button", name="Save dissociation and side effects").click()
    expect(page.get_by_text("Dissociation and side effects saved.")).to_be_visible()

    add_vitals(page, "discharge", now.strftime("%H:%M"), "134", "86")
    page.get_by_label("Clinically stable and ready to leave").check()
    page.get_by_label("Transport home confirmed").check()
    page.get_by_role("button", name="Discharge", exact=True).click()
    expect(page.get_by_text("Discharged. Sign the record to lock it.")).to_be_visible()
    page.get_by_role("button", name="Sign and lock").click()
    expect(page.get_by_text("Signed and locked.")).to_be_visible()
    expect(page.get_by_text("The record is locked")).to_be_visible()
    save_screenshot(page, "dose-session-signed-tablet")

    record = DoseRecord.objects.get()
    assert record.status == RecordStatus.SIGNED
    assert record.bp_decision.startswith("Asymptomatic")
    assert record.side_effects == ["dizziness"]
    assert problems == []

    # The therapist sees the integration session the day after the dose, in the calendar
    therapist = open_page()
    sign_in(therapist, live_server.url, world.therapist, PASSWORD)
    day = first.integration.starts_at.astimezone(ZoneInfo(world.clinic_a.timezone)).date()
    assert day == today + timedelta(days=1)
    therapist.goto(f"{live_server.url}/calendar/?day={day.isoformat()}")
    expect(therapist.get_by_text("Integration session after dose 1")).to_be_visible()
    save_screenshot(therapist, "therapist-calendar-integration")
