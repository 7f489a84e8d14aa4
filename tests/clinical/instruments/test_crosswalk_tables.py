"""Every crosswalk row against its published table (written out here from clinical.md section 2,
never generated from the code), both directions, the published typos, and the approximation note
and source on every result."""

import pytest

from remission.clinical.instruments import InvalidScore, NotApplicable, convert

# ids-qids.org table after Rush 2003 (clinical.md 2.1): QIDS-SR16 → HRSD17. Row 15 is the
# published typo (it repeats 18-19 of row 14) and is not used.
RUSH_2003 = {
    0: (0, 0), 1: (1, 2), 2: (3, 3), 3: (4, 4), 4: (5, 6), 5: (7, 7), 6: (8, 8), 7: (9, 10),
    8: (11, 11), 9: (12, 12), 10: (13, 13), 11: (14, 15), 12: (16, 16), 13: (17, 17),
    14: (18, 19), 16: (20, 20), 17: (21, 22), 18: (23, 23), 19: (24, 24), 20: (25, 25),
    21: (26, 27), 22: (28, 28), 23: (29, 29), 24: (30, 31), 25: (32, 32), 26: (33, 35),
    27: (36, 52),
}  # fmt: skip

# The same table read backwards, by hand: HRSD17 → the QIDS-SR16 row(s) whose range holds it.
RUSH_2003_BACKWARDS = {
    0: 0, 1: 1, 2: 1, 3: 2, 4: 3, 5: 4, 6: 4, 7: 5, 8: 6, 9: 7, 10: 7, 11: 8, 12: 9, 13: 10,
    14: 11, 15: 11, 16: 12, 17: 13, 18: 14, 19: 14, 20: 16, 21: 17, 22: 17, 23: 18, 24: 19,
    25: 20, 26: 21, 27: 21, 28: 22, 29: 23, 30: 24, 31: 24, 32: 25, 33: 26, 34: 26, 35: 26,
    **dict.fromkeys(range(36, 53), 27),
}  # fmt: skip

# Carmody et al. 2006 (clinical.md 2.2, ipdconverters dat.carmody): HRSD17 → MADRS.
CARMODY_2006 = {
    0: (0, 0), 1: (0, 0), 2: (1, 1), 3: (2, 3), 4: (4, 5), 5: (6, 6), 6: (7, 7), 7: (8, 9),
    8: (10, 10), 9: (11, 12), 10: (13, 13), 11: (14, 15), 12: (16, 16), 13: (17, 18),
    14: (19, 19), 15: (20, 20), 16: (21, 22), 17: (23, 23), 18: (24, 25), 19: (26, 26),
    20: (27, 27), 21: (28, 29), 22: (30, 30), 23: (31, 31), 24: (32, 33), 25: (34, 34),
    26: (35, 35), 27: (36, 36), 28: (37, 37), 29: (38, 39), 30: (40, 40), 31: (41, 41),
    32: (42, 43), 33: (44, 44), 34: (45, 46), 35: (47, 47), 36: (48, 48), 37: (49, 49),
    38: (50, 50), 39: (51, 51), 40: (52, 52), 41: (53, 53), 42: (54, 54), 43: (54, 54),
    44: (55, 55), 45: (56, 56), 46: (56, 56), 47: (56, 56), 48: (57, 57), 49: (57, 57),
    50: (57, 57), 51: (58, 58), 52: (60, 60),
}  # fmt: skip

# Read backwards by hand: MADRS → HRSD17.
CARMODY_2006_BACKWARDS = {
    0: (0, 1), 1: (2, 2), 2: (3, 3), 3: (3, 3), 8: (7, 7), 9: (7, 7), 10: (8, 8), 19: (14, 14),
    35: (26, 26), 54: (42, 43), 56: (45, 47), 57: (48, 50), 58: (51, 51), 60: (52, 52),
}  # fmt: skip

# PHQ-9 → PROMIS Depression T (PROsetta Stone, Choi 2014), a third-party transcription
# (clinical.md 2.4).
CHOI_2014 = [
    37.4, 42.7, 45.9, 48.3, 50.5, 52.5, 54.2, 55.8, 57.2, 58.6, 59.9, 61.1, 62.3, 63.5,
    64.7, 65.8, 66.9, 68.0, 69.2, 70.3, 71.5, 72.7, 74.0, 75.3, 76.7, 78.3, 80.0, 82.3,
]  # fmt: skip

# PHQ-9 → Wahl 2014 common metric θ (T-metric) and its SE (ipdconverters cm.phq, clinical.md 2.4).
WAHL_2014 = [
    (37.63, 6.90), (42.11, 6.29), (45.96, 5.72), (49.22, 5.25), (52.02, 4.87), (54.45, 4.55),
    (56.60, 4.28), (58.51, 4.06), (60.25, 3.88), (61.85, 3.72), (63.34, 3.59), (64.75, 3.47),
    (66.10, 3.37), (67.39, 3.28), (68.64, 3.20), (69.85, 3.15), (71.04, 3.12), (72.21, 3.11),
    (73.38, 3.12), (74.55, 3.15), (75.75, 3.21), (76.98, 3.30), (78.27, 3.41), (79.64, 3.54),
    (81.15, 3.71), (82.84, 3.91), (84.73, 4.15), (86.78, 4.45),
]  # fmt: skip


def span(conversion):
    return conversion.low, conversion.high


@pytest.mark.parametrize(("qids", "hrsd"), RUSH_2003.items())
def test_qids_to_hamd17_follows_every_row_of_the_rush_2003_table(qids, hrsd):
    assert span(convert("qids_sr16", "hamd17", qids)) == hrsd


@pytest.mark.parametrize(("hrsd", "qids"), RUSH_2003_BACKWARDS.items())
def test_hamd17_to_qids_reads_the_rush_2003_table_backwards(hrsd, qids):
    result = convert("hamd17", "qids_sr16", hrsd)
    assert (result.value, result.target_name) == (qids, "QIDS-SR16")


def test_qids_15_published_typo_is_refused_not_converted():
    """The ids-qids.org row for QIDS-SR16 15 repeats HRSD17 18-19 from row 14 (clinical.md 2.1)."""
    with pytest.raises(
        NotApplicable, match=r"rush2003: no row for qids_sr16 15: .*typo.*UNVERIFIED"
    ):
        convert("qids_sr16", "hamd17", 15)


def test_star_d_anchors_qids_5_is_hamd17_7_and_qids_11_is_hamd17_14_to_15():
    """STAR*D (Rush 2006): remission QIDS-SR16 ≤5 ≈ HRSD17 ≤7; relapse ≥11 ≈ HRSD17 ≥14."""
    assert convert("qids_sr16", "hamd17", 5).value == 7
    assert span(convert("qids_sr16", "hamd17", 11)) == (14, 15)


@pytest.mark.parametrize(("hrsd", "madrs"), CARMODY_2006.items())
def test_hamd17_to_madrs_follows_every_row_of_the_carmody_2006_table(hrsd, madrs):
    assert span(convert("hamd17", "madrs", hrsd)) == madrs


@pytest.mark.parametrize(("madrs", "hrsd"), CARMODY_2006_BACKWARDS.items())
def test_madrs_to_hamd17_reads_the_carmody_2006_table_backwards(madrs, hrsd):
    assert span(convert("madrs", "hamd17", madrs)) == hrsd


def test_carmody_abstract_anchor_hamd17_7_is_madrs_8_or_9():
    result = convert("hamd17", "madrs", 7)
    assert (result.value, result.low, result.high) == (None, 8, 9)


def test_madrs_59_has_no_row_in_the_carmody_table():
    with pytest.raises(
        NotApplicable, match="carmody2006: the published table has no row for madrs 59"
    ):
        convert("madrs", "hamd17", 59)


@pytest.mark.parametrize(("phq9", "t_score"), enumerate(CHOI_2014))
def test_phq9_to_promis_t_follows_the_prosetta_table_and_says_it_is_unverified(phq9, t_score):
    result = convert("phq9", "promis_depression_t", phq9)
    assert result.value == t_score
    assert result.evidence == "UNVERIFIED"


@pytest.mark.parametrize(("phq9", "row"), enumerate(WAHL_2014))
def test_phq9_to_wahl_common_metric_gives_theta_and_its_standard_error(phq9, row):
    result = convert("phq9", "wahl2014_common_t", phq9)
    assert (result.value, result.se) == row


def test_the_two_t_metrics_differ_as_published_phq9_10_is_59_9_versus_63_34():
    assert convert("phq9", "promis_depression_t", 10).value == 59.9
    assert convert("phq9", "wahl2014_common_t", 10).value == 63.34


def test_every_conversion_is_labelled_an_approximation_with_its_source():
    result = convert("qids_sr16", "hamd17", 10).as_dict()
    assert result["value"] == 13
    assert "Rush et al. 2003" in result["source"]
    assert "≈" in result["approximation"]
    assert result["table"] == "rush2003"


def test_a_range_is_given_as_low_and_high_without_a_value():
    result = convert("hamd17", "madrs", 3).as_dict()
    assert (result["low"], result["high"]) == (2, 3)
    assert "value" not in result


def test_promis_t_score_cannot_be_converted_back_to_phq9():
    with pytest.raises(NotApplicable, match="no crosswalk from promis_depression_t"):
        convert("promis_depression_t", "phq9", 60)


def test_qids_to_madrs_has_no_table_because_the_per_score_table_is_unverified():
    with pytest.raises(NotApplicable, match="no crosswalk from qids_sr16 to madrs"):
        convert("qids_sr16", "madrs", 5)


def test_value_outside_the_source_scale_is_refused():
    with pytest.raises(
        InvalidScore, match=r"hamd17 value: 53 is out of range \(allowed: whole numbers 0-52\)"
    ):
        convert("hamd17", "madrs", 53)
