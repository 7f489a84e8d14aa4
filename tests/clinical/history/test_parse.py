"""parse_history: HISTORY.json to a typed History, or HistoryError naming every bad field."""

import copy
from datetime import date
from typing import Any

import pytest

from remission.clinical.history import (
    AntidepressantTrial,
    AugmentationTrial,
    DoseStep,
    Episode,
    HistoryError,
    Laterality,
    Modality,
    Outcome,
    ProcedureCourse,
    PsychotherapyCourse,
    Severity,
    TrialKind,
    parse_history,
)
from tests.clinical.history.notation import antidepressant, history_data

CONTRACT_EXAMPLE: dict[str, Any] = {
    "as_of": "2026-11-01",
    "episode": {"start": "2025-05-01", "severity": "moderate", "psychotic_features": False},
    "trials": [
        {
            "type": "antidepressant",
            "drug": "sertraline",
            "doses": [{"mg_per_day": 50, "weeks": 2}, {"mg_per_day": 150, "weeks": 8}],
            "adherent": True,
            "outcome": "no_response",
            "optimised": True,
        },
        {
            "type": "augmentation",
            "drug": "aripiprazole",
            "augments": 0,
            "doses": [{"mg_per_day": 5, "weeks": 6}],
            "adherent": True,
            "outcome": "partial_response",
        },
        {
            "type": "psychotherapy",
            "modality": "cbt",
            "sessions": 16,
            "weeks": 16,
            "outcome": "no_response",
        },
        {"type": "ect", "laterality": "bilateral", "sessions": 12, "outcome": "no_response"},
    ],
}


def problems(data: Any) -> list[str]:
    with pytest.raises(HistoryError) as raised:
        parse_history(data)
    return [str(problem) for problem in raised.value.problems]


def edited(path: str, value: Any) -> dict[str, Any]:
    """The contract example with one field replaced (``...`` deletes it)."""
    data = copy.deepcopy(CONTRACT_EXAMPLE)
    *parents, last = path.replace("[", ".").replace("]", "").split(".")
    target: Any = data
    for key in parents:
        target = target[int(key) if key.isdigit() else key]
    if value is ...:
        del target[last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return data


def test_the_contract_example_parses_into_typed_trials() -> None:
    history = parse_history(CONTRACT_EXAMPLE)
    assert history.as_of == date(2026, 11, 1)
    assert history.episode == Episode(date(2025, 5, 1), Severity.MODERATE, False)
    assert history.trials == (
        AntidepressantTrial(
            drug="sertraline",
            doses=(DoseStep(50, 2), DoseStep(150, 8)),
            adherent=True,
            outcome=Outcome.NO_RESPONSE,
            optimised=True,
        ),
        AugmentationTrial(
            agent="aripiprazole",
            augments=0,
            doses=(DoseStep(5, 6),),
            adherent=True,
            outcome=Outcome.PARTIAL_RESPONSE,
        ),
        PsychotherapyCourse(Modality.CBT, 16, 16, Outcome.NO_RESPONSE),
        ProcedureCourse(TrialKind.ECT, 12, Outcome.NO_RESPONSE, laterality=Laterality.BILATERAL),
    )


def test_drug_names_are_stored_by_their_canonical_name() -> None:
    history = parse_history(edited("trials[0].drug", " Venlafaxine XR "))
    assert history.trials[0] == AntidepressantTrial(
        "venlafaxine", (DoseStep(50, 2), DoseStep(150, 8)), True, Outcome.NO_RESPONSE, True
    )


def test_optional_fields_take_their_defaults() -> None:
    trial = parse_history(edited("trials[0].optimised", ...)).trials[0]
    assert isinstance(trial, AntidepressantTrial)
    assert (trial.optimised, trial.reason_stopped, trial.current_episode) == (False, None, True)


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            "trials[0].drug",
            "sertralin",
            "trials[0].drug: unknown drug 'sertralin' (closest known: sertraline)",
        ),
        (
            "trials[1].drug",
            "aripiprazol",
            "trials[1].drug: unknown drug 'aripiprazol' (closest known: aripiprazole, "
            "brexpiprazole, cariprazine)",
        ),
        (
            "trials[0].doses[0].mg_per_day",
            "50 mg",
            "trials[0].doses[0].mg_per_day: must be a number of mg per day, not the text '50 mg'",
        ),
        (
            "trials[0].doses[0].mg_per_day",
            0.05,
            "trials[0].doses[0].mg_per_day: 0.05 mg per day is not a plausible dose of sertraline "
            "(published doses 50 mg to 200 mg per day): give the dose in mg, not µg or g",
        ),
        (
            "trials[0].doses[0].mg_per_day",
            50000,
            "trials[0].doses[0].mg_per_day: 50000 mg per day is not a plausible dose of sertraline "
            "(published doses 50 mg to 200 mg per day): give the dose in mg, not µg or g",
        ),
        (
            "trials[0].doses[0].mg_per_day",
            -50,
            "trials[0].doses[0].mg_per_day: must be more than 0 mg per day, not -50",
        ),
        (
            "trials[0].doses[1].weeks",
            -8,
            "trials[0].doses[1].weeks: must be more than 0 weeks, not -8",
        ),
        (
            "trials[0].doses[1].weeks",
            0,
            "trials[0].doses[1].weeks: must be more than 0 weeks, not 0",
        ),
        (
            "trials[0].doses[1].weeks",
            ...,
            "trials[0].doses[1].weeks: is required (or give start and end dates)",
        ),
        (
            "trials[0].doses[0].mcg_per_day",
            50,
            "trials[0].doses[0].mcg_per_day: unknown field (did you mean 'mg_per_day'?)",
        ),
        ("trials[0].doses", [], "trials[0].doses: must list at least one dose step"),
        (
            "trials[0].adherent",
            "yes",
            "trials[0].adherent: must be true or false, not the text 'yes'",
        ),
        ("trials[0].adherent", ..., "trials[0].adherent: is required"),
        (
            "trials[0].optimized",
            True,
            "trials[0].optimized: unknown field (did you mean 'optimised'?)",
        ),
        (
            "trials[0].outcome",
            "responded",
            "trials[0].outcome: must be one of response, partial_response, no_response, "
            "intolerance, remission, ongoing, not the text 'responded' (did you mean 'response'?)",
        ),
        (
            "trials[0].type",
            "ssri",
            "trials[0].type: must be one of antidepressant, augmentation, "
            "psychotherapy, ect, rtms, itbs, ketamine_iv, esketamine, not the text 'ssri'",
        ),
        (
            "trials[1].augments",
            2,
            "trials[1].augments: must be the index of an antidepressant trial, not 2",
        ),
        ("trials[1].augments", 7, "trials[1].augments: must be the index of a trial, not 7"),
        ("trials[1].augments", True, "trials[1].augments: must be a trial index, not true"),
        ("trials[1].current_episode", False, "trials[1].current_episode: unknown field"),
        (
            "trials[2].sessions",
            12.5,
            "trials[2].sessions: must be a whole number of sessions, not 12.5",
        ),
        (
            "trials[2].modality",
            "psychoanalysis",
            "trials[2].modality: must be one of cbt, behavioural_activation, ipt, cbasp, "
            "short_term_psychodynamic, long_term_psychodynamic, "
            "psychoanalytic, dbt, act, mbct, trauma_focused, systemic_family, group, "
            "intensive_outpatient, other, not the text 'psychoanalysis' (did you mean "
            "'psychoanalytic'?)",
        ),
        ("trials[3].laterality", ..., "trials[3].laterality: is required"),
        ("trials[3].sessions", 0, "trials[3].sessions: must be at least 1, not 0"),
        ("trials[3].protocol", "bitemporal", "trials[3].protocol: unknown field"),
        (
            "episode.severity",
            "very severe",
            "episode.severity: must be one of subsyndromal, mild, "
            "moderate, severe, not the text 'very severe' (did you mean 'severe'?)",
        ),
        ("episode.start", "2026-11-02", "episode.start: must not be after as_of (2026-11-01)"),
        (
            "episode.start",
            "01/05/2025",
            "episode.start: must be a date as YYYY-MM-DD, not the text '01/05/2025'",
        ),
        ("episode.psychotic_features", None, "episode.psychotic_features: is required"),
        ("as_of", 20261101, "as_of: must be a date as YYYY-MM-DD, not 20261101"),
        ("trials", {}, "trials: must be a list, not an object"),
        ("as-of", "2026-11-01", "as-of: unknown field (did you mean 'as_of'?)"),
    ],
)
def test_each_invalid_field_is_named_with_its_json_path(
    path: str, value: Any, expected: str
) -> None:
    assert problems(edited(path, value)) == [expected]


@pytest.mark.parametrize("value", [float("nan"), float("inf"), True])
def test_numbers_must_be_finite_and_not_booleans(value: float) -> None:
    [problem] = problems(edited("trials[0].doses[0].mg_per_day", value))
    assert problem.startswith("trials[0].doses[0].mg_per_day: must be")


def test_a_plausible_but_unusual_dose_is_accepted() -> None:
    """Only 100-fold unit slips are rejected; 10 times the usual top dose is not (DESIGN NOTE)."""
    parse_history(edited("trials[0].doses[1].mg_per_day", 2000))


@pytest.mark.parametrize(
    ("drug", "mg", "accepted"),
    [("lithium", 0.8, False), ("lithium", 900, True), ("T3", 25, False), ("T3", 0.025, True)],
)
def test_unit_slips_of_augmenting_agents_are_caught(drug: str, mg: float, accepted: bool) -> None:
    """Lithium 0.8 is a serum level; T3 25 is micrograms (CANMAT 2023 Table 7.2 doses)."""
    data = edited("trials[1].drug", drug)
    data["trials"][1]["doses"][0]["mg_per_day"] = mg
    if accepted:
        parse_history(data)
    else:
        assert "is not a plausible dose" in problems(data)[0]


def test_every_section_with_a_problem_is_reported() -> None:
    data = edited("as_of", "soon")
    data["trials"][0]["drug"] = "sertralin"
    data["trials"][2]["weeks"] = -1
    assert [problem.split(":")[0] for problem in problems(data)] == [
        "as_of",
        "trials[0].drug",
        "trials[2].weeks",
    ]


def test_the_error_message_is_one_line() -> None:
    data = edited("trials[0].drug", "sertralin\nfluoxetin")
    with pytest.raises(HistoryError) as raised:
        parse_history(data)
    assert "\n" not in str(raised.value).replace("\\n", "")


@pytest.mark.parametrize("data", [[], "history", None, 3])
def test_the_top_level_must_be_an_object(data: Any) -> None:
    assert problems(data)[0].startswith("(top level): must be an object")


def test_missing_top_level_fields_are_named() -> None:
    data = copy.deepcopy(CONTRACT_EXAMPLE)
    del data["episode"]
    assert problems(data) == ["episode: is required"]


def dated(*steps: dict[str, Any]) -> dict[str, Any]:
    return history_data(antidepressant("sertraline", doses=list(steps)))


def test_dose_steps_may_be_given_as_dates() -> None:
    history = parse_history(
        dated(
            {"mg_per_day": 50, "start": "2026-06-01", "end": "2026-06-15"},
            {"mg_per_day": 100, "start": "2026-06-15", "end": "2026-08-10"},
        )
    )
    trial = history.trials[0]
    assert isinstance(trial, AntidepressantTrial)
    assert [(step.mg_per_day, step.weeks) for step in trial.doses] == [(50, 2), (100, 8)]
    assert trial.doses[0].start == date(2026, 6, 1)


def test_the_last_dated_step_without_an_end_runs_to_as_of() -> None:
    trial = parse_history(dated({"mg_per_day": 50, "start": "2026-09-20"})).trials[0]
    assert isinstance(trial, AntidepressantTrial)
    assert trial.doses[0].weeks == 6
    assert trial.doses[0].end == date(2026, 11, 1)


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        (
            [{"mg_per_day": 50, "start": "2026-06-15", "end": "2026-06-01"}],
            "trials[0].doses[0].end: must be after start (2026-06-15)",
        ),
        (
            [{"mg_per_day": 50, "start": "2026-06-15", "end": "2026-06-15"}],
            "trials[0].doses[0].end: must be after start (2026-06-15)",
        ),
        (
            [{"mg_per_day": 50, "start": "2026-06-01", "end": "2026-11-02"}],
            "trials[0].doses[0].end: must not be after as_of (2026-11-01)",
        ),
        (
            [{"mg_per_day": 50, "start": "2026-11-02"}],
            "trials[0].doses[0].start: must not be after as_of (2026-11-01)",
        ),
        (
            [{"mg_per_day": 50, "start": "2026-06-01"}, {"mg_per_day": 100, "start": "2026-07-01"}],
            "trials[0].doses[0].end: is required, except on the last step of a trial",
        ),
        (
            [
                {"mg_per_day": 50, "start": "2026-06-01", "end": "2026-07-01"},
                {"mg_per_day": 100, "start": "2026-06-20", "end": "2026-08-01"},
            ],
            "trials[0].doses[1].start: overlaps the previous step, which ended 2026-07-01",
        ),
        (
            [{"mg_per_day": 50, "weeks": 2, "start": "2026-06-01"}],
            "trials[0].doses[0].weeks: give either weeks or start and end dates, not both",
        ),
        (
            [{"mg_per_day": 50, "end": "2026-06-01"}],
            "trials[0].doses[0].start: must be a date as YYYY-MM-DD, not nothing",
        ),
    ],
)
def test_dates_in_the_wrong_order_or_after_as_of_are_rejected(
    steps: list[dict[str, Any]], expected: str
) -> None:
    assert problems(dated(*steps)) == [expected]


def test_dm_trd_inputs_are_checked_like_every_other_field() -> None:
    data = copy.deepcopy(CONTRACT_EXAMPLE)
    data["dm_trd"] = {"gaf": 150, "anxiety": True}
    assert problems(data) == ["dm_trd.anxiety: unknown field (did you mean 'comorbid_anxiety'?)"]
    data["dm_trd"] = {"gaf": 150}
    assert problems(data) == ["dm_trd.gaf: must be from 1 to 100, not 150"]


def test_procedures_keep_their_protocol_and_episode() -> None:
    data = history_data(
        {
            "type": "rtms",
            "sessions": 30,
            "outcome": "response",
            "protocol": "10 Hz left DLPFC",
            "current_episode": False,
        }
    )
    assert parse_history(data).trials == (
        ProcedureCourse(
            TrialKind.RTMS, 30, Outcome.RESPONSE, protocol="10 Hz left DLPFC", current_episode=False
        ),
    )
