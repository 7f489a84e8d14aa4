"""Psychotherapy courses and intensive outpatient programmes: booking, attendance, a measure on
the session day, the outcome in the treatment history, integration sessions, access."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse

from remission.appointments.models import Appointment, AppointmentStatus
from remission.audit.models import AuditEvent
from remission.interventional import series, therapy_courses
from remission.interventional.models import PsychotherapyNote, TherapyCourse, TherapyCourseKind
from remission.measures.models import DueQuestionnaire
from remission.treatments import services as history
from remission.treatments.models import Episode, Trial
from tests.interventional.conftest import MONDAY, esketamine_order


def cbt_order(world, **changes) -> therapy_courses.CourseOrder:
    fields = {
        "kind": "individual", "modality": "cbt", "planned_sessions": 4, "per_week": 1,
        "start_on": MONDAY, "at": time(14), "minutes": 50, "clinicians": [world.therapist],
    } | changes  # fmt: skip
    return therapy_courses.CourseOrder(**fields)


def book(world, **changes) -> TherapyCourse:
    return therapy_courses.order_course(
        world.therapist, world.patient, world.therapist, cbt_order(world, **changes)
    )


def test_ordering_books_every_session_on_the_calendar(world, monday):
    course = book(world)
    sessions = list(course.sessions.select_related("appointment"))
    assert [s.appointment.starts_at.date() for s in sessions] == [
        MONDAY + timedelta(weeks=n) for n in range(4)
    ]
    assert all(s.appointment.source == "interventional.therapy" for s in sessions)
    assert {c for s in sessions for c in s.appointment.clinicians.all()} == {world.therapist}
    assert AuditEvent.objects.filter(action="interventional.therapy_course.ordered").exists()


def test_a_programme_rotates_its_team_over_several_sessions_a_week(world, monday):
    course = book(world, kind="programme", planned_sessions=6, per_week=3,
                  clinicians=[world.therapist, world.psychiatrist, world.nurse])  # fmt: skip
    sessions = list(course.sessions.select_related("appointment"))
    # three a week on Monday, Wednesday and Friday
    assert [s.appointment.starts_at.date().weekday() for s in sessions] == [0, 2, 4, 0, 2, 4]
    assert [s.clinician for s in sessions] == [world.therapist, world.psychiatrist, world.nurse] * 2


def test_a_programme_needs_a_team(world, monday):
    with pytest.raises(therapy_courses.CourseInvalid) as refused:
        book(world, kind="programme", per_week=3)
    assert refused.value.field == "clinicians"


def test_a_clinician_outside_the_care_team_is_refused(world, monday):
    with pytest.raises(therapy_courses.CourseInvalid) as refused:
        book(world, clinicians=[world.outsider])
    assert "care team" in refused.value.message
    assert not TherapyCourse.objects.exists()


def test_a_clash_leaves_nothing_booked(world, monday):
    book(world)
    with pytest.raises(therapy_courses.CourseInvalid) as refused:
        book(world, start_on=MONDAY + timedelta(weeks=2))
    assert "Session 1" in refused.value.message
    assert TherapyCourse.objects.count() == 1
    assert Appointment.objects.filter(source="interventional.therapy").count() == 4


def test_attendance_marks_the_session_and_the_calendar(world, monday):
    course = book(world)
    first, second, third = list(course.sessions.all())[:3]
    therapy_courses.record_attendance(world.therapist, first, "attended")
    therapy_courses.record_attendance(world.therapist, second, "cancelled")
    therapy_courses.record_attendance(world.therapist, third, "did_not_attend")
    statuses = [s.appointment.status for s in course.sessions.select_related("appointment")]
    assert statuses[:3] == [
        AppointmentStatus.COMPLETED,
        AppointmentStatus.CANCELLED,
        AppointmentStatus.MISSED,
    ]
    shown = therapy_courses.progress(course)
    assert (shown.attended, shown.cancelled, shown.did_not_attend, shown.open) == (1, 1, 1, 1)
    assert shown.percent == 25


def test_a_measure_is_due_on_each_session_day_when_set(world, monday):
    course = book(world, measure="gad7")
    due = DueQuestionnaire.objects.filter(patient=world.patient).order_by("due_on")
    assert [d.due_on for d in due] == [MONDAY + timedelta(weeks=n) for n in range(4)]
    assert {d.instrument for d in due} == {"gad7"}
    assert course.sessions.first().questionnaire == due.first()


def test_no_measure_by_default(world, monday):
    book(world)
    assert not DueQuestionnaire.objects.exists()


def test_ending_a_course_writes_the_psychotherapy_trial(world, monday):
    history.save_episode(
        world.psychiatrist, world.patient, Episode(start=date(2026, 3, 1), severity="moderate"),
        None,
    )  # fmt: skip
    course = book(world, kind="programme", per_week=3, modality="dbt",
                  clinicians=[world.therapist, world.nurse])  # fmt: skip
    for session in list(course.sessions.all())[:3]:
        therapy_courses.record_attendance(world.therapist, session, "attended")
    therapy_courses.end_course(world.therapist, course, status="stopped",
                               ended_on=MONDAY + timedelta(days=14), outcome="no_response")  # fmt: skip
    trial = Trial.objects.get(patient=world.patient)
    assert (trial.kind, trial.modality, trial.sessions, trial.weeks, trial.outcome) == (
        "psychotherapy",
        "intensive_outpatient",
        3,
        2.0,
        "no_response",
    )
    assert (trial.started_on, trial.ended_on) == (MONDAY, MONDAY + timedelta(days=14))
    course.refresh_from_db()
    assert (course.status, course.trial) == ("stopped", trial)
    # ending again corrects the same trial
    therapy_courses.end_course(world.therapist, course, status="completed",
                               ended_on=MONDAY + timedelta(days=21), outcome="response")  # fmt: skip
    trial.refresh_from_db()
    assert (trial.outcome, trial.weeks, Trial.objects.count()) == ("response", 3.0, 1)


def test_ending_without_an_episode_saves_nothing(world, monday):
    course = book(world)
    with pytest.raises(history.NoEpisode):
        therapy_courses.end_course(world.therapist, course, status="completed",
                                   ended_on=MONDAY, outcome="response")  # fmt: skip
    course.refresh_from_db()
    assert (course.status, course.trial) == ("active", None)


def test_integration_sessions_of_a_series_join_one_integration_course(world, monday):
    first = series.order_series(
        world.psychiatrist, world.patient, esketamine_order(world, weeks=1), world.psychiatrist
    )
    course = TherapyCourse.objects.get(kind=TherapyCourseKind.INTEGRATION)
    proposed = [s.integration for s in first.sessions.all() if s.integration]
    assert proposed
    assert [s.appointment for s in course.sessions.all()] == proposed
    assert list(course.clinicians.all()) == [world.therapist]
    assert course.planned_sessions == len(proposed)
    series.order_series(
        world.psychiatrist, world.patient,
        esketamine_order(world, weeks=1, start_on=MONDAY + timedelta(weeks=4)), world.psychiatrist,
    )  # fmt: skip
    assert TherapyCourse.objects.filter(kind=TherapyCourseKind.INTEGRATION).count() == 1
    course.refresh_from_db()
    assert course.sessions.count() == course.planned_sessions > len(proposed)


def test_pages_book_record_and_end(world, monday, as_user):
    client = as_user(world.therapist)
    new = reverse("interventional:therapy_new", args=[world.patient.pk, "individual"])
    assert client.get(new).status_code == 200
    response = client.post(new, {
        "modality": "ba", "planned_sessions": "3", "per_week": "1", "start_on": "2026-12-08",
        "at": "15:00", "minutes": "50", "clinicians": [world.therapist.pk], "measure": "phq9",
    })  # fmt: skip
    course = TherapyCourse.objects.get()
    page = reverse("interventional:therapy", args=[world.patient.pk, course.pk])
    assert response.status_code == 302 and response["Location"] == page
    session = course.sessions.first()
    client.post(
        reverse(
            "interventional:therapy_attendance", args=[world.patient.pk, course.pk, session.pk]
        ),
        {"attendance": "attended"},
    )
    shown = client.get(page).content.decode()
    assert "1</strong> of 3 planned sessions attended" in shown
    assert "Write the note" in shown
    ended = client.post(page, {"status": "completed", "ended_on": "2026-12-22",
                               "outcome": "response"}).content.decode()  # fmt: skip
    assert "Record the current episode" in ended


def test_bad_input_names_the_field(world, monday, as_user):
    client = as_user(world.therapist)
    new = reverse("interventional:therapy_new", args=[world.patient.pk, "programme"])
    shown = client.post(new, {
        "modality": "cbt", "planned_sessions": "10", "per_week": "3", "start_on": "2026-12-08",
        "at": "15:00", "minutes": "50", "clinicians": [world.therapist.pk],
    }).content.decode()  # fmt: skip
    assert "A programme is run by two or more clinicians." in shown
    assert not TherapyCourse.objects.exists()


def test_only_the_care_team_opens_a_course(world, monday, as_user):
    course = book(world)
    page = reverse("interventional:therapy", args=[world.patient.pk, course.pk])
    assert as_user(world.nurse).get(page).status_code == 200
    assert as_user(world.outsider).get(page).status_code == 403
    assert as_user(world.admin).get(page).status_code == 403


def test_a_session_note_is_a_private_psychotherapy_note(world, monday, as_user):
    course = book(world, modality="ipt")
    session = course.sessions.first()
    client = as_user(world.therapist)
    new = reverse("interventional:note_new", args=[world.patient.pk])
    client.post(f"{new}?appointment={session.appointment_id}&modality=ipt",
                {"focus_area": "Role transition after retirement"})  # fmt: skip
    note = PsychotherapyNote.objects.get()
    assert (note.appointment_id, note.modality) == (session.appointment_id, "ipt")
    session.refresh_from_db()
    assert session.attendance == "attended"
    notes_page = reverse("interventional:notes", args=[world.patient.pk])
    assert "Role transition" in client.get(notes_page).content.decode()
    assert "Role transition" not in as_user(world.psychiatrist).get(notes_page).content.decode()
