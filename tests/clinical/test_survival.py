"""Kaplan-Meier against a published textbook example and against lifelines."""

from collections import Counter

import pytest

from remission.clinical.survival import kaplan_meier

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


@pytest.mark.parametrize("group", ["miR-137", "control"])
def test_every_step_and_interval_equals_lifelines_on_the_waltons_data(group):
    # The waltons data set shipped with lifelines (Davidson-Pilon 2019, J Open Source Softw
    # 4:1317): time to death of fruit flies in two groups, with censoring.
    from lifelines import KaplanMeierFitter
    from lifelines.datasets import load_waltons

    data = load_waltons()
    data = data[data["group"] == group]
    reference = KaplanMeierFitter().fit(data["T"], data["E"])
    ours = kaplan_meier(list(data["T"]), [bool(e) for e in data["E"]])
    table = reference.event_table
    survival = reference.survival_function_.iloc[:, 0]
    bounds = reference.confidence_interval_survival_function_
    times = [t for t in table.index if t > 0]
    assert [s.time for s in ours.steps] == times
    for step in ours.steps:
        assert step.at_risk == table.at[step.time, "at_risk"]
        assert step.events == table.at[step.time, "observed"]
        assert step.survival == pytest.approx(survival.at[step.time], abs=1e-12)
        assert step.low == pytest.approx(bounds.iloc[:, 0].at[step.time], abs=1e-9)
        assert step.high == pytest.approx(bounds.iloc[:, 1].at[step.time], abs=1e-9)
    assert ours.median == reference.median_survival_time_


def test_negative_durations_are_refused():
    with pytest.raises(ValueError, match="negative"):
        kaplan_meier([-1], [True])


def test_grouped_rows_with_weights_give_the_textbook_table():
    """The Freireich 6-MP group as (weeks, relapsed, how many) rows, the way the dashboard reads
    them from the database: the same steps and median as one row per patient."""
    groups = Counter(zip(WEEKS, RELAPSED, strict=True))
    weeks, relapsed, weights = zip(*((w, r, n) for (w, r), n in groups.items()), strict=True)
    grouped = kaplan_meier(weeks, relapsed, weights)
    assert grouped == kaplan_meier(WEEKS, RELAPSED)
    assert (grouped.subjects, grouped.events, grouped.median) == (21, 9, 23.0)


def test_weights_must_be_positive_and_match():
    with pytest.raises(ValueError, match="weights"):
        kaplan_meier([1, 2], [True, False], [1, 0])
    with pytest.raises(ValueError, match="same length"):
        kaplan_meier([1, 2], [True, False], [1])
