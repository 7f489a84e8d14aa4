"""The treatment history: the current depressive episode and every treatment trial.

These frozen dataclasses describe a history; :func:`remission.clinical.history.parse_history` builds
one from JSON-like data and enforces what the types only state (known drug names, doses in mg per
day, dates in order, an ``augments`` index that points at an antidepressant trial). Build histories
through it rather than by hand.
"""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import ClassVar, Self


class Choice(StrEnum):
    """A string enum whose members also carry a plain-language ``label`` (for forms and reports)."""

    label: str

    def __new__(cls, value: str, label: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class Severity(Choice):
    """Symptom severity at the time of rating (Maudsley Staging Method, Fekadu 2018 Table 3)."""

    SUBSYNDROMAL = "subsyndromal", "Subsyndromal"
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"


class Outcome(Choice):
    """How a trial ended, or that it is still going on."""

    RESPONSE = "response", "Response"
    PARTIAL_RESPONSE = "partial_response", "Partial response (less than 50% improvement)"
    NO_RESPONSE = "no_response", "No response"
    INTOLERANCE = "intolerance", "Stopped for intolerance"
    REMISSION = "remission", "Remission"
    ONGOING = "ongoing", "Ongoing"

    @property
    def failed(self) -> bool:
        """No response or a partial response: both count as a failed trial."""
        return self in (Outcome.NO_RESPONSE, Outcome.PARTIAL_RESPONSE)


class Modality(Choice):
    """Psychotherapy modality."""

    CBT = "cbt", "Cognitive behavioural therapy (CBT)"
    BEHAVIOURAL_ACTIVATION = "behavioural_activation", "Behavioural activation"
    IPT = "ipt", "Interpersonal psychotherapy (IPT)"
    CBASP = "cbasp", "Cognitive behavioral analysis system of psychotherapy (CBASP)"
    SHORT_TERM_PSYCHODYNAMIC = "short_term_psychodynamic", "Short-term psychodynamic psychotherapy"
    LONG_TERM_PSYCHODYNAMIC = "long_term_psychodynamic", "Long-term psychodynamic psychotherapy"
    PSYCHOANALYTIC = "psychoanalytic", "Psychoanalytic psychotherapy"
    DBT = "dbt", "Dialectical behaviour therapy (DBT)"
    ACT = "act", "Acceptance and commitment therapy (ACT)"
    MBCT = "mbct", "Mindfulness-based cognitive therapy (MBCT)"
    TRAUMA_FOCUSED = "trauma_focused", "Trauma-focused therapy (e.g. EMDR, TF-CBT)"
    SYSTEMIC_FAMILY = "systemic_family", "Systemic or family therapy"
    GROUP = "group", "Group therapy"
    INTENSIVE_OUTPATIENT = "intensive_outpatient", "Intensive outpatient programme"
    OTHER = "other", "Other psychotherapy"


class Laterality(Choice):
    """ECT electrode placement; Thase-Rush stage V needs a failed *bilateral* course."""

    BILATERAL = "bilateral", "Bilateral"
    RIGHT_UNILATERAL = "right_unilateral", "Right unilateral"
    BIFRONTAL = "bifrontal", "Bifrontal"
    UNKNOWN = "unknown", "Not known"


class TrialKind(Choice):
    """The ``type`` of a trial in HISTORY.json."""

    ANTIDEPRESSANT = "antidepressant", "Antidepressant"
    AUGMENTATION = "augmentation", "Augmentation or combination"
    PSYCHOTHERAPY = "psychotherapy", "Psychotherapy"
    ECT = "ect", "ECT"
    RTMS = "rtms", "rTMS"
    ITBS = "itbs", "iTBS"
    KETAMINE_IV = "ketamine_iv", "IV ketamine"
    ESKETAMINE = "esketamine", "Esketamine"


@dataclass(frozen=True)
class DoseStep:
    """One step of a dose sequence: a daily dose held for a number of weeks.

    ``start`` and ``end`` are kept when the step was given as dates; ``weeks`` is then
    ``(end - start).days / 7`` (``end`` is the day the step ended or changed, so the next step may
    start on it).
    """

    mg_per_day: float
    weeks: float
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class Episode:
    """The current depressive episode. ``severity`` is rated as of the history's ``as_of`` date."""

    start: date
    severity: Severity
    psychotic_features: bool


@dataclass(frozen=True)
class AntidepressantTrial:
    """An antidepressant given as monotherapy (or as the base of an augmentation).

    ``drug`` is the canonical name of the dose table; ``optimised`` marks a dose or duration
    optimisation (MGH-S, Fava 2003).
    """

    kind: ClassVar[TrialKind] = TrialKind.ANTIDEPRESSANT
    drug: str
    doses: tuple[DoseStep, ...]
    adherent: bool
    outcome: Outcome
    optimised: bool = False
    reason_stopped: str | None = None
    current_episode: bool = True


@dataclass(frozen=True)
class AugmentationTrial:
    """An augmenting or combined agent added to the antidepressant trial at index ``augments``.

    It belongs to the same episode as the trial it augments.
    """

    kind: ClassVar[TrialKind] = TrialKind.AUGMENTATION
    agent: str
    augments: int
    doses: tuple[DoseStep, ...]
    adherent: bool
    outcome: Outcome
    current_episode: bool = True


@dataclass(frozen=True)
class PsychotherapyCourse:
    """A course of psychotherapy."""

    kind: ClassVar[TrialKind] = TrialKind.PSYCHOTHERAPY
    modality: Modality
    sessions: int
    weeks: float
    outcome: Outcome
    current_episode: bool = True


@dataclass(frozen=True)
class ProcedureCourse:
    """A course of ECT, rTMS, iTBS, IV ketamine or esketamine.

    ``laterality`` is given for ECT only; ``protocol`` (free text, e.g. "10 Hz left DLPFC") for rTMS
    and iTBS only.
    """

    kind: TrialKind
    sessions: int
    outcome: Outcome
    laterality: Laterality | None = None
    protocol: str | None = None
    current_episode: bool = True


type Trial = AntidepressantTrial | AugmentationTrial | PsychotherapyCourse | ProcedureCourse


@dataclass(frozen=True)
class DmTrdInputs:
    """The extra inputs of the DM-TRD (Peeters 2016; van Dijk 2019), captured but not scored.

    ``None`` means not assessed. ``gaf`` is a Global Assessment of Functioning score (1-100).
    Failed psychotherapy courses come from the trials.
    """

    functional_impairment: bool | None = None
    gaf: int | None = None
    comorbid_anxiety: bool | None = None
    personality_disorder: bool | None = None
    psychosocial_stressors: bool | None = None
    childhood_adversity: bool | None = None
    intensified_treatment: bool | None = None


@dataclass(frozen=True)
class History:
    """A patient's treatment history as of ``as_of``, which stands for "today" in every rule."""

    as_of: date
    episode: Episode
    trials: tuple[Trial, ...]
    dm_trd: DmTrdInputs = field(default_factory=DmTrdInputs)
