"""The chart page is built from panels; each capability adds its own.

A panel is a function ``(request, patient) -> Panel | None``; returning None hides it (for example
when the user's role does not see that part). Panels are listed here in the order they appear.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.module_loading import import_string

from remission.patients.models import Patient


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelFunction = Callable[[HttpRequest, Patient], Panel | None]

PANELS = (
    "remission.measures.panels.measures",
    "remission.treatments.panels.staging",
    "remission.treatments.panels.timeline",
    "remission.treatments.panels.contributors",
    "remission.planning.panels.care_plan",
    "remission.interventional.panels.series",
    "remission.interventional.panels.psychotherapy_notes",
    "remission.patients.panels.care_team",
    "remission.appointments.panels.appointments",
    "remission.companion.panels.safety_plan",
    "remission.companion.panels.check_ins",
    "remission.companion.panels.homework",
    "remission.companion.panels.support_network",
    "remission.companion.panels.peer_groups",
    "remission.insights.panels.reports",
)


def panels_for(request: HttpRequest, patient: Patient) -> list[Panel]:
    functions: list[PanelFunction] = [import_string(path) for path in PANELS]
    return [panel for function in functions if (panel := function(request, patient))]
