"""MGH-S (Fava 2003; Hägg et al. 2020 Panel 1; clinical.md 3.3). The worked table of
docs/algorithms/mgh-s.md is asserted in test_docs.py; these cover the rest."""

from remission.clinical.history import AdequacyCriteria, mgh_s_score
from tests.clinical.history.notation import antidepressant, augmentation, ect, history


def test_each_item_adds_its_published_points() -> None:
    """+1 per failed adequate trial, +0.5 optimised, +0.5 augmented, +3 ECT (Hägg 2020)."""
    base = antidepressant("sertraline", (100, 8))
    assert mgh_s_score(history(base)).score == 1
    assert mgh_s_score(history({**base, "optimised": True})).score == 1.5
    assert mgh_s_score(history(base, augmentation("aripiprazole", 0, 5, 6))).score == 1.5
    assert mgh_s_score(history(base, ect())).score == 4


def test_two_augmentations_of_one_trial_add_half_a_point_once() -> None:
    base = antidepressant("sertraline", (100, 8))
    twice = history(base, augmentation("aripiprazole", 0, 5, 6), augmentation("lithium", 0, 600, 6))
    assert mgh_s_score(twice).score == 1.5


def test_the_six_week_boundary_of_the_model() -> None:
    """MGH-S: at least 6 weeks at an adequate dose (Fava 2003)."""
    assert mgh_s_score(history(antidepressant("sertraline", (50, 6)))).score == 1
    assert mgh_s_score(history(antidepressant("sertraline", (50, 5.99)))).score == 0


def test_a_minimum_other_than_six_weeks_is_noted_in_the_explanation() -> None:
    score = mgh_s_score(history(antidepressant("sertraline", (50, 8))), AdequacyCriteria(8))
    assert score.score == 1
    assert "MGH-S is defined with at least 6 weeks (Fava 2003); scored here with 8" in (
        score.explanation
    )


def test_the_score_is_not_banded() -> None:
    explanation = mgh_s_score(history()).explanation
    assert "no official severity bands (clinical.md 3.3)" in explanation
