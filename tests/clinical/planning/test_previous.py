"""Options already tried are marked, never re-offered blindly (clinical.md 3.1, 4, 5.7).

An adequate failure, a course without response, intolerance and a course in progress are cautions;
an earlier response is a reason; a switch offers only drugs not yet failed adequately, not
stopped for intolerance and not being taken.
"""

from remission.clinical.planning import Status
from tests.clinical.history.notation import antidepressant, augmentation, ect
from tests.clinical.planning.support import (
    SERTRALINE,
    VENLAFAXINE,
    codes,
    offered,
    planned,
    profile_data,
)

TWO = (SERTRALINE, VENLAFAXINE)


def test_a_switch_within_the_class_leaves_out_the_drug_that_failed() -> None:
    option = planned(profile_data(SERTRALINE, medications=["sertraline"])).option(
        "switch_same_class"
    )
    assert option is not None
    assert "sertraline" not in option.drugs
    assert {"citalopram", "escitalopram", "fluoxetine"} <= set(option.drugs)
    assert option.tried == (0,)
    assert any("sertraline (trial 0: no response, adequate" in r for r in option.reasons)


def test_a_drug_stopped_for_intolerance_is_not_offered_again_in_a_switch() -> None:
    trials = (*TWO, antidepressant("nortriptyline", (50, 2), outcome="intolerance"))
    option = planned(profile_data(*trials)).option("switch_tca")
    assert option is not None
    assert "nortriptyline" not in option.drugs
    assert any("nortriptyline (trial 2: stopped for intolerance" in r for r in option.reasons)


def test_a_drug_tried_below_the_minimum_dose_can_still_be_offered() -> None:
    trials = (*TWO, antidepressant("nortriptyline", (25, 10)))
    option = planned(profile_data(*trials, medications=["venlafaxine"])).option("switch_tca")
    assert option is not None
    assert "nortriptyline" in option.drugs


def test_when_every_drug_of_the_class_has_failed_the_switch_is_a_caution() -> None:
    maois = ["phenelzine", "tranylcypromine", "isocarboxazid", "selegiline transdermal"]
    minimum = {"phenelzine": 45, "tranylcypromine": 30, "isocarboxazid": 30}
    trials = [*TWO, *(antidepressant(d, (minimum.get(d, 6), 8)) for d in maois)]
    trials.append(antidepressant("moclobemide", (300, 8)))
    option = planned(profile_data(*trials)).option("switch_maoi")
    assert option is not None
    assert option.drugs == ()
    assert codes(option) == ["already_tried"]


def test_a_failed_augmentation_is_a_caution_on_that_option_only() -> None:
    trials = (*TWO, augmentation("aripiprazole", 1, 10, 8))
    result = planned(profile_data(*trials, medications=["venlafaxine"]))
    aripiprazole = result.option("augment_aripiprazole")
    assert aripiprazole is not None
    assert aripiprazole.status is Status.CAUTION
    assert aripiprazole.tried == (2,)
    [concern] = aripiprazole.cautions
    assert concern.text.startswith("Tried without response in this episode (adequacy not assessed)")
    assert offered(result, "augment_brexpiprazole").status is Status.SUGGESTED


def test_a_failed_ect_course_and_a_failed_cbt_course_are_marked() -> None:
    cbt = {"type": "psychotherapy", "modality": "cbt", "sessions": 16, "weeks": 16}
    trials = (*TWO, ect(), cbt | {"outcome": "no_response"})
    result = planned(profile_data(*trials, severity="severe"))
    assert "already_tried" in codes(result.option("ect"))
    assert "already_tried" in codes(result.option("psychotherapy_cbt"))


def test_an_earlier_response_is_a_reason_not_a_caution() -> None:
    trials = (*TWO, ect(outcome="remission", current_episode=False))
    option = planned(profile_data(*trials)).option("ect")
    assert option is not None
    assert option.status is Status.SUGGESTED
    assert any(
        r.startswith("Responded before in an earlier episode: trial 2") for r in option.reasons
    )


def test_a_failure_in_an_earlier_episode_is_shown_as_such() -> None:
    trials = (*TWO, ect(current_episode=False))
    option = planned(profile_data(*trials)).option("ect")
    assert option is not None
    assert any("in an earlier episode" in c.text for c in option.cautions)


def test_an_option_in_progress_or_already_taken_is_a_caution() -> None:
    trials = (*TWO, augmentation("lithium", 1, 600, 3, outcome="ongoing"))
    option = planned(profile_data(*trials, medications=["venlafaxine", "lithium"])).option(
        "augment_lithium"
    )
    assert codes(option) == ["in_progress", "already_taking"]


def test_optimising_is_offered_for_the_current_antidepressant_only() -> None:
    result = planned(profile_data(SERTRALINE, medications=["sertraline"]))
    assert offered(result, "optimise_dose").drugs == ("sertraline",)
    assert planned(profile_data(SERTRALINE)).option("optimise_dose") is None


def test_no_same_class_switch_is_offered_from_a_drug_that_is_a_class_of_its_own() -> None:
    """Other new-generation antidepressants are each their own class (history dose table)."""
    trial = antidepressant("bupropion", (300, 8))
    assert (
        planned(profile_data(trial, medications=["bupropion"])).option("switch_same_class") is None
    )
