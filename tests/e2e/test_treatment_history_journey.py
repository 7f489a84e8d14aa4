"""A psychiatrist enters a history of three trials, sees TRD status and the three staging results
with their reasons, corrects a dose, and sees them change."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from remission.treatments.models import HistoryVersion, StagingResult
from tests.e2e.conftest import PHONE, save_screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and memorable passphrase"


def tile(page: Page, name: str):
    return page.locator(".stage-tile", has_text=name).locator(".tile-value")


def add_antidepressant(page: Page, drug: str, steps: list[dict[str, str]]) -> None:
    page.get_by_role("link", name="Antidepressant", exact=True).click()
    page.get_by_label("Drug").fill(drug)
    for number, step in enumerate(steps):
        if number >= 2:
            page.get_by_role("button", name="Add a dose step").click()
            expect(page.locator(f"#id_doses-{number}-mg_per_day")).to_be_visible()
        for field, value in step.items():
            page.locator(f"#id_doses-{number}-{field}").fill(value)
    page.get_by_label("Outcome").select_option(label="No response")
    page.get_by_label("Adherence confirmed").check()
    page.get_by_role("button", name="Add and stage").click()
    expect(page.get_by_text("Saved as history version")).to_be_visible()


def test_a_psychiatrist_enters_three_trials_sees_the_staging_and_corrects_a_dose(
    open_page, live_server, world
):
    world.psychiatrist.set_password(PASSWORD)
    world.psychiatrist.save()
    today = timezone.localdate()
    problems: list[str] = []
    page = open_page()
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )

    sign_in(page, live_server.url, world.psychiatrist, PASSWORD)
    page.goto(f"{live_server.url}/patients/{world.patient.pk}/")
    expect(page.get_by_text("No treatment history yet.")).to_be_visible()
    page.get_by_role("link", name="Record the history").click()

    page.get_by_role("link", name="Record the current episode").click()
    page.get_by_label("Episode started on").fill((today - timedelta(days=420)).isoformat())
    page.get_by_label("Severity now").select_option("moderate")
    page.get_by_role("button", name="Save and stage").click()
    expect(page.get_by_text("Saved as history version 1")).to_be_visible()

    add_antidepressant(page, "escitalopram", [{"mg_per_day": "20", "weeks": "10"}])
    add_antidepressant(
        page,
        "sertraline",
        [{"mg_per_day": "50", "weeks": "2"}, {"mg_per_day": "100", "weeks": "2"},
         {"mg_per_day": "150", "weeks": "8"}],
    )  # fmt: skip
    add_antidepressant(
        page,
        "venlafaxine",
        [{"mg_per_day": "75", "start": (today - timedelta(days=70)).isoformat(),
          "end": (today - timedelta(days=14)).isoformat()}],
    )  # fmt: skip

    # TRD status and each model, with the reasons trial by trial
    expect(tile(page, "TRD status")).to_have_text("Meets the definition")
    expect(tile(page, "Thase")).to_have_text("Stage I")
    expect(tile(page, "MGH-S")).to_have_text("2")
    expect(tile(page, "Maudsley")).to_contain_text("6")
    expect(
        page.get_by_text(
            "venlafaxine 75 mg for 8 weeks: below the minimum adequate dose of 150 mg (ATRQ)"
        )
    ).to_be_visible()
    save_screenshot(page, "treatments-history-three-trials")
    page.get_by_role("link", name="Staging", exact=True).click()
    expect(page.get_by_role("heading", name="Thase\u2013Rush")).to_be_visible()
    expect(
        page.get_by_text("stage II (adequate failures in 2 different classes): not met")
    ).to_be_visible()
    expect(page.get_by_text("adequate failed antidepressants: 2: 1 point")).to_be_visible()
    expect(page.get_by_text("Review the open items before labelling TRD.")).to_be_visible()
    save_screenshot(page, "treatments-staging-before-correction")

    # the correction: the pharmacy record shows 225 mg, not 75 mg
    page.get_by_role("link", name="Treatment history").first.click()
    page.get_by_role("link", name="Correct venlafaxine").click()
    page.locator("#id_doses-0-mg_per_day").fill("225")
    page.get_by_label("What changed and why").fill("dose from the pharmacy record")
    page.get_by_role("button", name="Save the correction").click()

    expect(page.get_by_text("Saved as history version 5")).to_be_visible()
    expect(tile(page, "Thase")).to_have_text("Stage II")
    expect(tile(page, "MGH-S")).to_have_text("3")
    expect(tile(page, "Maudsley")).to_contain_text("7")
    expect(
        page.get_by_text("venlafaxine: 8 weeks at or above the minimum adequate dose")
    ).to_be_visible()
    save_screenshot(page, "treatments-history-after-correction")

    page.get_by_role("link", name="Staging", exact=True).click()
    expect(
        page.get_by_text("stage II (adequate failures in 2 different classes): met")
    ).to_be_visible()
    past = page.get_by_role("row").filter(has_text="trial corrected: venlafaxine")
    expect(past).to_contain_text("v5")
    save_screenshot(page, "treatments-staging-after-correction")
    assert HistoryVersion.objects.filter(patient=world.patient).count() == 5
    assert StagingResult.objects.filter(patient=world.patient).count() == 5

    page.goto(f"{live_server.url}/patients/{world.patient.pk}/")
    expect(page.get_by_role("heading", name="Treatment timeline")).to_be_visible()
    save_screenshot(page, "treatments-chart")

    phone = open_page(viewport=PHONE, storage_state=page.context.storage_state())
    phone.goto(f"{live_server.url}/patients/{world.patient.pk}/history/staging/")
    expect(tile(phone, "Thase")).to_have_text("Stage II")
    save_screenshot(phone, "treatments-staging-phone")
    phone.goto(f"{live_server.url}/patients/{world.patient.pk}/history/trials/new/antidepressant/")
    save_screenshot(phone, "treatments-trial-form-phone")
    assert problems == []  # no script errors, no content-security-policy violations
