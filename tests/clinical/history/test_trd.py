"""TRD status (clinical.md 3.1): 2 or more adequate failed antidepressants, current episode."""

from remission.clinical.history import AdequacyCriteria, TrdDefinition, trd_status
from tests.clinical.history.notation import antidepressant, augmentation, history

SERTRALINE = antidepressant("sertraline", (100, 8))
CITALOPRAM = antidepressant("citalopram", (20, 8))
VENLAFAXINE = antidepressant("venlafaxine", (150, 8))


def test_one_adequate_failure_is_not_trd_and_two_are() -> None:
    """CANMAT 2023 'most commonly used' definition: failure of at least 2 trials."""
    assert not trd_status(history(SERTRALINE)).status
    assert trd_status(history(SERTRALINE, CITALOPRAM)).status


def test_the_result_records_the_definition_it_used() -> None:
    result = trd_status(history(SERTRALINE, CITALOPRAM))
    assert result.definition == TrdDefinition()
    assert "at least 2 adequate antidepressant trials" in result.definition.text
    assert "at least 6 weeks" in result.definition.text
    assert any("CANMAT 2023" in source for source in result.definition.sources)
    assert result.counted == (0, 1)


def test_different_classes_are_required_only_when_asked() -> None:
    """EMA Note for guidance Rev.1 (2002), as quoted by Jaffe 2019: different classes."""
    classes = TrdDefinition(different_classes=True)
    assert not trd_status(history(SERTRALINE, CITALOPRAM), classes).status
    assert trd_status(history(SERTRALINE, VENLAFAXINE), classes).status
    assert any("EMA" in source for source in classes.sources)
    assert trd_status(history(SERTRALINE, VENLAFAXINE), classes).classes == ("SSRI", "SNRI")


def test_the_minimum_weeks_of_the_definition_applies_to_every_trial() -> None:
    six_weeks = antidepressant("citalopram", (20, 6))
    assert trd_status(history(SERTRALINE, six_weeks)).status
    eight = TrdDefinition(adequacy=AdequacyCriteria(min_weeks=8))
    assert not trd_status(history(SERTRALINE, six_weeks), eight).status


def test_intolerance_is_counted_apart_and_never_as_a_failure() -> None:
    """clinical.md 3.1 DESIGN NOTE: count intolerance separately."""
    intolerant = antidepressant("citalopram", (20, 8), outcome="intolerance")
    result = trd_status(history(SERTRALINE, intolerant))
    assert not result.status
    assert result.intolerances == (1,)


def test_augmentation_does_not_count_by_default() -> None:
    combination = augmentation("mirtazapine", 0, 30, 8)
    assert not trd_status(history(SERTRALINE, combination)).status
    counts = TrdDefinition(augmentation_counts=True)
    assert trd_status(history(SERTRALINE, combination), counts).status


def test_trials_of_an_earlier_episode_do_not_count() -> None:
    earlier = antidepressant("citalopram", (20, 8), current_episode=False)
    assert not trd_status(history(SERTRALINE, earlier)).status


def test_the_explanation_names_the_counted_trials_and_the_verdict() -> None:
    result = trd_status(history(SERTRALINE, CITALOPRAM))
    assert result.explanation[0].startswith("adequate failed trials in the current episode: 2: ")
    assert "trial 0, sertraline 100 mg for 8 weeks" in result.explanation[0]
    assert result.explanation[-1].startswith("TRD: ")
