"""The pseudo-resistance review: what to check before calling a depression treatment-resistant.

Shipped as data (``pseudo_resistance_review.json``): CANMAT 2023 Table 7.1 factors, the CANMAT
question 7.a text and the clinical.md 10.3 DESIGN NOTE, with the items the Remission brief adds.
Label it "CANMAT 2023 Table 7.1 + McAllister-Williams 2020 abstract", never "the consensus
checklist" (whose wording is UNVERIFIED, clinical.md 10.3). Clinicians mark each item
``open``, ``checked`` or ``not_applicable``; :func:`review` checks the marks.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from remission.clinical.history.tables import TableError, TableInfo, read_table, required_text
from remission.clinical.history.types import Choice

CHECKLIST_TABLE = "pseudo_resistance_review.json"


class ReviewStatus(Choice):
    OPEN = "open", "Open"
    CHECKED = "checked", "Checked"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


@dataclass(frozen=True)
class ChecklistItem:
    """One item: a stable ``id``, its group, a plain-language label and full source citations."""

    id: str
    group: str
    label: str
    sources: tuple[str, ...]
    note: str | None


@dataclass(frozen=True)
class Checklist:
    """The items in order; ``info`` holds the version, description and sources."""

    info: TableInfo
    items: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class ChecklistReview:
    """Every item's status (unmarked items are open) and the items still open."""

    statuses: Mapping[str, ReviewStatus]
    open_items: tuple[ChecklistItem, ...]

    @property
    def complete(self) -> bool:
        return not self.open_items


@cache
def pseudo_resistance_checklist() -> Checklist:
    """The checklist, loaded and validated once; raises ``TableError`` if it is broken."""
    info, rows = read_table(CHECKLIST_TABLE)
    items = []
    for number, row in enumerate(rows):
        try:
            sources = row.get("sources")
            if not isinstance(sources, list) or not sources:
                raise TableError("sources must be a non-empty list")
            items.append(
                ChecklistItem(
                    id=required_text(row, "id"),
                    group=required_text(row, "group"),
                    label=required_text(row, "label"),
                    sources=tuple(info.source(key) for key in sources),
                    note=row.get("note"),
                )
            )
        except TableError as error:
            raise TableError(f"{CHECKLIST_TABLE}: row {number}: {error}") from error
    if len({item.id for item in items}) != len(items):
        raise TableError(f"{CHECKLIST_TABLE}: item ids must be unique")
    return Checklist(info=info, items=tuple(items))


def review(marks: Mapping[str, ReviewStatus]) -> ChecklistReview:
    """Combine a clinician's marks with the checklist; unknown item ids raise ``ValueError``."""
    items = pseudo_resistance_checklist().items
    unknown = set(marks) - {item.id for item in items}
    if unknown:
        raise ValueError(f"unknown checklist items: {', '.join(sorted(unknown))}")
    statuses = {item.id: marks.get(item.id, ReviewStatus.OPEN) for item in items}
    open_items = tuple(item for item in items if statuses[item.id] is ReviewStatus.OPEN)
    return ChecklistReview(statuses=statuses, open_items=open_items)
