"""Psychotherapy notes: by modality, homework into the companion, and visible only to the author
and explicitly granted clinicians on the pages, the chart panel and the export
(security-targets T04; HIPAA 164.501, 164.508(a)(2))."""

from django.urls import reverse

from remission.appointments.models import AppointmentStatus
from remission.companion.models import HomeworkAssignment
from remission.interventional import notes
from tests.conftest import client_for

SECRET = "Canary-dream-about-the-lighthouse"


def write(world, **extra):
    return notes.write_note(
        world.therapist, world.patient, world.therapist, modality="act",
        sections={"values": "Being a present parent", "committed_action": SECRET}, **extra,
    )  # fmt: skip


def test_sections_follow_the_modality_and_unknown_ones_are_dropped(world):
    note = notes.write_note(
        world.therapist, world.patient, world.therapist, modality="cbt",
        sections={"agenda": "Review week", "values": "not a CBT section", "plan": "Thought record"},
    )  # fmt: skip
    assert note.sections == {"agenda": "Review week", "plan": "Thought record"}


def test_homework_from_an_integration_note_reaches_the_companion(world, esketamine_series):
    session = esketamine_series.sessions.get(number=1)
    write(world, appointment=session.integration, exercise="thought-record",
          homework_note="After the next dose")  # fmt: skip
    homework = HomeworkAssignment.objects.get(patient=world.patient)
    assert homework.source == "integration-session" and homework.note == "After the next dose"
    session.integration.refresh_from_db()
    assert session.integration.status == AppointmentStatus.COMPLETED
    portal = (
        client_for(world.patient_user)
        .get(reverse("companion:homework", args=[homework.pk]))
        .content.decode()
    )
    assert "After the next dose" in portal


def test_only_the_author_reads_the_note_until_a_grant_and_after_revocation_not(world):
    write(world)
    urls = [reverse("interventional:notes", args=[world.patient.pk]),
            reverse("interventional:note_export", args=[world.patient.pk]),
            reverse("patients:chart", args=[world.patient.pk])]  # fmt: skip

    def seen_by(user) -> list[bool]:
        client = client_for(user)
        return [SECRET in client.get(url).content.decode() for url in urls[:2]] + [
            "Acceptance and commitment therapy" in client.get(urls[2]).content.decode()
        ]

    assert seen_by(world.therapist) == [True, True, True]
    assert seen_by(world.psychiatrist) == [False, False, False]
    made = notes.grant(world.therapist, world.patient, world.therapist, world.psychiatrist,
                       "Shared care of the ketamine series")  # fmt: skip
    assert seen_by(world.psychiatrist) == [True, True, True]
    assert seen_by(world.nurse) == [False, False, False]
    notes.revoke(world.therapist, made)
    assert seen_by(world.psychiatrist) == [False, False, False]


def test_a_grant_goes_only_to_a_clinician_of_the_care_team(world):
    import pytest

    with pytest.raises(notes.NotOnTeam):
        notes.grant(world.therapist, world.patient, world.therapist, world.outsider, "x")
    with pytest.raises(notes.NotOnTeam):
        notes.grant(world.therapist, world.patient, world.therapist, world.admin, "x")


def test_the_grant_and_revoke_pages(world):
    client = client_for(world.therapist)
    client.post(reverse("interventional:note_grant", args=[world.patient.pk]),
                {"grantee": world.nurse.pk, "reason": "Covering the sessions"})  # fmt: skip
    made = notes.NoteGrant.objects.get()
    assert made.grantee == world.nurse and made.author == world.therapist
    client_for(world.psychiatrist).post(
        reverse("interventional:note_revoke", args=[world.patient.pk, made.pk])
    )
    made.refresh_from_db()
    assert made.revoked_at is None  # only the author revokes
    client.post(reverse("interventional:note_revoke", args=[world.patient.pk, made.pk]))
    made.refresh_from_db()
    assert made.revoked_at is not None


def test_writing_a_note_on_the_page(world):
    client = client_for(world.therapist)
    url = reverse("interventional:note_new", args=[world.patient.pk]) + "?modality=ipt"
    assert "Focus area" in client.get(url).content.decode()
    response = client.post(url, {"focus_area": "Role transition", "plan": "Next week"})
    assert response.status_code == 302
    assert notes.PsychotherapyNote.objects.get().sections["focus_area"] == "Role transition"
