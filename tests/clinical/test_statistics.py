"""Rates and Wilson score intervals against the published worked values."""

import pytest

from remission.clinical.statistics import Rate, cumulative, wilson_interval


@pytest.mark.parametrize(
    ("events", "total", "low", "high"),
    [
        # Newcombe 1998, Stat Med 17:857, Table I, method 3 (score interval, no continuity
        # correction), to four decimals.
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_newcombe_1998(events, total, low, high):
    got_low, got_high = wilson_interval(events, total)
    assert (round(got_low, 4), round(got_high, 4)) == (low, high)


def test_wilson_interval_of_all_events_reaches_one_and_stays_inside():
    low, high = wilson_interval(20, 20)
    assert high == 1.0
    assert round(low, 4) == round(1 - 0.1611, 4)  # mirror of 0/20 (Newcombe 1998)


def test_rate_of_zero_patients_has_no_proportion_or_interval():
    rate = Rate(0, 0)
    assert rate.proportion is None
    assert rate.interval is None
    assert rate.as_dict() == {"events": 0, "total": 0, "percent": None, "ci95": None}


def test_rate_rounds_percent_and_interval_for_display():
    assert Rate(81, 263).as_dict() == {
        "events": 81,
        "total": 263,
        "percent": 30.8,
        "ci95": [25.5, 36.6],
    }


@pytest.mark.parametrize(("events", "total"), [(-1, 3), (4, 3), (0, -1)])
def test_impossible_rates_are_refused(events, total):
    with pytest.raises(ValueError, match="events"):
        Rate(events, total)


def test_interval_needs_a_patient():
    with pytest.raises(ValueError, match="at least one patient"):
        wilson_interval(0, 0)


def test_star_d_theoretical_cumulative_remission_is_67_percent():
    # Rush 2006 (clinical.md 7.1): step remission 36.8, 30.6, 13.7, 13.0% -> cumulative 67%.
    assert round(100 * cumulative([0.368, 0.306, 0.137, 0.130])) == 67


def test_cumulative_refuses_a_rate_above_one():
    with pytest.raises(ValueError, match="between 0 and 1"):
        cumulative([0.5, 1.2])
