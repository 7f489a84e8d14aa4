"""Properties over generated profiles (Hypothesis).

- Recording another condition never makes any option safer: a contraindicated option stays
  contraindicated and no status goes down.
- After an adequate failed trial of a drug, no option offers that drug as untried: switches leave
  it out, and an option naming it is never simply suggested.
- Every plan shows its basis: each option has reasons, sources and dated inputs, and its status is
  the most serious of its cautions.
"""

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from remission.clinical.planning import Condition, Plan, Status
from remission.clinical.planning.rules import Mode, rule_set
from tests.clinical.history.notation import antidepressant, augmentation, ect
from tests.clinical.history.reference import ATRQ_MINIMUM
from tests.clinical.planning.support import planned, profile_data

DRUGS = sorted(drug for drug, mg in ATRQ_MINIMUM.items() if mg is not None)
CONDITIONS = [condition.value for condition in Condition]
FEW = settings(max_examples=15, deadline=None)
OPTIMISE = {spec.id for spec in rule_set().options if spec.mode is Mode.OPTIMISE}


@st.composite
def profiles(draw: st.DrawFn, conditions: list[str] | None = None) -> dict[str, Any]:
    trials: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 4))):
        drug = draw(st.sampled_from(DRUGS))
        minimum = ATRQ_MINIMUM[drug]
        assert minimum is not None
        outcome = draw(
            st.sampled_from(["no_response", "partial_response", "intolerance", "response"])
        )
        trials.append(antidepressant(drug, (minimum, draw(st.integers(4, 10))), outcome=outcome))
    if trials and draw(st.booleans()):
        trials.append(augmentation("lithium", 0, 600, 6))
    if draw(st.booleans()):
        trials.append(ect())
    medications = draw(st.lists(st.sampled_from([*DRUGS, "lithium", "aripiprazole"]), max_size=2))
    return profile_data(
        *trials,
        conditions=draw(st.lists(st.sampled_from(CONDITIONS), max_size=3, unique=True))
        if conditions is None
        else conditions,
        medications=medications,
        phq9=draw(st.integers(0, 27)),
        start=draw(st.sampled_from(["2020-01-01", "2025-05-01", "2026-10-01"])),
        severity=draw(st.sampled_from(["mild", "moderate", "severe"])),
        psychotic=draw(st.booleans()),
        pregnant=draw(st.booleans()),
    )


def statuses(result: Plan) -> dict[str, Status]:
    return {option.id: option.status for option in result.options}


@FEW
@given(profiles(), st.sampled_from(CONDITIONS))
def test_recording_another_condition_never_makes_an_option_safer(
    data: dict[str, Any], extra: str
) -> None:
    before = statuses(planned(data))
    after = statuses(planned(data | {"conditions": [*data["conditions"], extra]}))
    for option_id, status in before.items():
        assert option_id in after
        assert after[option_id].rank >= status.rank
        if status is Status.CONTRAINDICATED:
            assert after[option_id] is Status.CONTRAINDICATED


@FEW
@given(profiles(), st.sampled_from(DRUGS))
def test_an_adequately_failed_drug_is_never_offered_again_as_untried(
    data: dict[str, Any], drug: str
) -> None:
    minimum = ATRQ_MINIMUM[drug]
    assert minimum is not None
    trials = [*data["history"]["trials"], antidepressant(drug, (minimum, 8))]
    data = data | {"history": data["history"] | {"trials": trials}}
    for option in planned(data).options:
        if option.id in OPTIMISE or drug not in option.drugs:
            continue
        assert option.status is not Status.SUGGESTED, option.id
        assert any(c.code == "already_failed" for c in option.cautions), option.id


@FEW
@given(profiles())
def test_every_option_shows_its_basis_and_its_worst_caution(data: dict[str, Any]) -> None:
    result = planned(data)
    assert result.rules_version
    for option in result.options:
        assert option.reasons and option.sources
        assert any(item.date is not None for item in option.inputs_used)
        worst = max((c.status for c in option.cautions), key=lambda s: s.rank, default=None)
        assert option.status is (worst or Status.SUGGESTED)
