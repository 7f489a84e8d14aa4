"""A therapist opens a running CBT course from the chart, records the attendance of a session and
sees planned against attended sessions."""

from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from remission.interventional import therapy_courses
from tests.e2e.conftest import save_screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and memorable passphrase"


def test_a_therapist_records_attendance_on_the_course_page(open_page, live_server, world):
    world.therapist.set_password(PASSWORD)
    world.therapist.save()
    start = timezone.localdate() - timedelta(weeks=2)
    course = therapy_courses.order_course(
        world.therapist, world.patient, world.therapist,
        therapy_courses.CourseOrder(
            kind="individual", modality="cbt", planned_sessions=8, per_week=1, start_on=start,
            at=time(14), minutes=50, clinicians=[world.therapist], measure="phq9",
        ),
    )  # fmt: skip
    first = course.sessions.get(number=1)
    therapy_courses.record_attendance(world.therapist, first, "attended")
    page = open_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server.url, world.therapist, PASSWORD)
    page.goto(f"{live_server.url}/patients/{world.patient.pk}/")
    page.get_by_role("link", name="Cognitive behavioural therapy · Individual").click()
    expect(page.get_by_text("of 8 planned sessions attended")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=f"{start + timedelta(weeks=1):%Y-%m-%d}")
    row.get_by_role("button", name="Did not attend").click()
    expect(page.get_by_text("Attendance recorded.")).to_be_visible()
    expect(page.get_by_text("1 did not attend")).to_be_visible()
    save_screenshot(page, "therapy-course")
