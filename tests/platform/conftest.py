"""Objects that the URLs of the access matrix name, shared by the route crawls."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from remission.appointments.models import Appointment
from remission.companion.models import GroupMembership, GroupSession, HomeworkAssignment, PeerGroup
from remission.interventional import therapy_courses
from remission.measures import services
from tests.interventional.conftest import order_series
from tests.planning.conftest import plan_for
from tests.treatments.conftest import record_history


def record_care_plan(world):
    """The canary patient's care plan (on the history recorded by ``record_history``)."""
    return plan_for(world, [])


def order_therapy(world):
    """A two-session CBT course three weeks ahead (16:00, clear of the series' bookings)."""
    order = therapy_courses.CourseOrder(
        kind="individual", modality="cbt", planned_sessions=2, per_week=1,
        start_on=date.today() + timedelta(weeks=3), at=time(16), minutes=50,
        clinicians=[world.therapist],
    )  # fmt: skip
    course = therapy_courses.order_course(world.therapist, world.patient, world.therapist, order)
    return {"therapy_course": course, "therapy_session": course.sessions.first(),
            "therapy_kind": "group"}  # fmt: skip


@pytest.fixture
def things(world):
    """The canary patient's companion objects that URLs of the matrix name."""
    group = PeerGroup.objects.create(
        clinic=world.clinic_a,
        name="Tuesday circle",
        description="Peer support",
        format="in_person",
        place="Room 2",
        schedule="Tuesdays 18:00",
        facilitator=world.therapist,
    )
    GroupMembership.objects.create(group=group, patient=world.patient, display_name="Z.")
    start = timezone.now() + timedelta(days=2)
    appointment = Appointment.objects.create(
        patient=world.patient, starts_at=start, ends_at=start + timedelta(hours=1), title="Review"
    )
    appointment.clinicians.set([world.psychiatrist])
    recorded = services.record_assessment(
        world.psychiatrist,
        world.patient,
        "phq9",
        {f"q{n}": 1 for n in range(1, 10)},
        source="clinician",
    )
    _, link_token = services.create_link(
        world.psychiatrist, world.patient, ["phq9"], language="en", delivery="print"
    )
    return {
        "assessment": recorded.assessment.pk,
        "alert": recorded.alerts[0].pk,
        "schedule": services.add_schedule(
            world.psychiatrist, world.patient, "phq9", 7, date.today()
        ).pk,
        "link_token": link_token,
        "assignment": HomeworkAssignment.objects.create(
            patient=world.patient, exercise="thought-record", assigned_by=world.therapist
        ).pk,
        "group": group.pk,
        "session": GroupSession.objects.create(group=group, starts_at=start).pk,
        "appointment": appointment.pk,
        "link": world.link.pk,
        **record_history(world),
        "plan_number": record_care_plan(world).number,
        **order_series(world),
        **order_therapy(world),
    }
