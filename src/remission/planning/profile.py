"""The planning profile of a patient, built from the stored record as PROFILE.json.

The history, conditions, current medications and psychosocial entries come from
``remission.treatments.profile.planning_inputs``; the latest questionnaire totals from
``remission.measures``; pregnancy, blood pressure, the rest of the psychosocial context and the
preferences from :class:`~remission.planning.models.PlanningContext`. The document is what a care
plan stores as its snapshot, and :func:`derive` parses it with the core's ``parse_profile``, so the
web and ``remission plan`` read a profile by the same rules.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from remission.clinical.history import AdequacyCriteria, TrdDefinition
from remission.clinical.planning import SCORES, Plan, parse_profile, plan
from remission.measures.models import Assessment
from remission.patients.models import Patient
from remission.planning.models import PlanningContext
from remission.treatments.profile import planning_inputs
from remission.treatments.services import settings_for


@dataclass(frozen=True)
class Snapshot:
    """PROFILE.json and the clinic's TRD definition: everything a plan was derived from."""

    profile: dict[str, Any]
    definition: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"profile": self.profile, "definition": self.definition}


def context_of(patient: Patient) -> PlanningContext:
    """The stored context, or an unsaved empty one (everything *not asked*)."""
    return PlanningContext.objects.filter(patient=patient).first() or PlanningContext(
        patient=patient
    )


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def snapshot(patient: Patient, as_of: date) -> Snapshot | None:
    """The patient's profile as of ``as_of``; None before a treatment history is recorded."""
    inputs = planning_inputs(patient, as_of)
    if inputs["history"] is None:
        return None
    context = context_of(patient)
    conditions = sorted({c["code"] for c in inputs["conditions"] if c["current"] and c["code"]})
    medications = [m["name"] for m in inputs["current_medications"] if m["name"]]
    profile: dict[str, Any] = {
        "history": inputs["history"],
        "age": age_on(patient.date_of_birth, as_of),
        "latest": _latest(patient, context, as_of),
        "psychosocial": _psychosocial(inputs["psychosocial"], context),
        "preferences": {
            name: value
            for name in ("avoid_medication", "prefers_psychotherapy", "can_attend_daily")
            if (value := getattr(context, name)) is not None
        },
    }
    for name in ("pregnant", "breastfeeding"):
        if (value := getattr(context, name)) is not None:
            profile[name] = value
    if conditions or context.conditions_complete:
        profile["conditions"] = conditions
    if medications or context.medications_complete:
        profile["current_medications"] = list(dict.fromkeys(medications))
    chosen = settings_for(patient.clinic_id)
    definition = {
        "min_weeks": chosen.min_weeks,
        "different_classes": chosen.different_classes,
        "augmentation_counts": chosen.augmentation_counts,
    }
    return Snapshot(profile, definition)


def derive(data: dict[str, Any]) -> Plan:
    """The core's plan for a stored snapshot (``Snapshot.as_dict()``): the same function for
    today's options and for re-deriving a past plan. Raises ``ProfileError`` on a bad profile."""
    chosen = data["definition"]
    definition = TrdDefinition(
        AdequacyCriteria(min_weeks=chosen["min_weeks"]),
        different_classes=chosen["different_classes"],
        augmentation_counts=chosen["augmentation_counts"],
    )
    return plan(parse_profile(data["profile"]), definition)


def _latest(patient: Patient, context: PlanningContext, as_of: date) -> dict[str, Any]:
    latest: dict[str, Any] = {}
    for key in SCORES:
        found = (
            Assessment.objects.filter(
                patient=patient,
                instrument=key,
                complete=True,
                total__isnull=False,
                administered_at__date__lte=as_of,
            )
            .order_by("-administered_at")
            .first()
        )
        if found is not None:
            day = timezone.localtime(found.administered_at).date()
            latest[key] = {"total": found.total, "date": day.isoformat()}
    bp_date = context.bp_date
    if context.bp_systolic and context.bp_diastolic and bp_date and bp_date <= as_of:
        latest["bp"] = {
            "systolic": context.bp_systolic,
            "diastolic": context.bp_diastolic,
            "date": bp_date.isoformat(),
        }
    return latest


def _psychosocial(
    entries: dict[str, list[dict[str, Any]]], context: PlanningContext
) -> dict[str, Any]:
    """The context's answers; where it was not asked, what the contributor list records."""
    stressors = [e["text"] for e in entries["stressors"] if e["current"] and e["text"]]
    stressors += [line.strip() for line in context.stressors.splitlines() if line.strip()]
    data: dict[str, Any] = {}
    family_support = context.family_support
    if family_support is None and any(e["current"] for e in entries["support"]):
        family_support = True
    trauma = context.trauma_history
    if trauma is None and entries["trauma"]:
        trauma = True
    if family_support is not None:
        data["family_support"] = family_support
    if trauma is not None:
        data["trauma_history"] = trauma
    if stressors:
        data["stressors"] = list(dict.fromkeys(stressors))
    return data
