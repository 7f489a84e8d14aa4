"""Esketamine nasal spray (SPRAVATO): the label schedule, dose options, devices and REMS dates.

The schedule (US prescribing information, clinical.md 6.2): induction twice weekly in weeks 1-4
(56 mg on day 1, then 56 or 84 mg), maintenance weekly in weeks 5-8, then every 2 weeks or weekly.
EU patients aged 65 and over start at 28 mg (28/56/84 mg; EU SmPC via a secondary source). The REMS
Patient Monitoring Form is due within 7 days of each session in the US. Observation (at least
2 hours) and blood-pressure checks are in :mod:`remission.clinical.protocols.monitoring`.
"""

import datetime as dt
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache

from remission.clinical.protocols.errors import ProtocolInputError, RuleTableError
from remission.clinical.protocols.inputs import Range
from remission.clinical.protocols.monitoring import ObservationPlan, observation_plan
from remission.clinical.protocols.schedule import Cadence, Phase, lay_out
from remission.clinical.protocols.tables import Row, load
from remission.clinical.protocols.treatments import Treatment


class Region(StrEnum):
    US = "us"
    EU = "eu"


@dataclass(frozen=True)
class Dosing:
    """Dose options (mg) for one region and age band."""

    region: Region
    min_age: int
    first_dose_mg: tuple[int, ...]
    later_doses_mg: tuple[int, ...]
    source: str


@dataclass(frozen=True)
class EsketamineRules:
    device_mg: int
    sprays_per_device: int
    rest_minutes: int
    device_source: str
    no_food_hours: int
    no_liquids_minutes: int
    preparation_source: str
    age: Range
    weeks: Range
    rems_regions: frozenset[Region]
    rems_due_days: int
    rems_source: str
    phases: tuple[Phase, ...]
    phase_sources: tuple[str, ...]
    late_phase: str
    late_cadence: Cadence
    late_every_weeks: tuple[int, ...]
    late_source: str
    dosing: tuple[Dosing, ...]


@dataclass(frozen=True)
class EsketamineSession:
    """One planned session; ``dose_options_mg`` are what the label allows, the clinician chooses."""

    number: int
    date: dt.date
    week: int
    phase: str
    dose_options_mg: tuple[int, ...]
    rems_form_due: dt.date | None


@dataclass(frozen=True)
class EsketamineSchedule:
    region: Region
    age: int | None
    weeks: int
    late_every_weeks: int
    sessions: tuple[EsketamineSession, ...]
    dosing: Dosing
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Administration:
    """One session: preparation, devices (one every ``rest_minutes``), checks and REMS date."""

    dose_mg: int
    devices: int
    sprays: int
    device_times: tuple[datetime, ...]
    no_food_from: datetime
    no_liquids_from: datetime
    observation: ObservationPlan
    rems_form_due: dt.date | None
    sources: tuple[str, ...]


@cache
def rules() -> EsketamineRules:
    """The validated esketamine table (read once)."""
    table = load("esketamine")
    device, preparation, bounds = table.row("device"), table.row("preparation"), table.row("bounds")
    rems, late = table.row("rems"), table.row("late_maintenance")
    phases = table.rows("phases")
    result = EsketamineRules(
        device_mg=device.integer("mg", minimum=1),
        sprays_per_device=device.integer("sprays", minimum=1),
        rest_minutes=device.integer("rest_minutes"),
        device_source=device.text("source"),
        no_food_hours=preparation.integer("no_food_hours"),
        no_liquids_minutes=preparation.integer("no_liquids_minutes"),
        preparation_source=preparation.text("source"),
        age=bounds.range("age", "years", "age_source"),
        weeks=bounds.range("weeks", "weeks", "weeks_source"),
        rems_regions=frozenset(_region(rems, r) for r in rems.texts("regions")),
        rems_due_days=rems.integer("form_due_days", minimum=1),
        rems_source=rems.text("source"),
        phases=tuple(row.phase() for row in phases),
        phase_sources=tuple(row.text("source") for row in phases),
        late_phase=late.text("name"),
        late_cadence=late.cadence(),
        late_every_weeks=late.integers("every_weeks", minimum=1),
        late_source=late.text("source"),
        dosing=tuple(_dosing(row) for row in table.rows("dosing")),
    )
    for region in Region:
        if not any(row.region is region and row.min_age <= result.age.low for row in result.dosing):
            raise RuleTableError(f"esketamine.toml: no adult dosing row for region {region}")
    return result


def _region(row: Row, name: str) -> Region:
    try:
        return Region(name)
    except ValueError:
        raise RuleTableError(f"{row.where}: unknown region {name!r}") from None


def _dosing(row: Row) -> Dosing:
    return Dosing(
        region=_region(row, row.text("region")),
        min_age=row.integer("min_age"),
        first_dose_mg=row.integers("first_dose_mg", minimum=1),
        later_doses_mg=row.integers("later_doses_mg", minimum=1),
        source=row.text("source"),
    )


def dosing_for(region: Region, age: int | None) -> Dosing:
    """The dose options for ``region`` and ``age``.

    In the EU the starting dose depends on age (28 mg from 65), so ``age`` is required there.
    """
    table = rules()
    if age is None and region is Region.EU:
        raise ProtocolInputError(
            "age", "is required for the EU schedule: patients aged 65 and over start at 28 mg"
        )
    if age is not None:
        table.age.check("age", age)
    adult = table.age.low if age is None else age
    rows = [row for row in table.dosing if row.region is region and row.min_age <= adult]
    return max(rows, key=lambda row: row.min_age)


def esketamine_schedule(
    start: dt.date,
    *,
    region: Region = Region.US,
    age: int | None = None,
    weeks: int = 12,
    late_every_weeks: int | None = None,
) -> EsketamineSchedule:
    """The label's sessions over ``weeks`` treatment weeks from ``start`` (week 1 begins on it).

    Induction weeks 1-4 on the start weekday and 3 days later; maintenance weeks 5-8 on the start
    weekday; from week 9 every ``late_every_weeks`` weeks (2 by default, or 1).
    """
    table = rules()
    dosing = dosing_for(region, age)
    table.weeks.check("weeks", weeks)
    every = table.late_every_weeks[0] if late_every_weeks is None else late_every_weeks
    if every not in table.late_every_weeks:
        allowed = " or ".join(str(n) for n in table.late_every_weeks)
        raise ProtocolInputError("late_every_weeks", f"must be {allowed}, not {every}")
    late = Phase(table.late_phase, weeks, replace(table.late_cadence, every_weeks=every))
    sessions = tuple(
        EsketamineSession(
            number=day.number,
            date=day.date,
            week=day.week,
            phase=day.phase,
            dose_options_mg=dosing.first_dose_mg if day.number == 1 else dosing.later_doses_mg,
            rems_form_due=rems_form_due(day.date, region),
        )
        for day in lay_out(start, _first_weeks((*table.phases, late), weeks))
    )
    sources = (*table.phase_sources, table.late_source, dosing.source)
    if region in table.rems_regions:
        sources += (table.rems_source,)
    return EsketamineSchedule(region, age, weeks, every, sessions, dosing, sources)


def rems_form_due(session: dt.date, region: Region) -> dt.date | None:
    """The last day to submit the REMS Patient Monitoring Form (US only): 7 days after."""
    table = rules()
    if region not in table.rems_regions:
        return None
    return session + timedelta(days=table.rems_due_days)


def _first_weeks(phases: tuple[Phase, ...], weeks: int) -> list[Phase]:
    """The phases cut to the first ``weeks`` weeks."""
    kept = []
    for phase in phases:
        if weeks < 1:
            break
        kept.append(replace(phase, weeks=min(phase.weeks, weeks)))
        weeks -= phase.weeks
    return kept


def devices(dose_mg: int) -> int:
    """Devices for ``dose_mg`` (28 mg each); doses other than 28, 56 or 84 mg are refused."""
    table = rules()
    doses = sorted({mg for row in table.dosing for mg in row.later_doses_mg})
    if dose_mg not in doses:
        allowed = ", ".join(str(mg) for mg in doses)
        raise ProtocolInputError("dose_mg", f"must be one of {allowed} mg, not {dose_mg}")
    return dose_mg // table.device_mg


def administration(
    dose_mg: int, first_device_at: datetime, *, region: Region = Region.US
) -> Administration:
    """One session of ``dose_mg`` from ``first_device_at``: devices 5 min apart, no food for 2 h
    and no liquids for 30 min before, observation checks counted from the last device.

    Raises for a dose that is not 28, 56 or 84 mg.
    """
    table = rules()
    count = devices(dose_mg)
    rest = timedelta(minutes=table.rest_minutes)
    times = tuple(first_device_at + rest * n for n in range(count))
    return Administration(
        dose_mg=dose_mg,
        devices=count,
        sprays=count * table.sprays_per_device,
        device_times=times,
        observation=observation_plan(Treatment.ESKETAMINE, times[0], times[-1]),
        no_food_from=times[0] - timedelta(hours=table.no_food_hours),
        no_liquids_from=times[0] - timedelta(minutes=table.no_liquids_minutes),
        rems_form_due=rems_form_due(first_device_at.date(), region),
        sources=(table.device_source, table.preparation_source),
    )
