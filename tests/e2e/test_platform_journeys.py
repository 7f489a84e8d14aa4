"""A clinician finds a patient and opens the chart; an admin reads the audit log."""

import pytest
from playwright.sync_api import expect

from remission.audit.models import AuditEvent
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and memorable passphrase"


@pytest.fixture
def people(world):
    for user in (world.psychiatrist, world.admin):
        user.set_password(PASSWORD)
        user.save()
    return world


def test_clinician_searches_a_patient_and_opens_the_chart(page, live_server, people, screenshot):
    sign_in(page, live_server.url, people.psychiatrist, PASSWORD)
    page.get_by_role("link", name="Patients").click()

    page.get_by_role("searchbox").fill("quenby")
    page.get_by_role("button", name="Search").click()
    screenshot("clinician-patient-search")
    page.get_by_role("link", name="Quenby-Canary, Zebulon").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Zebulon Quenby-Canary")
    expect(page.get_by_text("A-0001")).to_be_visible()
    screenshot("clinician-chart")
    assert AuditEvent.objects.filter(
        action="patients.chart.viewed", actor=people.psychiatrist, patient=people.patient
    ).exists()


def test_search_as_you_type_updates_the_list(page, live_server, people):
    sign_in(page, live_server.url, people.psychiatrist, PASSWORD)
    page.goto(f"{live_server.url}/patients/")

    page.get_by_role("searchbox").press_sequentially("zzz", delay=30)

    expect(page.get_by_text("No patient matches")).to_be_visible()


def test_admin_reviews_who_opened_a_chart_in_the_audit_log(page, live_server, people, screenshot):
    from tests.conftest import client_for

    client_for(people.psychiatrist).get(f"/patients/{people.patient.pk}/")
    sign_in(page, live_server.url, people.admin, PASSWORD)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").click()
    page.get_by_label("Action starts with").fill("patients.chart")
    page.get_by_role("button", name="Filter").click()

    row = page.get_by_role("row").filter(has_text="patients.chart.viewed")
    expect(row).to_contain_text("psychiatrist")
    expect(row).to_contain_text("Quenby-Canary, Zebulon")
    screenshot("admin-audit-log")


def test_the_patient_list_works_on_a_phone(page, live_server, people, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, people.psychiatrist, PASSWORD)
    page.goto(f"{live_server.url}/patients/")

    expect(page.get_by_role("link", name="Quenby-Canary, Zebulon")).to_be_visible()
    screenshot("phone-patient-list")
