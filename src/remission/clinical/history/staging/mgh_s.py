"""MGH staging (MGH-S; Fava 2003, scoring as in Hägg et al. 2020 Panel 1; clinical.md 3.3, 10.2).

1 point per adequate antidepressant trial without response; +0.5 for each such trial whose dose or
duration was optimised; +0.5 for each such trial that was augmented; +3 once if ECT was used. The
score is continuous with no upper bound and no official bands. The source wording "per trial" for
the +0.5 items is unconfirmed against Fava 2003 Table 2 (clinical.md 3.3 DESIGN NOTE), so both are
flags on the failed trial, counted only for trials that earn the point.
"""

from dataclasses import dataclass

from remission.clinical.history import explain
from remission.clinical.history.adequacy import (
    DEFAULT_MIN_WEEKS,
    AdequacyCriteria,
    adequate_failures,
    assess_trials,
)
from remission.clinical.history.staging.usage import augmented_trials, ect_courses
from remission.clinical.history.types import AntidepressantTrial, History

SOURCE = (
    "Fava 2003, Biol Psychiatry 53:649; scoring as reproduced by Hägg et al. 2020, PLOS ONE "
    "15:e0236434, Panel 1 (clinical.md 3.3, 10.2)"
)
TRIAL_POINTS = 1.0
OPTIMISATION_POINTS = 0.5
AUGMENTATION_POINTS = 0.5
ECT_POINTS = 3.0


@dataclass(frozen=True)
class MghsScore:
    score: float
    criteria: AdequacyCriteria
    counted: tuple[int, ...]
    ect: bool
    explanation: tuple[str, ...]


def mgh_s_score(history: History, criteria: AdequacyCriteria | None = None) -> MghsScore:
    """The MGH-S score of the current episode."""
    criteria = criteria or AdequacyCriteria()
    augmented = augmented_trials(history)
    score = 0.0
    explanation = []
    failures = adequate_failures(assess_trials(history, criteria))
    for failure in failures:
        points = [f"{explain.number(TRIAL_POINTS)} point"]
        score += TRIAL_POINTS
        if isinstance(failure.trial, AntidepressantTrial) and failure.trial.optimised:
            score += OPTIMISATION_POINTS
            points.append(f"+{OPTIMISATION_POINTS} optimised")
        if failure.index in augmented:
            score += AUGMENTATION_POINTS
            points.append(f"+{AUGMENTATION_POINTS} augmented")
        explanation.append(f"trial {failure.index} ({failure.description}): {', '.join(points)}")
    ect = ect_courses(history)
    if ect:
        score += ECT_POINTS
        explanation.append(f"ECT used (trial {ect[0]}): +{explain.number(ECT_POINTS)}")
    if not explanation:
        explanation.append("no adequate failed antidepressant trial and no ECT")
    explanation.append("no official severity bands (clinical.md 3.3)")
    if criteria.min_weeks != DEFAULT_MIN_WEEKS:
        explanation.append(
            f"MGH-S is defined with at least {explain.number(DEFAULT_MIN_WEEKS)} weeks "
            f"(Fava 2003); scored here with {explain.number(criteria.min_weeks)}"
        )
    counted = tuple(f.index for f in failures) + ect[:1]
    return MghsScore(score, criteria, counted, bool(ect), tuple(explanation))
