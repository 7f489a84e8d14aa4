"""Every guideline rule of the rule set, tested against the statement it transcribes.

The table below is written from clinical.md, not from the rule file: section 4.3 (CANMAT 2023
Table 7.2), 5.1 (CANMAT 2023), 5.2 (NICE NG222), 5.3 (VA/DoD 2022), 5.5 (NVL/S3 2009), 5.6
(psychotherapy matching), 6.4 (rTMS) and 6.6 (ketamine with psychotherapy). Each row names the
option, the source and section, the line of treatment and (for CANMAT) the evidence level, and a
situation in which the rule applies; the test name carries the source. A last test checks that the
rule file has no rule this table does not name.
"""

from typing import Any

import pytest

from remission.clinical.planning import Line, rule_set
from tests.clinical.history.notation import antidepressant
from tests.clinical.planning.support import (
    MIRTAZAPINE,
    SERTRALINE,
    VENLAFAXINE,
    outcome,
    planned,
    profile_data,
)

CANMAT, KETAMINE_TASK_FORCE = "CANMAT 2023", "CANMAT ketamine task force 2021"
NICE, VADOD, NVL = "NICE NG222", "VA/DoD 2022", "S3/NVL Unipolare Depression 2009"
Q7 = "Q7 (first inadequate response)"
INITIAL = "initial treatment of uncomplicated MDD"
LESS_SEVERE = "1.5 (less severe depression)"
PERSONALITY = "1.11 (depression with a personality disorder)"

NEW_MILD = profile_data(severity="mild", phq9=12)
NEW_MODERATE = profile_data(phq9=18)
NEW_SEVERE = profile_data(severity="severe", phq9=24)
NEW_PSYCHOTIC = profile_data(severity="severe", psychotic=True, phq9=24)
PARTIAL = profile_data(
    antidepressant("sertraline", (150, 8), outcome="partial_response"), medications=["sertraline"]
)
ONE = profile_data(SERTRALINE, medications=["sertraline"])
INTOLERANT = profile_data(antidepressant("sertraline", (50, 2), outcome="intolerance"))
TWO = profile_data(SERTRALINE, VENLAFAXINE, medications=["venlafaxine"])
THREE = profile_data(SERTRALINE, VENLAFAXINE, MIRTAZAPINE, medications=["mirtazapine"])
CHRONIC = profile_data(SERTRALINE, medications=["sertraline"], start="2024-01-01")
CHRONIC_TRAUMA = profile_data(
    SERTRALINE, medications=["sertraline"], start="2024-01-01", conditions=["childhood_trauma"]
)
CHRONIC_TWO = profile_data(SERTRALINE, VENLAFAXINE, start="2024-01-01")
RECURRENT = profile_data(
    antidepressant("sertraline", (150, 8), outcome="response", current_episode=False)
)
WITH_PERSONALITY_DISORDER = profile_data(conditions=["personality_disorder"])
WITH_PTSD = profile_data(conditions=["ptsd"])
PCL5_31 = profile_data(scores={"pcl5": 31})
RESPONDED = profile_data(
    SERTRALINE, VENLAFAXINE, {"type": "esketamine", "sessions": 8, "outcome": "response"}
)
ECT_BEFORE = profile_data(
    {
        "type": "ect",
        "laterality": "bilateral",
        "sessions": 10,
        "outcome": "remission",
        "current_episode": False,
    }
)
PREFERS_PSYCHOTHERAPY = profile_data(
    preferences={"avoid_medication": False, "prefers_psychotherapy": True, "can_attend_daily": True}
)
PHQ9_21 = profile_data(phq9=21)

# option, source, section, line, CANMAT level (or None), a situation where the rule applies
PUBLISHED: list[tuple[str, str, str, str | None, str | None, dict[str, Any]]] = [
    # Starting and adjusting (CANMAT Table 3.3 and Q7; NICE 1.5, 1.9.1, 1.9.4; VA/DoD initial)
    ("start_antidepressant", CANMAT, "Table 3.3", "first", "Level 1", NEW_MODERATE),
    ("start_antidepressant", NICE, LESS_SEVERE, None, None, NEW_MILD),
    ("start_antidepressant", VADOD, INITIAL, None, None, NEW_MODERATE),
    ("optimise_dose", NICE, "1.9.1, 1.9.4", None, None, ONE),
    ("optimise_dose", CANMAT, Q7, None, "Level 1", ONE),
    # Switching (NICE 1.9.4, 1.9.7; CANMAT Q7 and Table 3.3; VA/DoD partial or no response)
    ("switch_same_class", NICE, "1.9.4", None, None, ONE),
    ("switch_same_class", CANMAT, Q7, None, "Level 2", ONE),
    ("switch_same_class", CANMAT, Q7, None, "Level 2", INTOLERANT),
    ("switch_other_class", NICE, "1.9.4", None, None, ONE),
    ("switch_other_class", CANMAT, Q7, None, "Level 2", ONE),
    ("switch_other_class", CANMAT, Q7, None, "Level 2", INTOLERANT),
    ("switch_other_class", VADOD, "partial or no response", None, None, ONE),
    ("switch_vortioxetine", NICE, "1.9.7 (TA367)", None, None, TWO),
    ("switch_tca", NICE, "1.9.4", None, None, ONE),
    ("switch_tca", CANMAT, "Table 3.3", "second", None, ONE),
    ("switch_tca", VADOD, "partial or no response", None, None, ONE),
    ("switch_maoi", NICE, "1.9.4", None, None, ONE),
    ("switch_maoi", CANMAT, "Table 3.3", "third", None, ONE),
    ("switch_maoi", VADOD, "partial or no response", None, None, ONE),
    # Adjuncts (CANMAT Table 7.2 and Q7; NICE 1.9.8; VA/DoD; NVL 2009)
    ("combine_mirtazapine", CANMAT, "Table 7.2", "second", "Level 2", TWO),
    ("combine_mirtazapine", CANMAT, Q7, "second", None, PARTIAL),
    ("combine_mirtazapine", NICE, "1.9.8", None, None, ONE),
    ("augment_aripiprazole", CANMAT, "Table 7.2", "first", "Level 1", TWO),
    ("augment_aripiprazole", CANMAT, Q7, "first", None, PARTIAL),
    ("augment_aripiprazole", NICE, "1.9.8", None, None, ONE),
    ("augment_aripiprazole", VADOD, "partial or no response", None, None, ONE),
    ("augment_brexpiprazole", CANMAT, "Table 7.2", "first", "Level 1", TWO),
    ("augment_brexpiprazole", CANMAT, Q7, "first", None, PARTIAL),
    ("augment_brexpiprazole", VADOD, "partial or no response", None, None, ONE),
    ("augment_quetiapine_xr", CANMAT, "Table 7.2", "second", "Level 1", TWO),
    ("augment_quetiapine_xr", CANMAT, Q7, "second", None, PARTIAL),
    ("augment_quetiapine_xr", NICE, "1.9.8", None, None, ONE),
    ("augment_quetiapine_xr", VADOD, "partial or no response", None, None, ONE),
    ("augment_olanzapine", CANMAT, "Table 7.2", "second", "Level 1", TWO),
    ("augment_olanzapine", NICE, "1.9.8", None, None, ONE),
    ("augment_risperidone", CANMAT, "Table 7.2", "second", "Level 1", TWO),
    ("augment_risperidone", NICE, "1.9.8", None, None, ONE),
    ("augment_cariprazine", CANMAT, "Table 7.2", "second", "Level 2", TWO),
    ("augment_lithium", CANMAT, "Table 7.2", "second", "Level 1", TWO),
    ("augment_lithium", CANMAT, Q7, "second", None, PARTIAL),
    ("augment_lithium", NICE, "1.9.8", None, None, ONE),
    ("augment_lithium", NVL, "insufficient response after 4-6 weeks", None, None, ONE),
    ("augment_t3", CANMAT, "Table 7.2", "second", "Level 2", TWO),
    ("augment_t3", CANMAT, Q7, "second", None, PARTIAL),
    ("augment_t3", NICE, "1.9.8", None, None, ONE),
    ("augment_bupropion", CANMAT, "Table 7.2", "second", "Level 1", TWO),
    ("augment_bupropion", CANMAT, Q7, "second", None, PARTIAL),
    ("augment_modafinil", CANMAT, "Table 7.2", "second", "Level 2", TWO),
    ("augment_lamotrigine", CANMAT, "Table 7.2", "third", "Level 3", TWO),
    ("augment_lamotrigine", NICE, "1.9.8", None, None, ONE),
    ("antidepressant_with_antipsychotic", CANMAT, "Table 3.1", None, "Level 1", NEW_PSYCHOTIC),
    # Esketamine and ketamine (CANMAT Table 7.2; label; task force; VA/DoD; clinical.md 6.6)
    ("esketamine", CANMAT, "Table 7.2", "second", "Level 1", TWO),
    ("esketamine", "SPRAVATO US label", "Indications", None, None, TWO),
    ("esketamine", VADOD, "ketamine and esketamine", None, None, TWO),
    ("ketamine_iv", CANMAT, "Table 7.2", "second", "Level 1", TWO),
    ("ketamine_iv", KETAMINE_TASK_FORCE, "efficacy in TRD", None, "Level 1", TWO),
    ("ketamine_iv", VADOD, "ketamine and esketamine", None, None, TWO),
    ("ketamine_with_psychotherapy", "Wilkinson 2017", "open-label study", None, None, TWO),
    ("ketamine_with_psychotherapy", "Wilkinson 2021", "randomised trial", None, None, TWO),
    ("ketamine_with_psychotherapy", "Price 2022", "randomised trial", None, None, TWO),
    # Neuromodulation (CANMAT Figure 7.1 and Q8; NeuroStar; THREE-D; SNT; NICE 1.13; VA/DoD)
    ("rtms", CANMAT, "Figure 7.1", "first", None, TWO),
    ("rtms", "NeuroStar FDA clearance 2008", "original indication", None, None, ONE),
    ("itbs", "THREE-D trial", "randomised non-inferiority trial", None, None, ONE),
    ("itbs_accelerated", "SNT trials", "double-blind randomised trial", None, None, THREE),
    ("ect", CANMAT, "Figure 7.1, Q8", "first", "Level 1", NEW_SEVERE),
    ("ect", CANMAT, "Figure 7.1, Q8", "first", "Level 1", NEW_PSYCHOTIC),
    ("ect", CANMAT, "Figure 7.1", "second", None, THREE),
    ("ect", NICE, "1.13", None, None, NEW_SEVERE),
    ("ect", NICE, "1.13", None, None, TWO),
    ("ect", VADOD, "ECT considerations", None, None, NEW_PSYCHOTIC),
    ("ect", VADOD, "ECT considerations", None, None, ECT_BEFORE),
    ("ect", VADOD, "ECT considerations", None, None, TWO),
    # Psychotherapy (CANMAT Table 3.1, Q3, Q6 and DTD; NICE 1.5, 1.9.4, 1.10, 1.11; VA/DoD; 5.6)
    ("psychotherapy_cbt", NICE, LESS_SEVERE, None, None, NEW_MILD),
    ("psychotherapy_cbt", VADOD, INITIAL, None, None, NEW_MODERATE),
    ("psychotherapy_cbt", CANMAT, "Table 3.1", None, None, NEW_MILD),
    ("psychotherapy_cbt", CANMAT, "Table 3.1", None, "Level 1", NEW_MODERATE),
    ("psychotherapy_cbt", NICE, "1.9.4", None, None, ONE),
    ("psychotherapy_cbt", CANMAT, "difficult-to-treat depression", "second", "Level 2", TWO),
    ("psychotherapy_cbt", "CoBalT trial", "randomised trial and follow-up", None, None, ONE),
    ("psychotherapy_cbt", NICE, "1.10 (chronic depressive symptoms)", None, None, CHRONIC),
    ("psychotherapy_cbt", NICE, PERSONALITY, None, None, WITH_PERSONALITY_DISORDER),
    ("psychotherapy_cbt", CANMAT, "Q3, Q6", None, "Level 1", RESPONDED),
    ("psychotherapy_ba", NICE, LESS_SEVERE, None, None, NEW_MILD),
    ("psychotherapy_ba", VADOD, INITIAL, None, None, NEW_MODERATE),
    ("psychotherapy_ba", NICE, PERSONALITY, None, None, WITH_PERSONALITY_DISORDER),
    ("psychotherapy_ipt", NICE, LESS_SEVERE, None, None, NEW_MILD),
    ("psychotherapy_ipt", VADOD, INITIAL, None, None, NEW_MODERATE),
    ("psychotherapy_ipt", NICE, "1.9.4", None, None, ONE),
    ("psychotherapy_ipt", NICE, PERSONALITY, None, None, WITH_PERSONALITY_DISORDER),
    ("psychotherapy_stpp", NICE, LESS_SEVERE, None, None, NEW_MILD),
    ("psychotherapy_stpp", VADOD, INITIAL, None, None, NEW_MODERATE),
    ("psychotherapy_stpp", NICE, "1.9.4", None, None, ONE),
    ("psychotherapy_stpp", NICE, PERSONALITY, None, None, WITH_PERSONALITY_DISORDER),
    ("psychotherapy_act", VADOD, INITIAL, None, None, NEW_MODERATE),
    ("psychotherapy_mbct", VADOD, INITIAL, None, None, NEW_MODERATE),
    ("psychotherapy_mbct", CANMAT, "Q3, Q6", None, "Level 1", RESPONDED),
    ("psychotherapy_cbasp", "Keller 2000", "randomised trial, chronic MDD", None, None, CHRONIC),
    (
        "psychotherapy_cbasp",
        "Nemeroff 2003",
        "childhood trauma subgroup",
        None,
        None,
        CHRONIC_TRAUMA,
    ),
    (
        "psychotherapy_cbasp",
        "Schramm 2017",
        "randomised trial, early-onset chronic depression",
        None,
        None,
        CHRONIC,
    ),
    (
        "psychotherapy_psychodynamic_long_term",
        "Tavistock Adult Depression Study",
        "randomised trial, long-standing TRD",
        None,
        None,
        CHRONIC_TWO,
    ),
    (
        "psychotherapy_dbt",
        "Remission design note",
        "clinical.md 5.6",
        None,
        None,
        WITH_PERSONALITY_DISORDER,
    ),
    (
        "psychotherapy_trauma_focused",
        "Remission design note",
        "clinical.md 5.6",
        None,
        None,
        WITH_PTSD,
    ),
    (
        "psychotherapy_trauma_focused",
        "Remission design note",
        "clinical.md 5.6, 1.9",
        None,
        None,
        PCL5_31,
    ),
    (
        "psychotherapy_systemic",
        "G-BA Psychotherapie-Richtlinie",
        "approved methods for adults",
        None,
        None,
        PREFERS_PSYCHOTHERAPY,
    ),
    ("intensive_outpatient", "No source", "clinical.md 5.6", None, None, TWO),
    # Combined (VA/DoD combination therapy; CANMAT Table 3.1; NICE 1.9.4 and 1.11)
    ("combined_psychotherapy_medication", VADOD, "combination therapy", None, None, PHQ9_21),
    ("combined_psychotherapy_medication", VADOD, "combination therapy", None, None, CHRONIC),
    ("combined_psychotherapy_medication", VADOD, "combination therapy", None, None, RECURRENT),
    ("combined_psychotherapy_medication", CANMAT, "Table 3.1", None, "Level 2", NEW_SEVERE),
    ("combined_psychotherapy_medication", NICE, "1.9.4", None, None, ONE),
    ("combined_psychotherapy_medication", NICE, PERSONALITY, None, None, WITH_PERSONALITY_DISORDER),
]


def _id(row: tuple[str, str, str, str | None, str | None, dict[str, Any]]) -> str:
    return f"{row[0]} per {row[1]} {row[2]}"


@pytest.mark.parametrize(
    ("option_id", "guideline", "section", "line", "level", "situation"),
    PUBLISHED,
    ids=[_id(row) for row in PUBLISHED],
)
def test_the_option_is_offered_with_its_published_source_line_and_level(
    option_id: str,
    guideline: str,
    section: str,
    line: str | None,
    level: str | None,
    situation: dict[str, Any],
) -> None:
    option = planned(situation).option(option_id)
    assert option is not None, f"{option_id} not offered"
    cited = [s for s in option.sources if (s.guideline, s.section) == (guideline, section)]
    assert cited, [(s.guideline, s.section) for s in option.sources]
    assert any(s.line == (Line(line) if line else None) for s in cited)
    if level is not None:
        assert any(level in s.evidence for s in cited)
    assert any(reason.startswith(f"{guideline}, {section}: ") for reason in option.reasons)


def test_every_rule_in_the_rule_file_is_in_the_published_table() -> None:
    in_file = {
        (spec.id, rule.source.guideline, rule.source.section)
        for spec in rule_set().options
        for rule in spec.rules
    }
    assert in_file == {row[:3] for row in PUBLISHED}


@pytest.mark.parametrize(
    ("option_id", "below", "at"),
    [
        ("esketamine", ONE, TWO),  # label and CANMAT: treatment-resistant, 2 failures
        ("ketamine_iv", ONE, TWO),
        ("switch_vortioxetine", ONE, TWO),  # NICE 1.9.7: after at least 2 antidepressants
        ("itbs_accelerated", TWO, THREE),  # clinical.md 5.7: 3 or more failures
        ("switch_same_class", NEW_MODERATE, ONE),  # NICE 1.9.4: after no or limited response
        ("rtms", NEW_MODERATE, ONE),  # NeuroStar: failure of 1 antidepressant
    ],
)
def test_failure_thresholds_hold_on_both_sides(
    option_id: str, below: dict[str, Any], at: dict[str, Any]
) -> None:
    assert planned(below).option(option_id) is None
    assert planned(at).option(option_id) is not None


def test_table_7_2_lines_apply_only_in_difficult_to_treat_depression() -> None:
    """CANMAT Table 7.2 lines apply from 2 failures; at 1 failure NICE 1.9.8 gives no line."""
    assert outcome(planned(ONE).option("augment_aripiprazole")) == "suggested"
    assert outcome(planned(TWO).option("augment_aripiprazole")) == "suggested first"


@pytest.mark.parametrize(("start", "chronic"), [("2024-11-01", False), ("2024-10-31", True)])
def test_cbasp_needs_an_episode_of_more_than_24_months(start: str, chronic: bool) -> None:
    """Keller 2000 (chronic MDD); MSM: chronic means more than 24 months (Fekadu 2018). A part
    month counts as a month (the history core's episode duration): 1 Nov 2024 to 1 Nov 2026 is
    24 months, from 31 Oct it is 25."""
    option = planned(profile_data(SERTRALINE, start=start)).option("psychotherapy_cbasp")
    assert (option is not None) is chronic


@pytest.mark.parametrize(("phq9", "offered"), [(15, True), (16, False)])
def test_nice_less_severe_options_stop_at_a_phq9_of_16(phq9: int, offered: bool) -> None:
    """NICE NG222: less severe = PHQ-9 below 16."""
    sources = planned(profile_data(phq9=phq9)).option("psychotherapy_ba")
    assert sources is not None
    assert any(s.section == LESS_SEVERE for s in sources.sources) is offered


@pytest.mark.parametrize(("phq9", "offered"), [(20, False), (21, True)])
def test_va_dod_combination_for_severe_mdd_starts_above_a_phq9_of_20(
    phq9: int, offered: bool
) -> None:
    option = planned(profile_data(phq9=phq9)).option("combined_psychotherapy_medication")
    assert (option is not None) is offered


@pytest.mark.parametrize(("pcl5", "offered"), [(30, False), (31, True)])
def test_trauma_focused_therapy_is_offered_from_a_pcl5_of_31(pcl5: int, offered: bool) -> None:
    """PCL-5 probable PTSD cut-off 31-33 (National Center for PTSD); the lower end is used."""
    option = planned(profile_data(scores={"pcl5": pcl5})).option("psychotherapy_trauma_focused")
    assert (option is not None) is offered


def test_va_dod_initial_psychotherapies_are_not_offered_for_psychotic_depression() -> None:
    """Uncomplicated MDD only; psychotic depression gets an antidepressant with an antipsychotic
    (CANMAT Table 3.1) and ECT."""
    result = planned(NEW_PSYCHOTIC)
    assert result.option("psychotherapy_act") is None
    assert outcome(result.option("ect")) == "suggested first"
