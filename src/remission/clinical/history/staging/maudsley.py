"""Maudsley Staging Method (MSM; Fekadu 2009, 2018 Table 3; Hägg 2020 Panel 1; clinical.md 3.4).

Five dimensions: duration of the current episode (1-3), severity at the time of rating (1-5),
adequate failed antidepressants in the current episode (1-5), augmentation used (0-1) and ECT used
(0-1). Total 3-15: mild 3-6, moderate 7-10, severe 11-15. With no adequate failed trial the
treatment dimension is undefined, and the episode is "not staged" (clinical.md 3.4 DESIGN NOTE).
"""

from dataclasses import dataclass

from remission.clinical.history.adequacy import AdequacyCriteria, adequate_failures, assess_trials
from remission.clinical.history.dates import calendar_months
from remission.clinical.history.staging.usage import augmentations_used, ect_courses
from remission.clinical.history.types import Choice, History, Severity

SOURCE = (
    "Fekadu et al. 2009, J Clin Psychiatry 70:177; Fekadu, Donocik & Cleare 2018, BMC Psychiatry "
    "18:100, Table 3; treatment items as in Hägg et al. 2020, PLOS ONE 15:e0236434, Panel 1 "
    "(clinical.md 3.4, 10.2)"
)
SEVERITY_POINTS = {
    Severity.SUBSYNDROMAL: 1,
    Severity.MILD: 2,
    Severity.MODERATE: 3,
    Severity.SEVERE: 4,
}
SEVERE_WITH_PSYCHOSIS_POINTS = 5
FAILURE_LEVELS = ((2, 1), (4, 2), (6, 3), (10, 4))  # (up to this many failures, points)
MOST_FAILURE_POINTS = 5  # more than 10 failures


class MsmBand(Choice):
    MILD = "mild", "Mild (3-6)"
    MODERATE = "moderate", "Moderate (7-10)"
    SEVERE = "severe", "Severe (11-15)"


@dataclass(frozen=True)
class MsmItems:
    duration: int
    severity: int
    antidepressant_failures: int | None
    augmentation: int
    ect: int


@dataclass(frozen=True)
class MaudsleyStage:
    total: int | None
    band: MsmBand | None
    items: MsmItems
    episode_months: int
    criteria: AdequacyCriteria
    counted: tuple[int, ...]
    explanation: tuple[str, ...]


def duration_points(months: int) -> int:
    """Acute (12 months or less) 1, subacute (13-24) 2, chronic (more than 24) 3."""
    return 1 if months <= 12 else 2 if months <= 24 else 3


def severity_points(severity: Severity, psychotic_features: bool) -> int:
    """Subsyndromal 1 ... severe without psychosis 4, severe with psychosis 5."""
    if severity is Severity.SEVERE and psychotic_features:
        return SEVERE_WITH_PSYCHOSIS_POINTS
    return SEVERITY_POINTS[severity]


def failure_points(failures: int) -> int | None:
    """1-2 failed antidepressants 1, 3-4 2, 5-6 3, 7-10 4, more than 10 5; none: not staged."""
    if failures < 1:
        return None
    return next(
        (points for most, points in FAILURE_LEVELS if failures <= most), MOST_FAILURE_POINTS
    )


def band(total: int) -> MsmBand:
    return MsmBand.MILD if total <= 6 else MsmBand.MODERATE if total <= 10 else MsmBand.SEVERE


def maudsley_stage(history: History, criteria: AdequacyCriteria | None = None) -> MaudsleyStage:
    """The MSM total, band and items of the current episode as of ``history.as_of``."""
    criteria = criteria or AdequacyCriteria()
    episode = history.episode
    months = calendar_months(episode.start, history.as_of)
    failures = adequate_failures(assess_trials(history, criteria))
    augmentation = augmentations_used(history)
    ect = ect_courses(history)
    items = MsmItems(
        duration=duration_points(months),
        severity=severity_points(episode.severity, episode.psychotic_features),
        antidepressant_failures=failure_points(len(failures)),
        augmentation=int(bool(augmentation)),
        ect=int(bool(ect)),
    )
    severity = episode.severity.label.lower()
    if episode.severity is Severity.SEVERE:
        severity += " with psychosis" if episode.psychotic_features else " without psychosis"
    explanation = [
        f"duration: {months} months since {episode.start}: {_points(items.duration)}",
        f"severity: {severity}: {_points(items.severity)}",
        f"adequate failed antidepressants: {len(failures)}: "
        f"{_points(items.antidepressant_failures)}",
        f"augmentation {'used' if augmentation else 'not used'}: {_points(items.augmentation)}",
        f"ECT {'used' if ect else 'not used'}: {_points(items.ect)}",
    ]
    if episode.psychotic_features and episode.severity is not Severity.SEVERE:
        explanation.append("psychotic features score only at the severe level in the MSM")
    if items.antidepressant_failures is None:
        explanation.append(
            "not staged: no adequate failed antidepressant trial in the current episode"
        )
        total, stage_band = None, None
    else:
        total = (
            items.duration
            + items.severity
            + items.antidepressant_failures
            + items.augmentation
            + items.ect
        )
        stage_band = band(total)
        explanation.append(f"total {total}: {stage_band.label.lower()}")
    counted = tuple(f.index for f in failures) + augmentation[:1] + ect[:1]
    return MaudsleyStage(total, stage_band, items, months, criteria, counted, tuple(explanation))


def _points(points: int | None) -> str:
    return "undefined" if points is None else f"{points} point{'' if points == 1 else 's'}"
