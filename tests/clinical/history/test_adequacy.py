"""Adequacy of a trial (clinical.md section 4), every boundary on both sides."""

import math
from typing import Any

import pytest

from remission.clinical.history import (
    Adequacy,
    AdequacyCriteria,
    FlagCode,
    TrialAssessment,
    assess_trials,
)
from tests.clinical.history.notation import antidepressant, augmentation, history
from tests.clinical.history.reference import ATRQ_MINIMUM, CANMAT_RANGE

SIX_WEEKS = AdequacyCriteria()
MINIMUM: dict[str, float] = {drug: mg for drug, mg in ATRQ_MINIMUM.items() if mg is not None}


def just_below(value: float) -> float:
    return math.nextafter(value, 0)


def assess(*trials: dict[str, Any], criteria: AdequacyCriteria = SIX_WEEKS) -> TrialAssessment:
    """The assessment of the last trial."""
    return assess_trials(history(*trials), criteria)[-1]


def test_six_weeks_at_the_atrq_minimum_is_adequate_for_every_drug() -> None:
    """ATRQ minimum (clinical.md 4.2) and 6 weeks (MGH-S, Fava 2003; clinical.md 4.1)."""
    adequacy = {drug: assess(antidepressant(drug, (MINIMUM[drug], 6))).adequacy for drug in MINIMUM}
    assert adequacy == dict.fromkeys(MINIMUM, Adequacy.ADEQUATE)


def test_any_dose_below_the_atrq_minimum_is_not_adequate_for_every_drug() -> None:
    trials = {
        drug: assess(antidepressant(drug, (just_below(MINIMUM[drug]), 52))) for drug in MINIMUM
    }
    assert {drug: t.adequacy for drug, t in trials.items()} == dict.fromkeys(
        MINIMUM, Adequacy.INADEQUATE
    )
    assert all("below the minimum adequate dose" in t.reasons[0] for t in trials.values())


@pytest.mark.parametrize("min_weeks", [4, 6, 8])
def test_the_minimum_weeks_is_a_parameter_with_both_sides_tested(min_weeks: int) -> None:
    """4 (ATHF), 6 (MGH-S), 8 (ATRQ in COMP006): clinical.md 4.1 and 8."""
    criteria = AdequacyCriteria(min_weeks=min_weeks)
    enough = antidepressant("sertraline", (50, min_weeks))
    short = antidepressant("sertraline", (50, just_below(min_weeks)))
    assert assess(enough, criteria=criteria).adequate
    assert not assess(short, criteria=criteria).adequate


def test_the_default_minimum_is_six_weeks() -> None:
    assert AdequacyCriteria().min_weeks == 6


def test_weeks_below_the_minimum_dose_do_not_count() -> None:
    """clinical.md 4.1 DESIGN NOTE: duration at or above the minimum dose, not since the start."""
    trial = assess(antidepressant("sertraline", (25, 20), (50, 5)))
    assert trial.weeks_at_minimum == 5
    assert not trial.adequate


def test_weeks_at_any_dose_at_or_above_the_minimum_add_up() -> None:
    trial = assess(antidepressant("sertraline", (25, 2), (50, 3), (100, 3)))
    assert trial.weeks_at_minimum == 6
    assert trial.adequate


def test_the_reason_names_the_dose_the_minimum_and_its_source() -> None:
    trial = assess(antidepressant("escitalopram", (5, 10)))
    assert trial.reasons[0] == (
        "escitalopram 5 mg for 10 weeks: below the minimum adequate dose of 10 mg (ATRQ)"
    )


def test_dose_steps_given_as_dates_count_whole_days() -> None:
    six_weeks = [{"mg_per_day": 50, "start": "2026-06-01", "end": "2026-07-13"}]
    one_day_short = [{"mg_per_day": 50, "start": "2026-06-01", "end": "2026-07-12"}]
    assert assess(antidepressant("sertraline", doses=six_weeks)).adequate
    assert not assess(antidepressant("sertraline", doses=one_day_short)).adequate


def test_a_trial_without_confirmed_adherence_is_not_adequate() -> None:
    """Adherence confirmed: EMA Rev.2 as commonly cited, CoBalT (clinical.md 3.1)."""
    trial = assess(antidepressant("sertraline", (100, 12), adherent=False))
    assert trial.adequacy is Adequacy.INADEQUATE
    assert "adherence not confirmed: not an adequate trial" in trial.reasons


def test_a_trial_stopped_for_intolerance_is_adequate_but_not_failed() -> None:
    """clinical.md 4.2: intolerance is not an adequate trial of non-response."""
    trial = assess(antidepressant("sertraline", (100, 8), outcome="intolerance"))
    assert trial.adequate
    assert not trial.failed
    assert not trial.adequate_failure


def test_intolerance_before_the_minimum_dose_is_neither_adequate_nor_failed() -> None:
    trial = assess(antidepressant("sertraline", (25, 1), outcome="intolerance"))
    assert (trial.adequate, trial.failed) == (False, False)


@pytest.mark.parametrize(
    ("outcome", "failed"),
    [
        ("no_response", True),
        ("partial_response", True),
        ("response", False),
        ("remission", False),
        ("intolerance", False),
        ("ongoing", False),
    ],
)
def test_only_no_response_and_partial_response_are_failures(outcome: str, failed: bool) -> None:
    """Partial response (less than 50% improvement) counts as a failed trial (stage contract)."""
    trial = assess(antidepressant("sertraline", (100, 8), outcome=outcome))
    assert trial.failed is failed
    assert trial.adequate_failure is failed


def test_a_trial_of_an_earlier_episode_is_adequate_but_not_counted() -> None:
    trial = assess(antidepressant("sertraline", (100, 8), current_episode=False))
    assert trial.adequate
    assert not trial.adequate_failure


def test_a_drug_without_an_atrq_minimum_is_not_assessed() -> None:
    trial = assess(antidepressant("dextromethorphan-bupropion", (1, 8)))
    assert trial.adequacy is Adequacy.NOT_ASSESSED
    assert trial.minimum_mg is None


@pytest.mark.parametrize("drug", ["mirtazapine", "reboxetine"])
def test_an_atrq_minimum_below_the_canmat_range_raises_a_flag(drug: str) -> None:
    """clinical.md 4.2 and 8: ATRQ 15 mg / 4 mg against CANMAT from 30 mg / 8 mg."""
    trial = assess(antidepressant(drug, (MINIMUM[drug], 8)))
    assert trial.adequate
    assert [flag.code for flag in trial.flags] == [FlagCode.BELOW_CANMAT_RANGE]


def test_no_flag_once_the_dose_reaches_the_canmat_range() -> None:
    trial = assess(antidepressant("mirtazapine", (15, 2), (30, 6)))
    assert trial.flags == ()


def test_a_dose_within_the_canmat_range_but_below_the_atrq_minimum_is_flagged_not_counted() -> None:
    trial = assess(antidepressant("venlafaxine", (75, 12)))
    assert not trial.adequate
    assert [flag.code for flag in trial.flags] == [FlagCode.BELOW_ATRQ_WITHIN_CANMAT]


def test_a_dose_above_the_canmat_range_is_flagged_and_the_top_of_it_is_not() -> None:
    """CANMAT 2023 Table 3.3 upper bounds (clinical.md 4.2), every drug that has one."""
    drugs = sorted(CANMAT_RANGE.keys() & MINIMUM.keys())

    def flagged(drug: str, top: float) -> bool:
        trial = assess(antidepressant(drug, (MINIMUM[drug], 2), (top, 6)))
        return FlagCode.ABOVE_CANMAT_RANGE in {flag.code for flag in trial.flags}

    at_top = {drug: flagged(drug, CANMAT_RANGE[drug][1]) for drug in drugs}
    above = {drug: flagged(drug, CANMAT_RANGE[drug][1] * 1.01) for drug in drugs}
    assert at_top == dict.fromkeys(drugs, False)
    assert above == dict.fromkeys(drugs, True)


def test_an_antidepressant_in_combination_is_rated_against_its_atrq_minimum() -> None:
    """CANMAT 2023 Table 7.2: other antidepressants as combination agents."""
    base = antidepressant("sertraline", (100, 8))
    assert assess(base, augmentation("mirtazapine", 0, 15, 6)).adequate
    assert not assess(base, augmentation("mirtazapine", 0, 7.5, 6)).adequate


def test_other_augmenting_agents_are_not_assessed_because_their_minimum_is_unverified() -> None:
    """MGH-ATRQ augmentation doses: UNVERIFIED (clinical.md section 9 item 4)."""
    trial = assess(antidepressant("sertraline", (100, 8)), augmentation("lithium", 0, 900, 8))
    assert trial.adequacy is Adequacy.NOT_ASSESSED
    assert trial.failed
    assert any("UNVERIFIED" in reason for reason in trial.reasons)


def test_an_augmentation_belongs_to_the_episode_of_the_trial_it_augments() -> None:
    base = antidepressant("sertraline", (100, 8), current_episode=False)
    subject = history(base, augmentation("mirtazapine", 0, 30, 8))
    assert subject.trials[1].current_episode is False


@pytest.mark.parametrize(
    "course",
    [
        {"type": "psychotherapy", "modality": "ipt", "sessions": 16, "weeks": 16},
        {"type": "ect", "laterality": "bilateral", "sessions": 12},
        {"type": "rtms", "sessions": 30, "protocol": "10 Hz left DLPFC"},
        {"type": "itbs", "sessions": 30},
        {"type": "ketamine_iv", "sessions": 6},
        {"type": "esketamine", "sessions": 8},
    ],
    ids=lambda course: course["type"],
)
def test_psychotherapy_and_procedures_are_recorded_but_not_rated(course: dict[str, Any]) -> None:
    """ATHF / ATHF-SF thresholds UNVERIFIED (clinical.md 4.4)."""
    trial = assess({**course, "outcome": "no_response"})
    assert trial.adequacy is Adequacy.NOT_ASSESSED
    assert trial.failed
    assert not trial.adequate_failure
