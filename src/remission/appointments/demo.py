"""Appointments in the demo clinic: this week's calendars, some of them video visits."""

from datetime import datetime, time, timedelta

from remission.appointments.models import Appointment, AppointmentStatus, Kind
from remission.demo.clinic import DemoClinic
from remission.patients.models import CareTeamMember, Status


def add_appointments(demo: DemoClinic) -> None:
    from django.utils import timezone

    demo.clinic.telehealth_url_pattern = "https://meet.lakeside.example.org/{room}"
    demo.clinic.save(update_fields=["telehealth_url_pattern"])
    rng = demo.rng
    active = [p for p in demo.patients if p.status == Status.ACTIVE]
    leads = dict(
        CareTeamMember.objects.filter(patient__in=active, role="lead").values_list(
            "patient_id", "user_id"
        )
    )
    slots = [time(h, 0) for h in (9, 10, 11, 14, 15, 16)]
    booked: set[tuple[int, object]] = set()
    for index, patient in enumerate(active):
        clinician_id = leads.get(patient.pk)
        if clinician_id is None:
            continue
        for offset in (rng.randint(-14, -1), rng.randint(0, 6), rng.randint(7, 30)):
            day = demo.today + timedelta(days=offset)
            if day.weekday() >= 5:
                day += timedelta(days=7 - day.weekday())
            free = [s for s in slots if (clinician_id, (day, s)) not in booked]
            if not free:
                continue
            slot = rng.choice(free)
            booked.add((clinician_id, (day, slot)))
            start = timezone.make_aware(datetime.combine(day, slot))
            video = (index + offset) % 3 == 0
            appointment = Appointment.objects.create(
                patient=patient,
                starts_at=start,
                ends_at=start + timedelta(minutes=50),
                kind=Kind.VIDEO if video else Kind.IN_PERSON,
                title=rng.choice(["Medication review", "Follow-up", "Integration session"]),
                location="" if video else f"Room {rng.randint(1, 4)}",
                status=AppointmentStatus.COMPLETED if offset < 0 else AppointmentStatus.SCHEDULED,
                created_by_id=clinician_id,
            )
            appointment.clinicians.set([clinician_id])
