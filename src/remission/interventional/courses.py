"""TMS and ECT courses: the core's plan (sessions, pulses, review points), sessions with their
parameters, and cumulative progress.

rTMS contraindications block ordering (implanted metal near the head, cochlear implant; core
``contraindications``); ECT has no absolute contraindication (APA 2001, clinical.md 6.5).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max

from remission.accounts.models import User
from remission.audit import trail
from remission.audit.trail import Who
from remission.clinical.protocols import contraindications, ect, tms
from remission.clinical.protocols.findings import Finding, Level
from remission.clinical.protocols.treatments import Treatment
from remission.interventional.models import (
    CourseKind,
    NeuromodulationCourse,
    NeuromodulationSession,
)
from remission.interventional.series import conditions_of
from remission.patients.models import Patient
from remission.planning.models import CarePlan


class CourseRefused(Exception):
    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("; ".join(f.reason for f in findings))
        self.findings = findings


def screening(patient: Patient, kind: str) -> list[Finding]:
    return list(contraindications.screen(Treatment(kind), conditions_of(patient)).findings)


def order_course(
    who: Who, patient: Patient, by: User, *, kind: str, protocol: str, start: date,
    sessions: int | None = None, care_plan: CarePlan | None = None,
) -> NeuromodulationCourse:  # fmt: skip
    """Store the core's plan; raises ProtocolInputError naming the field, or CourseRefused."""
    blocked = [f for f in screening(patient, kind) if f.level is Level.BLOCK]
    if blocked:
        raise CourseRefused(blocked)
    reviews: list[dict[str, Any]] = []
    if kind == CourseKind.TMS:
        chosen = tms.tms_protocol(protocol)
        course = tms.tms_course(start, chosen)
        planned = [{"number": s.number, "date": s.date.isoformat(), "phase": s.phase,
                    "at": s.starts_at.isoformat(timespec="minutes") if s.starts_at else ""}
                   for s in course.sessions]  # fmt: skip
        pulses, sources = chosen.pulses_per_session, list(chosen.sources)
    else:
        plan = ect.ect_course(start, sessions)
        planned = [{"number": d.number, "date": d.date.isoformat(), "phase": d.phase, "at": ""}
                   for d in plan.sessions]  # fmt: skip
        reviews = [{"after_session": r.after_session, "date": r.date.isoformat(),
                    "reason": r.reason, "source": r.source} for r in plan.reviews]  # fmt: skip
        pulses, sources, protocol = None, [plan.source, plan.continuation_source], "ect"
    with transaction.atomic():
        made = NeuromodulationCourse.objects.create(
            patient=patient, kind=kind, protocol=protocol, start_on=start, planned=planned,
            reviews=reviews, pulses_per_session=pulses, sources=sources, ordered_by=by,
            care_plan=care_plan,
        )  # fmt: skip
        trail.record(who, "interventional.course.ordered", patient=patient, obj=made,
                     detail={"kind": kind, "protocol": protocol, "sessions": len(planned)})  # fmt: skip
    return made


def record_session(
    who: Who, course: NeuromodulationCourse, by: User, values: dict[str, Any]
) -> NeuromodulationSession:
    """Append the next session with its parameters."""
    with transaction.atomic():
        NeuromodulationCourse.objects.select_for_update().filter(pk=course.pk).get()
        last = course.sessions.aggregate(last=Max("number"))["last"] or 0
        given = NeuromodulationSession.objects.create(
            course=course, patient=course.patient, number=last + 1, recorded_by=by, **values
        )
        trail.record(who, "interventional.course.session_recorded", patient=course.patient,
                     obj=given, detail={"number": given.number})  # fmt: skip
    return given


@dataclass(frozen=True)
class Progress:
    given: int
    planned: int
    pulses_given: int
    pulses_planned: int | None
    reviews: list[dict[str, Any]]  # each with "reached"


def progress(course: NeuromodulationCourse) -> Progress:
    sessions = list(course.sessions.all())
    given = len(sessions)
    return Progress(
        given=given,
        planned=len(course.planned),
        pulses_given=sum(s.pulses or 0 for s in sessions),
        pulses_planned=(course.pulses_per_session or 0) * len(course.planned) or None,
        reviews=[r | {"reached": given >= r["after_session"]} for r in course.reviews],
    )
