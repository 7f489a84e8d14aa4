"""The portal card: the patient's care plan in plain words (registered in ``portal.CARDS``)."""

from django.http import HttpRequest

from remission.companion.portal import Card
from remission.patients.models import Patient
from remission.planning import services


def care_plan(request: HttpRequest, patient: Patient) -> Card | None:
    current = services.current_version(patient)
    if current is None:
        return None
    return Card("planning/cards/care_plan.html", {"version": current})
