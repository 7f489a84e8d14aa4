"""The wording of explanations: numbers, trial descriptions and outcomes in plain language."""

from remission.clinical.history.types import (
    AntidepressantTrial,
    AugmentationTrial,
    DoseStep,
    Laterality,
    Outcome,
    ProcedureCourse,
    PsychotherapyCourse,
    Trial,
    TrialKind,
)

OUTCOME_REASONS = {
    Outcome.NO_RESPONSE: "no response: a failed trial",
    Outcome.PARTIAL_RESPONSE: "partial response (less than 50% improvement): a failed trial",
    Outcome.INTOLERANCE: "stopped for intolerance: not a failed trial (counted separately)",
    Outcome.RESPONSE: "response: not a failed trial",
    Outcome.REMISSION: "remission: not a failed trial",
    Outcome.ONGOING: "ongoing: no outcome yet",
}


def number(value: float) -> str:
    """A number as a person writes it: ``10`` not ``10.0``, at most one decimal for weeks."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


def dose(value: float) -> str:
    """A dose in mg, keeping up to three decimals (T3 is 0.025 mg)."""
    return f"{value:.3f}".rstrip("0").rstrip(".") + " mg"


def dose_span(doses: tuple[DoseStep, ...]) -> str:
    """``"150 mg"`` for one dose, ``"50-150 mg"`` for a titration."""
    low = min(step.mg_per_day for step in doses)
    high = max(step.mg_per_day for step in doses)
    return dose(high) if low == high else f"{dose(low).removesuffix(' mg')}-{dose(high)}"


def weeks(doses: tuple[DoseStep, ...]) -> float:
    return sum(step.weeks for step in doses)


def describe(trial: Trial) -> str:
    """A one-line description of a trial, e.g. ``"sertraline 50-150 mg for 10 weeks"``."""
    match trial:
        case (
            AntidepressantTrial(drug=name, doses=doses) | AugmentationTrial(agent=name, doses=doses)
        ):
            text = f"{name} {dose_span(doses)} for {number(weeks(doses))} weeks"
            if isinstance(trial, AugmentationTrial):
                text += f", augmenting trial {trial.augments}"
            return text
        case PsychotherapyCourse():
            return (
                f"{trial.modality.label}, {trial.sessions} sessions over "
                f"{number(trial.weeks)} weeks"
            )
        case ProcedureCourse(kind=TrialKind.ECT):
            laterality = trial.laterality or Laterality.UNKNOWN
            placement = (
                "laterality not known"
                if laterality is Laterality.UNKNOWN
                else laterality.label.lower()
            )
            return f"ECT ({placement}), {trial.sessions} sessions"
        case ProcedureCourse():
            protocol = f" ({trial.protocol})" if trial.protocol else ""
            return f"{trial.kind.label}{protocol}, {trial.sessions} sessions"
