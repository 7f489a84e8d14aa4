"""Medicines that must not be combined: NICE NG222 1.9.9 [P], "do not combine an SSRI, SNRI or
TCA with an MAOI" (clinical.md 4.3)."""

import pytest

from remission.clinical.history import assess_history
from remission.clinical.planning import Status, parse_profile
from remission.clinical.planning.facts import Facts, derive
from remission.clinical.planning.interactions import with_option
from remission.clinical.planning.rules import Mode, rule_set
from tests.clinical.history.notation import antidepressant
from tests.clinical.planning.support import SERTRALINE, codes, planned, profile_data

NICE = "NICE NG222 1.9.9"


def _facts(medications: list[str]) -> Facts:
    profile = parse_profile(profile_data(SERTRALINE, medications=medications))
    return derive(profile, assess_history(profile.history), rule_set().recency_days)


@pytest.mark.parametrize("other", ["sertraline", "duloxetine", "nortriptyline"])
def test_an_maoi_taken_with_an_ssri_snri_or_tca_is_flagged_with_the_plan(other: str) -> None:
    result = planned(profile_data(SERTRALINE, medications=["tranylcypromine", other]))
    [concern] = result.interactions
    assert concern.status is Status.CONTRAINDICATED
    assert concern.code == "maoi_with_serotonergic"
    assert NICE in concern.source
    assert "tranylcypromine (MAOI)" in concern.text


@pytest.mark.parametrize("medications", [["sertraline", "lithium"], ["sertraline", "mirtazapine"]])
def test_other_combinations_are_not_flagged(medications: list[str]) -> None:
    assert planned(profile_data(SERTRALINE, medications=medications)).interactions == ()


def test_switching_from_an_ssri_to_an_maoi_is_a_caution_naming_the_washout_gap() -> None:
    option = planned(profile_data(SERTRALINE, medications=["sertraline"])).option("switch_maoi")
    assert option is not None
    [concern] = [c for c in option.cautions if c.code == "maoi_with_serotonergic"]
    assert concern.status is Status.CAUTION
    assert concern.text.startswith("Switching from sertraline (SSRI) to MAOI")
    assert "washout" in concern.text


def test_switching_from_an_maoi_to_a_tca_is_a_caution_too() -> None:
    trial = antidepressant("phenelzine", (60, 8))
    result = planned(profile_data(trial, medications=["phenelzine"]))
    assert "maoi_with_serotonergic" in codes(result.option("switch_tca"))
    assert "maoi_with_serotonergic" in codes(result.option("switch_other_class"))


def test_adding_an_ssri_to_a_current_maoi_would_be_contraindicated() -> None:
    interactions = rule_set().interactions
    [concern] = with_option(Mode.ADD, ("sertraline",), _facts(["phenelzine"]), interactions)
    assert concern.status is Status.CONTRAINDICATED
    assert concern.text.startswith("SSRI with the current phenelzine (MAOI)")


def test_without_current_medicines_nothing_is_checked_and_options_say_so() -> None:
    result = planned(profile_data(SERTRALINE, medications=None))
    assert result.interactions == ()
    assert "medications_not_recorded" in codes(result.option("switch_maoi"))
    assert "current medications not recorded: interactions not checked" in result.missing_inputs


def test_a_medicine_not_in_the_drug_tables_is_reported_not_guessed() -> None:
    result = planned(profile_data(SERTRALINE, medications=["sertraline", "lorazepam"]))
    assert any("'lorazepam' is not in the drug tables" in text for text in result.missing_inputs)
    assert _facts(["sertraline", "lorazepam"]).unrecognised == ("lorazepam",)
