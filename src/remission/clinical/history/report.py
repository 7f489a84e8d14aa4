"""The whole staging panel in one call, and its JSON form (the ``remission stage --json`` output).

:func:`assess_history` applies one :class:`TrdDefinition` to every part: the adequacy of each trial,
TRD status, Thase-Rush, MGH-S, MSM and the DM-TRD inputs. Every part carries its explanation, the
definition used and the versions of the tables it read; :attr:`HistoryReport.missing` lists the
unknowns that could change a result.
"""

from dataclasses import dataclass, fields
from typing import Any

from remission.clinical.history.adequacy import (
    Adequacy,
    TrialAssessment,
    adequate_failures,
    assess_trials,
)
from remission.clinical.history.dates import calendar_months
from remission.clinical.history.doses import table_info
from remission.clinical.history.staging import dm_trd as dm_trd_model
from remission.clinical.history.staging import maudsley, mgh_s, thase_rush
from remission.clinical.history.staging.dm_trd import DmTrdResult
from remission.clinical.history.staging.maudsley import MaudsleyStage
from remission.clinical.history.staging.mgh_s import MghsScore
from remission.clinical.history.staging.thase_rush import ThaseRushStage
from remission.clinical.history.tables import TableInfo
from remission.clinical.history.trd import MINIMUM_FAILURES, TrdDefinition, TrdStatus, trd_status
from remission.clinical.history.types import History, Laterality, ProcedureCourse, TrialKind


@dataclass(frozen=True)
class HistoryReport:
    history: History
    definition: TrdDefinition
    episode_months: int
    trials: tuple[TrialAssessment, ...]
    trd: TrdStatus
    thase_rush: ThaseRushStage
    mgh_s: MghsScore
    msm: MaudsleyStage
    dm_trd: DmTrdResult
    missing: tuple[str, ...]
    tables: tuple[TableInfo, ...]

    @property
    def adequate_failed_antidepressant_trials(self) -> int:
        return len(adequate_failures(self.trials))


def assess_history(history: History, definition: TrdDefinition | None = None) -> HistoryReport:
    """Assess every trial and apply every model to ``history`` as of ``history.as_of``."""
    definition = definition or TrdDefinition()
    criteria = definition.adequacy
    trials = assess_trials(history, criteria)
    dm_trd = dm_trd_model.dm_trd(history)
    return HistoryReport(
        history=history,
        definition=definition,
        episode_months=calendar_months(history.episode.start, history.as_of),
        trials=trials,
        trd=trd_status(history, definition),
        thase_rush=thase_rush.thase_rush_stage(history, criteria),
        mgh_s=mgh_s.mgh_s_score(history, criteria),
        msm=maudsley.maudsley_stage(history, criteria),
        dm_trd=dm_trd,
        missing=_missing(trials, definition, dm_trd),
        tables=table_info(),
    )


def _missing(
    trials: tuple[TrialAssessment, ...],
    definition: TrdDefinition,
    dm_trd: DmTrdResult,
) -> tuple[str, ...]:
    missing = []
    for assessment in trials:
        trial = assessment.trial
        unrated = assessment.adequacy is Adequacy.NOT_ASSESSED and trial.current_episode
        if unrated and trial.kind is TrialKind.ANTIDEPRESSANT:
            missing.append(
                f"trial {assessment.index} ({assessment.description}): no minimum dose in the "
                "reference, so it cannot count as an adequate trial"
            )
        if unrated and trial.kind is TrialKind.AUGMENTATION and definition.augmentation_counts:
            missing.append(
                f"trial {assessment.index} ({assessment.description}): no verified minimum dose, "
                "so it cannot count towards TRD"
            )
        if (
            isinstance(trial, ProcedureCourse)
            and trial.laterality is Laterality.UNKNOWN
            and trial.outcome.failed
            and trial.current_episode
        ):
            missing.append(
                f"trial {assessment.index}: ECT laterality not known (Thase-Rush stage V needs a "
                "failed bilateral course)"
            )
    if dm_trd.missing:
        missing.append(f"DM-TRD inputs not recorded: {', '.join(dm_trd.missing)}")
    return tuple(missing)


def report_as_dict(report: HistoryReport) -> dict[str, Any]:
    """The report as JSON-ready data: the ``remission stage --json`` contract."""
    history = report.history
    definition = report.definition
    return {
        "as_of": history.as_of.isoformat(),
        "episode": {
            "start": history.episode.start.isoformat(),
            "months": report.episode_months,
            "severity": history.episode.severity.value,
            "psychotic_features": history.episode.psychotic_features,
        },
        "tables": [{"name": t.name, "version": t.version} for t in report.tables],
        "trials": [_trial_dict(assessment) for assessment in report.trials],
        "adequate_failed_antidepressant_trials": report.adequate_failed_antidepressant_trials,
        "trd": {
            "status": report.trd.status,
            "definition": {
                "text": definition.text,
                "min_weeks": definition.adequacy.min_weeks,
                "minimum_failures": MINIMUM_FAILURES,
                "different_classes": definition.different_classes,
                "augmentation_counts": definition.augmentation_counts,
                "dose_column": "ATRQ",
                "sources": list(definition.sources),
            },
            "counted_trials": list(report.trd.counted),
            "classes": list(report.trd.classes),
            "intolerance_trials": list(report.trd.intolerances),
            "explanation": list(report.trd.explanation),
        },
        "thase_rush": {
            "stage": report.thase_rush.stage,
            "roman": report.thase_rush.roman,
            **_model_dict(report.thase_rush, thase_rush.SOURCE),
        },
        "mgh_s": {
            "score": report.mgh_s.score,
            "ect": report.mgh_s.ect,
            **_model_dict(report.mgh_s, mgh_s.SOURCE),
        },
        "msm": {
            "total": report.msm.total,
            "band": report.msm.band.value if report.msm.band else None,
            "items": {f.name: getattr(report.msm.items, f.name) for f in fields(report.msm.items)},
            **_model_dict(report.msm, maudsley.SOURCE),
        },
        "dm_trd": {
            "available": report.dm_trd.available,
            "reason": report.dm_trd.reason,
            "inputs": {
                f.name: getattr(report.dm_trd.inputs, f.name) for f in fields(report.dm_trd.inputs)
            },
            "psychotherapy_failures": report.dm_trd.psychotherapy_failures,
            "missing_inputs": list(report.dm_trd.missing),
            "source": dm_trd_model.SOURCE,
        },
        "missing": list(report.missing),
    }


def _trial_dict(assessment: TrialAssessment) -> dict[str, Any]:
    return {
        "index": assessment.index,
        "type": assessment.kind.value,
        "description": assessment.description,
        "current_episode": assessment.trial.current_episode,
        "adequate": assessment.adequate,
        "adequacy": assessment.adequacy.value,
        "failed": assessment.failed,
        "adequate_failure": assessment.adequate_failure,
        "drug_class": assessment.drug_class,
        "minimum_mg_per_day": assessment.minimum_mg,
        "weeks_at_minimum_dose": assessment.weeks_at_minimum,
        "reasons": list(assessment.reasons),
        "flags": [{"code": flag.code.value, "message": flag.message} for flag in assessment.flags],
    }


def _model_dict(result: ThaseRushStage | MghsScore | MaudsleyStage, source: str) -> dict[str, Any]:
    return {
        "min_weeks": result.criteria.min_weeks,
        "counted_trials": list(result.counted),
        "explanation": list(result.explanation),
        "source": source,
    }
