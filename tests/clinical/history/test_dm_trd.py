"""DM-TRD: inputs captured, no score until Peeters 2016 Table 1 is in the reference (clinical.md
3.5, 10.1, section 9 item 1)."""

from dataclasses import fields

from remission.clinical.history import DmTrdInputs, DmTrdResult, dm_trd, parse_history
from tests.clinical.history.notation import antidepressant, history, history_data


def test_dm_trd_is_reported_as_not_available_with_the_reason() -> None:
    result = dm_trd(history(antidepressant("sertraline", (50, 8))))
    assert result.available is False
    assert "Peeters 2016, Table 1" in result.reason
    assert "UNVERIFIED" in result.reason


def test_no_score_field_exists_to_be_guessed() -> None:
    assert {f.name for f in fields(DmTrdResult)} == {
        "available",
        "reason",
        "inputs",
        "psychotherapy_failures",
        "missing",
    }


def test_the_extra_inputs_of_peeters_2016_and_van_dijk_2019_are_captured() -> None:
    data = history_data(
        {
            "type": "psychotherapy",
            "modality": "cbt",
            "sessions": 16,
            "weeks": 16,
            "outcome": "no_response",
        },
        {
            "type": "psychotherapy",
            "modality": "ipt",
            "sessions": 16,
            "weeks": 16,
            "outcome": "response",
        },
    )
    data["dm_trd"] = {
        "functional_impairment": True,
        "gaf": 45,
        "comorbid_anxiety": True,
        "personality_disorder": False,
        "psychosocial_stressors": True,
        "childhood_adversity": False,
    }
    result = dm_trd(parse_history(data))
    assert result.inputs == DmTrdInputs(
        functional_impairment=True,
        gaf=45,
        comorbid_anxiety=True,
        personality_disorder=False,
        psychosocial_stressors=True,
        childhood_adversity=False,
    )
    assert result.missing == ("intensified_treatment",)
    assert result.psychotherapy_failures == 1
