"""The facts the rules read, derived once from a profile and its staging report.

Counts of failed trials come from the history core's adequacy rules (the same ones as TRD status
and staging): an *adequate failure* is an adequate antidepressant trial without response in the
current episode. Current medicines are looked up in the drug tables to know their class; names not
in the tables are kept apart and reported, never guessed.
"""

from dataclasses import dataclass
from datetime import date
from functools import cache

from remission.clinical.history import (
    Antidepressant,
    AntidepressantTrial,
    AugmentationTrial,
    HistoryReport,
    Outcome,
    TrialAssessment,
    TrialKind,
    UnknownDrug,
    find_augmentation_agent,
)
from remission.clinical.planning.profile import Profile


@dataclass(frozen=True)
class Medication:
    """A current medicine found in the drug tables.

    ``drug_class`` is what interaction rules compare: the antidepressant class (SSRI, SNRI, TCA,
    MAOI, or the drug itself for other new-generation antidepressants), or the agent's own name.
    """

    name: str
    drug_class: str
    antidepressant: bool


@cache
def find_medication(name: str) -> Medication | None:
    """The table entry for ``name`` (antidepressants first), or ``None`` when it is not listed."""
    try:
        entry = find_augmentation_agent(name)
    except UnknownDrug:
        return None
    if isinstance(entry, Antidepressant):
        return Medication(entry.name, entry.drug_class, antidepressant=True)
    return Medication(entry.name, entry.name, antidepressant=False)


@dataclass(frozen=True)
class Facts:
    """A profile with its staging report and what follows from them.

    ``current`` is the first current medicine that is an antidepressant, and ``current_trial`` the
    last trial of it in the history; ``switch_from`` the antidepressant a switch would leave (the
    current one, else the last failed or not tolerated one in this episode).
    """

    profile: Profile
    report: HistoryReport
    recency_days: int
    medications: tuple[Medication, ...] | None
    unrecognised: tuple[str, ...]
    failures: tuple[TrialAssessment, ...]
    inadequate_failures: tuple[TrialAssessment, ...]
    intolerances: tuple[TrialAssessment, ...]
    current: Medication | None
    current_trial: TrialAssessment | None
    switch_from: str | None

    @property
    def as_of(self) -> date:
        return self.profile.as_of

    def recent(self, day: date) -> bool:
        """Not older than the recency window before ``as_of``."""
        return (self.as_of - day).days <= self.recency_days

    def trials_of(self, drugs: frozenset[str]) -> tuple[TrialAssessment, ...]:
        """Every trial (any episode) of an antidepressant or augmenting agent in ``drugs``."""
        return tuple(a for a in self.report.trials if drug_of(a) in drugs)

    def taking(self, name: str) -> bool:
        return any(m.name == name for m in self.medications or ())


def derive(profile: Profile, report: HistoryReport, recency_days: int) -> Facts:
    """The facts of ``profile``, whose history ``report`` assessed."""
    listed = profile.current_medications
    found = {name: find_medication(name) for name in listed or ()}
    medications = (
        None if listed is None else tuple(m for m in dict.fromkeys(found.values()) if m is not None)
    )
    current = next((m for m in medications or () if m.antidepressant), None)
    antidepressants = [
        a for a in report.trials if a.kind is TrialKind.ANTIDEPRESSANT and a.trial.current_episode
    ]
    current_trial = None
    if current is not None:
        current_trial = next(
            (a for a in reversed(report.trials) if drug_of(a) == current.name), None
        )
    stopped = [a for a in antidepressants if a.failed or a.trial.outcome is Outcome.INTOLERANCE]
    switch_from = current.name if current else (drug_of(stopped[-1]) if stopped else None)
    return Facts(
        profile=profile,
        report=report,
        recency_days=recency_days,
        medications=medications,
        unrecognised=tuple(name for name, medication in found.items() if medication is None),
        failures=tuple(a for a in antidepressants if a.adequate_failure),
        inadequate_failures=tuple(a for a in antidepressants if a.failed and not a.adequate),
        intolerances=tuple(a for a in antidepressants if a.trial.outcome is Outcome.INTOLERANCE),
        current=current,
        current_trial=current_trial,
        switch_from=switch_from,
    )


def drug_of(assessment: TrialAssessment) -> str | None:
    """The drug of an antidepressant or augmentation trial (canonical name), else ``None``."""
    match assessment.trial:
        case AntidepressantTrial(drug=name) | AugmentationTrial(agent=name):
            return name
        case _:
            return None


def trial_list(assessments: tuple[TrialAssessment, ...]) -> str:
    """``"trial 0 (sertraline 50-150 mg for 10 weeks), trial 2 (...)"``."""
    return ", ".join(f"trial {a.index} ({a.description})" for a in assessments)
