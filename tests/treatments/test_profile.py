"""``planning_inputs(patient)``: the contract the planning work reads (docs/treatment-history.md)."""

from datetime import date

from remission.clinical.history import parse_history
from remission.treatments import services
from remission.treatments.models import Contributor, Trial
from remission.treatments.profile import planning_inputs
from tests.treatments.conftest import AS_OF, antidepressant, three_trials, weeks


def test_a_patient_without_a_history_has_empty_inputs(world):
    inputs = planning_inputs(world.patient, as_of=AS_OF)

    assert inputs == {
        "contract": 1,
        "patient_id": world.patient.pk,
        "as_of": "2026-05-01",
        "history": None,
        "history_version": None,
        "staging": None,
        "conditions": [],
        "current_medications": [],
        "psychosocial": {
            "substance_use": [],
            "stressors": [],
            "support": [],
            "family": [],
            "trauma": [],
            "triggers": [],
        },
        "pseudo_resistance_review": None,
    }


def test_the_history_is_history_json_that_the_core_parses(world, history):
    history(*three_trials())

    inputs = planning_inputs(world.patient, as_of=AS_OF)

    parsed = parse_history(inputs["history"])
    assert [t.drug for t in parsed.trials] == ["escitalopram", "sertraline", "venlafaxine"]
    assert inputs["history_version"] == 4
    assert inputs["staging"] == {
        "result_id": inputs["staging"]["result_id"],
        "history_version": 4,
        "as_of": "2026-05-01",
        "trd": True,
        "adequate_failed_antidepressant_trials": 2,
        "thase_rush_stage": 1,
        "mgh_s_score": 2.0,
        "msm_total": 6,
        "msm_band": "mild",
        "definition": inputs["staging"]["definition"],
        "missing": inputs["staging"]["missing"],
    }
    assert inputs["staging"]["definition"]["min_weeks"] == 6


def test_conditions_medications_and_context_come_with_their_dates(world, history):
    history(
        antidepressant("sertraline", weeks((150, 8))),
        antidepressant(
            "bupropion", [{"mg_per_day": 150, "start": "2026-03-01", "end": "2026-03-15"},
                          {"mg_per_day": 300, "start": "2026-03-15"}],
            outcome="ongoing",
        ),
    )  # fmt: skip
    for entry in (
        Contributor(kind="condition", code="epilepsy", since=date(2010, 1, 1)),
        Contributor(kind="condition", code="substance_use_disorder_active", until=date(2025, 1, 1)),
        Contributor(kind="medication", name="lamotrigine", dose="100 mg twice daily",
                    details="epilepsy", since=date(2012, 5, 1)),
        Contributor(kind="medication", name="zopiclone", dose="7.5 mg", until=date(2026, 1, 1)),
        Contributor(kind="substance_use", name="alcohol", dose="3-4 units most evenings"),
        Contributor(kind="stressor", details="Divorce", since=date(2025, 9, 1)),
        Contributor(kind="trauma", details="Assault in 2019"),
    ):  # fmt: skip
        services.add_contributor(world.psychiatrist, world.patient, entry)

    inputs = planning_inputs(world.patient, as_of=AS_OF)

    assert [(c["code"], c["current"], c["since"]) for c in inputs["conditions"]] == [
        ("epilepsy", True, "2010-01-01"),
        ("substance_use_disorder_active", False, None),
    ]
    assert inputs["current_medications"] == [
        {"name": "bupropion", "mg_per_day": 300, "dose": "300 mg per day", "since": "2026-03-01",
         "source": "treatment_history", "trial_id": Trial.objects.get(drug="bupropion").pk,
         "trial_type": "antidepressant"},
        {"name": "lamotrigine", "mg_per_day": None, "dose": "100 mg twice daily",
         "since": "2012-05-01", "source": "medication_list", "indication": "epilepsy"},
    ]  # fmt: skip
    context = inputs["psychosocial"]
    assert context["substance_use"][0]["substance"] == "alcohol"
    assert context["substance_use"][0]["pattern"] == "3-4 units most evenings"
    assert context["stressors"][0]["since"] == "2025-09-01"
    assert context["stressors"][0]["sensitive"] is False
    assert context["trauma"][0] == {
        **context["trauma"][0],
        "text": "Assault in 2019",
        "sensitive": True,
        "current": True,
    }


def test_removed_entries_are_left_out(world, history):
    history(*three_trials())
    services.remove_trial(world.psychiatrist, Trial.objects.get(drug="sertraline"), 1, "twice",
                          as_of=AS_OF)  # fmt: skip
    entry = services.add_contributor(
        world.psychiatrist, world.patient, Contributor(kind="condition", code="ptsd")
    )
    services.remove_contributor(world.psychiatrist, entry, 1, "wrong patient")

    inputs = planning_inputs(world.patient, as_of=AS_OF)

    assert [t["drug"] for t in inputs["history"]["trials"]] == ["escitalopram", "venlafaxine"]
    assert inputs["conditions"] == []


def test_the_review_says_which_items_are_open(world, history):
    history()
    services.record_review(
        world.psychiatrist, world.patient, {"adherence": "checked"}, {}, based_on=None
    )

    review = planning_inputs(world.patient, as_of=AS_OF)["pseudo_resistance_review"]

    assert review["statuses"]["adherence"] == "checked"
    assert "diagnosis" in review["open_items"] and "adherence" not in review["open_items"]
    assert review["complete"] is False
