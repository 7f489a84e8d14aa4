"""Outcomes between two totals: percent change, response, remission, reliable change, early
improvement (CANMAT 2023), the NHS Talking Therapies measures, and the Jacobson-Truax index.

Each rule comes from the instrument's data with its source; where sources disagree the caller
picks one by id (the first listed is the default) and the result names the one used. A rule the
sources do not give for an instrument is None, never a guess.
"""

import math
from dataclasses import dataclass

from remission.clinical.instruments.answers import check_total
from remission.clinical.instruments.errors import NotApplicable, UnknownChoice
from remission.clinical.instruments.model import Criterion, Instrument
from remission.clinical.instruments.registry import get_instrument

RELIABLE_Z = 1.96  # two-tailed p < .05 (Jacobson & Truax 1991)


@dataclass(frozen=True, slots=True)
class Outcome:
    instrument: str
    baseline: int
    current: int
    percent_change: float | None
    response: bool | None
    remission: bool | None
    reliable_improvement: bool | None
    reliable_deterioration: bool | None
    response_criterion: Criterion | None
    remission_criterion: Criterion | None
    reliable_change_criterion: Criterion | None

    def as_dict(self) -> dict[str, object]:
        """JSON-ready, as printed by ``remission outcome --json``."""
        criteria = {
            "response": self.response_criterion,
            "remission": self.remission_criterion,
            "reliable_change": self.reliable_change_criterion,
        }
        return {
            "instrument": self.instrument,
            "baseline": self.baseline,
            "current": self.current,
            "change": self.current - self.baseline,
            "percent_change": _rounded(self.percent_change),
            "response": self.response,
            "remission": self.remission,
            "reliable_improvement": self.reliable_improvement,
            "reliable_deterioration": self.reliable_deterioration,
            "criteria": {
                name: {"id": c.id, "label": c.label, "source": c.source} if c else None
                for name, c in criteria.items()
            },
        }


def outcome(
    instrument_id: str,
    baseline: int,
    current: int,
    *,
    response: str | None = None,
    remission: str | None = None,
    reliable_change: str | None = None,
) -> Outcome:
    """Compare a current total with the baseline; the keyword arguments choose criteria by id."""
    instrument = get_instrument(instrument_id)
    check_total(instrument, "baseline", baseline)
    check_total(instrument, "current", current)
    rules = instrument.outcomes
    lower_is_better = rules.lower_is_better if rules else True
    response_rule = _choose(instrument, "response", response)
    remission_rule = _choose(instrument, "remission", remission)
    change_rule = _choose(instrument, "reliable_change", reliable_change)
    gain = baseline - current if lower_is_better else current - baseline
    return Outcome(
        instrument=instrument.id,
        baseline=baseline,
        current=current,
        percent_change=percent_change(baseline, current),
        response=_meets(response_rule, baseline, current, gain) if response_rule else None,
        remission=_meets(remission_rule, baseline, current, gain) if remission_rule else None,
        reliable_improvement=_meets(change_rule, baseline, current, gain) if change_rule else None,
        reliable_deterioration=_meets(change_rule, baseline, current, -gain)
        if change_rule
        else None,
        response_criterion=response_rule,
        remission_criterion=remission_rule,
        reliable_change_criterion=change_rule,
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def percent_change(baseline: int, current: int) -> float | None:
    """(current - baseline) / baseline * 100; None from a baseline of 0."""
    return None if baseline == 0 else (current - baseline) * 100 / baseline


def _choose(instrument: Instrument, kind: str, choice: str | None) -> Criterion | None:
    options: tuple[Criterion, ...] = getattr(instrument.outcomes, kind, ()) or ()
    if choice is None:
        return options[0] if options else None
    for criterion in options:
        if criterion.id == choice:
            return criterion
    known = tuple(criterion.id for criterion in options)
    raise UnknownChoice(instrument.id, f"{kind} criterion", choice, known)


def _meets(criterion: Criterion, baseline: int, current: int, gain: int) -> bool | None:
    """Whether a criterion is met; ``gain`` is the change in points in the better direction.

    Integer arithmetic, so a boundary such as exactly 50% is decided exactly. None for a
    percentage of a zero baseline.
    """
    match criterion.kind:
        case "percent_reduction":
            return None if baseline == 0 else gain * 100 >= criterion.at * baseline
        case "points_reduction":
            return gain >= criterion.at
        case "at_most":
            return current <= criterion.at
        case "at_least":
            return current >= criterion.at
        case "points":
            return gain >= criterion.at


@dataclass(frozen=True, slots=True)
class EarlyImprovement:
    instrument: str
    baseline: int
    current: int
    weeks: float
    improved: bool
    percent_change: float
    criterion: Criterion


def early_improvement(
    instrument_id: str, baseline: int, current: int, *, weeks: float
) -> EarlyImprovement:
    """CANMAT 2023: less than 20% improvement within the first 4 weeks means a low probability of
    response (optimise the dose or switch). Defined for the depression severity measures."""
    instrument = get_instrument(instrument_id)
    criterion = instrument.outcomes.early_improvement if instrument.outcomes else None
    if criterion is None:
        raise NotApplicable(f"{instrument.id}: no early-improvement rule in the sources read")
    check_total(instrument, "baseline", baseline)
    check_total(instrument, "current", current)
    assert criterion.within_weeks is not None
    if not 0 < weeks <= criterion.within_weeks:
        raise NotApplicable(
            f"{instrument.id}: early improvement is judged within the first "
            f"{criterion.within_weeks} weeks of treatment, not at week {weeks:g}"
        )
    if baseline == 0:
        raise NotApplicable(f"{instrument.id}: a baseline of 0 leaves nothing to improve")
    improved = _meets(criterion, baseline, current, baseline - current)
    change = percent_change(baseline, current)
    assert improved is not None
    assert change is not None
    return EarlyImprovement(instrument.id, baseline, current, weeks, improved, change, criterion)


@dataclass(frozen=True, slots=True)
class JacobsonTruax:
    rci: float
    s_diff: float
    improved: bool
    deteriorated: bool


def jacobson_truax(
    baseline: float,
    current: float,
    *,
    sd: float,
    reliability: float,
    lower_is_better: bool = True,
) -> JacobsonTruax:
    """Reliable change index (Jacobson & Truax 1991, J Consult Clin Psychol 59:12):
    RCI = (x2 - x1) / S_diff, S_diff = sqrt(2 * SEM^2), SEM = SD1 * sqrt(1 - r);
    |RCI| > 1.96 is a reliable change.

    ``sd`` is the baseline (normative) SD and ``reliability`` the test-retest or internal
    consistency coefficient, both from a published source for the instrument and population.
    """
    if sd <= 0 or not 0 <= reliability < 1:
        raise ValueError(f"need sd > 0 and 0 ≤ reliability < 1, got sd={sd}, r={reliability}")
    sem = sd * math.sqrt(1 - reliability)
    s_diff = math.sqrt(2 * sem**2)
    rci = (current - baseline) / s_diff
    better = -rci if lower_is_better else rci
    return JacobsonTruax(rci, s_diff, better > RELIABLE_Z, -better > RELIABLE_Z)


TALKING_THERAPIES_SOURCE = (
    "NHS Talking Therapies (formerly IAPT) definitions, NHS Digital/NHS England, as quoted in "
    "registry and glossary sources [S]: caseness PHQ-9 ≥10 and/or GAD-7 ≥8; recovery = at "
    "caseness at the start and below caseness on both measures at the end; reliable improvement "
    "= a reduction of ≥6 on the PHQ-9 and/or ≥4 on the GAD-7; reliable recovery = recovery + "
    "reliable improvement"
)


@dataclass(frozen=True, slots=True)
class TalkingTherapiesOutcome:
    """``recovery`` and ``reliable_recovery`` are None when the patient was not at caseness at the
    start: they are defined only for those who were."""

    caseness_at_start: bool
    caseness_at_end: bool
    recovery: bool | None
    reliable_improvement: bool
    reliable_deterioration: bool
    reliable_recovery: bool | None
    source: str = TALKING_THERAPIES_SOURCE


def talking_therapies(
    *, phq9_baseline: int, phq9_current: int, gad7_baseline: int, gad7_current: int
) -> TalkingTherapiesOutcome:
    """The NHS Talking Therapies multi-measure outcomes for one course of treatment.

    Deterioration mirrors improvement (a rise by the reliable-change threshold). The official
    definition's extra condition for reliable improvement (no reliable deterioration on the other
    measure) is UNVERIFIED in the sources read and is not applied.
    """
    phq9 = outcome("phq9", phq9_baseline, phq9_current, reliable_change="nhs_talking_therapies")
    gad7 = outcome("gad7", gad7_baseline, gad7_current, reliable_change="nhs_talking_therapies")
    start = _caseness(phq9_baseline, "phq9") or _caseness(gad7_baseline, "gad7")
    end = _caseness(phq9_current, "phq9") or _caseness(gad7_current, "gad7")
    improved = bool(phq9.reliable_improvement or gad7.reliable_improvement)
    recovery = (not end) if start else None
    return TalkingTherapiesOutcome(
        caseness_at_start=start,
        caseness_at_end=end,
        recovery=recovery,
        reliable_improvement=improved,
        reliable_deterioration=bool(phq9.reliable_deterioration or gad7.reliable_deterioration),
        reliable_recovery=(recovery and improved) if start else None,
    )


def _caseness(total: int, instrument_id: str) -> bool:
    outcomes = get_instrument(instrument_id).outcomes
    assert outcomes is not None
    assert outcomes.caseness is not None
    return bool(_meets(outcomes.caseness, total, total, 0))
