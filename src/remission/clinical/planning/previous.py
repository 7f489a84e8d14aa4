"""What the treatment history and the current medicines say about an option.

An option is never re-offered blindly: a drug, psychotherapy or procedure already tried is marked
(an adequate failure, a course without response, intolerance, or a course in progress is a caution;
an earlier response is a reason). Options that name a group of drugs (another SSRI, a TCA, a
first-line antidepressant) offer only those not yet failed adequately, not stopped for intolerance
and not being taken, and list the others.
"""

from dataclasses import dataclass

from remission.clinical.history import (
    Antidepressant,
    Outcome,
    ProcedureCourse,
    PsychotherapyCourse,
    TrialAssessment,
    TrialKind,
    antidepressants,
)
from remission.clinical.planning.facts import Facts, drug_of
from remission.clinical.planning.result import Concern, Input, Status
from remission.clinical.planning.rules import Mode, OptionSpec, Pool

HISTORY = "Treatment history"


@dataclass(frozen=True)
class Previous:
    """The drugs an option offers, and what the history says about it."""

    drugs: tuple[str, ...]
    reasons: tuple[str, ...]
    concerns: tuple[Concern, ...]
    tried: tuple[int, ...]
    inputs: tuple[Input, ...]


def look_back(spec: OptionSpec, facts: Facts) -> Previous | None:
    """What the history says about ``spec``; ``None`` when the option has nothing to offer here
    (no current antidepressant to optimise, no other drug in the class to switch to)."""
    if spec.pool is Pool.CURRENT:
        if facts.current is None:
            return None
        return Previous((facts.current.name,), (), (), (), ())
    pool = _pool(spec, facts)
    if pool is None:
        return None
    if pool:
        return _choose(spec, pool, facts)
    drugs = frozenset(spec.drugs)
    trials = tuple(a for a in facts.report.trials if _tries(spec, drugs, a))
    reasons = [reason for a in trials if (reason := _reason(a))]
    concerns = [concern for a in trials if (concern := _concern(a))]
    if spec.mode in (Mode.ADD, Mode.START, Mode.SWITCH):
        concerns += [
            Concern(Status.CAUTION, "already_taking", f"Already taking {name}", "Current medicines")
            for name in spec.drugs
            if facts.taking(name)
        ]
    looked = bool(drugs or spec.modalities or spec.procedures)
    return Previous(
        drugs=spec.drugs,
        reasons=tuple(reasons),
        concerns=tuple(concerns),
        tried=tuple(a.index for a in trials),
        inputs=(_trials_input(facts, trials),) if looked else (),
    )


def _pool(spec: OptionSpec, facts: Facts) -> tuple[Antidepressant, ...] | None:
    """The group of antidepressants an option chooses from (empty: it names its own drugs)."""
    table = antidepressants().values()
    base = antidepressants()[facts.switch_from].drug_class if facts.switch_from else None
    match spec.pool, spec.drug_class:
        case Pool.SAME_CLASS, _:
            pool = tuple(d for d in table if d.drug_class == base)
            return pool if len(pool) > 1 else None
        case Pool.OTHER_CLASS, _:
            return tuple(d for d in table if _first_line(d) and d.drug_class != base)
        case Pool.FIRST_LINE, _:
            return tuple(d for d in table if _first_line(d))
        case None, str(drug_class):
            return tuple(d for d in table if d.drug_class == drug_class)
        case _:
            return ()


def _first_line(drug: Antidepressant) -> bool:
    return drug.canmat is not None and drug.canmat.line == "1st"


def _choose(spec: OptionSpec, pool: tuple[Antidepressant, ...], facts: Facts) -> Previous:
    names = frozenset(d.name for d in pool)
    trials = facts.trials_of(names)
    ruled_out = {
        drug_of(a): f"{drug_of(a)} (trial {a.index}: {_outcome(a)})"
        for a in trials
        if (a.adequate and a.failed) or a.trial.outcome is Outcome.INTOLERANCE
    }
    ruled_out |= {
        d.name: f"{d.name} (current medicine)"
        for d in pool
        if facts.taking(d.name) and d.name not in ruled_out
    }
    if spec.mode is Mode.SWITCH and facts.switch_from in names:
        ruled_out.setdefault(facts.switch_from, f"{facts.switch_from} (switched from)")
    drugs = tuple(d.name for d in pool if d.name not in ruled_out)
    reasons = [f"Not yet tried: {', '.join(drugs)}"] if drugs else []
    if ruled_out:
        reasons.append(
            f"Already failed, not tolerated or being taken: {', '.join(ruled_out.values())}"
        )
    concerns: tuple[Concern, ...] = ()
    if not drugs:
        offered = ", ".join(sorted(names))
        text = f"Every drug this option offers ({offered}) has been tried or is being taken"
        concerns = (Concern(Status.CAUTION, "already_tried", text, HISTORY),)
    return Previous(
        drugs=drugs,
        reasons=tuple(reasons),
        concerns=concerns,
        tried=tuple(a.index for a in trials),
        inputs=(_trials_input(facts, trials),),
    )


def _tries(spec: OptionSpec, drugs: frozenset[str], assessment: TrialAssessment) -> bool:
    trial = assessment.trial
    if isinstance(trial, PsychotherapyCourse):
        return trial.modality in spec.modalities
    if isinstance(trial, ProcedureCourse):
        return trial.kind in spec.procedures
    return drug_of(assessment) in drugs


def _episode(assessment: TrialAssessment) -> str:
    return "in this episode" if assessment.trial.current_episode else "in an earlier episode"


def _outcome(assessment: TrialAssessment) -> str:
    adequacy = assessment.adequacy.label.lower()
    return f"{assessment.trial.outcome.label.lower()}, {adequacy}, {_episode(assessment)}"


def _named(assessment: TrialAssessment) -> str:
    return f"trial {assessment.index} ({assessment.description})"


def _reason(assessment: TrialAssessment) -> str | None:
    outcome = assessment.trial.outcome
    if outcome in (Outcome.RESPONSE, Outcome.REMISSION):
        return f"Responded before {_episode(assessment)}: {_named(assessment)}"
    if outcome.failed and assessment.kind is TrialKind.ANTIDEPRESSANT and not assessment.adequate:
        return f"Failed but was not an adequate trial: {_named(assessment)}"
    return None


def _concern(assessment: TrialAssessment) -> Concern | None:
    outcome = assessment.trial.outcome
    if outcome is Outcome.INTOLERANCE:
        return Concern(
            Status.CAUTION, "intolerance", f"Stopped for intolerance: {_named(assessment)}", HISTORY
        )
    if outcome is Outcome.ONGOING:
        return Concern(
            Status.CAUTION, "in_progress", f"Already in progress: {_named(assessment)}", HISTORY
        )
    if not outcome.failed:
        return None
    if assessment.adequate:
        text = f"Failed an adequate trial {_episode(assessment)}: {_named(assessment)}"
        return Concern(Status.CAUTION, "already_failed", text, HISTORY)
    if assessment.kind is TrialKind.ANTIDEPRESSANT:
        return None  # an inadequate antidepressant trial: a reason, not a caution
    text = (
        f"Tried without response {_episode(assessment)} (adequacy not assessed): "
        f"{_named(assessment)}"
    )
    return Concern(Status.CAUTION, "already_tried", text, HISTORY)


def _trials_input(facts: Facts, trials: tuple[TrialAssessment, ...]) -> Input:
    value = ", ".join(f"trial {a.index}: {_outcome(a)}" for a in trials) or "none"
    return Input("earlier trials of this option", value, facts.as_of)
