"""Contraindications and precautions (docs/algorithms/monitoring.md, "Contraindications").

Sources: SPRAVATO label [P] (clinical.md 6.3); Rossi et al. 2021 safety guidelines and device labels
[S] (6.4); APA Committee on ECT 2001 [S] (6.5).
"""

import pytest

from remission.clinical.protocols.contraindications import Condition, screen
from remission.clinical.protocols.errors import ProtocolInputError
from remission.clinical.protocols.findings import Level
from remission.clinical.protocols.treatments import Treatment

VOCABULARY = [
    "intracranial_aneurysm",
    "arteriovenous_malformation",
    "intracerebral_haemorrhage_history",
    "uncontrolled_hypertension",
    "cardiovascular_disease",
    "epilepsy",
    "seizure_history",
    "cochlear_implant",
    "intracranial_metal",
    "psychosis_history",
    "bipolar_disorder",
    "substance_use_disorder_active",
    "ptsd",
    "anxiety_disorder",
    "personality_disorder",
    "childhood_trauma",
    "renal_impairment",
    "cognitive_impairment",
    "dementia",
]


def _level(treatment: Treatment, condition: str) -> Level:
    return screen(treatment, [condition]).level


def test_the_condition_ids_are_exactly_the_shared_vocabulary() -> None:
    assert [condition.value for condition in Condition] == VOCABULARY


@pytest.mark.parametrize(
    "condition",
    ["intracranial_aneurysm", "arteriovenous_malformation", "intracerebral_haemorrhage_history"],
)
def test_the_esketamine_label_contraindications_block_scheduling(condition: str) -> None:
    result = screen(Treatment.ESKETAMINE, [condition])
    assert result.level is Level.BLOCK
    assert "SPRAVATO label" in result.findings[0].source


@pytest.mark.parametrize(
    "condition",
    [
        "uncontrolled_hypertension",
        "cardiovascular_disease",
        "substance_use_disorder_active",
        "psychosis_history",
    ],
)
def test_esketamine_warnings_and_cautions_need_a_clinicians_note(condition: str) -> None:
    assert _level(Treatment.ESKETAMINE, condition) is Level.NEEDS_NOTE


def test_iv_ketamine_follows_the_esketamine_contraindications_by_analogy_and_says_so() -> None:
    result = screen(Treatment.KETAMINE_IV, ["intracranial_aneurysm"])
    assert result.level is Level.BLOCK
    assert "Ketalar label wording UNVERIFIED" in result.findings[0].source


@pytest.mark.parametrize("condition", ["cochlear_implant", "intracranial_metal"])
def test_metal_or_implants_in_the_head_block_tms(condition: str) -> None:
    assert _level(Treatment.TMS, condition) is Level.BLOCK


@pytest.mark.parametrize("condition", ["epilepsy", "seizure_history", "intracranial_aneurysm"])
def test_seizure_risk_and_possible_aneurysm_clips_need_a_note_before_tms(condition: str) -> None:
    assert _level(Treatment.TMS, condition) is Level.NEEDS_NOTE


def test_ect_has_no_absolute_contraindications_so_nothing_blocks_it() -> None:
    assert screen(Treatment.ECT, VOCABULARY).level is Level.NEEDS_NOTE
    assert _level(Treatment.ECT, "cardiovascular_disease") is Level.NEEDS_NOTE


def test_a_condition_without_a_rule_is_reported_as_ok_not_dropped() -> None:
    result = screen(Treatment.ESKETAMINE, ["ptsd"])
    assert result.level is Level.OK
    assert result.findings[0].reason == "No esketamine rule for ptsd in the reference table"


def test_findings_keep_the_order_given_and_repeat_no_condition() -> None:
    result = screen(Treatment.TMS, ["epilepsy", "cochlear_implant", "epilepsy"])
    assert [f.code for f in result.findings] == ["epilepsy", "cochlear_implant"]
    assert result.level is Level.BLOCK


def test_no_conditions_is_ok() -> None:
    assert screen(Treatment.ECT, []).level is Level.OK


def test_an_unknown_condition_id_is_refused_naming_conditions() -> None:
    with pytest.raises(ProtocolInputError) as error:
        screen(Treatment.TMS, ["pacemaker"])
    assert error.value.field == "conditions"
