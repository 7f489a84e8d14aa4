"""Adequacy of each trial (clinical.md section 4).

An antidepressant trial is adequate when the patient took it (adherence confirmed) for at least
``min_weeks`` weeks **at or above** the ATRQ minimum dose of clinical.md table 4.2: weeks below the
minimum do not count, however long the prescription ran. Whether it *failed* is a separate matter of
outcome: no response or a partial response. A trial stopped for intolerance is never a failed trial.
The CANMAT 2023 usual ranges only raise flags. Psychotherapy and procedure courses are recorded but
not rated, because their adequacy thresholds are UNVERIFIED (clinical.md 4.4, section 9 item 4).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from remission.clinical.history import explain
from remission.clinical.history.doses import (
    Antidepressant,
    find_antidepressant,
    find_augmentation_agent,
)
from remission.clinical.history.types import (
    AntidepressantTrial,
    AugmentationTrial,
    Choice,
    DoseStep,
    History,
    ProcedureCourse,
    PsychotherapyCourse,
    Trial,
    TrialKind,
)

DEFAULT_MIN_WEEKS = 6.0


@dataclass(frozen=True)
class AdequacyCriteria:
    """What makes a trial adequate.

    ``min_weeks``: weeks at or above the minimum dose. Sources differ (clinical.md 4.1 and 8):
    4 (ATHF, Sackeim 2001), 6 (MGH-S, Fava 2003; the default), 8 (ATRQ as used in COMP006).
    """

    min_weeks: float = DEFAULT_MIN_WEEKS

    def __post_init__(self) -> None:
        if not self.min_weeks > 0:
            raise ValueError(f"min_weeks must be more than 0, not {self.min_weeks}")
        object.__setattr__(self, "min_weeks", float(self.min_weeks))

    @property
    def text(self) -> str:
        return (
            f"at least {explain.number(self.min_weeks)} weeks at or above the ATRQ minimum dose, "
            "with adherence confirmed"
        )


class Adequacy(Choice):
    ADEQUATE = "adequate", "Adequate"
    INADEQUATE = "inadequate", "Not adequate"
    NOT_ASSESSED = "not_assessed", "Not assessed"


class FlagCode(Choice):
    BELOW_CANMAT_RANGE = "below_canmat_range", "Adequate by ATRQ but below the CANMAT usual range"
    BELOW_ATRQ_WITHIN_CANMAT = (
        "below_atrq_within_canmat",
        "Within the CANMAT usual range but below the ATRQ minimum",
    )
    ABOVE_CANMAT_RANGE = "above_canmat_range", "Above the CANMAT usual range"


@dataclass(frozen=True)
class Flag:
    code: FlagCode
    message: str


@dataclass(frozen=True)
class TrialAssessment:
    """One trial with its adequacy, outcome and the reasons for both.

    ``weeks_at_minimum`` and ``minimum_mg`` are set when a minimum dose was applied.
    ``drug_class`` is set for antidepressants and for antidepressants used in combination.
    """

    index: int
    trial: Trial
    description: str
    adequacy: Adequacy
    failed: bool
    drug_class: str | None
    minimum_mg: float | None
    weeks_at_minimum: float | None
    reasons: tuple[str, ...]
    flags: tuple[Flag, ...] = ()

    @property
    def adequate(self) -> bool:
        return self.adequacy is Adequacy.ADEQUATE

    @property
    def adequate_failure(self) -> bool:
        """An adequate trial that failed, in the current episode: what TRD and staging count."""
        return self.adequate and self.failed and self.trial.current_episode

    @property
    def kind(self) -> TrialKind:
        return self.trial.kind


def assess_trials(history: History, criteria: AdequacyCriteria) -> tuple[TrialAssessment, ...]:
    """Assess every trial of ``history``, in order."""
    return tuple(assess_trial(index, trial, criteria) for index, trial in enumerate(history.trials))


def adequate_failures(
    assessments: Sequence[TrialAssessment], kind: TrialKind = TrialKind.ANTIDEPRESSANT
) -> tuple[TrialAssessment, ...]:
    """The adequate failed trials of one kind in the current episode."""
    return tuple(a for a in assessments if a.kind is kind and a.adequate_failure)


def assess_trial(index: int, trial: Trial, criteria: AdequacyCriteria) -> TrialAssessment:
    """Assess one trial (``index`` is its position in the history)."""
    match trial:
        case AntidepressantTrial():
            return _assess_antidepressant(index, trial, criteria)
        case AugmentationTrial():
            return _assess_augmentation(index, trial, criteria)
        case PsychotherapyCourse():
            why = (
                "adequacy not assessed: psychotherapy thresholds (sessions, weeks) are UNVERIFIED "
                "(ATHF-SF, clinical.md 4.4)"
            )
            return _unrated(index, trial, why)
        case ProcedureCourse(kind=TrialKind.ECT):
            why = (
                "adequacy not assessed: the ATHF criteria for ECT are UNVERIFIED (clinical.md 4.4)"
            )
            return _unrated(index, trial, why)
        case ProcedureCourse():
            return _unrated(index, trial, "adequacy not assessed: no rule in the reference")


def _assess_antidepressant(
    index: int, trial: AntidepressantTrial, criteria: AdequacyCriteria
) -> TrialAssessment:
    drug = find_antidepressant(trial.drug)
    return _assess_drug(index, trial, drug, criteria, flags=True, prefix=())


def _assess_augmentation(
    index: int, trial: AugmentationTrial, criteria: AdequacyCriteria
) -> TrialAssessment:
    agent = find_augmentation_agent(trial.agent)
    prefix: tuple[str, ...] = (f"augments trial {trial.augments}",)
    if isinstance(agent, Antidepressant):
        prefix += ("combination with an antidepressant: rated against its ATRQ minimum dose",)
        return _assess_drug(index, trial, agent, criteria, flags=False, prefix=prefix)
    why = (
        f"adequacy not assessed: no verified minimum dose for {agent.name} as an augmenting agent "
        "(the MGH-ATRQ augmentation doses are UNVERIFIED, clinical.md section 9 item 4)"
    )
    return _unrated(index, trial, why, prefix=prefix)


def _assess_drug(
    index: int,
    trial: AntidepressantTrial | AugmentationTrial,
    drug: Antidepressant,
    criteria: AdequacyCriteria,
    *,
    flags: bool,
    prefix: tuple[str, ...],
) -> TrialAssessment:
    reasons = [*prefix, *_episode_reasons(trial)]
    minimum = drug.atrq_minimum
    if minimum is None:
        reasons.append(f"adequacy not assessed: no ATRQ minimum dose for {drug.name} (table 4.2)")
        adequacy, at_minimum = Adequacy.NOT_ASSESSED, None
    else:
        at_minimum = weeks_at_or_above(trial.doses, minimum)
        adequate_dose = at_minimum >= criteria.min_weeks
        reasons.append(_dose_reason(drug.name, trial.doses, minimum, at_minimum, criteria))
        if not trial.adherent:
            reasons.append("adherence not confirmed: not an adequate trial")
        adequacy = Adequacy.ADEQUATE if adequate_dose and trial.adherent else Adequacy.INADEQUATE
    reasons.append(explain.OUTCOME_REASONS[trial.outcome])
    return TrialAssessment(
        index=index,
        trial=trial,
        description=explain.describe(trial),
        adequacy=adequacy,
        failed=trial.outcome.failed,
        drug_class=drug.drug_class,
        minimum_mg=minimum,
        weeks_at_minimum=at_minimum,
        reasons=tuple(reasons),
        flags=_canmat_flags(drug, trial.doses, criteria) if flags else (),
    )


def weeks_at_or_above(doses: Sequence[DoseStep], minimum_mg: float) -> float:
    """Weeks spent at a daily dose of at least ``minimum_mg`` (clinical.md 4.1 DESIGN NOTE)."""
    return sum(step.weeks for step in doses if step.mg_per_day >= minimum_mg)


def _dose_reason(
    name: str,
    doses: tuple[DoseStep, ...],
    minimum: float,
    at_minimum: float,
    criteria: AdequacyCriteria,
) -> str:
    required = explain.number(criteria.min_weeks)
    if at_minimum == 0:
        return (
            f"{name} {explain.dose_span(doses)} for {explain.number(explain.weeks(doses))} weeks: "
            f"below the minimum adequate dose of {explain.dose(minimum)} (ATRQ)"
        )
    held = (
        f"{name}: {explain.number(at_minimum)} weeks at or above the minimum adequate dose of "
        f"{explain.dose(minimum)} (ATRQ)"
    )
    if at_minimum < criteria.min_weeks:
        return f"{held}, fewer than the {required} weeks required"
    return f"{held}; at least {required} weeks required"


def _canmat_flags(
    drug: Antidepressant, doses: tuple[DoseStep, ...], criteria: AdequacyCriteria
) -> tuple[Flag, ...]:
    if drug.canmat is None or drug.canmat.range_mg is None or drug.atrq_minimum is None:
        return ()
    low, high = drug.canmat.range_mg
    unit = "" if "mg" in drug.canmat.text else " mg"
    usual = f"the CANMAT 2023 usual range of {drug.canmat.text}{unit}"
    by_atrq = weeks_at_or_above(doses, drug.atrq_minimum) >= criteria.min_weeks
    by_canmat = weeks_at_or_above(doses, low) >= criteria.min_weeks
    flags = []
    if by_atrq and not by_canmat:
        message = f"{drug.name}: adequate by ATRQ but below {usual}"
        flags.append(Flag(FlagCode.BELOW_CANMAT_RANGE, message))
    if by_canmat and not by_atrq:
        message = (
            f"{drug.name}: within {usual} but below the ATRQ minimum of "
            f"{explain.dose(drug.atrq_minimum)}"
        )
        flags.append(Flag(FlagCode.BELOW_ATRQ_WITHIN_CANMAT, message))
    highest = max(step.mg_per_day for step in doses)
    if highest > high:
        message = f"{drug.name} {explain.dose(highest)}: above {usual}"
        flags.append(Flag(FlagCode.ABOVE_CANMAT_RANGE, message))
    return tuple(flags)


def _episode_reasons(trial: Trial) -> tuple[str, ...]:
    if trial.current_episode:
        return ()
    return ("previous episode: not counted for the current episode",)


def _unrated(index: int, trial: Trial, why: str, prefix: tuple[str, ...] = ()) -> TrialAssessment:
    reasons = (*prefix, *_episode_reasons(trial), why, explain.OUTCOME_REASONS[trial.outcome])
    return TrialAssessment(
        index=index,
        trial=trial,
        description=explain.describe(trial),
        adequacy=Adequacy.NOT_ASSESSED,
        failed=trial.outcome.failed,
        drug_class=None,
        minimum_mg=None,
        weeks_at_minimum=None,
        reasons=reasons,
    )
