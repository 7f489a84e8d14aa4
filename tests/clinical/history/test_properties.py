"""Properties over generated histories (Hypothesis): more failed treatment never lowers a stage.

Thase-Rush is cumulative, MGH-S adds points and MSM levels rise with the count of failures
(clinical.md 3.2-3.4): adding an adequate failed trial, an augmentation or an ECT course must never
lower a stage, a score, an MSM item or TRD status. And parse_history never fails other than with
HistoryError.
"""

import contextlib
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from remission.clinical.history import (
    AdequacyCriteria,
    HistoryError,
    TrdDefinition,
    assess_history,
    parse_history,
)
from tests.clinical.history.notation import antidepressant, augmentation, ect, history_data
from tests.clinical.history.reference import ATRQ_MINIMUM

DRUGS = sorted(drug for drug, mg in ATRQ_MINIMUM.items() if mg is not None)
OUTCOMES = ["response", "partial_response", "no_response", "intolerance", "remission", "ongoing"]
FEW = settings(max_examples=30, deadline=None)


@st.composite
def antidepressant_trials(draw: st.DrawFn, failed: bool = False) -> dict[str, Any]:
    drug = draw(st.sampled_from(DRUGS))
    minimum = ATRQ_MINIMUM[drug]
    assert minimum is not None
    factor = draw(st.sampled_from([0.5, 1, 1, 2])) if not failed else draw(st.sampled_from([1, 2]))
    weeks = draw(st.integers(1, 12)) if not failed else draw(st.integers(8, 12))
    outcome = "no_response" if failed else draw(st.sampled_from(OUTCOMES))
    return antidepressant(
        drug,
        (minimum * factor, weeks),
        outcome=outcome,
        adherent=True if failed else draw(st.booleans()),
        optimised=draw(st.booleans()),
        current_episode=True if failed else draw(st.booleans()),
    )


@st.composite
def histories(draw: st.DrawFn) -> dict[str, Any]:
    trials = draw(st.lists(antidepressant_trials(), max_size=6))
    augmented = draw(st.booleans())
    if trials and augmented:
        trials.append(augmentation("lithium", draw(st.integers(0, len(trials) - 1)), 600, 6))
    if draw(st.booleans()):
        trials.append(ect(draw(st.sampled_from(["bilateral", "right_unilateral"]))))
    return history_data(
        *trials,
        start=draw(st.sampled_from(["2020-01-01", "2025-05-01", "2026-10-01"])),
        severity=draw(st.sampled_from(["subsyndromal", "mild", "moderate", "severe"])),
        psychotic=draw(st.booleans()),
    )


DEFINITIONS = st.builds(
    TrdDefinition,
    adequacy=st.builds(AdequacyCriteria, min_weeks=st.sampled_from([4, 6, 8])),
    different_classes=st.booleans(),
    augmentation_counts=st.booleans(),
)


def levels(data: dict[str, Any], definition: TrdDefinition) -> tuple[float, ...]:
    report = assess_history(parse_history(data), definition)
    items = report.msm.items
    return (
        report.trd.status,
        report.thase_rush.stage,
        report.mgh_s.score,
        -1 if report.msm.total is None else report.msm.total,
        items.antidepressant_failures or 0,
        items.augmentation,
        items.ect,
        report.adequate_failed_antidepressant_trials,
    )


def never_lower(before: tuple[float, ...], after: tuple[float, ...]) -> bool:
    return all(b <= a for b, a in zip(before, after, strict=True))


@FEW
@given(histories(), antidepressant_trials(failed=True), DEFINITIONS)
def test_adding_an_adequate_failed_trial_never_lowers_any_stage_or_score(
    data: dict[str, Any], trial: dict[str, Any], definition: TrdDefinition
) -> None:
    before = levels(data, definition)
    after = levels({**data, "trials": [*data["trials"], trial]}, definition)
    assert never_lower(before, after)
    assert after[-1] == before[-1] + 1


@FEW
@given(histories(), DEFINITIONS, st.sampled_from(["bilateral", "right_unilateral"]))
def test_adding_ect_or_augmentation_never_lowers_any_stage_or_score(
    data: dict[str, Any], definition: TrdDefinition, laterality: str
) -> None:
    before = levels(data, definition)
    with_ect = {**data, "trials": [*data["trials"], ect(laterality)]}
    assert never_lower(before, levels(with_ect, definition))
    antidepressants = [i for i, t in enumerate(data["trials"]) if t["type"] == "antidepressant"]
    if antidepressants:
        added = augmentation("aripiprazole", antidepressants[-1], 5, 6)
        augmented = {**data, "trials": [*data["trials"], added]}
        assert never_lower(before, levels(augmented, definition))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


@FEW
@given(JSON)
def test_any_json_either_parses_or_raises_history_error(data: Any) -> None:
    with contextlib.suppress(HistoryError):
        parse_history(data)


@FEW
@given(histories(), st.sampled_from(["episode", "trials", "as_of"]), JSON)
def test_any_value_in_a_valid_history_either_parses_or_raises_history_error(
    data: dict[str, Any], key: str, value: Any
) -> None:
    with contextlib.suppress(HistoryError):
        parse_history({**data, key: value})
