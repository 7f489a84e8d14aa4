"""A clinic admin opens the outcomes dashboard of a synthetic clinic, filters it, and sees the
figures with their intervals and the benchmarks beside the matching figures."""

import random

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from remission.demo.people import fictional_patient
from remission.insights.synth import add_outcomes
from remission.patients.models import CareTeamMember, Patient
from tests.e2e.conftest import PHONE, save_screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and memorable passphrase"


def test_admin_reads_and_filters_the_outcomes_dashboard(open_page, live_server, world):
    today = timezone.localdate()
    rng = random.Random(5)
    patients = Patient.objects.bulk_create(
        fictional_patient(rng, world.clinic_a.pk, n, today) for n in range(1, 301)
    )
    CareTeamMember.objects.bulk_create(
        CareTeamMember(patient=p, user=world.psychiatrist, role="lead") for p in patients
    )
    add_outcomes(world.clinic_a, seed=5, today=today)
    world.admin.set_password(PASSWORD)
    world.admin.save()
    page = open_page(viewport={"width": 1400, "height": 900})
    sign_in(page, live_server.url, world.admin, PASSWORD)

    page.get_by_role("link", name="Outcomes").click()
    expect(page.get_by_role("heading", name="Outcomes", exact=True)).to_be_visible()
    expect(page.get_by_text("ELEKT-D, ketamine arm: 55.4%").first).to_be_visible()
    expect(page.locator("svg.chart").first).to_be_visible()
    save_screenshot(page, "outcomes-dashboard")

    page.get_by_label("Pathway").select_option(label="IV ketamine series")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="ECT")).to_have_count(0)
    expect(page.get_by_role("heading", name="IV ketamine series").first).to_be_visible()
    save_screenshot(page, "outcomes-dashboard-ketamine")

    phone = open_page(viewport=PHONE, storage_state=page.context.storage_state())
    phone.goto(f"{live_server.url}/outcomes/?pathway=esketamine")
    expect(phone.get_by_text("TRANSFORM-1/2 pooled").first).to_be_visible()
    save_screenshot(phone, "outcomes-dashboard-phone")
