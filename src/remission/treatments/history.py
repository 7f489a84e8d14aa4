"""From database rows to the core's ``History``: the one place where the mapping lives.

:func:`history_document` writes the rows as HISTORY.json (``docs/history-format.md``), and
:func:`load_history` parses that document with the core's ``parse_history``, so a history stored in
the database is validated by exactly the rules the ``remission stage`` command applies.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from remission.clinical.history import History, TrialKind, parse_history
from remission.patients.models import Patient
from remission.treatments.models import Episode, Trial


@dataclass(frozen=True)
class Document:
    """A history as HISTORY.json, with the :class:`Trial` id of each index of ``trials``."""

    data: dict[str, Any]
    trial_ids: tuple[int | None, ...]

    def index_of(self, trial_id: int | None) -> int | None:
        return self.trial_ids.index(trial_id) if trial_id in self.trial_ids else None


def active_trials(patient: Patient) -> list[Trial]:
    """The trials that are part of the history (not removed), in the order they were recorded."""
    return list(Trial.objects.filter(patient=patient, removed_at=None).order_by("id"))


def history_document(episode: Episode, trials: Sequence[Trial], as_of: date) -> Document:
    """The rows as HISTORY.json. An augmentation's ``augments`` becomes the index of its trial;
    a trial not saved yet has ``None`` as its id."""
    ids = tuple(trial.pk for trial in trials)
    data: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "episode": {
            "start": episode.start.isoformat() if episode.start else None,
            "severity": episode.severity or None,
            "psychotic_features": episode.psychotic_features,
        },
        "trials": [_trial(trial, ids) for trial in trials],
    }
    dm_trd = {
        name: getattr(episode, name)
        for name in (
            "functional_impairment",
            "gaf",
            "comorbid_anxiety",
            "personality_disorder",
            "psychosocial_stressors",
            "childhood_adversity",
            "intensified_treatment",
        )
        if getattr(episode, name) is not None
    }
    if dm_trd:
        data["dm_trd"] = dm_trd
    return Document(data, ids)


def _trial(trial: Trial, ids: tuple[int | None, ...]) -> dict[str, Any]:
    kind = TrialKind(trial.kind)
    data: dict[str, Any] = {"type": kind.value, "outcome": trial.outcome or None}
    if kind is not TrialKind.AUGMENTATION and not trial.current_episode:
        data["current_episode"] = False
    match kind:
        case TrialKind.ANTIDEPRESSANT | TrialKind.AUGMENTATION:
            data["drug"] = trial.drug or None
            data["doses"] = list(trial.doses)
            data["adherent"] = trial.adherent
            if kind is TrialKind.AUGMENTATION:
                target = trial.augments_id
                data["augments"] = ids.index(target) if target in ids else None
            else:
                if trial.optimised:
                    data["optimised"] = True
                if trial.reason_stopped:
                    data["reason_stopped"] = trial.reason_stopped
        case TrialKind.PSYCHOTHERAPY:
            data["modality"] = trial.modality or None
            data["sessions"] = trial.sessions
            data["weeks"] = _number(trial.weeks)
        case TrialKind.ECT:
            data["laterality"] = trial.laterality or None
            data["sessions"] = trial.sessions
        case TrialKind.RTMS | TrialKind.ITBS:
            data["sessions"] = trial.sessions
            if trial.protocol:
                data["protocol"] = trial.protocol
        case _:
            data["sessions"] = trial.sessions
    return data


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True)
class LoadedHistory:
    history: History
    document: Document


def load_history(patient: Patient, as_of: date | None = None) -> LoadedHistory | None:
    """The patient's stored history as the core's ``History`` (None before an episode is recorded).

    Raises ``HistoryError`` if the stored rows no longer pass the core's checks (for example after
    a dose table dropped a drug).
    """
    episode = Episode.objects.filter(patient=patient).first()
    if episode is None:
        return None
    document = history_document(episode, active_trials(patient), as_of or timezone.localdate())
    return LoadedHistory(parse_history(document.data), document)
