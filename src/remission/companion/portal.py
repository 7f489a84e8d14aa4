"""The portal home is built from cards; each capability adds its own (like the chart's PANELS).

A card is a function ``(request, patient) -> Card | None``; None hides it (e.g. nothing is due).
Measurement (questionnaires due, scores), planning (the care plan in plain language) and
interventional care add their dotted paths to ``CARDS``; the order here is the order on the page.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.module_loading import import_string

from remission.patients.models import Patient


@dataclass(frozen=True)
class Card:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    wide: bool = False


CardFunction = Callable[[HttpRequest, Patient], Card | None]

CARDS = (
    "remission.companion.cards.check_in",
    "remission.companion.cards.homework",
    "remission.appointments.cards.upcoming",
    "remission.companion.cards.progress",
    "remission.companion.cards.safety_plan",
    "remission.planning.cards.care_plan",
    "remission.companion.cards.groups",
)


def cards_for(request: HttpRequest, patient: Patient) -> list[Card]:
    functions: list[CardFunction] = [import_string(path) for path in CARDS]
    return [card for function in functions if (card := function(request, patient))]
