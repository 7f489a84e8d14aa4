"""Kaplan–Meier (through lifelines) against a published textbook example."""

import pytest

from remission.insights.survival import kaplan_meier

# Freireich et al. 1963 leukaemia remission data, 6-MP group (weeks; censored marked False), the
# worked example of Kleinbaum & Klein, Survival Analysis: A Self-Learning Text (3rd ed.), ch. 2.
WEEKS = [6, 6, 6, 7, 10, 13, 16, 22, 23, 6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35]
RELAPSED = [True] * 9 + [False] * 12


@pytest.mark.parametrize(
    ("week", "survival", "at_risk"),
    [(6, 0.8571, 21), (7, 0.8067, 17), (10, 0.7529, 15), (13, 0.6902, 12), (16, 0.6275, 11),
     (22, 0.5378, 7), (23, 0.4482, 6)],
)  # fmt: skip
def test_product_limit_estimate_matches_the_textbook_table(week, survival, at_risk):
    # Kleinbaum & Klein table: S(6)=.857, S(7)=.807, S(10)=.753, S(13)=.690, S(16)=.627,
    # S(22)=.538, S(23)=.448.
    estimate = kaplan_meier(WEEKS, RELAPSED)
    step = next(s for s in estimate.steps if s.time == week)
    assert round(step.survival, 3) == round(survival, 3)
    assert step.at_risk == at_risk
    assert step.low < step.survival < step.high


def test_median_is_23_weeks_and_counts_are_kept():
    estimate = kaplan_meier(WEEKS, RELAPSED)
    assert estimate.median == 23
    assert (estimate.subjects, estimate.events) == (21, 9)
    assert round(estimate.survival_at(24), 3) == 0.448
    assert estimate.survival_at(5) == 1.0


def test_median_not_reached_is_none():
    assert kaplan_meier([5, 8, 9], [True, False, False]).median is None


def test_no_patients_gives_an_empty_estimate():
    assert kaplan_meier([], []).steps == ()


def test_lengths_must_match():
    with pytest.raises(ValueError, match="same length"):
        kaplan_meier([1, 2], [True])
