"""Contraindications and precautions, each against its source.

Contraindications by condition come from the protocol core's table (clinical.md 6.3 SPRAVATO
label; 6.4 Rossi 2021 and device labels; 6.5 APA Committee on ECT 2001); the other precautions
from the planning rule set (label warnings, CANMAT monitoring, NICE 1.5.3, the patient's
preferences, unknown inputs). A ``block`` is a contraindication, a ``needs_note`` a caution.
"""

from typing import Any

import pytest

from remission.clinical.planning import Status
from tests.clinical.planning.support import (
    MIRTAZAPINE,
    RECENT,
    SERTRALINE,
    VENLAFAXINE,
    codes,
    offered,
    planned,
    profile_data,
)

THREE = (SERTRALINE, VENLAFAXINE, MIRTAZAPINE)
SPRAVATO, ANALOGY, ROSSI, APA = "SPRAVATO label", "UNVERIFIED", "Rossi", "APA Committee on ECT"
KETAMINES = ("ketamine_iv", "ketamine_with_psychotherapy")
TMS = ("rtms", "itbs", "itbs_accelerated")

CONTRAINDICATIONS = [
    *(("esketamine", c, "contraindicated", SPRAVATO) for c in ("intracranial_aneurysm",)),
    ("esketamine", "arteriovenous_malformation", "contraindicated", SPRAVATO),
    ("esketamine", "intracerebral_haemorrhage_history", "contraindicated", SPRAVATO),
    ("esketamine", "uncontrolled_hypertension", "caution", SPRAVATO),
    ("esketamine", "cardiovascular_disease", "caution", SPRAVATO),
    ("esketamine", "substance_use_disorder_active", "caution", SPRAVATO),
    ("esketamine", "psychosis_history", "caution", "clinical.md 6.3"),
    *((k, "intracranial_aneurysm", "contraindicated", ANALOGY) for k in KETAMINES),
    *((k, "arteriovenous_malformation", "contraindicated", ANALOGY) for k in KETAMINES),
    *((k, "intracerebral_haemorrhage_history", "contraindicated", ANALOGY) for k in KETAMINES),
    *((k, "uncontrolled_hypertension", "caution", "SPRAVATO warning") for k in KETAMINES),
    *((k, "cardiovascular_disease", "caution", "SPRAVATO warning") for k in KETAMINES),
    *((k, "substance_use_disorder_active", "caution", "clinical.md 6.3") for k in KETAMINES),
    *((k, "psychosis_history", "caution", "clinical.md 6.3") for k in KETAMINES),
    *((t, "cochlear_implant", "contraindicated", ROSSI) for t in TMS),
    *((t, "intracranial_metal", "contraindicated", ROSSI) for t in TMS),
    *((t, "intracranial_aneurysm", "caution", ROSSI) for t in TMS),
    *((t, "epilepsy", "caution", ROSSI) for t in TMS),
    *((t, "seizure_history", "caution", ROSSI) for t in TMS),
    ("ect", "intracranial_aneurysm", "caution", APA),
    ("ect", "arteriovenous_malformation", "caution", APA),
    ("ect", "cardiovascular_disease", "caution", APA),
]


@pytest.mark.parametrize(
    ("option_id", "condition", "status", "source"),
    CONTRAINDICATIONS,
    ids=[f"{row[0]} with {row[1]} per {row[3]}" for row in CONTRAINDICATIONS],
)
def test_each_recorded_condition_makes_the_option_contraindicated_or_a_caution(
    option_id: str, condition: str, status: str, source: str
) -> None:
    option = planned(profile_data(*THREE, conditions=[condition])).option(option_id)
    assert option is not None
    assert option.status == status
    [concern] = [c for c in option.cautions if c.code == condition]
    assert concern.status == status
    assert source in concern.source
    assert any(item.name == "conditions" and condition in item.value for item in option.inputs_used)


def test_a_condition_without_a_rule_for_the_treatment_leaves_it_suggested() -> None:
    """ECT has no rule for epilepsy in the reference; esketamine none for a cochlear implant."""
    result = planned(profile_data(*THREE, conditions=["epilepsy", "cochlear_implant"]))
    assert [o.status for o in (result.option("ect"), result.option("esketamine"))] == [
        "suggested",
        "suggested",
    ]


def test_conditions_no_rule_reads_are_listed_as_limitations() -> None:
    result = planned(profile_data(*THREE, conditions=["dementia", "ptsd"]))
    assert any("'dementia' is not read by any rule" in text for text in result.limitations)
    assert not any("'ptsd' is not read" in text for text in result.limitations)


def _option_codes(option_id: str, data: dict[str, Any]) -> list[str]:
    return codes(planned(data).option(option_id))


@pytest.mark.parametrize(
    ("option_id", "fields", "code", "source"),
    [
        ("esketamine", {"pregnant": True}, "pregnancy", "SPRAVATO label"),
        ("esketamine", {"breastfeeding": True}, "breastfeeding", "SPRAVATO label"),
        ("ketamine_iv", {"pregnant": True}, "pregnancy", "DESIGN NOTE"),
        ("ketamine_iv", {"breastfeeding": True}, "breastfeeding", "DESIGN NOTE"),
        ("augment_lithium", {"pregnant": True}, "pregnancy_not_checked", "Limitation"),
        ("switch_tca", {"breastfeeding": True}, "breastfeeding_not_checked", "Limitation"),
        ("esketamine", {"age": 65}, "age_65_or_over", "EU SmPC"),
        ("psychotherapy_cbt", {"age": 17}, "under_18", "NICE NG222"),
        ("rtms", {"conditions": ["bipolar_disorder"]}, "bipolar_disorder", "CANMAT 2023 Table 7.1"),
        (
            "augment_lithium",
            {"conditions": ["renal_impairment"]},
            "lithium_renal_monitoring",
            "CANMAT",
        ),
        ("ect", {"medications": ["lithium"]}, "lithium_with_ect", "CANMAT 2023 Q8"),
        ("rtms", {"conditions": None}, "conditions_not_recorded", "unknown is not"),
        ("augment_t3", {"medications": None}, "medications_not_recorded", "unknown is not"),
        ("augment_t3", {"medications": []}, "no_antidepressant_to_augment", "Table 7.2"),
    ],
)
def test_each_precaution_is_a_caution_with_its_source(
    option_id: str, fields: dict[str, Any], code: str, source: str
) -> None:
    option = planned(profile_data(*THREE, **fields)).option(option_id)
    assert option is not None
    [concern] = [c for c in option.cautions if c.code == code]
    assert concern.status is Status.CAUTION
    assert source in concern.source


def test_pregnancy_under_esketamine_is_its_label_not_the_general_limitation() -> None:
    assert _option_codes("esketamine", profile_data(*THREE, pregnant=True)) == ["pregnancy"]


@pytest.mark.parametrize(("age", "caution"), [(17, True), (18, False)])
def test_the_adult_guidelines_start_at_18(age: int, caution: bool) -> None:
    assert ("under_18" in _option_codes("psychotherapy_cbt", profile_data(age=age))) is caution


@pytest.mark.parametrize(("age", "caution"), [(64, False), (65, True)])
def test_the_eu_esketamine_starting_dose_changes_at_65(age: int, caution: bool) -> None:
    assert (
        "age_65_or_over" in _option_codes("esketamine", profile_data(*THREE, age=age))
    ) is caution


@pytest.mark.parametrize(
    ("systolic", "diastolic", "caution"),
    [(140, 90, False), (141, 90, True), (140, 91, True), (120, 80, False)],
)
def test_blood_pressure_above_140_90_is_a_caution_for_esketamine_and_ketamine(
    systolic: int, diastolic: int, caution: bool
) -> None:
    """SPRAVATO label example: above 140/90 mmHg (the protocol core's threshold, not copied)."""
    bp = {"systolic": systolic, "diastolic": diastolic, "date": RECENT}
    result = planned(profile_data(*THREE, bp=bp))
    for option_id in ("esketamine", "ketamine_iv", "ketamine_with_psychotherapy"):
        assert ("blood_pressure_above_threshold" in codes(result.option(option_id))) is caution


@pytest.mark.parametrize(("day", "recent"), [("2026-10-02", True), ("2026-10-01", False)])
def test_blood_pressure_is_recent_for_30_days_before_as_of(day: str, recent: bool) -> None:
    """as_of is 2026-11-01: 2 Oct is 30 days before, 1 Oct 31 days (a DESIGN NOTE window)."""
    bp = {"systolic": 120, "diastolic": 80, "date": day}
    result = planned(profile_data(*THREE, bp=bp))
    assert ("blood_pressure_not_recent" in codes(result.option("esketamine"))) is not recent
    stale = [text for text in result.missing_inputs if text.startswith("no blood pressure")]
    assert bool(stale) is not recent
    [used] = [i for i in offered(result, "esketamine").inputs_used if i.name == "blood pressure"]
    assert (str(used.date), used.stale) == (day, not recent)


def test_no_blood_pressure_at_all_is_a_caution_and_a_missing_input() -> None:
    result = planned(profile_data(*THREE, bp=None))
    assert "blood_pressure_not_recent" in codes(result.option("esketamine"))
    assert "no blood pressure in the last 30 days (none recorded)" in result.missing_inputs


@pytest.mark.parametrize(("mg", "caution"), [(150, False), (200, True)])
def test_optimising_a_dose_already_at_the_top_of_the_canmat_range_is_a_caution(
    mg: float, caution: bool
) -> None:
    """CANMAT 2023 Table 3.3: sertraline 50-200 mg."""
    from tests.clinical.history.notation import antidepressant

    data = profile_data(antidepressant("sertraline", (mg, 8)), medications=["sertraline"])
    assert ("dose_at_top_of_range" in _option_codes("optimise_dose", data)) is caution


def test_an_already_optimised_trial_is_a_caution_for_optimising_again() -> None:
    from tests.clinical.history.notation import antidepressant

    trial = antidepressant("sertraline", (100, 8), optimised=True)
    data = profile_data(trial, medications=["sertraline"])
    assert "already_optimised" in _option_codes("optimise_dose", data)


@pytest.mark.parametrize(("phq9", "caution"), [(15, True), (16, False)])
def test_nice_does_not_routinely_offer_an_antidepressant_in_less_severe_depression(
    phq9: int, caution: bool
) -> None:
    """NICE NG222 1.5.3; less severe = PHQ-9 below 16."""
    codes_ = _option_codes("start_antidepressant", profile_data(phq9=phq9))
    assert ("less_severe_depression" in codes_) is caution


def test_the_patients_preferences_are_cautions_not_exclusions() -> None:
    preferences = {
        "avoid_medication": True,
        "prefers_psychotherapy": True,
        "can_attend_daily": False,
    }
    result = planned(profile_data(*THREE, preferences=preferences))
    assert "prefers_no_medication" in codes(result.option("augment_lithium"))
    assert "prefers_no_medication" in codes(result.option("combined_psychotherapy_medication"))
    assert "cannot_attend_daily" in codes(result.option("rtms"))
    assert "cannot_attend_daily" in codes(result.option("itbs_accelerated"))
    cbt = result.option("psychotherapy_cbt")
    assert cbt is not None
    assert "The patient prefers psychotherapy" in cbt.reasons
    assert cbt.status is Status.SUGGESTED


def test_an_unknown_attendance_is_not_read_as_cannot_attend() -> None:
    preferences = {"avoid_medication": False, "prefers_psychotherapy": False}
    assert "cannot_attend_daily" not in _option_codes(
        "rtms", profile_data(*THREE, preferences=preferences)
    )
