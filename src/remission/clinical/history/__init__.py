"""Treatment history: trial adequacy, TRD status and the published staging models.

Pure and typed: no Django, no database, no network, no clock (``History.as_of`` is "today").
Typical use::

    history = parse_history(json.loads(text))      # HistoryError names each bad field
    report = assess_history(history, TrdDefinition(AdequacyCriteria(min_weeks=8)))
    report.trd.status, report.msm.total, report_as_dict(report)

Each model can also be called alone (``trd_status``, ``thase_rush_stage``, ``mgh_s_score``,
``maudsley_stage``, ``dm_trd``). Rules and sources: ``docs/algorithms/``.
"""

from remission.clinical.history.adequacy import (
    Adequacy,
    AdequacyCriteria,
    Flag,
    FlagCode,
    TrialAssessment,
    assess_trial,
    assess_trials,
)
from remission.clinical.history.checklist import (
    Checklist,
    ChecklistItem,
    ChecklistReview,
    ReviewStatus,
    pseudo_resistance_checklist,
    review,
)
from remission.clinical.history.doses import (
    Antidepressant,
    AugmentationAgent,
    CanmatDose,
    UnknownDrug,
    antidepressants,
    augmentation_agents,
    find_antidepressant,
    find_augmentation_agent,
)
from remission.clinical.history.fields import Problem
from remission.clinical.history.parse import HistoryError, parse_history
from remission.clinical.history.report import HistoryReport, assess_history, report_as_dict
from remission.clinical.history.staging.dm_trd import DmTrdResult, dm_trd
from remission.clinical.history.staging.maudsley import (
    MaudsleyStage,
    MsmBand,
    MsmItems,
    maudsley_stage,
)
from remission.clinical.history.staging.mgh_s import MghsScore, mgh_s_score
from remission.clinical.history.staging.thase_rush import ThaseRushStage, thase_rush_stage
from remission.clinical.history.startup import load_tables
from remission.clinical.history.tables import TableError, TableInfo
from remission.clinical.history.trd import TrdDefinition, TrdStatus, trd_status
from remission.clinical.history.types import (
    AntidepressantTrial,
    AugmentationTrial,
    DmTrdInputs,
    DoseStep,
    Episode,
    History,
    Laterality,
    Modality,
    Outcome,
    ProcedureCourse,
    PsychotherapyCourse,
    Severity,
    Trial,
    TrialKind,
)

__all__ = [
    "Adequacy",
    "AdequacyCriteria",
    "Antidepressant",
    "AntidepressantTrial",
    "AugmentationAgent",
    "AugmentationTrial",
    "CanmatDose",
    "Checklist",
    "ChecklistItem",
    "ChecklistReview",
    "DmTrdInputs",
    "DmTrdResult",
    "DoseStep",
    "Episode",
    "Flag",
    "FlagCode",
    "History",
    "HistoryError",
    "HistoryReport",
    "Laterality",
    "MaudsleyStage",
    "MghsScore",
    "Modality",
    "MsmBand",
    "MsmItems",
    "Outcome",
    "Problem",
    "ProcedureCourse",
    "PsychotherapyCourse",
    "ReviewStatus",
    "Severity",
    "TableError",
    "TableInfo",
    "ThaseRushStage",
    "TrdDefinition",
    "TrdStatus",
    "Trial",
    "TrialAssessment",
    "TrialKind",
    "UnknownDrug",
    "antidepressants",
    "assess_history",
    "assess_trial",
    "assess_trials",
    "augmentation_agents",
    "dm_trd",
    "find_antidepressant",
    "find_augmentation_agent",
    "load_tables",
    "maudsley_stage",
    "mgh_s_score",
    "parse_history",
    "pseudo_resistance_checklist",
    "report_as_dict",
    "review",
    "thase_rush_stage",
    "trd_status",
]
