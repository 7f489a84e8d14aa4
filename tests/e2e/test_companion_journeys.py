"""The companion on a phone: a patient checks in, reaches the safety plan in one tap from three
pages, does an assigned exercise; a family member sees only what was granted and loses access on
the next request after the patient ends sharing. Every portal page is checked with axe-core."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from remission.companion.models import CheckIn, HomeworkAssignment, HomeworkStatus
from tests.e2e.conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and memorable passphrase"
AXE = Axe()


def sign_in(page: Page, base: str, username: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def serious_violations(page: Page) -> list[str]:
    results = AXE.run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def people(world):
    for user in (world.patient_user, world.family):
        user.set_password(PASSWORD)
        user.save()
    HomeworkAssignment.objects.create(
        patient=world.patient,
        exercise="three-good-things",
        note="Before our next session",
        assigned_by=world.therapist,
    )
    return world


def test_a_patient_checks_in_finds_the_safety_plan_everywhere_and_does_homework(
    page, live_server, people, screenshot
):
    sign_in(page, live_server.url, "patient")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Zebulon")
    screenshot("portal-home-phone")

    page.get_by_role("link", name="Check in now").click()
    page.get_by_role("group", name="How is your mood?").get_by_text("Okay").click()
    page.get_by_role("group", name="How anxious do you feel?").get_by_text("A little tense").click()
    page.get_by_role("group", name="How did you sleep?").get_by_text("So-so").click()
    page.get_by_role("group", name="How much energy do you have?").get_by_text("Some").click()
    page.get_by_text("A walk").click()
    screenshot("portal-check-in-phone")
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_text("Your check-in is saved")).to_be_visible()
    entry = CheckIn.objects.get(patient=people.patient)
    assert (entry.mood, entry.anxiety, entry.sleep, entry.energy, entry.tags) == (
        3,
        2,
        3,
        3,
        ["walk"],
    )

    for start in ("companion:journal", "companion:home", "companion:skills"):
        page.goto(live_server.url + reverse(start))
        page.get_by_role("link", name="My safety plan").click()  # one tap
        expect(page.get_by_role("heading", level=1)).to_have_text("My safety plan")
        expect(page.get_by_role("link", name="Call 911")).to_be_visible()
    screenshot("portal-safety-plan-phone")

    page.goto(live_server.url + reverse("companion:home"))
    page.get_by_role("link", name="Three good things").click()
    page.get_by_label("First").fill("Sunshine at lunch")
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("The exercise is marked as done")).to_be_visible()
    assert HomeworkAssignment.objects.get().status == HomeworkStatus.DONE


def test_a_family_member_sees_only_what_was_granted_until_the_patient_ends_sharing(
    page, open_page, live_server, people, screenshot
):
    people.link.grants = ["appointments", "education"]
    people.link.save(update_fields=["grants"])
    sign_in(page, live_server.url, "family")
    expect(page.get_by_role("heading", level=1)).to_have_text("Supporting Zebulon")
    nav = page.get_by_role("navigation", name="Portal")
    expect(nav.get_by_role("link", name="Appointments")).to_be_visible()
    expect(nav.get_by_role("link", name="Check-ins")).to_have_count(0)
    page.goto(live_server.url + reverse("companion:family_checkins", args=[people.link.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("This page is not available to you")
    page.goto(live_server.url + reverse("companion:family_appointments", args=[people.link.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Zebulon's appointments")
    screenshot("family-appointments-phone")

    patient = open_page(viewport=PHONE)
    sign_in(patient, live_server.url, "patient")
    patient.get_by_role("link", name="More").click()
    patient.get_by_role("link", name="My people").click()
    patient.get_by_role("link", name="Family").click()
    patient.get_by_role("button", name="End sharing").click()
    expect(patient.get_by_text("can no longer see anything of yours")).to_be_visible()

    page.reload()  # the very next request of the already open session
    expect(page.get_by_role("heading", level=1)).to_have_text("This page is not available to you")
    expect(page.get_by_text("Quenby-Canary")).to_have_count(0)


def test_portal_and_family_pages_have_no_serious_accessibility_violations(
    page, open_page, live_server, people
):
    sign_in(page, live_server.url, "patient")
    found = {}
    for name, args in (
        ("home", []), ("check_in", []), ("journal", []), ("safety_plan", []),
        ("safety_plan_edit", []), ("skills", []), ("exercise", ["tipp"]), ("learn", []),
        ("learn_page", ["treatment-options"]), ("appointments", []), ("people", []),
        ("groups", []), ("more", []),
    ):  # fmt: skip
        page.goto(live_server.url + reverse(f"companion:{name}", args=args))
        if problems := serious_violations(page):
            found[name] = problems
    family = open_page(viewport=PHONE)
    sign_in(family, live_server.url, "family")
    for name in ("family_overview", "family_appointments", "family_checkins", "family_learn"):
        family.goto(live_server.url + reverse(f"companion:{name}", args=[people.link.pk]))
        if problems := serious_violations(family):
            found[name] = problems
    family.goto(live_server.url + reverse("companion:sign_in_link"))
    if problems := serious_violations(family):
        found["sign_in_link"] = problems
    assert found == {}
