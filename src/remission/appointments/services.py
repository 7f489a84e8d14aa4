"""Booking, changing and cancelling appointments; each write is audited in its transaction.

``book_appointment`` is the seam for other capabilities (e.g. interventional care books dose and
integration sessions); it refuses overlapping bookings of the same clinician or patient.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet

from remission.accounts.models import User
from remission.appointments.models import Appointment, AppointmentStatus, Kind
from remission.audit import trail
from remission.audit.trail import Who
from remission.concurrency import EditConflict
from remission.patients.models import Patient


@dataclass(frozen=True)
class Clash:
    appointment: Appointment
    clinician: User | None  # None: the patient is already booked then


class BookingConflict(Exception):
    """The time overlaps another scheduled appointment of a clinician or of the patient."""

    def __init__(self, clashes: Sequence[Clash]) -> None:
        super().__init__("overlapping appointment")
        self.clashes = list(clashes)


def overlapping(starts_at: datetime, ends_at: datetime) -> QuerySet[Appointment]:
    """Scheduled appointments that share at least a minute with [starts_at, ends_at)."""
    return Appointment.objects.filter(
        status=AppointmentStatus.SCHEDULED, starts_at__lt=ends_at, ends_at__gt=starts_at
    )


def find_clashes(
    patient: Patient,
    clinicians: Iterable[User],
    starts_at: datetime,
    ends_at: datetime,
    *,
    ignore: Appointment | None = None,
) -> list[Clash]:
    others = overlapping(starts_at, ends_at).select_related("patient")
    if ignore is not None and ignore.pk:
        others = others.exclude(pk=ignore.pk)
    clashes = [
        Clash(appointment, clinician)
        for clinician in clinicians
        for appointment in others.filter(clinicians=clinician)
    ]
    clashes += [Clash(appointment, None) for appointment in others.filter(patient=patient)]
    return clashes


def book_appointment(
    who: Who,
    patient: Patient,
    *,
    clinicians: Sequence[User],
    starts_at: datetime,
    ends_at: datetime,
    title: str,
    kind: str = Kind.IN_PERSON,
    location: str = "",
    source: str = "chart",
    created_by: User | None = None,
) -> Appointment:
    """Book a visit; raises BookingConflict when a clinician or the patient is already booked."""
    if ends_at <= starts_at:
        raise ValueError("an appointment ends after it starts")
    with transaction.atomic():
        # Lock the clinicians' rows so two bookings for the same person cannot both pass the check.
        list(User.objects.select_for_update().filter(pk__in=[c.pk for c in clinicians]))
        if clashes := find_clashes(patient, clinicians, starts_at, ends_at):
            raise BookingConflict(clashes)
        appointment = Appointment.objects.create(
            patient=patient,
            starts_at=starts_at,
            ends_at=ends_at,
            title=title,
            kind=kind,
            location=location,
            source=source,
            created_by=created_by,
        )
        appointment.clinicians.set(clinicians)
        trail.record(
            who,
            "appointments.appointment.booked",
            patient=patient,
            obj=appointment,
            detail={
                "starts_at": starts_at.isoformat(),
                "ends_at": ends_at.isoformat(),
                "kind": kind,
                "clinicians": [c.get_username() for c in clinicians],
                "source": source,
            },
        )
    return appointment


def change_appointment(
    who: Who,
    appointment: Appointment,
    expected_version: int,
    *,
    clinicians: Sequence[User],
    starts_at: datetime,
    ends_at: datetime,
    title: str,
    kind: str,
    location: str,
    status: str,
) -> None:
    """Save a changed appointment (EditConflict if someone saved it meanwhile)."""
    with transaction.atomic():
        list(User.objects.select_for_update().filter(pk__in=[c.pk for c in clinicians]))
        stored = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if stored.version != expected_version:
            raise EditConflict
        if status == AppointmentStatus.SCHEDULED and (
            clashes := find_clashes(
                appointment.patient, clinicians, starts_at, ends_at, ignore=appointment
            )
        ):
            raise BookingConflict(clashes)
        trail.keep_version(who, appointment, patient=appointment.patient, reason="changed")
        before = (stored.starts_at, stored.ends_at, stored.status)
        appointment.starts_at, appointment.ends_at = starts_at, ends_at
        appointment.title, appointment.kind = title, kind
        appointment.location, appointment.status = location, status
        appointment.version = expected_version + 1
        appointment.save()
        appointment.clinicians.set(clinicians)
        trail.record(
            who,
            "appointments.appointment.changed",
            patient=appointment.patient,
            obj=appointment,
            detail={
                "before": [before[0].isoformat(), before[1].isoformat(), before[2]],
                "after": [starts_at.isoformat(), ends_at.isoformat(), status],
            },
        )


def cancel_appointment(who: Who, appointment: Appointment) -> None:
    with transaction.atomic():
        Appointment.objects.filter(pk=appointment.pk).update(
            status=AppointmentStatus.CANCELLED, version=appointment.version + 1
        )
        trail.record(
            who, "appointments.appointment.cancelled", patient=appointment.patient, obj=appointment
        )
    appointment.status = AppointmentStatus.CANCELLED
