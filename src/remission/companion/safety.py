"""The safety-plan seam: what other capabilities show after a worrying answer.

``current_safety_plan(patient)`` returns the latest version or None; the template
``companion/safety_plan_card.html`` (or ``{% load companion %}{% safety_plan_card patient %}``)
shows it with the clinic's crisis lines, which appear even when there is no plan yet.
"""

from typing import Any

from remission.accounts.crisis import crisis_lines_for
from remission.companion.models import SafetyPlanVersion
from remission.patients.models import Patient


def current_safety_plan(patient: Patient) -> SafetyPlanVersion | None:
    return (
        SafetyPlanVersion.objects.filter(plan__patient=patient)
        .select_related("author")
        .order_by("-number")
        .first()
    )


def safety_plan_context(patient: Patient) -> dict[str, Any]:
    """Everything ``companion/safety_plan_card.html`` needs."""
    return {
        "patient": patient,
        "plan": current_safety_plan(patient),
        "crisis_lines": crisis_lines_for(patient.clinic),
    }
