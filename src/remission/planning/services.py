"""Writing the planning context and care plans: each change in one transaction, audited.

A new version is written only if the plan's current version is still the one the clinician
decided on (optimistic locking); the options are derived from the stored snapshot, never taken
from the browser. The acceptance or override of each offered option is recorded with it.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from remission.accounts.models import User
from remission.audit import trail
from remission.audit.trail import Who
from remission.clinical.planning import Status, plan_as_dict
from remission.concurrency import EditConflict, save_versioned
from remission.patients.models import Patient
from remission.planning.models import (
    CarePlan,
    Goal,
    Measurement,
    OptionDecision,
    Outcome,
    PlanningContext,
    PlanVersion,
    Step,
)
from remission.planning.profile import Snapshot, derive

CONTEXT_FIELDS = (
    "pregnant", "breastfeeding", "conditions_complete", "medications_complete", "bp_systolic",
    "bp_diastolic", "bp_date", "family_support", "trauma_history", "stressors",
    "avoid_medication", "prefers_psychotherapy", "can_attend_daily",
)  # fmt: skip


class ChoiceError(ValueError):
    """The decision does not fit the options offered; ``field`` names the form field."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


@transaction.atomic
def save_context(
    who: Who, patient: Patient, context: PlanningContext, expected: int | None
) -> PlanningContext:
    """Store the context (``expected`` None: the first one). Raises EditConflict if someone
    saved it after ``expected``."""
    actor = trail.actor_of(who)
    context.updated_by = actor
    if expected is None or context.pk is None:
        if PlanningContext.objects.filter(patient=patient).exists():
            raise EditConflict
        context.patient = patient
        context.created_by = actor
        context.save()
    else:
        save_versioned(context, expected, [*CONTEXT_FIELDS, "updated_by"])
    trail.record(who, "planning.context.saved", patient=patient, obj=context)
    return context


@dataclass
class Decision:
    """What the clinician and the patient decided, and the care plan around it."""

    chosen: list[str]
    preferences: str
    rationale: str
    review_on: date
    responsible: list[User]
    override_reason: str = ""
    change_note: str = ""
    goals: list[dict[str, Any]] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)
    measurements: list[dict[str, Any]] = field(default_factory=list)


def outcomes(derived: dict[str, Any], chosen: list[str]) -> tuple[dict[str, Outcome], bool]:
    """Each offered option's outcome, and whether the decision overrides the suggestions:
    a ``caution`` or ``contraindicated`` option chosen, or no suggested option chosen when
    there was one."""
    result: dict[str, Outcome] = {}
    for option in derived["options"]:
        picked = option["id"] in chosen
        if not picked:
            result[option["id"]] = Outcome.NOT_CHOSEN
        elif option["status"] == Status.SUGGESTED:
            result[option["id"]] = Outcome.ACCEPTED
        else:
            result[option["id"]] = Outcome.OVERRIDE
    suggested = [o["id"] for o in derived["options"] if o["status"] == Status.SUGGESTED]
    declined = bool(suggested) and not any(result[i] == Outcome.ACCEPTED for i in suggested)
    return result, declined or Outcome.OVERRIDE in result.values()


@transaction.atomic
def record_plan(
    who: Who, patient: Patient, snapshot: Snapshot, decision: Decision, based_on: int
) -> PlanVersion:
    """Write the next version of the patient's care plan.

    ``based_on`` is the version the clinician saw (0 for none); raises EditConflict if another
    version was saved since, and :class:`ChoiceError` if a chosen option was not offered or a
    choice against a caution or contraindication has no reason.
    """
    data = snapshot.as_dict()
    result = derive(data)
    derived = plan_as_dict(result)
    offered = [option["id"] for option in derived["options"]]
    unknown = [option_id for option_id in decision.chosen if option_id not in offered]
    if unknown:
        raise ChoiceError("chosen", f"not among the options offered: {', '.join(unknown)}")
    per_option, override = outcomes(derived, decision.chosen)
    against = [i for i, outcome in per_option.items() if outcome == Outcome.OVERRIDE]
    if against and not decision.override_reason.strip():
        raise ChoiceError(
            "override_reason",
            "say why an option with a caution or contraindication is chosen "
            f"({', '.join(against)})",
        )
    plan, _ = CarePlan.objects.select_for_update().get_or_create(patient=patient)
    if plan.version != based_on:
        raise EditConflict
    number = plan.version + 1
    actor = trail.actor_of(who)
    version = PlanVersion.objects.create(
        plan=plan,
        patient=patient,
        number=number,
        as_of=result.staging.history.as_of,
        rules_version=result.rules_version,
        snapshot=data,
        derived=derived,
        chosen=[option_id for option_id in offered if option_id in decision.chosen],
        preferences=decision.preferences,
        rationale=decision.rationale,
        override=override,
        override_reason=decision.override_reason if override else "",
        change_note=decision.change_note,
        review_on=decision.review_on,
        created_by=actor,
    )
    version.responsible.set(decision.responsible)
    OptionDecision.objects.bulk_create(
        OptionDecision(
            version=version,
            option_id=option["id"],
            status=option["status"],
            line=option["line"] or "",
            chosen=option["id"] in decision.chosen,
            outcome=per_option[option["id"]],
        )
        for option in derived["options"]
    )
    Goal.objects.bulk_create(
        Goal(version=version, position=n, **g) for n, g in _rows(decision.goals)
    )
    Step.objects.bulk_create(
        Step(version=version, position=n, **s) for n, s in _rows(decision.steps)
    )
    Measurement.objects.bulk_create(
        Measurement(version=version, position=n, **m) for n, m in _rows(decision.measurements)
    )
    plan.review_on = decision.review_on
    plan.updated_at = timezone.now()
    save_versioned(plan, based_on, ["review_on", "updated_at"])
    trail.record(
        who,
        "planning.plan.created" if number == 1 else "planning.plan.revised",
        patient=patient,
        obj=version,
        detail={
            "version": number,
            "chosen": version.chosen,
            "override": override,
            "rules_version": result.rules_version,
        },
    )
    return version


def _rows(rows: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    return list(enumerate(rows, start=1))


def current_version(patient: Patient) -> PlanVersion | None:
    return (
        PlanVersion.objects.filter(patient=patient)
        .select_related("created_by")
        .order_by("-number")
        .first()
    )


def rederive(version: PlanVersion) -> dict[str, Any]:
    """The core's options for the version's stored snapshot, as derived today by the rule set in
    force: equal to ``version.derived`` while ``version.rules_version`` is the current one."""
    return plan_as_dict(derive(version.snapshot))


def current_number(patient: Patient) -> int:
    """The number of the patient's current plan version (0 before the first)."""
    plan = CarePlan.objects.filter(patient=patient).first()
    return plan.version if plan else 0
