"""Thase-Rush staging (Thase & Rush 1997, as summarised by Fava 2003; clinical.md 3.2).

Stages are cumulative; the stage is the highest whose conditions, and those of every stage below,
are met. Each stage needs its own trial: stage II a failure in a class other than stage I's, stage
III a failed TCA besides two classes, stage IV a failed MAOI besides those (so a failed MAOI without
a failed TCA stays below stage IV), stage V a failed course of bilateral ECT on top of stage IV.
"""

from collections import Counter
from dataclasses import dataclass

from remission.clinical.history.adequacy import AdequacyCriteria, adequate_failures, assess_trials
from remission.clinical.history.types import History, Laterality, ProcedureCourse, TrialKind

SOURCE = (
    "Thase & Rush 1997, J Clin Psychiatry 58 Suppl 13:23, as summarised by Fava 2003, "
    "Biol Psychiatry 53:649 (clinical.md 3.2)"
)
LIMITATIONS = (
    "Thase-Rush ignores augmentation, combination and dose optimisation, and assumes TCAs and "
    "MAOIs are superior to newer agents, an unproven hierarchy (Fava 2003)"
)
ROMAN = ("0", "I", "II", "III", "IV", "V")
TCA = "TCA"
MAOI = "MAOI"


@dataclass(frozen=True)
class ThaseRushStage:
    stage: int
    criteria: AdequacyCriteria
    counted: tuple[int, ...]
    explanation: tuple[str, ...]

    @property
    def roman(self) -> str:
        return ROMAN[self.stage]


def thase_rush_stage(history: History, criteria: AdequacyCriteria | None = None) -> ThaseRushStage:
    """The Thase-Rush stage (0-5) of the current episode."""
    criteria = criteria or AdequacyCriteria()
    failures = adequate_failures(assess_trials(history, criteria))
    classes = Counter(a.drug_class for a in failures if a.drug_class)
    ect = _failed_bilateral_ect(history)
    conditions = (
        (bool(failures), "an adequate failed antidepressant trial"),
        (_classes_besides(classes) >= 2, "adequate failures in 2 different classes"),
        (classes[TCA] > 0 and _classes_besides(classes, TCA) >= 2, "besides those, a failed TCA"),
        (
            classes[MAOI] > 0 and _classes_besides(classes, TCA, MAOI) >= 2,
            "besides those, a failed MAOI",
        ),
        (bool(ect), "a failed course of bilateral ECT"),
    )
    stage = 0
    explanation = []
    for number, (met, needs) in enumerate(conditions, start=1):
        reached = met and stage == number - 1
        stage += reached
        verdict = "met" if reached else ("not met" if stage == number - 1 else "not reached")
        explanation.append(f"stage {ROMAN[number]} ({needs}): {verdict}")
    failed_classes = ", ".join(f"{name} x{count}" for name, count in classes.items()) or "none"
    explanation.append(f"adequate failures by class: {failed_classes}")
    explanation.append(LIMITATIONS)
    counted = tuple(a.index for a in failures) + (ect[:1] if stage == 5 else ())
    return ThaseRushStage(stage, criteria, counted, tuple(explanation))


def _classes_besides(classes: Counter[str], *used: str) -> int:
    """How many distinct classes remain once one trial of each ``used`` class is set aside."""
    return len(classes - Counter(used))


def _failed_bilateral_ect(history: History) -> tuple[int, ...]:
    return tuple(
        index
        for index, trial in enumerate(history.trials)
        if isinstance(trial, ProcedureCourse)
        and trial.kind is TrialKind.ECT
        and trial.laterality is Laterality.BILATERAL
        and trial.outcome.failed
        and trial.current_episode
    )
