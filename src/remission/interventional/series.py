"""Ordering a series: the core's schedule laid on the clinic calendar.

Each dose becomes an appointment (room or chair, nurse and prescriber), a pre-dose questionnaire
is made due before it (``measures.add_due``), and an integration session is proposed for the
patient's therapist inside the clinic's integration window (core :mod:`integration`). Clashes with
people or the room are shown before anything is booked; booking refuses them.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from remission.accounts.models import User
from remission.appointments import services as appointments
from remission.appointments.models import Appointment
from remission.audit import trail
from remission.audit.trail import Who
from remission.clinical.protocols import contraindications, esketamine, ketamine_iv, monitoring
from remission.clinical.protocols.findings import Finding, Level
from remission.clinical.protocols.integration import integration_window
from remission.clinical.protocols.treatments import Treatment
from remission.interventional import therapy_courses
from remission.interventional.clinic_settings import policy_for, settings_for
from remission.interventional.models import DoseSession, Series, SeriesKind
from remission.measures import services as measures
from remission.patients.models import CareTeamMember, CareTeamRole, Patient
from remission.planning.models import CarePlan
from remission.treatments.models import Contributor, ContributorKind

PREPARATION_MINUTES = 30  # check-in and pre-dose checks before dosing: a clinic routine


@dataclass(frozen=True)
class Order:
    """What the clinician chose on the order form."""

    kind: str
    schedule: str  # ketamine: a series template; esketamine: "us" or "eu"
    start_on: date
    start_time: time
    room: str
    nurse: User
    prescriber: User
    weeks: int = 12
    weight_kg: Decimal | None = None
    mg_per_kg: Decimal | None = None
    infusion_minutes: int | None = None
    concentration_mg_per_ml: Decimal | None = None
    care_plan: CarePlan | None = None


@dataclass(frozen=True)
class PlannedDose:
    number: int
    day: date
    phase: str
    dose_options_mg: tuple[int, ...]
    starts_at: datetime
    ends_at: datetime
    clashes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Plan:
    order: Order
    doses: tuple[PlannedDose, ...]
    screening: tuple[Finding, ...]
    sources: tuple[str, ...]
    therapist: User | None

    @property
    def blocked(self) -> list[Finding]:
        return [f for f in self.screening if f.level is Level.BLOCK]

    @property
    def clashing(self) -> bool:
        return any(dose.clashes for dose in self.doses)


def treatment_of(kind: str) -> Treatment:
    return Treatment(kind)


def conditions_of(patient: Patient) -> list[str]:
    """The patient's current recorded conditions (the treatment history's contributors)."""
    return [
        entry.code
        for entry in Contributor.objects.filter(
            patient=patient, kind=ContributorKind.CONDITION, removed_at=None
        )
        if entry.code and entry.current
    ]


def therapist_of(patient: Patient) -> User | None:
    member = (
        CareTeamMember.objects.filter(patient=patient, role=CareTeamRole.THERAPIST)
        .select_related("user")
        .first()
    )
    return member.user if member else None


def visit_minutes(kind: str, infusion_minutes: int | None = None) -> int:
    """Check-in and checks, dosing, and the minimum observation of the core's monitoring rule."""
    rule = monitoring.observation_rule(treatment_of(kind))
    if kind == SeriesKind.KETAMINE_IV:
        dosing = infusion_minutes or ketamine_iv.rules().minutes
    else:
        table = esketamine.rules()
        dosing = table.rest_minutes * 2  # up to three devices, 5 minutes apart
    return PREPARATION_MINUTES + dosing + rule.minimum_minutes


def plan_series(patient: Patient, order: Order) -> Plan:
    """The dated doses of ``order`` with any clashes, and the contraindication screening.

    Raises :class:`ProtocolInputError` naming the field for input the core refuses.
    """
    if order.kind == SeriesKind.KETAMINE_IV:
        assert order.weight_kg is not None
        ketamine_iv.ketamine_dose(
            order.weight_kg,
            mg_per_kg=order.mg_per_kg,
            minutes=order.infusion_minutes,
            concentration_mg_per_ml=order.concentration_mg_per_ml,
        )  # validates the dose inputs before anything is planned
        template = ketamine_iv.series_template(order.schedule)
        laid_out = ketamine_iv.ketamine_series(order.start_on, template)
        days: list[tuple[int, date, str, tuple[int, ...]]] = [
            (d.number, d.date, d.phase, ()) for d in laid_out.sessions
        ]
        sources: tuple[str, ...] = (template.source, laid_out.maintenance_source)
    else:
        region = esketamine.Region(order.schedule)
        schedule = esketamine.esketamine_schedule(
            order.start_on, region=region, age=patient_age(patient, order.start_on),
            weeks=order.weeks,
        )  # fmt: skip
        days = [(s.number, s.date, s.phase, s.dose_options_mg) for s in schedule.sessions]
        sources = schedule.sources
    length = timedelta(minutes=visit_minutes(order.kind, order.infusion_minutes))
    doses = []
    for number, day, phase, options in days:
        starts = timezone.make_aware(datetime.combine(day, order.start_time))
        doses.append(
            PlannedDose(
                number, day, phase, tuple(options), starts, starts + length,
                _clashes(patient, order, starts, starts + length),
            )
        )  # fmt: skip
    screening = contraindications.screen(treatment_of(order.kind), conditions_of(patient))
    return Plan(order, tuple(doses), screening.findings, sources, therapist_of(patient))


def patient_age(patient: Patient, on: date) -> int:
    born = patient.date_of_birth
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _clashes(patient: Patient, order: Order, starts: datetime, ends: datetime) -> list[str]:
    found = []
    for clash in appointments.find_clashes(patient, [order.nurse, order.prescriber], starts, ends):
        who = clash.clinician.get_full_name() if clash.clinician else "the patient"
        found.append(f"{who} is booked {_span(clash.appointment)}")
    for other in appointments.overlapping(starts, ends).filter(location=order.room):
        found.append(f"{order.room} is booked {_span(other)}")
    return sorted(set(found))


def _span(appointment: Appointment) -> str:
    start, end = timezone.localtime(appointment.starts_at), timezone.localtime(appointment.ends_at)
    return f"{start:%H:%M} to {end:%H:%M}"


class SeriesRefused(Exception):
    """A contraindication blocks the treatment, or a dose clashes."""

    def __init__(self, plan: Plan) -> None:
        super().__init__("series refused")
        self.plan = plan


def order_series(who: Who, patient: Patient, order: Order, ordered_by: User) -> Series:
    """Book the series: dose appointments, pre-dose questionnaires, integration proposals.

    One transaction: a clash found while booking leaves nothing booked.
    """
    plan = plan_series(patient, order)
    if plan.blocked or plan.clashing:
        raise SeriesRefused(plan)
    chosen = settings_for(patient.clinic_id)
    kind_label = SeriesKind(order.kind).label
    try:
        with transaction.atomic():
            series = Series.objects.create(
                patient=patient,
                kind=order.kind,
                schedule=order.schedule,
                start_on=order.start_on,
                start_time=order.start_time,
                room=order.room,
                nurse=order.nurse,
                prescriber=order.prescriber,
                therapist=plan.therapist,
                weight_kg=order.weight_kg,
                mg_per_kg=order.mg_per_kg,
                infusion_minutes=order.infusion_minutes,
                concentration_mg_per_ml=order.concentration_mg_per_ml,
                region=order.schedule if order.kind == SeriesKind.ESKETAMINE else "",
                age=patient_age(patient, order.start_on),
                ordered_by=ordered_by,
                sources=list(plan.sources),
                care_plan=order.care_plan,
            )
            for dose in plan.doses:
                booked = appointments.book_appointment(
                    who,
                    patient,
                    clinicians=[order.nurse, order.prescriber],
                    starts_at=dose.starts_at,
                    ends_at=dose.ends_at,
                    title=f"{kind_label} dose {dose.number}",
                    location=order.room,
                    source="interventional.dose",
                    created_by=ordered_by,
                )
                due = measures.add_due(
                    who,
                    patient,
                    chosen.response_instrument,
                    dose.day - timedelta(days=chosen.questionnaire_days_before),
                    f"Before {kind_label} dose {dose.number}",
                )
                session = DoseSession.objects.create(
                    series=series,
                    patient=patient,
                    number=dose.number,
                    phase=dose.phase,
                    planned_on=dose.day,
                    dose_options_mg=list(dose.dose_options_mg),
                    appointment=booked,
                    questionnaire=due,
                )
                if plan.therapist is not None:
                    session.integration = propose_integration(
                        who, session, plan.therapist, ordered_by
                    )
                    session.save(update_fields=["integration"])
            therapy_courses.attach_integration(who, series)
            trail.record(
                who,
                "interventional.series.ordered",
                patient=patient,
                obj=series,
                detail={"kind": order.kind, "schedule": order.schedule,
                        "doses": len(plan.doses), "start": order.start_on.isoformat()},
            )  # fmt: skip
    except appointments.BookingConflict:
        raise SeriesRefused(plan_series(patient, order)) from None
    return series


def propose_integration(
    who: Who, session: DoseSession, therapist: User, by: User
) -> Appointment | None:
    """Book the first free slot for the therapist inside the clinic's window after the dose:
    the clinic's usual hour on each day of the window first, then the other working hours."""
    chosen = settings_for(session.patient.clinic_id)
    window = integration_window(
        session.appointment.starts_at, policy_for(session.patient.clinic_id)
    )
    length = timedelta(minutes=chosen.integration_minutes)
    days = []
    day = timezone.localdate(window.opens_at)
    while timezone.make_aware(datetime.combine(day, time.min)) < window.closes_at:
        days.append(day)
        day += timedelta(days=1)
    others = [h for h in range(8, 18) if h != chosen.integration_hour]
    for hours in ([chosen.integration_hour], others):
        for day in days:
            for hour in hours:
                starts = timezone.make_aware(datetime.combine(day, time(hour)))
                ends = starts + length
                if starts < max(window.opens_at, session.appointment.ends_at) or ends > (
                    window.closes_at
                ):
                    continue  # outside the window, or before the dose visit is over
                if appointments.find_clashes(session.patient, [therapist], starts, ends):
                    continue
                return appointments.book_appointment(
                    who,
                    session.patient,
                    clinicians=[therapist],
                    starts_at=starts,
                    ends_at=ends,
                    title=f"Integration session after dose {session.number}",
                    source="interventional.integration",
                    created_by=by,
                )
    return None


def sessions_of(series: Series) -> Sequence[DoseSession]:
    return list(
        series.sessions.select_related("appointment", "integration", "questionnaire").order_by(
            "number"
        )
    )
