"""The treatment timeline: each trial as a bar over time, on the same time axis as the patient's
score trajectory; and the treatment events that the measures charts mark (``EVENT_SOURCES``)."""

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from remission.clinical.history import Outcome, TrialKind
from remission.measures.progress import Trajectory, trajectories
from remission.measures.trajectory_charts import trajectory_chart
from remission.patients.models import Patient
from remission.treatments.history import active_trials
from remission.treatments.models import Trial
from remission.web.charts import Chart, Lane, Marker, Segment, Timeline, timeline_chart

SHORT_OUTCOMES = {
    Outcome.RESPONSE: "response",
    Outcome.PARTIAL_RESPONSE: "partial response",
    Outcome.NO_RESPONSE: "no response",
    Outcome.INTOLERANCE: "intolerance",
    Outcome.REMISSION: "remission",
    Outcome.ONGOING: "ongoing",
}


def mg(value: float) -> str:
    return f"{value:g} mg"


def segments(trial: Trial, today: date) -> tuple[Segment, ...]:
    """Where a trial sits in time, or nothing when it has no dates (then it is listed instead).

    Dose steps with dates are drawn as given (an open last step runs to today); steps given in
    weeks are laid end to end from ``started_on``.
    """
    if trial.is_drug:
        return _dose_segments(trial, today)
    start = trial.started_on
    if start is None:
        return ()
    if trial.kind == TrialKind.PSYCHOTHERAPY and trial.weeks and not trial.ended_on:
        end = start + timedelta(days=round(trial.weeks * 7))
    elif trial.ended_on:
        end = trial.ended_on
    elif trial.outcome == Outcome.ONGOING:
        end = today
    else:
        end = start + timedelta(days=1)
    sessions = f"{trial.sessions} sessions" if trial.sessions else ""
    return (Segment(start, max(end, start + timedelta(days=1)), sessions),)


def _dose_segments(trial: Trial, today: date) -> tuple[Segment, ...]:
    steps = [step for step in trial.doses if isinstance(step, dict)]
    if not steps:
        return ()
    highest = max(float(step.get("mg_per_day") or 0) for step in steps) or 1.0
    cursor = trial.started_on
    placed = []
    for step in steps:
        dose = float(step.get("mg_per_day") or 0)
        if step.get("start"):
            begin = date.fromisoformat(step["start"])
            end = date.fromisoformat(step["end"]) if step.get("end") else today
        elif cursor is not None and step.get("weeks"):
            begin = cursor
            end = begin + timedelta(days=round(float(step["weeks"]) * 7))
        else:
            return ()
        level = min(4, max(1, math.ceil(4 * dose / highest)))
        placed.append(Segment(begin, max(end, begin + timedelta(days=1)), mg(dose), level))
        cursor = end
    return tuple(placed)


SHORT_MODALITIES = {
    "cbt": "CBT",
    "behavioural_activation": "Behavioural activation",
    "ipt": "IPT",
    "cbasp": "CBASP",
    "short_term_psychodynamic": "Short-term psychodynamic",
    "long_term_psychodynamic": "Long-term psychodynamic",
    "psychoanalytic": "Psychoanalytic",
    "dbt": "DBT",
    "act": "ACT",
    "mbct": "MBCT",
    "trauma_focused": "Trauma-focused therapy",
    "systemic_family": "Systemic or family therapy",
    "group": "Group therapy",
    "intensive_outpatient": "Intensive outpatient",
    "other": "Psychotherapy",
}


def lane_label(trial: Trial) -> str:
    if trial.kind == TrialKind.PSYCHOTHERAPY:
        return SHORT_MODALITIES.get(trial.modality, trial.name)
    if trial.kind == TrialKind.AUGMENTATION:
        return f"+ {trial.name}"
    return trial.name


def lane_kind(trial: Trial) -> str:
    if trial.is_procedure:
        return "procedure"
    return str(trial.kind)


@dataclass(frozen=True)
class TreatmentTimeline:
    timeline: Timeline | None
    scores: Chart | None
    trajectory: Trajectory | None
    unplaced: tuple[Trial, ...]
    trials: tuple[Trial, ...]


def treatment_timeline(
    patient: Patient, trials: list[Trial] | None = None, today: date | None = None
) -> TreatmentTimeline:
    """The patient's trials as bars, with the longest score trajectory above them on the same axis.
    The axis runs from the first trial (or score) to today."""
    today = today or timezone.localdate()
    trials = active_trials(patient) if trials is None else trials
    placed = [(trial, segments(trial, today)) for trial in trials]
    lanes = [
        Lane(
            lane_label(trial),
            parts,
            lane_kind(trial),
            SHORT_OUTCOMES.get(Outcome(trial.outcome), "") if trial.outcome else "",
        )
        for trial, parts in placed
        if parts
    ]
    unplaced = tuple(trial for trial, parts in placed if not parts)
    paths = [t for t in trajectories(patient) if len(t.assessments) > 1]
    trajectory = max(paths, key=lambda t: len(t.assessments), default=None)
    starts: list[date] = [s.start for _, parts in placed for s in parts]
    ends: list[date] = [s.end for _, parts in placed for s in parts] + [today]
    if trajectory is not None:
        starts.append(timezone.localdate(trajectory.baseline.administered_at))
        ends.append(timezone.localdate(trajectory.latest.administered_at))
    if not lanes:
        return TreatmentTimeline(None, None, trajectory, unplaced, tuple(trials))
    x_range = (_moment(min(starts)), _moment(max(ends) + timedelta(days=3)))
    timeline = timeline_chart("Treatments over time", lanes, start=x_range[0], end=x_range[1])
    scores = trajectory_chart(trajectory, patient, x_range) if trajectory else None
    return TreatmentTimeline(timeline, scores, trajectory, unplaced, tuple(trials))


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def treatment_markers(patient: Patient) -> list[Marker]:
    """Starts, dose changes and ends of the patient's trials, for the measures trajectory charts
    (``remission.measures.trajectory_charts.EVENT_SOURCES``)."""
    today = timezone.localdate()
    markers: list[Marker] = []
    for trial in active_trials(patient):
        parts = segments(trial, today)
        if not parts:
            continue
        markers.append(Marker(parts[0].start, f"{trial.name} started", "treatment"))
        markers.extend(
            Marker(part.start, f"{trial.name} {part.label}", "treatment") for part in parts[1:]
        )
        if trial.outcome != Outcome.ONGOING and parts[-1].end < today:
            markers.append(Marker(parts[-1].end, f"{trial.name} ended", "treatment"))
    return markers
