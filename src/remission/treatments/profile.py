"""What the planning work reads about a patient's treatments: one function, plain JSON-ready data.

``planning_inputs(patient)`` returns the history as HISTORY.json (``docs/history-format.md``), the
latest stored staging result, the comorbid conditions (the shared condition vocabulary), the current
medications, the psychosocial context with dates, and the pseudo-resistance review. The contract is
documented in ``docs/treatment-history.md``; tests pin it.

Trauma history and triggers are included (a plan must not re-traumatise), marked ``sensitive``: the
caller shows them to the patient's care team only and never exports them.
"""

from datetime import date
from typing import Any

from django.utils import timezone

from remission.clinical.history import Outcome
from remission.patients.models import Patient
from remission.treatments import services
from remission.treatments.history import active_trials, history_document
from remission.treatments.models import (
    SENSITIVE_KINDS,
    Contributor,
    ContributorKind,
    Episode,
    HistoryVersion,
    Trial,
)

CONTRACT_VERSION = 1

PSYCHOSOCIAL = {
    ContributorKind.SUBSTANCE_USE: "substance_use",
    ContributorKind.STRESSOR: "stressors",
    ContributorKind.SUPPORT: "support",
    ContributorKind.FAMILY: "family",
    ContributorKind.TRAUMA: "trauma",
    ContributorKind.TRIGGER: "triggers",
}


def planning_inputs(patient: Patient, as_of: date | None = None) -> dict[str, Any]:
    """Everything the planning rules need about the patient's treatments, as of ``as_of``."""
    as_of = as_of or timezone.localdate()
    episode = Episode.objects.filter(patient=patient).first()
    trials = active_trials(patient)
    entries = list(Contributor.objects.filter(patient=patient, removed_at=None).order_by("id"))
    version = HistoryVersion.objects.filter(patient=patient).order_by("-number").first()
    return {
        "contract": CONTRACT_VERSION,
        "patient_id": patient.pk,
        "as_of": as_of.isoformat(),
        "history": history_document(episode, trials, as_of).data if episode else None,
        "history_version": version.number if version else None,
        "staging": _staging(patient),
        "conditions": [
            _condition(e, as_of) for e in entries if e.kind == ContributorKind.CONDITION
        ],
        "current_medications": _medications(trials, entries, as_of),
        "psychosocial": {
            key: [_context(e, as_of) for e in entries if e.kind == kind]
            for kind, key in PSYCHOSOCIAL.items()
        },
        "pseudo_resistance_review": _review(patient),
    }


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _current(entry: Contributor, as_of: date) -> bool:
    return entry.until is None or entry.until >= as_of


def _staging(patient: Patient) -> dict[str, Any] | None:
    result = services.latest_result(patient)
    if result is None:
        return None
    return {
        "result_id": result.pk,
        "history_version": result.history_version.number,
        "as_of": result.as_of.isoformat(),
        "trd": result.trd,
        "adequate_failed_antidepressant_trials": result.adequate_failures,
        "thase_rush_stage": result.thase_rush_stage,
        "mgh_s_score": result.mgh_s_score,
        "msm_total": result.msm_total,
        "msm_band": result.msm_band or None,
        "definition": result.definition,
        "missing": result.report.get("missing", []),
    }


def _condition(entry: Contributor, as_of: date) -> dict[str, Any]:
    return {
        "code": entry.code,
        "label": str(entry.get_code_display()),
        "current": _current(entry, as_of),
        "since": _day(entry.since),
        "until": _day(entry.until),
        "note": entry.details,
        "recorded_on": _day(entry.created_at.date()),
    }


def _medications(
    trials: list[Trial], entries: list[Contributor], as_of: date
) -> list[dict[str, Any]]:
    """Ongoing drug trials of the history (their latest dose), then the other medications."""
    listed: list[dict[str, Any]] = []
    for trial in trials:
        if not trial.is_drug or trial.outcome != Outcome.ONGOING or not trial.doses:
            continue
        last = trial.doses[-1]
        first_start = trial.doses[0].get("start")
        listed.append(
            {
                "name": trial.drug,
                "mg_per_day": last.get("mg_per_day"),
                "dose": f"{last.get('mg_per_day')} mg per day",
                "since": first_start or _day(trial.started_on),
                "source": "treatment_history",
                "trial_id": trial.pk,
                "trial_type": trial.kind,
            }
        )
    for entry in entries:
        if entry.kind == ContributorKind.MEDICATION and _current(entry, as_of):
            listed.append(
                {
                    "name": entry.name,
                    "mg_per_day": None,
                    "dose": entry.dose,
                    "since": _day(entry.since),
                    "source": "medication_list",
                    "indication": entry.details,
                }
            )
    return listed


def _context(entry: Contributor, as_of: date) -> dict[str, Any]:
    data: dict[str, Any] = {
        "text": entry.details,
        "since": _day(entry.since),
        "until": _day(entry.until),
        "current": _current(entry, as_of),
        "recorded_on": _day(entry.created_at.date()),
        "sensitive": entry.kind in SENSITIVE_KINDS,
    }
    if entry.kind == ContributorKind.SUBSTANCE_USE:
        data["substance"] = entry.name
        data["pattern"] = entry.dose
    return data


def _review(patient: Patient) -> dict[str, Any] | None:
    record = services.latest_review(patient)
    if record is None:
        return None
    return {
        "reviewed_on": _day(timezone.localdate(record.reviewed_at)),
        "checklist_version": record.checklist_version,
        "statuses": dict(record.marks),
        "open_items": list(record.open_items),
        "complete": not record.open_items,
    }
