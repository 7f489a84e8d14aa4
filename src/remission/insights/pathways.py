"""Treatment pathways derived from the treatment history (docs/insights.md, "Pathways").

A patient's pathway is read from the trials of the current episode. The *index trial* is the one
that started last (on a tie, a procedure before a medication before psychotherapy):

- an IV ketamine, esketamine, TMS/iTBS or ECT course is that pathway, whatever medication or
  psychotherapy runs beside it (the published trials allowed concurrent antidepressants), unless a
  course of a *different* procedure overlaps it: then "combined";
- an antidepressant or augmentation step is "medication steps", or "combined" when a psychotherapy
  course overlaps it; a psychotherapy course is "psychotherapy only", or "combined" when a
  medication step overlaps it.

Pure functions: no Django, so the rule is tested on hand-made histories.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from remission.clinical.history import TrialKind


class Pathway(StrEnum):
    KETAMINE_IV = "ketamine_iv"
    ESKETAMINE = "esketamine"
    TMS = "tms"
    ECT = "ect"
    MEDICATION = "medication"
    PSYCHOTHERAPY = "psychotherapy"
    COMBINED = "combined"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    Pathway.KETAMINE_IV: "IV ketamine series",
    Pathway.ESKETAMINE: "Esketamine",
    Pathway.TMS: "TMS / iTBS",
    Pathway.ECT: "ECT",
    Pathway.MEDICATION: "Medication steps",
    Pathway.PSYCHOTHERAPY: "Psychotherapy only",
    Pathway.COMBINED: "Combined",
}

GROUP = {
    TrialKind.KETAMINE_IV: Pathway.KETAMINE_IV,
    TrialKind.ESKETAMINE: Pathway.ESKETAMINE,
    TrialKind.RTMS: Pathway.TMS,
    TrialKind.ITBS: Pathway.TMS,
    TrialKind.ECT: Pathway.ECT,
    TrialKind.ANTIDEPRESSANT: Pathway.MEDICATION,
    TrialKind.AUGMENTATION: Pathway.MEDICATION,
    TrialKind.PSYCHOTHERAPY: Pathway.PSYCHOTHERAPY,
}
PROCEDURES = frozenset({Pathway.KETAMINE_IV, Pathway.ESKETAMINE, Pathway.TMS, Pathway.ECT})
_RANK = {Pathway.MEDICATION: 1, Pathway.PSYCHOTHERAPY: 0}  # procedures rank 2


@dataclass(frozen=True, slots=True)
class DatedTrial:
    kind: str
    start: date
    end: date | None  # None: still running


@dataclass(frozen=True, slots=True)
class Course:
    """The patient's index treatment: its pathway, when it started and (if over) ended."""

    patient: int
    pathway: Pathway
    start: date
    end: date | None


def _overlaps(a: DatedTrial, b: DatedTrial) -> bool:
    return a.start <= (b.end or date.max) and b.start <= (a.end or date.max)


def index_course(patient: int, trials: Iterable[DatedTrial]) -> Course | None:
    """The patient's course by the rule above; None without a dated trial."""
    dated = [t for t in trials if t.kind in GROUP]
    if not dated:
        return None
    index = max(dated, key=lambda t: (t.start, _RANK.get(GROUP[TrialKind(t.kind)], 2)))
    group = GROUP[TrialKind(index.kind)]
    others = [GROUP[TrialKind(t.kind)] for t in dated if t is not index and _overlaps(t, index)]
    return Course(patient, _pathway(group, others), index.start, index.end)


def _pathway(group: Pathway, overlapping: Sequence[Pathway]) -> Pathway:
    if group in PROCEDURES:
        combined = any(o in PROCEDURES and o != group for o in overlapping)
    elif group is Pathway.MEDICATION:
        combined = Pathway.PSYCHOTHERAPY in overlapping
    else:
        combined = Pathway.MEDICATION in overlapping
    return Pathway.COMBINED if combined else group
