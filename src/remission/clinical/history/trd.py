"""TRD status: at least two adequate failed antidepressant trials in the current episode.

The rule is the clinical.md 3.1 DESIGN NOTE built on the "most commonly used" definition (CANMAT
2023; EMA Rev.2 as commonly cited). Its variants are parameters of :class:`TrdDefinition`, and every
result records the definition it used:

- ``adequacy.min_weeks``: 4, 6 (default) or 8 weeks at or above the minimum dose (clinical.md 4.1);
- ``different_classes``: the failures must span two pharmacological classes (EMA 2002 Note for
  guidance, Rev.1, as quoted by Jaffe et al. 2019);
- ``augmentation_counts``: adequate failed augmentation or combination trials count as trials. Only
  antidepressants used in combination can be rated (no verified minimum dose for other agents).

Trials stopped for intolerance are never failures; they are counted separately.
"""

from dataclasses import dataclass, field

from remission.clinical.history.adequacy import AdequacyCriteria, adequate_failures, assess_trials
from remission.clinical.history.types import History, Outcome, TrialKind

MINIMUM_FAILURES = 2

COMMON_SOURCE = (
    "CANMAT 2023 (Lam, Kennedy et al. 2024): failure of at least 2 antidepressant trials at "
    "therapeutic dose and adequate duration; EMA guideline Rev.2 (2013) as commonly cited "
    "(clinical.md 3.1)"
)
CLASSES_SOURCE = (
    "EMA Note for guidance Rev.1 (2002), as quoted by Jaffe et al. 2019, BMC Psychiatry: two "
    "products of different pharmacological classes (clinical.md 3.1)"
)


@dataclass(frozen=True)
class TrdDefinition:
    """Which TRD definition to apply (clinical.md 3.1 and section 8)."""

    adequacy: AdequacyCriteria = field(default_factory=AdequacyCriteria)
    different_classes: bool = False
    augmentation_counts: bool = False

    @property
    def text(self) -> str:
        trials = (
            "antidepressant or augmentation trials"
            if self.augmentation_counts
            else ("antidepressant trials")
        )
        classes = " of at least 2 different classes" if self.different_classes else ""
        return (
            f"at least {MINIMUM_FAILURES} adequate {trials}{classes} without response in the "
            f"current episode; adequate = {self.adequacy.text}"
        )

    @property
    def sources(self) -> tuple[str, ...]:
        return (CLASSES_SOURCE,) if self.different_classes else (COMMON_SOURCE,)


@dataclass(frozen=True)
class TrdStatus:
    """Whether the current episode meets the definition, with the trials that counted."""

    status: bool
    definition: TrdDefinition
    counted: tuple[int, ...]
    classes: tuple[str, ...]
    intolerances: tuple[int, ...]
    explanation: tuple[str, ...]


def trd_status(history: History, definition: TrdDefinition | None = None) -> TrdStatus:
    """Apply ``definition`` (by default 2 failures of any class, 6 weeks) to ``history``."""
    definition = definition or TrdDefinition()
    assessments = assess_trials(history, definition.adequacy)
    counted = adequate_failures(assessments)
    if definition.augmentation_counts:
        counted += adequate_failures(assessments, TrialKind.AUGMENTATION)
    classes = tuple(dict.fromkeys(a.drug_class for a in counted if a.drug_class))
    enough = len(counted) >= MINIMUM_FAILURES
    status = enough and (len(classes) >= MINIMUM_FAILURES or not definition.different_classes)
    intolerances = tuple(
        a.index
        for a in assessments
        if a.trial.outcome is Outcome.INTOLERANCE
        and a.trial.current_episode
        and a.kind in (TrialKind.ANTIDEPRESSANT, TrialKind.AUGMENTATION)
    )
    names = "; ".join(f"trial {a.index}, {a.description}" for a in counted)
    explanation = [f"adequate failed trials in the current episode: {len(counted)}"]
    if names:
        explanation[0] += f": {names}"
    if definition.different_classes:
        explanation.append(f"classes: {', '.join(classes) or 'none'}")
    if intolerances:
        listed = ", ".join(str(index) for index in intolerances)
        plural = "s" if len(intolerances) > 1 else ""
        explanation.append(f"stopped for intolerance (not failures): trial{plural} {listed}")
    explanation.append(
        ("TRD: " if status else "not TRD: ") + f"the definition needs {definition.text}"
    )
    return TrdStatus(
        status=status,
        definition=definition,
        counted=tuple(a.index for a in counted),
        classes=classes,
        intolerances=intolerances,
        explanation=tuple(explanation),
    )
