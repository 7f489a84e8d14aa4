"""What the staging models count as *used*: augmentation and ECT in the current episode.

MGH-S and MSM score augmentation and ECT when they were used, whatever their outcome (Hägg et al.
2020, Panel 1; clinical.md 3.3, 3.4). An augmentation counts as used when adherence to it was
confirmed; an ECT course counts when it was given in the current episode.
"""

from remission.clinical.history.types import AugmentationTrial, History, ProcedureCourse, TrialKind


def augmentations_used(history: History) -> tuple[int, ...]:
    """Indices of augmentation trials taken (adherence confirmed) in the current episode."""
    return tuple(
        index
        for index, trial in enumerate(history.trials)
        if isinstance(trial, AugmentationTrial) and trial.adherent and trial.current_episode
    )


def augmented_trials(history: History) -> frozenset[int]:
    """Indices of the antidepressant trials that a used augmentation was added to."""
    trials = (history.trials[index] for index in augmentations_used(history))
    return frozenset(trial.augments for trial in trials if isinstance(trial, AugmentationTrial))


def ect_courses(history: History) -> tuple[int, ...]:
    """Indices of ECT courses given in the current episode."""
    return tuple(
        index
        for index, trial in enumerate(history.trials)
        if isinstance(trial, ProcedureCourse)
        and trial.kind is TrialKind.ECT
        and trial.current_episode
    )
