"""The dose tables: antidepressant minimum doses (clinical.md 4.2) and augmentation agents (4.3).

Both ship as versioned JSON under ``remission/clinical/data/`` with a source for every value. They
are loaded and validated once (:func:`antidepressants`, :func:`augmentation_agents`); a broken table
raises :class:`TableError`, so a start-up check can fail loudly.
"""

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from remission.clinical.history.tables import TableError, TableInfo, read_table, required_text

ANTIDEPRESSANT_TABLE = "antidepressant_doses.json"
AUGMENTATION_TABLE = "augmentation_agents.json"

UNIT_SLIP_FACTOR = 100
"""A dose this many times below or above every dose in the tables is taken as a unit slip (µg or g
entered as mg). A software plausibility check (DESIGN NOTE), not a clinical limit: it rejects only
the 1000-fold errors of a wrong unit and never a dose within a hundredfold of the published ones."""


class UnknownDrug(ValueError):
    """A drug name that is not in the table, with the closest known names."""

    def __init__(self, name: str, suggestions: tuple[str, ...]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f"closest known: {', '.join(suggestions)}" if suggestions else "no close match"
        super().__init__(f"unknown drug {name!r} ({hint})")


@dataclass(frozen=True)
class CanmatDose:
    """A CANMAT 2023 dose as printed (``text``), with the per-day range in mg where it is one."""

    text: str
    range_mg: tuple[float, float] | None
    line: str | None
    level: str | None
    source: str


@dataclass(frozen=True)
class Antidepressant:
    """A row of the antidepressant table.

    ``atrq_minimum`` (mg per day) decides adequacy; ``None`` means the reference gives no minimum.
    ``drug_class`` is what the "different classes" rules compare.
    """

    name: str
    aliases: tuple[str, ...]
    group: str
    drug_class: str
    atrq_minimum: float | None
    atrq_source: str | None
    canmat: CanmatDose | None
    note: str | None

    @property
    def reference_doses(self) -> tuple[float, ...]:
        """Every published dose of this drug in the table, in mg per day."""
        doses = () if self.atrq_minimum is None else (self.atrq_minimum,)
        return doses + _range_doses(self.canmat)


@dataclass(frozen=True)
class AugmentationAgent:
    """A row of the augmentation table. No minimum adequate dose is known for these agents."""

    name: str
    aliases: tuple[str, ...]
    canmat: CanmatDose
    note: str | None

    @property
    def reference_doses(self) -> tuple[float, ...]:
        return _range_doses(self.canmat)


def normalise_name(text: str) -> str:
    """Lower-case a drug name, unify dashes and underscores, and collapse spaces."""
    text = re.sub(r"[\u2010-\u2015_]", lambda m: " " if m.group() == "_" else "-", text.casefold())
    text = re.sub(r"\s*-\s*", "-", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class _Table[Row]:
    info: TableInfo
    rows: Mapping[str, Row]
    names: Mapping[str, str]  # normalised name or alias -> canonical name

    def get(self, name: str) -> Row | None:
        canonical = self.names.get(normalise_name(name))
        return None if canonical is None else self.rows[canonical]


def suggest(name: str, names: Mapping[str, str]) -> tuple[str, ...]:
    """Up to three canonical names closest to ``name`` (difflib ratio 0.6 or more)."""
    close = difflib.get_close_matches(normalise_name(name), list(names), n=5, cutoff=0.6)
    return tuple(dict.fromkeys(names[match] for match in close))[:3]


def antidepressants() -> Mapping[str, Antidepressant]:
    """The antidepressant table, by canonical name."""
    return _antidepressant_table().rows


def augmentation_agents() -> Mapping[str, AugmentationAgent]:
    """The augmentation table, by canonical name."""
    return _augmentation_table().rows


def find_antidepressant(name: str) -> Antidepressant:
    """Look an antidepressant up by name or alias; raise :class:`UnknownDrug` with suggestions."""
    table = _antidepressant_table()
    found = table.get(name)
    if found is None:
        raise UnknownDrug(name, suggest(name, table.names))
    return found


def find_augmentation_agent(name: str) -> Antidepressant | AugmentationAgent:
    """Look an augmenting or combined agent up.

    Antidepressants come first, because any antidepressant can be combined (CANMAT 2023 Table 7.2)
    and only they have a minimum adequate dose.
    """
    antidepressant_table, augmentation_table = _antidepressant_table(), _augmentation_table()
    found = antidepressant_table.get(name) or augmentation_table.get(name)
    if found is None:
        names = {**antidepressant_table.names, **augmentation_table.names}
        raise UnknownDrug(name, suggest(name, names))
    return found


def table_info() -> tuple[TableInfo, TableInfo]:
    """The loaded tables' names, versions and sources (antidepressants, augmentation agents)."""
    return _antidepressant_table().info, _augmentation_table().info


def plausible_dose_range(entry: Antidepressant | AugmentationAgent) -> tuple[float, float] | None:
    """The widest dose range not taken as a unit slip (see :data:`UNIT_SLIP_FACTOR`)."""
    doses = entry.reference_doses
    if not doses:
        return None
    return min(doses) / UNIT_SLIP_FACTOR, max(doses) * UNIT_SLIP_FACTOR


def _range_doses(canmat: CanmatDose | None) -> tuple[float, ...]:
    return () if canmat is None or canmat.range_mg is None else canmat.range_mg


@cache
def _antidepressant_table() -> _Table[Antidepressant]:
    return _load(ANTIDEPRESSANT_TABLE, _antidepressant)


@cache
def _augmentation_table() -> _Table[AugmentationAgent]:
    return _load(AUGMENTATION_TABLE, _augmentation_agent)


def _antidepressant(row: Mapping[str, Any], info: TableInfo) -> Antidepressant:
    minimum = row.get("atrq_minimum")
    if minimum is not None and not _positive(minimum):
        raise TableError(f"atrq_minimum must be a positive number, not {minimum!r}")
    return Antidepressant(
        name=required_text(row, "drug"),
        aliases=tuple(row.get("aliases", ())),
        group=required_text(row, "group"),
        drug_class=required_text(row, "class"),
        atrq_minimum=None if minimum is None else float(minimum),
        atrq_source=None if minimum is None else info.source(row.get("atrq_source")),
        canmat=_canmat(row, info) if row.get("canmat_text") is not None else None,
        note=row.get("note"),
    )


def _augmentation_agent(row: Mapping[str, Any], info: TableInfo) -> AugmentationAgent:
    return AugmentationAgent(
        name=required_text(row, "agent"),
        aliases=tuple(row.get("aliases", ())),
        canmat=_canmat(row, info),
        note=row.get("note"),
    )


def _canmat(row: Mapping[str, Any], info: TableInfo) -> CanmatDose:
    dose_range = row.get("canmat_range")
    if dose_range is not None and not (
        isinstance(dose_range, list)
        and len(dose_range) == 2
        and all(_positive(dose) for dose in dose_range)
        and dose_range[0] <= dose_range[1]
    ):
        raise TableError(f"canmat_range must be [low, high] in mg per day, not {dose_range!r}")
    return CanmatDose(
        text=required_text(row, "canmat_text"),
        range_mg=None if dose_range is None else (float(dose_range[0]), float(dose_range[1])),
        line=row.get("canmat_line"),
        level=row.get("canmat_level"),
        source=info.source(row.get("canmat_source")),
    )


def _positive(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def _load[Row: (Antidepressant, AugmentationAgent)](
    filename: str, build: Callable[[Mapping[str, Any], TableInfo], Row]
) -> _Table[Row]:
    info, listed = read_table(filename)
    rows: dict[str, Row] = {}
    names: dict[str, str] = {}
    for number, row in enumerate(listed):
        entry: Row
        try:
            entry = build(row, info)
        except TableError as error:
            raise TableError(f"{filename}: row {number}: {error}") from error
        for name in (entry.name, *entry.aliases):
            if names.setdefault(normalise_name(name), entry.name) != entry.name:
                raise TableError(f"{filename}: row {number}: {name!r} names two rows")
        rows[entry.name] = entry
    return _Table(info=info, rows=rows, names=names)
