from django.http import HttpRequest
from django.utils import timezone

from remission.appointments.models import Appointment, AppointmentStatus
from remission.companion.portal import Card
from remission.patients.models import Patient


def upcoming_for(patient: Patient, limit: int = 5) -> list[Appointment]:
    return list(
        Appointment.objects.filter(
            patient=patient, status=AppointmentStatus.SCHEDULED, ends_at__gte=timezone.now()
        )
        .select_related("patient__clinic")
        .prefetch_related("clinicians")
        .order_by("starts_at")[:limit]
    )


def upcoming(request: HttpRequest, patient: Patient) -> Card:
    return Card("appointments/cards/upcoming.html", {"appointments": upcoming_for(patient, 3)})
