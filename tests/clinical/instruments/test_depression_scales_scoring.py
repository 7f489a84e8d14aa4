"""QIDS-SR16 domain scoring, HAM-D17 item maxima and the clinician scales' bands and risk items."""

import pytest

from remission.clinical.instruments import InvalidAnswer, get_instrument, score

# QIDS-SR16 (Millisecond manual; ids-qids.org): total = max(1-4) + 5 + max(6-9) + 10 + 11 + 12
# + 13 + 14 + max(15, 16). A worked example, totalled by hand from that formula.
QIDS_EXAMPLE = [1, 3, 0, 2, 2, 0, 1, 3, 0, 1, 2, 0, 1, 2, 1, 2]
QIDS_EXAMPLE_DOMAINS = {
    "sleep": 3,
    "sad_mood": 2,
    "appetite_weight": 3,
    "concentration": 1,
    "self_outlook": 2,
    "suicidal_ideation": 0,
    "interest": 1,
    "energy": 2,
    "psychomotor": 2,
}

# ids-qids.org bands: 0-5 none, 6-10 mild, 11-15 moderate, 16-20 severe, 21-27 very severe.
QIDS_BANDS = [
    (0, "none"),
    (5, "none"),
    (6, "mild"),
    (10, "mild"),
    (11, "moderate"),
    (15, "moderate"),
    (16, "severe"),
    (20, "severe"),
    (21, "very_severe"),
    (27, "very_severe"),
]

# HAM-D17 item maxima (CamCOPS hamd.py, the public-domain form): 0-2 for items 4, 5, 6, 12, 13,
# 14, 16 and 17; 0-4 for the other nine.
HAMD_ZERO_TO_TWO = [4, 5, 6, 12, 13, 14, 16, 17]
HAMD_ZERO_TO_FOUR = [1, 2, 3, 7, 8, 9, 10, 11, 15]

# Zimmerman et al. 2013 (J Affect Disord 150:384): 0-7 none, 8-16 mild, 17-23 moderate, ≥24 severe.
ZIMMERMAN_2013 = [
    (0, "none"),
    (7, "none"),
    (8, "mild"),
    (16, "mild"),
    (17, "moderate"),
    (23, "moderate"),
    (24, "severe"),
    (52, "severe"),
]
# CamCOPS hamd.py: ≥23 very severe, ≥19 severe, ≥14 moderate, ≥8 mild, <8 none.
CAMCOPS_HAMD = [
    (7, "none"),
    (8, "mild"),
    (13, "mild"),
    (14, "moderate"),
    (18, "moderate"),
    (19, "severe"),
    (22, "severe"),
    (23, "very_severe"),
    (52, "very_severe"),
]

# Snaith et al. 1986: 0-6 absent/normal, 7-19 mild, 20-34 moderate, ≥35 severe.
SNAITH_1986 = [
    (0, "none"),
    (6, "none"),
    (7, "mild"),
    (19, "mild"),
    (20, "moderate"),
    (34, "moderate"),
    (35, "severe"),
    (60, "severe"),
]
# C-MADRS IRT study (J Affect Disord 2013, PMID 24144585): 9-17 mild, 18-24 moderate,
# 25-33 severe, ≥34 very severe.
C_MADRS_2013 = [
    (8, "none"),
    (9, "mild"),
    (17, "mild"),
    (18, "moderate"),
    (24, "moderate"),
    (25, "severe"),
    (33, "severe"),
    (34, "very_severe"),
]


def qids(values: list[int]) -> dict[str, int | None]:
    return {f"q{n}": value for n, value in enumerate(values, start=1)}


def qids_totalling(total: int) -> dict[str, int | None]:
    """One item per domain filled to 3 in turn (item 12, the suicide item, last)."""
    answers: dict[str, int | None] = {f"q{n}": 0 for n in range(1, 17)}
    for item in ["q1", "q5", "q6", "q10", "q11", "q13", "q14", "q15", "q12"]:
        answers[item] = min(3, total)
        total -= answers[item] or 0
    return answers


def test_qids_total_takes_the_highest_item_of_sleep_appetite_and_psychomotor_domains():
    result = score("qids_sr16", qids(QIDS_EXAMPLE))
    assert dict(result.domains) == QIDS_EXAMPLE_DOMAINS
    assert result.total == 16
    assert result.band.id == "severe"


def test_qids_total_is_never_the_plain_sum_of_all_16_items():
    assert sum(QIDS_EXAMPLE) == 21
    assert score("qids_sr16", qids(QIDS_EXAMPLE)).total != sum(QIDS_EXAMPLE)


def test_qids_all_items_at_3_score_27_not_48():
    assert score("qids_sr16", qids([3] * 16)).total == 27


@pytest.mark.parametrize(("total", "band"), QIDS_BANDS)
def test_qids_bands_follow_ids_qids_org(total, band):
    result = score("qids_sr16", qids_totalling(total))
    assert (result.total, result.band.id) == (total, band)


@pytest.mark.parametrize(("answer", "priority"), [(1, "review"), (2, "urgent"), (3, "urgent")])
def test_qids_item_12_raises_alert_whatever_the_total(answer, priority):
    result = score("qids_sr16", {**qids([0] * 16), "q12": answer})
    assert result.band.id == "none"
    assert [(a.item, a.priority) for a in result.alerts] == [("q12", priority)]


@pytest.mark.parametrize("number", HAMD_ZERO_TO_TWO)
def test_hamd_items_scored_0_to_2_refuse_3(number):
    answers = {f"q{n}": 0 for n in range(1, 18)} | {f"q{number}": 3}
    with pytest.raises(InvalidAnswer, match=rf"hamd17 item q{number}: 3 .* \(allowed: 0-2\)"):
        score("hamd17", answers)


@pytest.mark.parametrize("number", HAMD_ZERO_TO_FOUR)
def test_hamd_items_scored_0_to_4_accept_4_and_refuse_5(number):
    answers = {f"q{n}": 0 for n in range(1, 18)}
    assert score("hamd17", answers | {f"q{number}": 4}).total == 4
    with pytest.raises(InvalidAnswer, match=r"\(allowed: 0-4\)"):
        score("hamd17", answers | {f"q{number}": 5})


def test_hamd17_maximum_is_52_nine_items_of_4_and_eight_of_2():
    maxima = {item.id: max(item.values) for item in get_instrument("hamd17").items}
    assert score("hamd17", maxima).total == 9 * 4 + 8 * 2 == 52


@pytest.mark.parametrize(("total", "band"), ZIMMERMAN_2013)
def test_hamd17_default_bands_are_zimmerman_2013(sheet_totalling, total, band):
    result = score("hamd17", sheet_totalling("hamd17", total))
    assert (result.band.id, result.band_set.id) == (band, "zimmerman2013")


@pytest.mark.parametrize(("total", "band"), CAMCOPS_HAMD)
def test_hamd17_camcops_bands_when_chosen(sheet_totalling, total, band):
    result = score("hamd17", sheet_totalling("hamd17", total), band_set="camcops")
    assert (result.band.id, result.band_set.id) == (band, "camcops")


@pytest.mark.parametrize(
    ("answer", "priority"), [(0, None), (1, "review"), (2, "review"), (3, "urgent"), (4, "urgent")]
)
def test_hamd_item_3_alerts_review_from_1_and_urgent_from_3_kellner_2005(answer, priority):
    result = score("hamd17", {f"q{n}": 0 for n in range(1, 18)} | {"q3": answer})
    assert [a.priority for a in result.alerts] == ([priority] if priority else [])


@pytest.mark.parametrize(("total", "band"), SNAITH_1986)
def test_madrs_default_bands_are_snaith_1986(sheet_totalling, total, band):
    result = score("madrs", sheet_totalling("madrs", total))
    assert (result.band.id, result.band_set.id) == (band, "snaith1986")


@pytest.mark.parametrize(("total", "band"), C_MADRS_2013)
def test_madrs_c_madrs_irt_bands_when_chosen(sheet_totalling, total, band):
    result = score("madrs", sheet_totalling("madrs", total), band_set="c_madrs_irt2013")
    assert result.band.id == band


@pytest.mark.parametrize(
    ("answer", "priority"), [(1, None), (2, "review"), (3, "review"), (4, "urgent"), (6, "urgent")]
)
def test_madrs_item_10_alerts_review_from_2_and_urgent_from_4(answer, priority):
    result = score("madrs", {f"q{n}": 0 for n in range(1, 11)} | {"q10": answer})
    assert [a.priority for a in result.alerts] == ([priority] if priority else [])
