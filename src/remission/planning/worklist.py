"""Reviews due: the care plans of a clinician's care-team patients whose review date has come."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from remission.access import Scope, patients_visible_to
from remission.accounts.models import User
from remission.patients.models import Status
from remission.planning.models import CarePlan


@dataclass(frozen=True)
class Due:
    plan: CarePlan
    days_overdue: int

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


def reviews_due(user: User, today: date | None = None) -> list[Due]:
    """Plans of the user's patients (care team) with a review on or before ``today``, most
    overdue first."""
    today = today or timezone.localdate()
    plans = (
        CarePlan.objects.filter(
            patient__in=patients_visible_to(user, Scope.CHART),
            review_on__lte=today,
            version__gt=0,
            patient__status=Status.ACTIVE,
        )
        .select_related("patient")
        .order_by("review_on", "patient__name_key")
    )
    return [Due(plan, (today - plan.review_on).days) for plan in plans if plan.review_on]
