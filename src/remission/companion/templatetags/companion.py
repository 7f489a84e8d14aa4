from typing import Any

from django import template

from remission.companion.models import SafetyPlanVersion
from remission.companion.safety import safety_plan_context
from remission.patients.models import Patient

register = template.Library()


@register.filter
def plan_sections(plan: SafetyPlanVersion) -> list[tuple[str, str, list[str]]]:
    """(name, translated heading, items) for each step of the plan, in order."""
    return [(name, SafetyPlanVersion.label(name), plan.items(name)) for name in plan.SECTIONS]


@register.inclusion_tag("companion/safety_plan_card.html")
def safety_plan_card(patient: Patient) -> dict[str, Any]:
    """``{% load companion %}{% safety_plan_card patient %}``: the plan and the crisis lines."""
    return safety_plan_context(patient)
