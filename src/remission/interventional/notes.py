"""Psychotherapy (integration) notes: sections by modality, homework into the companion, and the
one visibility rule every path uses.

A note is read by its author and by clinicians the author explicitly granted, and by nobody else:
not the rest of the care team, not administrators (HIPAA 45 CFR 164.501 treats psychotherapy
notes as separate from the medical record; 164.508(a)(2) asks for specific authorisation).
"""

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from remission.accounts.models import CLINICIAN_ROLES, User
from remission.appointments.models import Appointment, AppointmentStatus
from remission.audit import trail
from remission.audit.trail import Who
from remission.companion import services as companion
from remission.interventional.models import (
    Attendance,
    Modality,
    NoteGrant,
    PsychotherapyNote,
    TherapySession,
)
from remission.patients.models import CareTeamMember, Patient

COMMON = (("dose_experience", "Experience of the dose (for integration sessions)"),
          ("risk", "Risk review"), ("plan", "Plan for the next session"))  # fmt: skip
SECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    Modality.CBT: (("agenda", "Agenda"), ("situations", "Situations, thoughts, feelings, behaviours"),
                   ("cognitive_work", "Cognitive work"), ("homework_review", "Homework review")),
    Modality.BA: (("activity_monitoring", "Activity monitoring"),
                  ("scheduled_activities", "Activities scheduled"), ("avoidance", "Avoidance patterns")),
    Modality.IPT: (("focus_area", "Focus area (grief, role dispute, transition, deficits)"),
                   ("interpersonal_work", "Interpersonal work")),
    Modality.CBASP: (("situational_analysis", "Situational analysis"),
                     ("interpersonal_discrimination", "Interpersonal discrimination exercise")),
    Modality.PSYCHODYNAMIC_SHORT: (("themes", "Themes"), ("relational_patterns", "Relational patterns"),
                                   ("interventions", "Interpretations and interventions")),
    Modality.PSYCHODYNAMIC_LONG: (("themes", "Themes"), ("transference", "Transference and countertransference"),
                                  ("interventions", "Interpretations and interventions")),
    Modality.DBT: (("diary_card", "Diary card"), ("chain_analysis", "Chain analysis"),
                   ("skills", "Skills practised")),
    Modality.ACT: (("values", "Values"), ("acceptance_defusion", "Acceptance and defusion work"),
                   ("committed_action", "Committed action")),
    Modality.MBCT: (("practice", "Practice"), ("inquiry", "Inquiry")),
    Modality.TRAUMA_FOCUSED: (("stabilisation", "Stabilisation"), ("processing", "Trauma processing"),
                              ("arousal", "Arousal and grounding")),
    Modality.SYSTEMIC: (("present", "Who was present"), ("patterns", "Patterns in the system"),
                        ("interventions", "Interventions")),
}  # fmt: skip


def sections_for(modality: str) -> tuple[tuple[str, str], ...]:
    return (*SECTIONS[modality], *COMMON)


def visible_notes(user: User, patient: Patient) -> QuerySet[PsychotherapyNote]:
    """The patient's notes this user may read: their own, and those of authors who granted them."""
    granted = NoteGrant.objects.filter(
        patient=patient, grantee=user, revoked_at__isnull=True
    ).values("author")
    return PsychotherapyNote.objects.filter(patient=patient).filter(
        Q(author=user) | Q(author__in=granted)
    )


def hidden_count(user: User, patient: Patient) -> int:
    return (
        PsychotherapyNote.objects.filter(patient=patient).count()
        - visible_notes(user, patient).count()
    )


def write_note(
    who: Who, patient: Patient, author: User, *, modality: str, sections: dict[str, str],
    appointment: Appointment | None = None, exercise: str = "", homework_note: str = "",
) -> PsychotherapyNote:  # fmt: skip
    """Save a note; with an exercise, assign it as homework the patient sees in the companion.
    A note for a session marks the session as having taken place (a course session: attended)."""
    allowed = {key for key, _ in sections_for(modality)}
    kept = {key: text.strip() for key, text in sections.items() if key in allowed and text.strip()}
    with transaction.atomic():
        homework = None
        if exercise:
            homework = companion.assign_homework(
                who, patient, exercise, None, homework_note, source="integration-session",
                assigned_by=author,
            )  # fmt: skip
        note = PsychotherapyNote.objects.create(
            patient=patient, author=author, appointment=appointment, modality=modality,
            sections=kept, homework=homework,
        )  # fmt: skip
        if appointment is not None and appointment.status == AppointmentStatus.SCHEDULED:
            Appointment.objects.filter(pk=appointment.pk).update(
                status=AppointmentStatus.COMPLETED, version=F("version") + 1
            )
            TherapySession.objects.filter(appointment=appointment, attendance="").update(
                attendance=Attendance.ATTENDED
            )
        trail.record(who, "interventional.note.written", patient=patient, obj=note,
                     detail={"modality": modality, "homework": bool(homework)})  # fmt: skip
    return note


class NotOnTeam(Exception):
    pass


def grant(who: Who, patient: Patient, author: User, grantee: User, reason: str) -> NoteGrant:
    """The author lets a clinician of the patient's care team read their notes."""
    if (
        grantee == author
        or grantee.role not in CLINICIAN_ROLES
        or not (CareTeamMember.objects.filter(patient=patient, user=grantee).exists())
    ):
        raise NotOnTeam
    with transaction.atomic():
        made = NoteGrant.objects.create(patient=patient, author=author, grantee=grantee,
                                        reason=reason.strip())  # fmt: skip
        trail.record(who, "interventional.note_grant.granted", patient=patient, obj=made,
                     detail={"grantee": grantee.get_username()})  # fmt: skip
    return made


def revoke(who: Who, made: NoteGrant) -> None:
    with transaction.atomic():
        NoteGrant.objects.filter(pk=made.pk).update(revoked_at=timezone.now())
        trail.record(who, "interventional.note_grant.revoked", patient=made.patient, obj=made)
