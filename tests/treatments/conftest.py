"""Helpers for treatment-history tests: trials built as the intake form would build them."""

from datetime import date

import pytest

from remission.treatments import services
from remission.treatments.models import Episode, Trial

AS_OF = date(2026, 5, 1)


def weeks(*steps: tuple[float, float]) -> list[dict[str, float]]:
    """Dose steps ``(mg_per_day, weeks)``."""
    return [{"mg_per_day": mg, "weeks": w} for mg, w in steps]


def antidepressant(drug: str, doses: list[dict], outcome: str = "no_response", **fields) -> Trial:
    fields.setdefault("adherent", True)
    return Trial(kind="antidepressant", drug=drug, doses=doses, outcome=outcome, **fields)


def episode(start: date = date(2025, 3, 1), severity: str = "moderate", **fields) -> Episode:
    return Episode(start=start, severity=severity, **fields)


@pytest.fixture
def history(world):
    """``history(*trials)``: the canary patient's episode (March 2025, moderate) and trials,
    recorded by the psychiatrist as of 1 May 2026; returns the last change."""

    def go(*trials: Trial, as_of: date = AS_OF):
        changed = services.save_episode(
            world.psychiatrist, world.patient, episode(), None, as_of=as_of
        )
        for trial in trials:
            changed = services.add_trial(world.psychiatrist, world.patient, trial, as_of=as_of)
        return changed

    return go


def three_trials() -> tuple[Trial, Trial, Trial]:
    """Two adequate failed SSRIs and venlafaxine below its minimum dose (75 mg < 150 mg)."""
    return (
        antidepressant("escitalopram", weeks((20, 10))),
        antidepressant("sertraline", weeks((50, 2), (150, 8))),
        antidepressant("venlafaxine", weeks((75, 8))),
    )


def record_history(world) -> dict:
    """The canary patient's history for the access matrix: a trial, a staging result, a review,
    and a trauma note that carries the canary name (denied pages must not show it)."""
    from remission.treatments.models import Contributor

    changed = services.save_episode(world.psychiatrist, world.patient, episode(), None)
    for trial in three_trials():
        changed = services.add_trial(world.psychiatrist, world.patient, trial)
    services.record_review(world.psychiatrist, world.patient, {}, {}, based_on=None)
    trauma = services.add_contributor(
        world.psychiatrist,
        world.patient,
        Contributor(kind="trauma", details=f"Canary trauma note of {world.patient.family_name}"),
    )
    return {
        "trial": Trial.objects.filter(patient=world.patient).first(),
        "staging_result": changed.result,
        "contributor": trauma,
    }
