"""Response, remission, reliable change, percent change, early improvement (CANMAT 2023), the NHS
Talking Therapies measures and the Jacobson-Truax index, against their published thresholds."""

import pytest

from remission.clinical.instruments import (
    InvalidScore,
    NotApplicable,
    UnknownChoice,
    early_improvement,
    jacobson_truax,
    outcome,
    percent_change,
    talking_therapies,
)

# Response = ≥50% reduction from baseline (MBC convention, Psychiatric Services 2020; ELEKT-D;
# TRANSFORM). Exactly half counts; just under half does not.
RESPONSE_50_PERCENT = [
    ("phq9", 20, 10, True),
    ("phq9", 20, 11, False),
    ("phq9", 13, 6, True),
    ("phq9", 13, 7, False),
    ("qids_sr16", 16, 8, True),
    ("qids_sr16", 16, 9, False),
    ("hamd17", 24, 12, True),
    ("hamd17", 24, 13, False),
    ("madrs", 31, 15, True),
    ("madrs", 31, 16, False),
]

# Remission: PHQ-9 <5 (Psychiatric Services 2020); QIDS-SR16 ≤5 and HRSD17 ≤7 (STAR*D, Rush 2006);
# MADRS ≤10 by default (Zimmerman 2004, JPR), ≤9 broad and ≤4 narrow (Zimmerman 2004, JCP), ≤12 in
# many trials.
REMISSION = [
    ("phq9", None, 4, True),
    ("phq9", None, 5, False),
    ("qids_sr16", None, 5, True),
    ("qids_sr16", None, 6, False),
    ("hamd17", None, 7, True),
    ("hamd17", None, 8, False),
    ("madrs", None, 10, True),
    ("madrs", None, 11, False),
    ("madrs", "zimmerman2004_broad", 9, True),
    ("madrs", "zimmerman2004_broad", 10, False),
    ("madrs", "zimmerman2004_narrow", 4, True),
    ("madrs", "zimmerman2004_narrow", 5, False),
    ("madrs", "trials_12", 12, True),
    ("madrs", "trials_12", 13, False),
]

# Reliable change: NHS Talking Therapies PHQ-9 ≥6, GAD-7 ≥4; Löwe 2004 PHQ-9 MCID 5;
# NCPTSD PCL-5 10 (clinically meaningful) and 5.
RELIABLE_CHANGE = [
    ("phq9", None, 20, 14, True, False),
    ("phq9", None, 20, 15, False, False),
    ("phq9", None, 10, 16, False, True),
    ("phq9", None, 10, 15, False, False),
    ("phq9", "lowe2004_mcid", 20, 15, True, False),
    ("gad7", None, 12, 8, True, False),
    ("gad7", None, 12, 9, False, False),
    ("gad7", None, 8, 12, False, True),
    ("pcl5", None, 40, 30, True, False),
    ("pcl5", None, 40, 31, False, False),
    ("pcl5", "ncptsd_5_points", 40, 35, True, False),
    ("pcl5", "ncptsd_5_points", 35, 40, False, True),
]

# NHS Talking Therapies (clinical.md 7.6): caseness PHQ-9 ≥10 and/or GAD-7 ≥8; recovery = at
# caseness at the start and below it on both at the end; reliable improvement = PHQ-9 down ≥6
# and/or GAD-7 down ≥4; reliable recovery = both. Columns: PHQ-9 start, end, GAD-7 start, end,
# caseness at start, at end, recovery, reliable improvement, reliable deterioration, reliable
# recovery.
TALKING_THERAPIES = [
    (15, 8, 10, 5, True, False, True, True, False, True),
    (12, 9, 9, 7, True, False, True, False, False, False),
    (9, 4, 7, 3, False, False, None, True, False, None),
    (14, 10, 6, 6, True, True, False, False, False, False),
    (8, 15, 5, 12, False, True, None, False, True, None),
    (10, 9, 5, 9, True, True, False, False, True, False),
    (9, 9, 7, 7, False, False, None, False, False, None),
    (10, 9, 7, 7, True, False, True, False, False, False),
    (9, 9, 8, 7, True, False, True, False, False, False),
]


@pytest.mark.parametrize(("instrument", "baseline", "current", "responded"), RESPONSE_50_PERCENT)
def test_response_is_a_reduction_of_at_least_half_of_baseline(
    instrument, baseline, current, responded
):
    assert outcome(instrument, baseline, current).response is responded


@pytest.mark.parametrize(("instrument", "choice", "current", "remitted"), REMISSION)
def test_remission_uses_each_instruments_published_cut_off(instrument, choice, current, remitted):
    result = outcome(instrument, 27, current, remission=choice)
    assert result.remission is remitted
    assert result.remission_criterion.id == (choice or result.remission_criterion.id)


@pytest.mark.parametrize(
    ("instrument", "choice", "baseline", "current", "improved", "worse"), RELIABLE_CHANGE
)
def test_reliable_change_uses_the_published_point_thresholds(
    instrument, choice, baseline, current, improved, worse
):
    result = outcome(instrument, baseline, current, reliable_change=choice)
    assert (result.reliable_improvement, result.reliable_deterioration) == (improved, worse)


def test_pcl5_response_is_a_reduction_of_at_least_5_points_ncptsd():
    assert outcome("pcl5", 40, 35).response is True
    assert outcome("pcl5", 40, 36).response is False


def test_rules_the_sources_do_not_give_are_none_not_guessed():
    gad7 = outcome("gad7", 15, 5)
    assert (gad7.response, gad7.remission) == (None, None)
    qids = outcome("qids_sr16", 15, 5)
    assert (qids.reliable_improvement, qids.reliable_change_criterion) == (None, None)
    who5 = outcome("who5", 10, 20)
    assert (who5.response, who5.remission, who5.reliable_improvement) == (None, None, None)
    assert who5.percent_change == 100.0


def test_result_names_the_criteria_it_used():
    result = outcome("madrs", 30, 10, remission="zimmerman2004_broad")
    assert result.remission_criterion.label == "MADRS ≤9 (broad)"
    assert "Zimmerman" in result.remission_criterion.source
    assert result.as_dict()["criteria"]["response"]["id"] == "reduction_50_percent"


@pytest.mark.parametrize(
    ("baseline", "current", "change"),
    [(20, 10, -50.0), (10, 15, 50.0), (3, 2, -100 / 3), (0, 5, None)],
)
def test_percent_change_is_relative_to_baseline_and_undefined_from_zero(baseline, current, change):
    assert percent_change(baseline, current) == (pytest.approx(change) if change else None)


def test_response_from_a_baseline_of_zero_is_not_applicable():
    assert outcome("phq9", 0, 0).response is None


def test_total_outside_the_scale_is_refused_naming_the_field():
    with pytest.raises(InvalidScore) as refused:
        outcome("phq9", 28, 10)
    assert str(refused.value) == "phq9 baseline: 28 is out of range (allowed: whole numbers 0-27)"


def test_outcome_of_an_instrument_without_a_total_is_not_applicable():
    with pytest.raises(NotApplicable, match="cssrs_screener: has no total score"):
        outcome("cssrs_screener", 1, 0)


def test_unknown_criterion_is_refused_listing_the_published_ones():
    with pytest.raises(
        UnknownChoice,
        match=r"madrs: no remission criterion 'x'; choose from: zimmerman2004_hrsd7, ",
    ):
        outcome("madrs", 30, 10, remission="x")


@pytest.mark.parametrize(("current", "improved"), [(16, True), (17, False), (10, True)])
def test_early_improvement_is_at_least_20_percent_within_4_weeks_canmat_2023(current, improved):
    result = early_improvement("phq9", 20, current, weeks=2)
    assert result.improved is improved
    assert result.criterion.within_weeks == 4


def test_early_improvement_is_judged_up_to_week_4_and_not_after():
    assert early_improvement("madrs", 30, 24, weeks=4).improved is True
    with pytest.raises(NotApplicable, match="within the first 4 weeks of treatment, not at week 6"):
        early_improvement("madrs", 30, 24, weeks=6)
    with pytest.raises(NotApplicable):
        early_improvement("madrs", 30, 24, weeks=0)


def test_early_improvement_needs_a_depression_measure_and_a_nonzero_baseline():
    with pytest.raises(NotApplicable, match="gad7: no early-improvement rule"):
        early_improvement("gad7", 15, 10, weeks=2)
    with pytest.raises(NotApplicable, match="baseline of 0"):
        early_improvement("hamd17", 0, 0, weeks=2)


@pytest.mark.parametrize(
    (
        "phq_start",
        "phq_end",
        "gad_start",
        "gad_end",
        "case_start",
        "case_end",
        "recovery",
        "improved",
        "worse",
        "reliable_recovery",
    ),
    TALKING_THERAPIES,
)
def test_nhs_talking_therapies_caseness_recovery_and_reliable_recovery(
    phq_start,
    phq_end,
    gad_start,
    gad_end,
    case_start,
    case_end,
    recovery,
    improved,
    worse,
    reliable_recovery,
):
    result = talking_therapies(
        phq9_baseline=phq_start, phq9_current=phq_end, gad7_baseline=gad_start, gad7_current=gad_end
    )
    assert (result.caseness_at_start, result.caseness_at_end) == (case_start, case_end)
    assert (result.recovery, result.reliable_recovery) == (recovery, reliable_recovery)
    assert (result.reliable_improvement, result.reliable_deterioration) == (improved, worse)


def test_jacobson_truax_index_from_sd_and_reliability():
    """SD 5, r .84: SEM = 5·√.16 = 2; S_diff = √(2·2²) = 2.828; a fall of 6 gives RCI -2.12."""
    result = jacobson_truax(20, 14, sd=5, reliability=0.84)
    assert result.s_diff == pytest.approx(2.8284, abs=1e-4)
    assert result.rci == pytest.approx(-2.1213, abs=1e-4)
    assert (result.improved, result.deteriorated) == (True, False)


def test_jacobson_truax_change_within_1_96_s_diff_is_not_reliable():
    """A fall of 5 with S_diff 2.828 is RCI -1.77: inside ±1.96."""
    assert jacobson_truax(20, 15, sd=5, reliability=0.84).improved is False


def test_jacobson_truax_on_a_scale_where_higher_is_better():
    result = jacobson_truax(40, 52, sd=5, reliability=0.84, lower_is_better=False)
    assert (result.improved, result.deteriorated) == (True, False)


def test_jacobson_truax_refuses_an_impossible_reliability():
    with pytest.raises(ValueError, match="reliability"):
        jacobson_truax(20, 14, sd=5, reliability=1.0)
