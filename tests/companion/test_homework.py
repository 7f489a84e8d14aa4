"""Coping skills and homework: assigned from the chart (or by other capabilities through the
service), done in the portal, seen by the therapist with the content only if shared."""

from datetime import date

import pytest
from django.urls import reverse

from remission.companion import services, skills
from remission.companion.models import ExerciseCompletion, HomeworkAssignment, HomeworkStatus
from tests.conftest import client_for


def test_every_exercise_names_its_approach_and_exists_in_english_and_german():
    approaches = {exercise.approach for exercise in skills.EXERCISES}
    assert {
        "cbt",
        "dbt",
        "act",
        "mindfulness",
        "activity",
        "sleep",
        "creative",
        "journaling",
    } <= approaches
    for exercise in skills.EXERCISES:
        for text in (exercise.title, exercise.summary, *exercise.steps):
            assert text.en.strip() and text.de.strip() and text.en != text.de, exercise.slug


def test_the_service_assigns_homework_for_other_capabilities_with_their_source(world, rf):
    request = rf.post("/")
    request.user = world.therapist

    assignment = services.assign_homework(
        request, world.patient, "values-compass", date(2026, 12, 1), "After the integration session",
        source="integration-session",
    )  # fmt: skip

    assert (assignment.status, assignment.source, assignment.assigned_by) == (
        "open", "integration-session", world.therapist,
    )  # fmt: skip


def test_an_unknown_exercise_cannot_be_assigned(world, rf):
    request = rf.post("/")
    request.user = world.therapist
    with pytest.raises(services.UnknownExercise):
        services.assign_homework(request, world.patient, "no-such-thing", None, "")


def test_a_therapist_assigns_from_the_chart_and_the_patient_sees_it_on_the_home_page(world):
    client_for(world.therapist).post(
        reverse("companion:chart_homework_new", args=[world.patient.pk]),
        {"exercise": "tipp", "due": "2026-12-01", "note": "Try it twice"},
    )

    home = client_for(world.patient_user).get(reverse("companion:home")).content.decode()
    assert "TIPP" in home


def test_the_patient_completes_homework_and_the_therapist_reads_shared_answers(world):
    assignment = HomeworkAssignment.objects.create(
        patient=world.patient, exercise="thought-record", assigned_by=world.therapist
    )
    client_for(world.patient_user).post(
        reverse("companion:homework", args=[assignment.pk]),
        {
            "answer_thought": "I always fail",
            "answer_balanced": "Sometimes I manage",
            "shared": "on",
        },
    )

    assignment.refresh_from_db()
    assert assignment.status == HomeworkStatus.DONE
    page = client_for(world.therapist).get(
        reverse("companion:chart_homework", args=[world.patient.pk, assignment.pk])
    )
    assert "I always fail" in page.content.decode()


def test_unshared_answers_stay_private_but_completion_is_visible(world):
    assignment = HomeworkAssignment.objects.create(
        patient=world.patient, exercise="thought-record", assigned_by=world.therapist
    )
    client_for(world.patient_user).post(
        reverse("companion:homework", args=[assignment.pk]), {"answer_thought": "Private answer"}
    )

    body = (
        client_for(world.therapist)
        .get(reverse("companion:chart_homework", args=[world.patient.pk, assignment.pk]))
        .content.decode()
    )
    assert "Private answer" not in body
    assert "kept the answers private" in body


def test_homework_is_done_once_only(world, rf):
    assignment = HomeworkAssignment.objects.create(
        patient=world.patient, exercise="tipp", assigned_by=world.therapist
    )
    request = rf.post("/")
    request.user = world.patient_user
    services.complete_exercise(request, world.patient, "tipp", responses={}, shared=False,
                               assignment=assignment)  # fmt: skip

    with pytest.raises(services.AlreadyDone):
        services.complete_exercise(request, world.patient, "tipp", responses={}, shared=False,
                                   assignment=assignment)  # fmt: skip
    assert ExerciseCompletion.objects.count() == 1


def test_another_patient_cannot_open_someone_elses_homework(world):
    assignment = HomeworkAssignment.objects.create(
        patient=world.patient, exercise="tipp", assigned_by=world.therapist
    )
    response = client_for(world.other_patient_user).get(
        reverse("companion:homework", args=[assignment.pk])
    )
    assert response.status_code == 404


def test_a_patient_practises_an_exercise_without_homework(world):
    client_for(world.patient_user).post(
        reverse("companion:exercise", args=["three-good-things"]), {"answer_first": "Sunshine"}
    )
    completion = ExerciseCompletion.objects.get(patient=world.patient)
    assert (completion.assignment, completion.responses["first"], completion.shared) == (
        None, "Sunshine", False,
    )  # fmt: skip


def test_opening_someone_elses_homework_is_audited_as_denied(world):
    from remission.audit.models import AuditEvent, Outcome

    assignment = HomeworkAssignment.objects.create(
        patient=world.patient, exercise="tipp", assigned_by=world.therapist
    )
    client_for(world.other_patient_user).get(reverse("companion:homework", args=[assignment.pk]))

    assert AuditEvent.objects.filter(
        action="companion.homework.denied", outcome=Outcome.DENIED, actor=world.other_patient_user
    ).exists()
