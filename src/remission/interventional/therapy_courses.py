"""Psychotherapy courses and intensive outpatient programmes: sessions booked on the calendar,
attendance, an optional measure due on each session day, and the outcome written into the
treatment history as a psychotherapy trial.

The integration sessions a ketamine/esketamine series proposes (``series.propose_integration``)
join the therapist's open "integration" course (:func:`attach_integration`).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from remission.accounts.models import CLINICIAN_ROLES, User
from remission.appointments import services as appointments
from remission.appointments.models import Appointment, AppointmentStatus
from remission.audit import trail
from remission.audit.trail import Who
from remission.clinical.history.types import Modality as HistoryModality
from remission.interventional.models import (
    Attendance,
    Modality,
    Series,
    TherapyCourse,
    TherapyCourseKind,
    TherapyCourseStatus,
    TherapySession,
)
from remission.measures import services as measures
from remission.patients.models import CareTeamMember, Patient
from remission.planning.models import CarePlan
from remission.treatments import services as history
from remission.treatments.models import Trial

MAX_SESSIONS = 100
ORDERABLE = (TherapyCourseKind.INDIVIDUAL, TherapyCourseKind.GROUP, TherapyCourseKind.PROGRAMME)
# Weekdays (Monday = 0) used for n sessions a week: spread over the working week.
WEEK_PATTERNS = {1: (0,), 2: (0, 3), 3: (0, 2, 4), 4: (0, 1, 3, 4), 5: (0, 1, 2, 3, 4)}
HISTORY_MODALITY = {
    Modality.CBT: HistoryModality.CBT,
    Modality.BA: HistoryModality.BEHAVIOURAL_ACTIVATION,
    Modality.IPT: HistoryModality.IPT,
    Modality.CBASP: HistoryModality.CBASP,
    Modality.PSYCHODYNAMIC_SHORT: HistoryModality.SHORT_TERM_PSYCHODYNAMIC,
    Modality.PSYCHODYNAMIC_LONG: HistoryModality.LONG_TERM_PSYCHODYNAMIC,
    Modality.DBT: HistoryModality.DBT,
    Modality.ACT: HistoryModality.ACT,
    Modality.MBCT: HistoryModality.MBCT,
    Modality.TRAUMA_FOCUSED: HistoryModality.TRAUMA_FOCUSED,
    Modality.SYSTEMIC: HistoryModality.SYSTEMIC_FAMILY,
}
APPOINTMENT_STATUS = {
    Attendance.ATTENDED: AppointmentStatus.COMPLETED,
    Attendance.CANCELLED: AppointmentStatus.CANCELLED,
    Attendance.DID_NOT_ATTEND: AppointmentStatus.MISSED,
}


class CourseInvalid(Exception):
    """Input refused; ``field`` names the form field, the message says what is allowed."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


@dataclass(frozen=True)
class CourseOrder:
    kind: str
    modality: str
    planned_sessions: int
    per_week: int
    start_on: date
    at: time
    minutes: int
    clinicians: list[User]
    measure: str = ""
    location: str = ""
    care_plan: CarePlan | None = None


def session_days(start_on: date, planned: int, per_week: int) -> list[date]:
    """``planned`` working days from ``start_on``, ``per_week`` a week on the week's pattern;
    one session a week keeps the weekday of the first session."""
    if per_week == 1:
        return [start_on + timedelta(weeks=n) for n in range(planned)]
    monday = start_on - timedelta(days=start_on.weekday())
    days: list[date] = []
    week = 0
    while len(days) < planned:
        for weekday in WEEK_PATTERNS[per_week]:
            day = monday + timedelta(weeks=week, days=weekday)
            if day >= start_on and len(days) < planned:
                days.append(day)
        week += 1
    return days


def _validate(patient: Patient, order: CourseOrder) -> None:
    if order.kind not in TherapyCourseKind.values or order.kind == TherapyCourseKind.INTEGRATION:
        raise CourseInvalid("kind", "Choose individual, group or intensive outpatient programme.")
    if order.modality not in Modality.values:
        raise CourseInvalid("modality", "Choose one of the listed modalities.")
    if not 1 <= order.planned_sessions <= MAX_SESSIONS:
        raise CourseInvalid("planned_sessions", f"Between 1 and {MAX_SESSIONS} sessions.")
    if order.per_week not in WEEK_PATTERNS:
        raise CourseInvalid("per_week", "Between 1 and 5 sessions a week.")
    if not order.clinicians:
        raise CourseInvalid("clinicians", "Choose at least one clinician of the care team.")
    if order.kind == TherapyCourseKind.PROGRAMME and len(order.clinicians) < 2:
        raise CourseInvalid("clinicians", "A programme is run by two or more clinicians.")
    team = set(CareTeamMember.objects.filter(patient=patient).values_list("user_id", flat=True))
    for person in order.clinicians:
        if person.pk not in team or person.role not in CLINICIAN_ROLES:
            raise CourseInvalid(
                "clinicians", f"{person.get_full_name()} is not a clinician of the care team."
            )
    if order.measure not in ("", "phq9", "gad7"):
        raise CourseInvalid("measure", "PHQ-9, GAD-7 or none.")


def order_course(who: Who, patient: Patient, by: User, order: CourseOrder) -> TherapyCourse:
    """Book every session (one transaction: a clash leaves nothing booked, CourseInvalid names
    the session and who is booked). The sessions rotate through the clinicians in their order."""
    _validate(patient, order)
    label = str(TherapyCourseKind(order.kind).label)
    if order.modality:
        label = f"{Modality(order.modality).label} ({label.lower()})"
    with transaction.atomic():
        course = TherapyCourse.objects.create(
            patient=patient, kind=order.kind, modality=order.modality,
            planned_sessions=order.planned_sessions, per_week=order.per_week,
            start_on=order.start_on, measure=order.measure, ordered_by=by,
            care_plan=order.care_plan,
        )  # fmt: skip
        course.clinicians.set(order.clinicians)
        days = session_days(order.start_on, order.planned_sessions, order.per_week)
        for number, day in enumerate(days, start=1):
            clinician = order.clinicians[(number - 1) % len(order.clinicians)]
            starts = timezone.make_aware(datetime.combine(day, order.at))
            try:
                booked = appointments.book_appointment(
                    who, patient, clinicians=[clinician], starts_at=starts,
                    ends_at=starts + timedelta(minutes=order.minutes),
                    title=f"{label} session {number}", location=order.location,
                    source="interventional.therapy", created_by=by,
                )  # fmt: skip
            except appointments.BookingConflict:
                raise CourseInvalid(
                    "start_on",
                    f"Session {number} on {day:%Y-%m-%d} at {order.at:%H:%M} clashes with a "
                    f"booking of {clinician.get_full_name()} or the patient.",
                ) from None
            _add_session(who, course, number, clinician, booked)
        trail.record(who, "interventional.therapy_course.ordered", patient=patient, obj=course,
                     detail={"kind": order.kind, "modality": order.modality,
                             "sessions": order.planned_sessions, "per_week": order.per_week,
                             "measure": order.measure})  # fmt: skip
    return course


def _add_session(
    who: Who, course: TherapyCourse, number: int, clinician: User, booked: Appointment
) -> TherapySession:
    due = None
    if course.measure:
        due = measures.add_due(
            who, course.patient, course.measure, timezone.localdate(booked.starts_at),
            f"At {booked.title}",
        )  # fmt: skip
    return TherapySession.objects.create(
        course=course, patient=course.patient, number=number, clinician=clinician,
        appointment=booked, questionnaire=due,
    )  # fmt: skip


def attach_integration(who: Who, made: Series) -> TherapyCourse | None:
    """Put the integration sessions proposed for ``made`` into the therapist's open integration
    course of this patient (opened here if there is none)."""
    proposed = [s.integration for s in made.sessions.order_by("number") if s.integration]
    if made.therapist is None or not proposed:
        return None
    course = TherapyCourse.objects.filter(
        patient=made.patient, kind=TherapyCourseKind.INTEGRATION,
        status=TherapyCourseStatus.ACTIVE, clinicians=made.therapist,
    ).first()  # fmt: skip
    if course is None:
        course = TherapyCourse.objects.create(
            patient=made.patient, kind=TherapyCourseKind.INTEGRATION, planned_sessions=0,
            per_week=2, start_on=made.start_on, ordered_by=made.ordered_by,
        )  # fmt: skip
        course.clinicians.set([made.therapist])
    last = course.sessions.aggregate(last=Max("number"))["last"] or 0
    for offset, booked in enumerate(proposed, start=1):
        _add_session(who, course, last + offset, made.therapist, booked)
    TherapyCourse.objects.filter(pk=course.pk).update(
        planned_sessions=F("planned_sessions") + len(proposed)
    )
    trail.record(who, "interventional.therapy_course.integration_attached",
                 patient=made.patient, obj=course,
                 detail={"series": made.pk, "sessions": len(proposed)})  # fmt: skip
    course.refresh_from_db()
    return course


def record_attendance(who: Who, session: TherapySession, attendance: str) -> None:
    """Attended, cancelled or did not attend; the calendar entry follows."""
    if attendance not in Attendance.values:
        raise CourseInvalid("attendance", "Attended, cancelled or did not attend.")
    with transaction.atomic():
        TherapySession.objects.filter(pk=session.pk).update(attendance=attendance)
        Appointment.objects.filter(pk=session.appointment_id).update(
            status=APPOINTMENT_STATUS[Attendance(attendance)], version=F("version") + 1
        )
        trail.record(who, "interventional.therapy_session.attendance", patient=session.patient,
                     obj=session, detail={"number": session.number, "attendance": attendance})  # fmt: skip
    session.attendance = attendance


@dataclass(frozen=True)
class Progress:
    planned: int
    attended: int
    cancelled: int
    did_not_attend: int
    open: int

    @property
    def percent(self) -> int:
        return round(100 * self.attended / self.planned) if self.planned else 0


def progress(course: TherapyCourse) -> Progress:
    marks = list(course.sessions.values_list("attendance", flat=True))
    return Progress(
        planned=course.planned_sessions,
        attended=marks.count(Attendance.ATTENDED),
        cancelled=marks.count(Attendance.CANCELLED),
        did_not_attend=marks.count(Attendance.DID_NOT_ATTEND),
        open=marks.count(""),
    )


def history_modality(course: TherapyCourse) -> str:
    if course.kind == TherapyCourseKind.PROGRAMME:
        return HistoryModality.INTENSIVE_OUTPATIENT.value
    if not course.modality:
        return HistoryModality.OTHER.value
    return HISTORY_MODALITY[Modality(course.modality)].value


def end_course(
    who: Who, course: TherapyCourse, *, status: str, ended_on: date, outcome: str
) -> TherapyCourse:
    """End the course and write (or, when ended again, correct) its psychotherapy trial in the
    treatment history: modality, sessions attended, weeks, outcome, dates.

    Raises ``CourseInvalid`` for bad input, ``treatments.services.NoEpisode`` when the history has
    no current episode, ``InvalidHistory`` when the core refuses the trial; nothing is saved then.
    """
    if status not in (TherapyCourseStatus.COMPLETED, TherapyCourseStatus.STOPPED):
        raise CourseInvalid("status", "Completed or stopped early.")
    if ended_on < course.start_on:
        raise CourseInvalid("ended_on", "The end date is on or after the first session.")
    attended = progress(course).attended
    values = {
        "modality": history_modality(course), "sessions": attended,
        "weeks": round((ended_on - course.start_on).days / 7, 1), "outcome": outcome,
        "started_on": course.start_on, "ended_on": ended_on, "current_episode": True,
    }  # fmt: skip
    with transaction.atomic():
        if course.trial is None:
            trial = Trial(kind="psychotherapy", **values)
            history.add_trial(who, course.patient, trial, reason="psychotherapy course ended")
        else:
            trial = course.trial
            for name, value in values.items():
                setattr(trial, name, value)
            history.update_trial(who, trial, trial.version, reason="psychotherapy course ended")
        course.status, course.ended_on, course.trial = status, ended_on, trial
        course.save(update_fields=["status", "ended_on", "trial"])
        trail.record(who, "interventional.therapy_course.ended", patient=course.patient,
                     obj=course, detail={"status": status, "outcome": outcome,
                                         "attended": attended})  # fmt: skip
    return course
