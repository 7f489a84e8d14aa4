"""The chart's care-plan panel: the current plan at a glance, its review date, and the way to the
planning page."""

from django.http import HttpRequest
from django.utils import timezone

from remission.patients.chart import Panel
from remission.patients.models import Patient
from remission.planning import services
from remission.planning.presenters import version_view


def care_plan(request: HttpRequest, patient: Patient) -> Panel:
    current = services.current_version(patient)
    return Panel(
        "planning/panels/care_plan.html",
        {"shown": version_view(current) if current else None, "today": timezone.localdate()},
    )
