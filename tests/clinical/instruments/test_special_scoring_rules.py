"""WHO-5 percentage, PCL-5 DSM-5 provisional diagnosis, WSAS for a retired patient, C-SSRS screener
branching and risk category, CADSS and CADSS-6 sums."""

import pytest

from remission.clinical.instruments import InvalidAnswer, parse_answers, score

# Topp et al. 2015: percentage = raw x 4; ≤50% is the screening cut-off. The older WHO rule, raw
# <13, selects the same patients (clinical.md 1.7, 8).
WHO5_TOPP_2015 = [
    (0, 0, "poor_wellbeing"),
    (12, 48, "poor_wellbeing"),
    (13, 52, "above_cutoff"),
    (25, 100, "above_cutoff"),
]
# One implementation's ≤28% "depression likely" cut-off (primary source not read).
WHO5_28 = [(7, 28, "likely_depression"), (8, 32, "above_cutoff")]

# Columbia triage guidelines (clinical.md 1.8): answers in CLI order q1..q6, then q6_recent.
CSSRS_TRIAGE = [
    ("no,no,,,,no,", "none"),
    ("yes,no,,,,no,", "low"),
    ("no,yes,no,no,no,no,", "low"),
    ("yes,yes,no,no,no,no,", "low"),
    ("yes,yes,yes,no,no,no,", "moderate"),
    ("no,no,,,,yes,no", "moderate"),
    ("no,yes,no,yes,no,no,", "high"),
    ("no,yes,no,no,yes,no,", "high"),
    ("no,no,,,,yes,yes", "high"),
    ("yes,yes,yes,yes,yes,yes,yes", "high"),
]

# Mundt et al. 2002: <10 subclinical, 10-20 significant impairment, >20 moderately severe or worse.
MUNDT_2002 = [
    (0, "subclinical"),
    (9, "subclinical"),
    (10, "significant_impairment"),
    (20, "significant_impairment"),
    (21, "moderately_severe"),
    (40, "moderately_severe"),
]


def typed(text: str, instrument: str = "cssrs_screener") -> dict[str, int | None]:
    """Answers as typed on the command line: comma-separated, empty for a blank."""
    return parse_answers(instrument, text.split(","))


def pcl5(endorsed: dict[int, int]) -> dict[str, int | None]:
    return {f"q{n}": endorsed.get(n, 0) for n in range(1, 21)}


# The smallest pattern meeting the DSM-5 rule (NCPTSD): 1 B (items 1-5), 1 C (6-7), 2 D (8-14)
# and 2 E (15-20) items at "moderately" (2) or more.
PCL5_MINIMAL_DIAGNOSIS = {1: 2, 6: 2, 8: 2, 9: 2, 15: 2, 16: 2}


@pytest.mark.parametrize(("raw", "percent", "band"), WHO5_TOPP_2015)
def test_who5_percentage_is_raw_times_4_and_50_or_below_is_poor_wellbeing(
    sheet_totalling, raw, percent, band
):
    result = score("who5", sheet_totalling("who5", raw))
    assert (result.total, result.percent, result.band.id) == (raw, percent, band)


@pytest.mark.parametrize("raw", range(26))
def test_who5_topp_cut_off_selects_exactly_the_raw_below_13_patients_of_the_older_who_rule(
    sheet_totalling, raw
):
    result = score("who5", sheet_totalling("who5", raw))
    assert (result.band.id == "poor_wellbeing") == (raw < 13)


@pytest.mark.parametrize(("raw", "percent", "band"), WHO5_28)
def test_who5_28_percent_cut_off_when_chosen(sheet_totalling, raw, percent, band):
    result = score("who5", sheet_totalling("who5", raw), band_set="likely_depression_28")
    assert (result.percent, result.band.id) == (percent, band)


def test_pcl5_minimal_dsm5_pattern_is_a_provisional_diagnosis():
    result = score("pcl5", pcl5(PCL5_MINIMAL_DIAGNOSIS))
    assert result.dsm5_provisional is True
    assert result.total == 12


@pytest.mark.parametrize(("cluster", "item"), [("B", 1), ("C", 6), ("D", 9), ("E", 16)])
def test_pcl5_one_cluster_short_of_its_minimum_is_no_diagnosis(cluster, item):
    result = score("pcl5", pcl5({**PCL5_MINIMAL_DIAGNOSIS, item: 1}))
    assert result.dsm5_provisional is False, cluster


def test_pcl5_items_answered_a_little_bit_are_not_endorsed():
    result = score("pcl5", pcl5(dict.fromkeys(range(1, 21), 1)))
    assert (result.total, result.dsm5_provisional) == (20, False)


@pytest.mark.parametrize(
    ("band_set", "total", "band"),
    [
        ("cutoff_33", 32, "below_cutoff"),
        ("cutoff_33", 33, "probable_ptsd"),
        ("cutoff_31", 30, "below_cutoff"),
        ("cutoff_31", 31, "probable_ptsd"),
    ],
)
def test_pcl5_probable_ptsd_cut_off_is_33_by_default_and_31_when_chosen(
    sheet_totalling, band_set, total, band
):
    result = score("pcl5", sheet_totalling("pcl5", total), band_set=band_set)
    assert result.band.id == band


def test_pcl5_item_16_risky_behaviour_is_not_treated_as_a_suicide_item():
    assert score("pcl5", pcl5({16: 4})).alerts == ()


def test_wsas_retired_patient_leaves_item_1_blank_and_is_scored_out_of_32():
    result = score("wsas", typed(",4,4,4,4", "wsas"))
    assert (result.total, result.max_total, result.excluded) == (16, 32, ("q1",))
    assert result.band.id == "significant_impairment"


def test_wsas_working_patient_is_scored_out_of_40():
    result = score("wsas", {"q1": 8, "q2": 8, "q3": 8, "q4": 8, "q5": 8})
    assert (result.total, result.max_total, result.excluded) == (40, 40, ())


@pytest.mark.parametrize(("total", "band"), MUNDT_2002)
def test_wsas_bands_follow_mundt_2002(sheet_totalling, total, band):
    assert score("wsas", sheet_totalling("wsas", total)).band.id == band


@pytest.mark.parametrize(("answers", "risk"), CSSRS_TRIAGE)
def test_cssrs_screener_risk_category_follows_columbia_triage(answers, risk):
    result = score("cssrs_screener", typed(answers))
    assert (result.band.id, result.total, result.max_total) == (risk, None, None)


def test_cssrs_items_3_to_5_are_not_asked_when_item_2_is_no():
    answers = typed("yes,no,yes,,,no,")
    with pytest.raises(
        InvalidAnswer, match=r"item q3: not asked unless q2 is yes \(allowed: blank\)"
    ):
        score("cssrs_screener", answers)


def test_cssrs_items_3_to_5_must_be_answered_when_item_2_is_yes():
    answers = typed("no,yes,,,,no,")
    with pytest.raises(InvalidAnswer, match=r"item q3: missing answer \(allowed: no or yes\)"):
        score("cssrs_screener", answers)


def test_cssrs_past_3_months_question_is_asked_only_after_lifetime_behaviour():
    with pytest.raises(InvalidAnswer, match=r"q6_recent: missing answer"):
        score("cssrs_screener", typed("no,no,,,,yes,"))
    with pytest.raises(InvalidAnswer, match=r"q6_recent: not asked unless q6 is yes"):
        score("cssrs_screener", typed("no,no,,,,no,no"))


@pytest.mark.parametrize(
    ("answers", "alerts"),
    [
        ("yes,no,,,,no,", [("q1", "review")]),
        ("no,yes,yes,no,no,no,", [("q2", "review"), ("q3", "urgent")]),
        ("no,yes,no,yes,yes,no,", [("q2", "review"), ("q4", "urgent"), ("q5", "urgent")]),
        ("no,no,,,,yes,no", [("q6", "urgent")]),
        ("no,no,,,,yes,yes", [("q6", "urgent"), ("q6_recent", "urgent")]),
        ("no,no,,,,no,", []),
    ],
)
def test_cssrs_alerts_name_each_yes_with_its_triage_priority(answers, alerts):
    result = score("cssrs_screener", typed(answers))
    assert [(a.item, a.priority) for a in result.alerts] == alerts


def test_cadss_23_subjective_items_sum_to_at_most_92_with_no_bands():
    result = score("cadss", {f"q{n}": 4 for n in range(1, 24)})
    assert (result.total, result.max_total, result.band, result.alerts) == (92, 92, None, ())


def test_cadss6_uses_items_1_2_6_7_15_and_22_rodrigues_2021():
    answers = {"q1": 1, "q2": 2, "q6": 3, "q7": 4, "q15": 0, "q22": 1}
    result = score("cadss6", answers)
    assert (result.total, result.max_total) == (11, 24)
