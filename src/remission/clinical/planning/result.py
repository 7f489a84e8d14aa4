"""What the planner returns: options with their basis, and the plan around them.

Every :class:`Option` carries the statements it rests on (:class:`Source`: guideline, section, year,
evidence level, line), the reasons in plain words tied to the patient's data, the cautions found,
and the inputs used with their dates. A :class:`Plan` adds the rule-set version, the staging
report, missing inputs, interactions among the current medicines, points to review and the
limitations. :func:`plan_as_dict` is the ``remission plan --json`` contract.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from remission.clinical.history import HistoryReport, report_as_dict


class Status(StrEnum):
    """How an option is offered: ``caution`` and ``contraindicated`` come with their reasons."""

    SUGGESTED = "suggested"
    CAUTION = "caution"
    CONTRAINDICATED = "contraindicated"

    @property
    def rank(self) -> int:
        return list(Status).index(self)


class Line(StrEnum):
    """Line of treatment, as CANMAT 2023 gives it (other guidelines give none)."""

    FIRST = "first"
    SECOND = "second"
    THIRD = "third"

    @property
    def rank(self) -> int:
        return list(Line).index(self)


class Category(StrEnum):
    MEDICATION = "medication"
    NEUROMODULATION = "neuromodulation"
    PSYCHOTHERAPY = "psychotherapy"
    PROGRAMME = "programme"
    COMBINED = "combined"


class Basis(StrEnum):
    """What a rule rests on: a source read for the reference, a design note, an UNVERIFIED item."""

    SOURCE = "source"
    DESIGN_NOTE = "design_note"
    UNVERIFIED = "unverified"


@dataclass(frozen=True)
class Source:
    """One guideline statement (or trial) behind an option."""

    guideline: str
    version: str
    section: str
    year: int
    evidence: str
    line: Line | None
    rule: str
    citation: str
    read: str
    basis: Basis = Basis.SOURCE
    caveat: str | None = None


@dataclass(frozen=True)
class Input:
    """One input a result used: its name, its value in words, its date; ``stale`` when too old."""

    name: str
    value: str
    date: date | None
    stale: bool = False


@dataclass(frozen=True)
class Concern:
    """A caution or a contraindication, with its stable ``code`` and where it comes from."""

    status: Status
    code: str
    text: str
    source: str


@dataclass(frozen=True)
class Note:
    """A point to review with the whole plan."""

    code: str
    text: str
    source: str


@dataclass(frozen=True)
class Option:
    """One next step, offered for a clinician's decision; it never orders or books anything.

    ``status`` is the most serious of ``cautions`` (``suggested`` when there are none). ``drugs``
    are the medicines it refers to (for a switch: those not yet tried); ``tried`` the indices of the
    history's trials of this option; ``unverified`` what about its basis is not verified.
    """

    id: str
    category: Category
    title: str
    status: Status
    line: Line | None
    reasons: tuple[str, ...]
    cautions: tuple[Concern, ...]
    sources: tuple[Source, ...]
    inputs_used: tuple[Input, ...]
    drugs: tuple[str, ...] = ()
    tried: tuple[int, ...] = ()
    unverified: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    """The options for one profile as of ``staging.history.as_of``, and their context."""

    rules_version: str
    staging: HistoryReport
    options: tuple[Option, ...]
    missing_inputs: tuple[str, ...]
    interactions: tuple[Concern, ...]
    considerations: tuple[Note, ...]
    limitations: tuple[str, ...]

    def option(self, option_id: str) -> Option | None:
        """The option with ``option_id``, or ``None`` when it does not apply to this profile."""
        return next((option for option in self.options if option.id == option_id), None)


def plan_as_dict(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-ready data: the ``remission plan --json`` contract."""
    return {
        "rules_version": plan.rules_version,
        "as_of": plan.staging.history.as_of.isoformat(),
        "staging": report_as_dict(plan.staging),
        "options": [_option_dict(option) for option in plan.options],
        "missing_inputs": list(plan.missing_inputs),
        "interactions": [_concern_dict(concern) for concern in plan.interactions],
        "considerations": [vars(note) for note in plan.considerations],
        "limitations": list(plan.limitations),
    }


def _option_dict(option: Option) -> dict[str, Any]:
    return {
        "id": option.id,
        "category": option.category.value,
        "title": option.title,
        "status": option.status.value,
        "line": option.line.value if option.line else None,
        "reasons": list(option.reasons),
        "cautions": [_concern_dict(concern) for concern in option.cautions],
        "sources": [_source_dict(source) for source in option.sources],
        "inputs_used": [_input_dict(item) for item in option.inputs_used],
        "drugs": list(option.drugs),
        "tried": list(option.tried),
        "unverified": list(option.unverified),
    }


def _concern_dict(concern: Concern) -> dict[str, Any]:
    return {
        "status": concern.status.value,
        "code": concern.code,
        "text": concern.text,
        "source": concern.source,
    }


def _source_dict(source: Source) -> dict[str, Any]:
    return {
        "guideline": source.guideline,
        "version": source.version,
        "section": source.section,
        "year": source.year,
        "evidence": source.evidence,
        "line": source.line.value if source.line else None,
        "rule": source.rule,
        "citation": source.citation,
        "read": source.read,
        "basis": source.basis.value,
        "caveat": source.caveat,
    }


def _input_dict(item: Input) -> dict[str, Any]:
    return {
        "name": item.name,
        "value": item.value,
        "date": item.date.isoformat() if item.date else None,
        "stale": item.stale,
    }
