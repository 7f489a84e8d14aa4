"""PROFILE.json and the profile types: every problem names its field, in the history parser's
style; values are checked when the objects are made, whoever makes them; unknown is not "no"."""

import copy
from datetime import date
from typing import Any

import pytest

from remission.clinical.history import parse_history
from remission.clinical.planning import (
    BloodPressure,
    Condition,
    Latest,
    Preferences,
    Profile,
    ProfileError,
    Score,
    parse_profile,
)
from tests.clinical.history.notation import history_data
from tests.clinical.planning.support import SERTRALINE, profile_data

ISSUE_EXAMPLE: dict[str, Any] = {
    "history": history_data(SERTRALINE),
    "age": 45,
    "pregnant": False,
    "breastfeeding": False,
    "conditions": [],
    "current_medications": ["sertraline"],
    "latest": {
        "phq9": {"total": 18, "date": "2026-10-28"},
        "bp": {"systolic": 150, "diastolic": 95, "date": "2026-10-28"},
    },
    "preferences": {
        "avoid_medication": False,
        "prefers_psychotherapy": True,
        "can_attend_daily": False,
    },
}


def problems(data: Any) -> list[str]:
    with pytest.raises(ProfileError) as raised:
        parse_profile(data)
    return [str(problem) for problem in raised.value.problems]


def edited(path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(ISSUE_EXAMPLE)
    *parents, last = path.split(".")
    target: Any = data
    for key in parents:
        target = target[key]
    if value is ...:
        del target[last]
    else:
        target[last] = value
    return data


def test_the_example_profile_of_the_issue_parses() -> None:
    profile = parse_profile(ISSUE_EXAMPLE)
    assert profile.age == 45
    assert profile.current_medications == ("sertraline",)
    assert profile.latest.phq9 == Score(18, date(2026, 10, 28))
    assert profile.latest.bp == BloodPressure(150, 95, date(2026, 10, 28))
    assert profile.preferences == Preferences(False, True, False)
    assert profile.conditions == ()


def test_sections_left_out_are_not_recorded_rather_than_no() -> None:
    profile = parse_profile({"history": history_data(), "age": 30})
    assert profile.pregnant is None
    assert profile.conditions is None
    assert profile.current_medications is None
    assert profile.preferences.can_attend_daily is None
    assert profile.psychosocial.stressors is None
    assert profile.latest == Latest()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            edited("conditions", ["epilepsy", "aneurysm"]),
            "conditions[1]: must be one of intracranial_aneurysm, arteriovenous_malformation, "
            "intracerebral_haemorrhage_history, uncontrolled_hypertension, cardiovascular_disease, "
            "epilepsy, seizure_history, cochlear_implant, intracranial_metal, psychosis_history, "
            "bipolar_disorder, substance_use_disorder_active, ptsd, anxiety_disorder, "
            "personality_disorder, childhood_trauma, renal_impairment, cognitive_impairment, "
            "dementia, not the text 'aneurysm'",
        ),
        (edited("age", ...), "age: is required"),
        (edited("age", "45"), "age: must be a whole number of years, not the text '45'"),
        (edited("age", 130), "age: must be from 0 to 120 years, not 130"),
        (edited("pregnant", "no"), "pregnant: must be true or false, not the text 'no'"),
        (edited("pregant", True), "pregant: unknown field (did you mean 'pregnant'?)"),
        (
            edited("latest.phq9", {"total": 28, "date": "2026-10-28"}),
            "latest.phq9.total: must be from 0 to 27, not 28",
        ),
        (edited("latest.phq9", {"total": 12}), "latest.phq9.date: is required"),
        (
            edited("latest.phq9", {"total": 12, "date": "2026-11-02"}),
            "latest.phq9.date: must not be after history.as_of (2026-11-01)",
        ),
        (
            edited("latest.phq-9", {"total": 12, "date": "2026-10-28"}),
            "latest.phq-9: unknown field (did you mean 'phq9'?)",
        ),
        (
            edited("latest.bp", {"systolic": 1500, "diastolic": 95, "date": "2026-10-28"}),
            "latest.bp.systolic: must be between 50 and 300 mmHg, not 1500",
        ),
        (
            edited("latest.bp", {"systolic": 90, "diastolic": 95, "date": "2026-10-28"}),
            "latest.bp.diastolic: must be below the systolic pressure (90 mmHg), not 95",
        ),
        (
            edited("current_medications", ["sertraline", ""]),
            "current_medications[1]: must be a non-empty text",
        ),
        (
            edited("preferences", {"avoid_medicine": True}),
            "preferences.avoid_medicine: unknown field (did you mean 'avoid_medication'?)",
        ),
        (
            edited("history", history_data({**SERTRALINE, "drug": "sertralin"})),
            "history.trials[0].drug: unknown drug 'sertralin' (closest known: sertraline)",
        ),
        (edited("history", "none"), "history: must be an object, not the text 'none'"),
        ([], "(top level): must be an object, not a list"),
    ],
    ids=[
        "unknown condition",
        "missing age",
        "age as text",
        "age out of range",
        "pregnant as text",
        "misspelt field",
        "score out of range",
        "score without date",
        "score after as_of",
        "unknown instrument",
        "blood pressure unit slip",
        "diastolic above systolic",
        "empty medicine name",
        "unknown preference",
        "history problem",
        "history not an object",
        "not an object",
    ],
)
def test_each_problem_names_its_field(data: Any, message: str) -> None:
    assert any(problem.startswith(message) for problem in problems(data)), problems(data)


def test_problems_in_several_sections_are_reported_together() -> None:
    data = edited("age", "x") | {"conditions": ["nope"], "pregnant": 1}
    assert [p.split(":")[0] for p in problems(data)] == ["age", "pregnant", "conditions[0]"]


def test_a_profile_built_directly_is_checked_too() -> None:
    history = parse_history(history_data())
    assert Profile(history=history, age=40).conditions is None
    with pytest.raises(ProfileError, match=r"latest.phq9.total: must be from 0 to 27"):
        Latest(phq9=Score(30, date(2026, 10, 1)))
    with pytest.raises(ProfileError, match=r"latest.bp.date: must not be after history.as_of"):
        Profile(history=history, age=40, latest=Latest(bp=BloodPressure(120, 80, date(2027, 1, 1))))
    with pytest.raises(ProfileError, match=r"age: must be from 0 to 120 years, not -1"):
        Profile(history=history, age=-1)


def test_conditions_use_the_vocabulary_shared_with_the_protocol_core() -> None:
    profile = parse_profile(profile_data(conditions=["ptsd", "ptsd", "epilepsy"]))
    assert profile.conditions == (Condition.PTSD, Condition.EPILEPSY)
