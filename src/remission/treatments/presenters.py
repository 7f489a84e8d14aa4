"""What the pages show of a stored staging result and the pseudo-resistance review: the stored
report with each trial linked to its record, and the review with its open items."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from remission.clinical.history import ChecklistItem, ReviewStatus, pseudo_resistance_checklist
from remission.treatments.models import PseudoResistanceReview, StagingResult

DM_TRD_INPUTS = {
    "functional_impairment": "functional impairment",
    "gaf": "GAF",
    "comorbid_anxiety": "comorbid anxiety",
    "personality_disorder": "personality disorder",
    "psychosocial_stressors": "psychosocial stressors",
    "childhood_adversity": "childhood adversity",
    "intensified_treatment": "intensified treatment",
}
MSM_ITEMS = (
    ("duration", "Duration of the episode"),
    ("severity", "Severity now"),
    ("antidepressant_failures", "Adequate failed antidepressants"),
    ("augmentation", "Augmentation used"),
    ("ect", "ECT used"),
)


@dataclass(frozen=True)
class ReviewItem:
    item: ChecklistItem
    status: ReviewStatus
    note: str


@dataclass(frozen=True)
class Review:
    """The latest review (or none yet: then every item is open)."""

    record: PseudoResistanceReview | None
    items: tuple[ReviewItem, ...]

    @property
    def open_items(self) -> tuple[ReviewItem, ...]:
        return tuple(i for i in self.items if i.status is ReviewStatus.OPEN)

    @property
    def complete(self) -> bool:
        return not self.open_items

    @property
    def source(self) -> str:
        return "CANMAT 2023 Table 7.1 + McAllister-Williams 2020 abstract"


def review_view(record: PseudoResistanceReview | None) -> Review:
    marks = record.marks if record else {}
    notes = record.notes if record else {}
    items = tuple(
        ReviewItem(
            item,
            ReviewStatus(marks.get(item.id, ReviewStatus.OPEN.value)),
            notes.get(item.id, ""),
        )
        for item in pseudo_resistance_checklist().items
    )
    return Review(record, items)


@dataclass(frozen=True)
class Staging:
    """A stored result, ready for a template."""

    result: StagingResult
    report: dict[str, Any]
    trials: list[dict[str, Any]] = field(default_factory=list)
    msm_items: list[tuple[str, Any]] = field(default_factory=list)
    dm_trd_inputs: list[tuple[str, str]] = field(default_factory=list)

    @property
    def version(self) -> int:
        return self.result.history_version.number

    @property
    def stale_days(self) -> int:
        """How many days ago the result was computed for (0: today)."""
        return (timezone.localdate() - self.result.as_of).days

    @property
    def as_of(self) -> date:
        return self.result.as_of


def staging_view(result: StagingResult) -> Staging:
    report = result.report
    ids = result.history_version.trial_ids
    trials = [
        {**trial, "trial_id": ids[trial["index"]] if trial["index"] < len(ids) else None}
        for trial in report.get("trials", [])
    ]
    items = report.get("msm", {}).get("items", {})
    msm_items = [(label, items.get(key)) for key, label in MSM_ITEMS]
    recorded = report.get("dm_trd", {}).get("inputs", {})
    dm_trd = [
        (label, _shown(recorded[key]))
        for key, label in DM_TRD_INPUTS.items()
        if recorded.get(key) is not None
    ]
    return Staging(result, report, trials, msm_items, dm_trd)


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
