"""Writes of treatment histories. Views call these; nothing else saves the models of this app.

Every change to the history (the episode, a trial added, corrected or removed) happens in one
transaction that:

1. locks the patient's episode row, so changes to one history queue up;
2. refuses an edit based on an outdated copy (``EditConflict``, security-targets T32);
3. validates the whole history *with the change* through the core's ``parse_history``; a problem
   raises :class:`InvalidHistory` (naming each field) before anything is written;
4. keeps the previous content of a corrected row (``trail.keep_version``, BGB 630f, T20);
5. writes the next :class:`HistoryVersion` (the whole history as HISTORY.json);
6. stages that version with the core and stores the :class:`StagingResult`;
7. writes the audit events.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from remission.audit import trail
from remission.audit.trail import Who, actor_of
from remission.clinical.history import (
    AdequacyCriteria,
    AntidepressantTrial,
    AugmentationTrial,
    History,
    HistoryError,
    Problem,
    ReviewStatus,
    TrdDefinition,
    assess_history,
    parse_history,
    pseudo_resistance_checklist,
    report_as_dict,
    review,
)
from remission.clinical.history import Trial as CoreTrial
from remission.concurrency import EditConflict, save_versioned
from remission.patients.models import Patient
from remission.treatments.history import active_trials, history_document
from remission.treatments.models import (
    Contributor,
    Episode,
    HistoryVersion,
    PseudoResistanceReview,
    StagingResult,
    StagingSettings,
    Trial,
    Trigger,
)

EPISODE_FIELDS = (
    "start",
    "severity",
    "psychotic_features",
    "functional_impairment",
    "gaf",
    "comorbid_anxiety",
    "personality_disorder",
    "psychosocial_stressors",
    "childhood_adversity",
    "intensified_treatment",
)
TRIAL_FIELDS = (
    "drug",
    "augments",
    "doses",
    "adherent",
    "outcome",
    "optimised",
    "reason_stopped",
    "modality",
    "sessions",
    "weeks",
    "laterality",
    "protocol",
    "current_episode",
    "started_on",
    "ended_on",
)
CONTRIBUTOR_FIELDS = ("code", "name", "dose", "details", "since", "until")


class InvalidHistory(Exception):
    """The change would make the history invalid; nothing was saved.

    ``problems`` are the core's, each with its field path (``trials[2].doses[0].mg_per_day``);
    ``trial_index`` is the index the changed trial had in the checked history (None for the
    episode), so a form can show each problem next to its field.
    """

    def __init__(self, problems: Sequence[Problem], trial_index: int | None) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = tuple(problems)
        self.trial_index = trial_index


class StillAugmented(Exception):
    """An antidepressant trial with an augmentation recorded against it cannot be removed first."""


@dataclass(frozen=True)
class Changed:
    version: HistoryVersion
    result: StagingResult


# --- The clinic's definition ----------------------------------------------------------------------


def settings_for(clinic_id: int) -> StagingSettings:
    chosen, _ = StagingSettings.objects.get_or_create(clinic_id=clinic_id)
    return chosen


def definition_for(clinic_id: int) -> TrdDefinition:
    chosen = settings_for(clinic_id)
    return TrdDefinition(
        AdequacyCriteria(min_weeks=chosen.min_weeks),
        different_classes=chosen.different_classes,
        augmentation_counts=chosen.augmentation_counts,
    )


# --- The episode ----------------------------------------------------------------------------------


def save_episode(
    who: Who,
    patient: Patient,
    episode: Episode,
    expected_version: int | None,
    *,
    reason: str = "",
    as_of: date | None = None,
) -> Changed:
    """Record the current episode (``expected_version`` None) or correct it."""
    as_of = as_of or timezone.localdate()
    actor = actor_of(who)
    with transaction.atomic():
        if expected_version is None:
            if Episode.objects.filter(patient=patient).exists():
                raise EditConflict
            trials: list[Trial] = []
        else:
            _lock(patient)
            if not Episode.objects.filter(pk=episode.pk, version=expected_version).exists():
                raise EditConflict
            trials = active_trials(patient)
        _check(episode, trials, as_of, None)
        episode.patient = patient
        episode.updated_by = actor
        if expected_version is None:
            episode.created_by = actor
            try:
                with transaction.atomic():
                    episode.save(force_insert=True)
            except IntegrityError:
                raise EditConflict from None
            action, change = "treatments.episode.recorded", "episode recorded"
        else:
            trail.keep_version(who, episode, patient=patient, reason=reason or "corrected")
            save_versioned(episode, expected_version, [*EPISODE_FIELDS, "updated_by"])
            action, change = "treatments.episode.updated", "episode corrected"
        trail.record(who, action, patient=patient, obj=episode, detail={"reason": reason})
        return _new_version(who, patient, episode, change, reason, as_of)


# --- Trials ---------------------------------------------------------------------------------------


def add_trial(
    who: Who, patient: Patient, trial: Trial, *, reason: str = "", as_of: date | None = None
) -> Changed:
    """Add a trial to the history."""
    as_of = as_of or timezone.localdate()
    with transaction.atomic():
        episode = _lock(patient)
        trials = active_trials(patient)
        checked = _check(episode, [*trials, trial], as_of, len(trials))
        _canonical_name(trial, checked.trials[len(trials)])
        actor = actor_of(who)
        trial.patient = patient
        trial.created_by = trial.updated_by = actor
        trial.save(force_insert=True)
        trail.record(
            who,
            "treatments.trial.added",
            patient=patient,
            obj=trial,
            detail={"kind": trial.kind, "name": trial.name},
        )
        return _new_version(who, patient, episode, f"trial added: {trial.name}", reason, as_of)


def update_trial(
    who: Who,
    trial: Trial,
    expected_version: int,
    *,
    reason: str = "",
    as_of: date | None = None,
) -> Changed:
    """Correct a trial; its previous content is kept. Raises ``EditConflict`` if someone saved it
    after ``expected_version`` was read."""
    as_of = as_of or timezone.localdate()
    patient = trial.patient
    with transaction.atomic():
        episode = _lock(patient)
        if not Trial.objects.filter(
            pk=trial.pk, version=expected_version, removed_at=None
        ).exists():
            raise EditConflict
        trials = [trial if t.pk == trial.pk else t for t in active_trials(patient)]
        checked = _check(episode, trials, as_of, trials.index(trial))
        _canonical_name(trial, checked.trials[trials.index(trial)])
        trail.keep_version(who, trial, patient=patient, reason=reason or "corrected")
        trial.updated_by = actor_of(who)
        save_versioned(trial, expected_version, [*TRIAL_FIELDS, "updated_by"])
        trail.record(
            who,
            "treatments.trial.updated",
            patient=patient,
            obj=trial,
            detail={"kind": trial.kind, "name": trial.name, "reason": reason},
        )
        return _new_version(who, patient, episode, f"trial corrected: {trial.name}", reason, as_of)


def remove_trial(
    who: Who, trial: Trial, expected_version: int, reason: str, *, as_of: date | None = None
) -> Changed:
    """Take a trial out of the history (a soft delete: the row and its versions stay)."""
    if not reason.strip():
        raise ValueError("a reason is required to remove a trial")
    as_of = as_of or timezone.localdate()
    patient = trial.patient
    with transaction.atomic():
        episode = _lock(patient)
        if not Trial.objects.filter(
            pk=trial.pk, version=expected_version, removed_at=None
        ).exists():
            raise EditConflict
        if Trial.objects.filter(augments=trial, removed_at=None).exists():
            raise StillAugmented
        trials = [t for t in active_trials(patient) if t.pk != trial.pk]
        _check(episode, trials, as_of, None)
        trial.removed_at = timezone.now()
        trial.removed_by = actor_of(who)
        trial.removal_reason = reason.strip()
        save_versioned(trial, expected_version, ["removed_at", "removed_by", "removal_reason"])
        trail.record(
            who,
            "treatments.trial.removed",
            patient=patient,
            obj=trial,
            detail={"kind": trial.kind, "name": trial.name, "reason": trial.removal_reason},
        )
        return _new_version(who, patient, episode, f"trial removed: {trial.name}", reason, as_of)


# --- Versions and staging -------------------------------------------------------------------------


def _lock(patient: Patient) -> Episode:
    """The patient's episode, locked until the transaction ends (changes to a history queue)."""
    episode = Episode.objects.select_for_update().filter(patient=patient).first()
    if episode is None:
        raise NoEpisode
    return episode


class NoEpisode(Exception):
    """Trials are added to a history whose current episode is recorded first."""


def _check(
    episode: Episode, trials: Sequence[Trial], as_of: date, changed_index: int | None
) -> History:
    document = history_document(episode, trials, as_of)
    try:
        return parse_history(document.data)
    except HistoryError as error:
        raise InvalidHistory(error.problems, changed_index) from None


def _canonical_name(trial: Trial, checked: CoreTrial) -> None:
    """Store a drug under the dose table's name ("Sertraline " -> "sertraline")."""
    match checked:
        case AntidepressantTrial(drug=name) | AugmentationTrial(agent=name):
            trial.drug = name


def _new_version(
    who: Who, patient: Patient, episode: Episode, change: str, reason: str, as_of: date
) -> Changed:
    document = history_document(episode, active_trials(patient), as_of)
    history = parse_history(document.data)  # checked before writing; cannot fail here
    last = HistoryVersion.objects.filter(patient=patient).aggregate(n=Max("number"))["n"] or 0
    version = HistoryVersion.objects.create(
        patient=patient,
        number=last + 1,
        history=document.data,
        trial_ids=list(document.trial_ids),
        change=change[:200],
        reason=reason[:500],
        created_by=actor_of(who),
    )
    trail.record(
        who,
        "treatments.history.versioned",
        patient=patient,
        obj=version,
        detail={"number": version.number, "change": version.change},
    )
    return Changed(version, _stage(who, patient, version, history, Trigger.HISTORY_CHANGED))


def _stage(
    who: Who, patient: Patient, version: HistoryVersion, history: History, trigger: str
) -> StagingResult:
    report = assess_history(history, definition_for(patient.clinic_id))
    data = report_as_dict(report)
    result = StagingResult.objects.create(
        patient=patient,
        history_version=version,
        as_of=history.as_of,
        trigger=trigger,
        computed_by=actor_of(who),
        definition=data["trd"]["definition"],
        report=data,
        trd=report.trd.status,
        adequate_failures=report.adequate_failed_antidepressant_trials,
        thase_rush_stage=report.thase_rush.stage,
        mgh_s_score=report.mgh_s.score,
        msm_total=report.msm.total,
        msm_band=report.msm.band.value if report.msm.band else "",
        missing_count=len(report.missing),
    )
    trail.record(
        who,
        "treatments.staging.computed",
        patient=patient,
        obj=result,
        detail={
            "version": version.number,
            "trigger": trigger,
            "trd": result.trd,
            "thase_rush": result.thase_rush_stage,
            "mgh_s": result.mgh_s_score,
            "msm": result.msm_total,
        },
    )
    return result


def recompute(
    who: Who, patient: Patient, trigger: str = Trigger.RECOMPUTED, *, as_of: date | None = None
) -> StagingResult | None:
    """Stage the latest history version again as of ``as_of`` (today): durations of ongoing trials
    and of the episode grow with time, and the clinic's definition may have changed. None if the
    patient has no history yet. Raises ``HistoryError`` if the stored version no longer passes the
    core's checks (e.g. a newer dose table dropped a drug)."""
    as_of = as_of or timezone.localdate()
    with transaction.atomic():
        version = HistoryVersion.objects.filter(patient=patient).order_by("-number").first()
        if version is None:
            return None
        history = parse_history({**version.history, "as_of": as_of.isoformat()})
        return _stage(who, patient, version, history, trigger)


def latest_result(patient: Patient) -> StagingResult | None:
    return (
        StagingResult.objects.filter(patient=patient)
        .select_related("history_version", "computed_by")
        .order_by("-id")
        .first()
    )


# --- The pseudo-resistance review -----------------------------------------------------------------


def latest_review(patient: Patient) -> PseudoResistanceReview | None:
    return (
        PseudoResistanceReview.objects.filter(patient=patient)
        .select_related("reviewed_by")
        .order_by("-id")
        .first()
    )


def record_review(
    who: Who,
    patient: Patient,
    marks: Mapping[str, ReviewStatus],
    notes: Mapping[str, str],
    *,
    based_on: int | None,
) -> PseudoResistanceReview:
    """Save a new review. ``based_on`` is the id of the review the form showed (None for the
    first): if someone reviewed since, ``EditConflict`` is raised and nothing is saved."""
    result = review({item: ReviewStatus(status) for item, status in marks.items()})  # checks ids
    with transaction.atomic():
        Episode.objects.select_for_update().filter(patient=patient).first()
        latest = latest_review(patient)
        if (latest.pk if latest else None) != based_on:
            raise EditConflict
        saved = PseudoResistanceReview.objects.create(
            patient=patient,
            checklist_version=pseudo_resistance_checklist().info.version,
            marks={item: status.value for item, status in result.statuses.items()},
            notes={item: text.strip()[:500] for item, text in notes.items() if text.strip()},
            open_items=[item.id for item in result.open_items],
            reviewed_by=actor_of(who),
        )
        trail.record(
            who,
            "treatments.review.recorded",
            patient=patient,
            obj=saved,
            detail={"open_items": saved.open_items},
        )
    return saved


# --- Contributors ---------------------------------------------------------------------------------


def add_contributor(who: Who, patient: Patient, entry: Contributor) -> Contributor:
    with transaction.atomic():
        entry.patient = patient
        entry.created_by = entry.updated_by = actor_of(who)
        entry.save(force_insert=True)
        trail.record(
            who, "treatments.contributor.added", patient=patient, obj=entry,
            detail={"kind": entry.kind},
        )  # fmt: skip
    return entry


def update_contributor(
    who: Who, entry: Contributor, expected_version: int, *, reason: str = ""
) -> None:
    with transaction.atomic():
        if not Contributor.objects.filter(pk=entry.pk, removed_at=None).exists():
            raise EditConflict
        trail.keep_version(who, entry, patient=entry.patient, reason=reason or "corrected")
        entry.updated_by = actor_of(who)
        save_versioned(entry, expected_version, [*CONTRIBUTOR_FIELDS, "updated_by"])
        trail.record(
            who, "treatments.contributor.updated", patient=entry.patient, obj=entry,
            detail={"kind": entry.kind, "reason": reason},
        )  # fmt: skip


def remove_contributor(who: Who, entry: Contributor, expected_version: int, reason: str) -> None:
    if not reason.strip():
        raise ValueError("a reason is required to remove an entry")
    with transaction.atomic():
        entry.removed_at = timezone.now()
        entry.removed_by = actor_of(who)
        entry.removal_reason = reason.strip()
        save_versioned(entry, expected_version, ["removed_at", "removed_by", "removal_reason"])
        trail.record(
            who, "treatments.contributor.removed", patient=entry.patient, obj=entry,
            detail={"kind": entry.kind, "reason": entry.removal_reason},
        )  # fmt: skip


# --- Settings -------------------------------------------------------------------------------------


def save_settings(who: Who, chosen: StagingSettings, changed: Iterable[str]) -> None:
    """Save the clinic's TRD definition; every history of the clinic is staged again with it."""
    changed = list(changed)
    with transaction.atomic():
        chosen.save()
        trail.record(
            who,
            "treatments.settings.updated",
            detail={"fields": changed, "min_weeks": chosen.min_weeks,
                    "different_classes": chosen.different_classes,
                    "augmentation_counts": chosen.augmentation_counts},
        )  # fmt: skip
    if changed:
        from remission.treatments.tasks import restage_clinic

        restage_clinic.enqueue(chosen.clinic_id)
