"""PHQ-9, PHQ-2 and GAD-7: totals, severity bands on both sides of every boundary, the unscored
difficulty item and the item-9 suicide alert."""

import pytest

from remission.clinical.instruments import InvalidAnswer, score

# Kroenke, Spitzer & Williams 2001, J Gen Intern Med 16:606: 0-4 none-minimal, 5-9 mild,
# 10-14 moderate, 15-19 moderately severe, 20-27 severe.
KROENKE_2001 = [
    (0, "none_minimal"),
    (4, "none_minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "moderately_severe"),
    (19, "moderately_severe"),
    (20, "severe"),
    (27, "severe"),
]

# NICE NG222 (2022): less severe = PHQ-9 <16, more severe = PHQ-9 ≥16.
NICE_NG222 = [(0, "less_severe"), (15, "less_severe"), (16, "more_severe"), (27, "more_severe")]

# Spitzer et al. 2006, Arch Intern Med 166:1092: cut-points 5 mild, 10 moderate, 15 severe.
SPITZER_2006 = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "severe"),
    (21, "severe"),
]

# PHQ-2 cut-offs: Kroenke 2003 (Med Care 41:1284) ≥3; Arroll 2010 (Ann Fam Med 8:348) ≥2.
KROENKE_2003 = [
    (0, "screen_negative"),
    (2, "screen_negative"),
    (3, "screen_positive"),
    (6, "screen_positive"),
]
ARROLL_2010 = [(1, "screen_negative"), (2, "screen_positive")]


@pytest.mark.parametrize(("total", "band"), KROENKE_2001)
def test_phq9_bands_follow_kroenke_2001_on_both_sides_of_each_cut_point(
    sheet_totalling, total, band
):
    result = score("phq9", sheet_totalling("phq9", total))
    assert (result.total, result.band.id, result.band_set.id) == (total, band, "kroenke2001")


@pytest.mark.parametrize(("total", "band"), NICE_NG222)
def test_phq9_nice_ng222_split_puts_16_and_above_in_more_severe(sheet_totalling, total, band):
    result = score("phq9", sheet_totalling("phq9", total), band_set="nice_ng222")
    assert (result.band.id, result.band_set.id) == (band, "nice_ng222")


def test_phq9_total_is_the_sum_of_items_1_to_9_kroenke_2001():
    answers = dict(zip([f"q{n}" for n in range(1, 10)], [3, 2, 1, 0, 3, 2, 1, 0, 0], strict=True))
    assert score("phq9", answers).total == 12
    assert score("phq9", answers).max_total == 27


def test_phq9_difficulty_item_is_answered_but_never_added_to_the_total():
    items = {f"q{n}": 1 for n in range(1, 10)}
    without = score("phq9", items)
    with_difficulty = score("phq9", {**items, "difficulty": 3})
    assert without.total == with_difficulty.total == 9


def test_phq9_difficulty_item_still_only_accepts_its_four_options():
    with pytest.raises(InvalidAnswer, match=r"phq9 item difficulty: 4 is not an allowed answer"):
        score("phq9", {**{f"q{n}": 0 for n in range(1, 10)}, "difficulty": 4})


@pytest.mark.parametrize(("answer", "priority"), [(1, "review"), (2, "urgent"), (3, "urgent")])
def test_positive_item_9_raises_alert_even_when_total_is_low(answer, priority):
    """PHQ manual: any positive answer to item 9 needs a clinician assessment (clinical.md 1.14)."""
    result = score("phq9", {**{f"q{n}": 0 for n in range(1, 9)}, "q9": answer})
    assert result.total == answer
    assert result.band.id == "none_minimal"
    [alert] = result.alerts
    assert (alert.item, alert.answer, alert.priority) == ("q9", answer, priority)


def test_item_9_answered_not_at_all_raises_no_alert_even_when_total_is_severe():
    result = score("phq9", {**{f"q{n}": 3 for n in range(1, 9)}, "q9": 0})
    assert result.band.id == "severe"
    assert result.alerts == ()


def test_alert_shows_the_patients_own_answer_with_its_label():
    result = score("phq9", {**{f"q{n}": 0 for n in range(1, 9)}, "q9": 2})
    assert result.alerts[0].answer_label == "More than half the days"


@pytest.mark.parametrize(("total", "band"), KROENKE_2003)
def test_phq2_default_cut_off_is_3_per_kroenke_2003(sheet_totalling, total, band):
    result = score("phq2", sheet_totalling("phq2", total))
    assert (result.band.id, result.band_set.id) == (band, "kroenke2003")


@pytest.mark.parametrize(("total", "band"), ARROLL_2010)
def test_phq2_arroll_2010_cut_off_makes_2_positive(sheet_totalling, total, band):
    result = score("phq2", sheet_totalling("phq2", total), band_set="arroll2010")
    assert result.band.id == band


def test_phq2_has_no_suicide_item_so_it_never_alerts():
    assert score("phq2", {"q1": 3, "q2": 3}).alerts == ()


@pytest.mark.parametrize(("total", "band"), SPITZER_2006)
def test_gad7_bands_follow_spitzer_2006(sheet_totalling, total, band):
    result = score("gad7", sheet_totalling("gad7", total))
    assert (result.total, result.band.id) == (total, band)
