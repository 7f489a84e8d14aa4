"""Thase-Rush staging (Thase & Rush 1997 via Fava 2003; clinical.md 3.2). Most boundaries are in the
worked table of docs/algorithms/thase-rush.md (test_docs.py); these cover the rest."""

from remission.clinical.history import AdequacyCriteria, assess_history, thase_rush_stage
from tests.clinical.history.notation import antidepressant, ect, history

STAGE_IV = (
    antidepressant("sertraline", (100, 8)),
    antidepressant("venlafaxine", (150, 8)),
    antidepressant("nortriptyline", (75, 8)),
    antidepressant("phenelzine", (45, 8)),
)


def test_no_trial_is_stage_0() -> None:
    assert thase_rush_stage(history()).stage == 0


def test_four_failures_across_the_hierarchy_reach_stage_iv_and_bilateral_ect_stage_v() -> None:
    assert thase_rush_stage(history(*STAGE_IV)).stage == 4
    stage = thase_rush_stage(history(*STAGE_IV, ect("bilateral")))
    assert (stage.stage, stage.roman) == (5, "V")
    assert stage.counted == (0, 1, 2, 3, 4)


def test_a_failed_ect_of_unknown_laterality_stays_at_stage_iv_and_is_reported_missing() -> None:
    subject = history(*STAGE_IV, ect("unknown"))
    assert thase_rush_stage(subject).stage == 4
    assert any("laterality not known" in item for item in assess_history(subject).missing)


def test_the_stage_uses_the_adequacy_criteria_given() -> None:
    subject = history(antidepressant("sertraline", (100, 6)))
    assert thase_rush_stage(subject).stage == 1
    assert thase_rush_stage(subject, AdequacyCriteria(min_weeks=8)).stage == 0


def test_the_explanation_says_which_stages_were_met_and_the_limitations() -> None:
    explanation = thase_rush_stage(history(STAGE_IV[0])).explanation
    assert explanation[:3] == (
        "stage I (an adequate failed antidepressant trial): met",
        "stage II (adequate failures in 2 different classes): not met",
        "stage III (besides those, a failed TCA): not reached",
    )
    assert any("ignores augmentation" in line for line in explanation)
