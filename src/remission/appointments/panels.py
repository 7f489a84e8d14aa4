from django.http import HttpRequest

from remission.appointments.cards import upcoming_for
from remission.patients.chart import Panel
from remission.patients.models import Patient


def appointments(request: HttpRequest, patient: Patient) -> Panel:
    return Panel(
        "appointments/panels/appointments.html", {"appointments": upcoming_for(patient, 5)}
    )
