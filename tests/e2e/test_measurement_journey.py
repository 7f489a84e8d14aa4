"""A patient answers a PHQ-9 on a phone with item 9 positive and sees crisis lines at once; the
clinician sees the alert, acknowledges it; the audit log shows both."""

import pytest
from playwright.sync_api import Page, expect

from remission.audit.models import AuditEvent
from remission.measures import services
from remission.measures.models import RiskAlert
from tests.e2e.conftest import PHONE, save_screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and memorable passphrase"


def answer(page: Page, question: str, option: str) -> None:
    page.get_by_role("group", name=question).get_by_label(option).check()


def test_a_positive_suicide_item_reaches_the_clinician_and_is_acknowledged(
    open_page, live_server, world
):
    world.psychiatrist.set_password(PASSWORD)
    world.psychiatrist.save()
    world.admin.set_password(PASSWORD)
    world.admin.save()
    _, token = services.create_link(None, world.patient, ["phq9"], language="en", delivery="email")

    phone = open_page(viewport=PHONE)
    phone.goto(f"{live_server.url}/r/{token}/")
    expect(phone).to_have_url(f"{live_server.url}/r/")  # the token is gone from the address
    questions = [
        "Little interest or pleasure",
        "Feeling down, depressed",
        "Trouble falling or staying asleep",
        "Feeling tired",
        "Poor appetite",
        "Feeling bad about yourself",
        "Trouble concentrating",
        "Moving or speaking so slowly",
    ]
    for question in questions:
        answer(phone, question, "Several days")
    answer(phone, "Thoughts that you would be better off dead", "More than half the days")
    # the answers are autosaved as they are given: the crisis lines appear before sending
    expect(phone.get_by_role("alert")).to_contain_text("You are not alone")
    save_screenshot(phone, "phone-phq9-crisis-box")
    phone.get_by_role("button", name="Send my answers").click()

    expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()
    expect(phone.get_by_role("link", name="Call 988")).to_be_visible()
    save_screenshot(phone, "phone-phq9-thank-you")
    assert RiskAlert.objects.filter(patient=world.patient, status="open").count() == 1

    page = open_page()
    sign_in(page, live_server.url, world.psychiatrist, PASSWORD)
    badge = page.locator("#alert-badge")
    expect(badge).to_contain_text("1")
    badge.click()
    page.get_by_role("link", name="Quenby-Canary, Zebulon").click()
    expect(page.get_by_text("“More than half the days”")).to_be_visible()
    save_screenshot(page, "clinician-alert")
    page.get_by_label("Contacted the patient").check()
    page.get_by_label("Note").fill("Phoned at once; safe, plan reviewed, seen tomorrow.")
    page.get_by_role("button", name="Acknowledge with this action").click()
    expect(page.get_by_text("The alert is acknowledged.")).to_be_visible()
    expect(page.locator("#alert-badge")).to_contain_text("0")

    admin = open_page()
    sign_in(admin, live_server.url, world.admin, PASSWORD)
    admin.goto(f"{live_server.url}/audit/?action=measures.alert")
    expect(admin.get_by_role("row").filter(has_text="measures.alert.raised")).to_be_visible()
    expect(admin.get_by_role("row").filter(has_text="measures.alert.acknowledged")).to_contain_text(
        "psychiatrist"
    )
    save_screenshot(admin, "admin-audit-alert")
    acknowledged = AuditEvent.objects.filter(action="measures.alert.acknowledged")
    assert acknowledged.get().actor == world.psychiatrist
