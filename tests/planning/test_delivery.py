"""A care plan's steps are delivered by series and courses ordered from it (issue: planning)."""

import pytest
import time_machine
from django.urls import reverse

from remission.interventional.models import NeuromodulationCourse, Series, TherapyCourse
from remission.planning.models import CarePlan
from tests.conftest import client_for
from tests.interventional.conftest import NOW
from tests.planning.conftest import decision_data, offered

pytestmark = pytest.mark.django_db


def record_plan(world) -> CarePlan:
    chosen = [o.id for o in offered(world.patient) if o.status == "suggested"][:1]
    client_for(world.psychiatrist).post(
        reverse("planning:planning", args=[world.patient.pk]), decision_data(world, chosen)
    )
    return CarePlan.objects.get(patient=world.patient)


def test_a_series_ordered_from_the_plan_is_listed_with_it(trd):
    world = trd
    with time_machine.travel(NOW, tick=False):
        plan = record_plan(world)
        client = client_for(world.psychiatrist)
        care_plan_page = client.get(reverse("planning:care_plan", args=[world.patient.pk]))
        order_url = reverse("interventional:series_new", args=[world.patient.pk, "esketamine"])
        assert f'{order_url}?plan=1"' in care_plan_page.content.decode()

        form = client.get(order_url + "?plan=1").content.decode()
        assert 'name="from_care_plan" id="id_from_care_plan" checked' in form
        client.post(
            order_url,
            {"schedule": "us", "weeks": "4", "start_on": "2026-12-07", "start_time": "09:00",
             "room": "Treatment chair 2", "nurse": world.nurse.pk,
             "prescriber": world.psychiatrist.pk, "from_care_plan": "on", "book": "1"},
        )  # fmt: skip

        made = Series.objects.get()
        assert made.care_plan == plan
        page = client.get(reverse("planning:care_plan", args=[world.patient.pk])).content.decode()
        assert reverse("interventional:series", args=[world.patient.pk, made.pk]) in page


def test_a_course_ordered_directly_is_not_part_of_the_plan(trd):
    world = trd
    record_plan(world)
    client_for(world.psychiatrist).post(
        reverse("interventional:course_new", args=[world.patient.pk, "tms"]),
        {"protocol": "10hz", "start_on": "2026-12-07"},
    )

    assert NeuromodulationCourse.objects.get().care_plan is None


def test_without_a_care_plan_the_order_form_does_not_ask(world):
    form = client_for(world.psychiatrist).get(
        reverse("interventional:course_new", args=[world.patient.pk, "tms"]) + "?plan=1"
    )

    assert "from_care_plan" not in form.content.decode()


def test_a_psychotherapy_course_booked_from_the_plan_is_listed_with_it(trd):
    world = trd
    plan = record_plan(world)
    client = client_for(world.psychiatrist)
    client.post(
        reverse("interventional:therapy_new", args=[world.patient.pk, "individual"]),
        {"modality": "cbt", "planned_sessions": "2", "per_week": "1", "start_on": "2026-12-08",
         "at": "15:00", "minutes": "50", "clinicians": [world.therapist.pk],
         "from_care_plan": "on"},
    )  # fmt: skip

    course = TherapyCourse.objects.get()
    assert course.care_plan == plan
    page = client.get(reverse("planning:care_plan", args=[world.patient.pk])).content.decode()
    assert reverse("interventional:therapy", args=[world.patient.pk, course.pk]) in page
