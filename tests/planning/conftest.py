"""Helpers for care-plan tests: a patient with two adequate failed antidepressants (TRD)."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone

from remission.clinical.planning import plan_as_dict
from remission.planning import services
from remission.planning.presenters import digest
from remission.planning.profile import derive, snapshot
from remission.treatments import services as history
from tests.treatments.conftest import episode, three_trials


def record_trd(world) -> None:
    history.save_episode(world.psychiatrist, world.patient, episode(), None)
    for trial in three_trials():
        history.add_trial(world.psychiatrist, world.patient, trial)


@pytest.fixture
def trd(world):
    record_trd(world)
    return world


def page_digest(world) -> str:
    derived = plan_as_dict(derive(snapshot(world.patient, timezone.localdate()).as_dict()))
    return digest(derived)


def offered(patient):
    """Today's options for the patient, as the planning page shows them."""
    return derive(snapshot(patient, timezone.localdate()).as_dict()).options


def decision_data(world, chosen, based_on=0, **overrides) -> dict:
    """The planning page's decision form, filled: one goal, one step, one measurement."""
    today = timezone.localdate()
    data = {
        "based_on": str(based_on),
        "digest": page_digest(world),
        "chosen": list(chosen),
        "preferences": "Wants to keep working; worried about weight gain.",
        "rationale": "Second line after two failed SSRIs; fits the patient's wishes.",
        "override_reason": "",
        "change_note": "",
        "review_on": (today + timedelta(days=28)).isoformat(),
        "responsible": [str(world.psychiatrist.pk), str(world.therapist.pk)],
        "goals-TOTAL_FORMS": "2", "goals-INITIAL_FORMS": "0",
        "goals-0-instrument": "phq9", "goals-0-below": "10",
        "goals-0-by": (today + timedelta(days=90)).isoformat(),
        "goals-1-instrument": "", "goals-1-below": "", "goals-1-by": "",
        "steps-TOTAL_FORMS": "1", "steps-INITIAL_FORMS": "0",
        "steps-0-kind": "medication_change", "steps-0-description": "Add aripiprazole 2 mg",
        "measures-TOTAL_FORMS": "1", "measures-INITIAL_FORMS": "0",
        "measures-0-instrument": "phq9", "measures-0-every_days": "14",
    }  # fmt: skip
    data.update(overrides)
    return data


def plan_for(world, chosen, based_on=0, review_in_days=28, **changes):
    """A care plan version recorded through the service, as the page would; ``changes`` replace
    fields of the decision (e.g. ``goals``)."""
    today = timezone.localdate()
    decision = services.Decision(
        chosen=list(chosen),
        preferences="Prefers psychotherapy.",
        rationale="Shared decision.",
        review_on=today + timedelta(days=review_in_days),
        responsible=[world.psychiatrist],
        goals=[{"instrument": "phq9", "below": 10, "by": today + timedelta(days=90)}],
        steps=[{"kind": "psychotherapy_course", "description": "CBASP, 16 sessions"}],
        measurements=[{"instrument": "phq9", "every_days": 14}],
    )
    return services.record_plan(
        world.psychiatrist,
        world.patient,
        snapshot(world.patient, today),
        replace(decision, **changes),
        based_on,
    )
