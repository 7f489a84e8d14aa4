"""A psychiatrist opens the planning view, sees the basis, chooses two options with the patient's
preference recorded, creates a care plan, and prints the patient version."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from remission.planning.models import PlanVersion
from tests.e2e.conftest import save_screenshot, sign_in
from tests.planning.conftest import offered, record_trd

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and memorable passphrase"


def test_a_psychiatrist_plans_with_the_patient_and_prints_the_patient_version(
    open_page, live_server, world
):
    world.psychiatrist.set_password(PASSWORD)
    world.psychiatrist.save()
    record_trd(world)
    today = timezone.localdate()
    problems: list[str] = []
    page = open_page(viewport={"width": 1360, "height": 900})
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    sign_in(page, live_server.url, world.psychiatrist, PASSWORD)
    page.goto(f"{live_server.url}/patients/{world.patient.pk}/")
    page.get_by_role("link", name="Treatment planning").click()
    expect(page.get_by_role("heading", name="Treatment planning")).to_be_visible()

    # the patient's preference, stored: the options are derived again
    page.get_by_label("Prefers psychotherapy").select_option("true")
    page.get_by_role("button", name="Save and derive again").click()
    expect(page.get_by_text("Saved. The options below are derived again.")).to_be_visible()

    suggested = [o for o in offered(world.patient) if o.status == "suggested"]
    first, second = suggested[0], suggested[1]
    card = page.locator(f"#option-{first.id}")
    expect(card.locator("details.plan-basis")).to_have_attribute("open", "")
    expect(card.get_by_text("The patient prefers psychotherapy")).to_be_visible()
    expect(card.get_by_role("heading", name="Sources")).to_be_visible()
    expect(page.locator("input[name=chosen]:checked")).to_have_count(0)
    save_screenshot(page, "planning-options")

    page.locator(f"#option-{first.id} input[name=chosen]").check()
    page.locator(f"#option-{second.id} input[name=chosen]").check()
    page.get_by_label("The patient's preferences and concerns").fill(
        "Prefers talking therapy; worried about weight gain on medication."
    )
    page.get_by_label("Rationale").fill("Suggested options matching the patient's preference.")
    page.locator("#id_goals-0-instrument").select_option("phq9")
    page.locator("#id_goals-0-below").fill("10")
    page.locator("#id_goals-0-by").fill((today + timedelta(days=90)).isoformat())
    page.locator("#id_steps-0-kind").select_option("psychotherapy_course")
    page.locator("#id_steps-0-description").fill(f"{first.title}, weekly")
    page.locator("#id_measures-0-instrument").select_option("phq9")
    page.locator("#id_measures-0-every_days").fill("14")
    page.get_by_label("Review on").fill((today + timedelta(days=42)).isoformat())
    page.get_by_label(world.psychiatrist.display_name).check()
    page.get_by_role("button", name="Create the care plan").click()

    expect(page.get_by_role("heading", name="Care plan, version 1")).to_be_visible()
    expect(page.get_by_text("PHQ-9 below 10")).to_be_visible()
    expect(page.get_by_text("Follows the suggestions")).to_be_visible()
    save_screenshot(page, "planning-care-plan")
    version = PlanVersion.objects.get(patient=world.patient)
    assert version.chosen == [first.id, second.id]
    assert version.preferences.startswith("Prefers talking therapy")

    link = page.get_by_role("link", name="Patient version (German, PDF)")
    pdf = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    page.goto(f"{live_server.url}/patients/{world.patient.pk}/")
    expect(page.locator("#panel-care-plan")).to_be_visible()
    save_screenshot(page, "planning-chart")
    assert problems == []  # no script errors, no content-security-policy violations
