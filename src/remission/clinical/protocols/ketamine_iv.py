"""IV racemic ketamine: weight-based dose, infusion rate, volume, and series schedules.

Sources are in ``data/ketamine_iv.toml`` (one per rule) and docs/algorithms/ketamine-iv.md:
0.5 mg/kg over 40 min (ELEKT-D; Murrough 2013; Wilkinson 2017/2021), 0.5-1.0 mg/kg (CANMAT 2023),
6 infusions twice weekly over 3 weeks (ELEKT-D) or three times weekly over 12 days (Murrough 2013).
Off-label for depression; every number here needs a responsible clinician's sign-off.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from remission.clinical.protocols.errors import ProtocolInputError, RuleTableError
from remission.clinical.protocols.inputs import Range, choose
from remission.clinical.protocols.rounding import Rounded, round_half_up
from remission.clinical.protocols.schedule import Cadence, Phase, ScheduledDay, lay_out
from remission.clinical.protocols.tables import Row, load

MINUTES_PER_HOUR = Decimal(60)


@dataclass(frozen=True)
class SeriesTemplate:
    """A named induction series: ``weeks`` weeks of sessions on ``cadence``."""

    name: str
    description: str
    weeks: int
    cadence: Cadence
    source: str

    @property
    def infusions(self) -> int:
        weeks_with_sessions = len(range(0, self.weeks, self.cadence.every_weeks))
        return weeks_with_sessions * len(self.cadence.days)


@dataclass(frozen=True)
class KetamineRules:
    mg_per_kg: Decimal
    minutes: int
    dose_source: str
    weight_range: Range
    mg_per_kg_range: Range
    minutes_range: Range
    concentration_range: Range
    steps: Mapping[str, Decimal]
    rounding_source: str
    series: Mapping[str, SeriesTemplate]
    maintenance_source: str


@dataclass(frozen=True)
class KetamineDose:
    """One infusion's numbers, each with its unit in the field name.

    ``rate_mg_per_h``, ``volume_ml`` and ``rate_ml_per_h`` are computed from the rounded
    ``dose_mg``. ``volume_ml`` and ``rate_ml_per_h`` are present only when a concentration was
    given.
    """

    weight_kg: Decimal
    mg_per_kg: Decimal
    minutes: int
    dose_mg: Rounded
    rate_mg_per_h: Rounded
    concentration_mg_per_ml: Decimal | None
    volume_ml: Rounded | None
    rate_ml_per_h: Rounded | None
    source: str
    rounding_source: str


@dataclass(frozen=True)
class KetamineSeries:
    """The dated sessions of an induction series (phase ``induction``) and any maintenance."""

    template: SeriesTemplate
    sessions: tuple[ScheduledDay, ...]
    maintenance_source: str


@cache
def rules() -> KetamineRules:
    """The validated ketamine table (read once)."""
    table = load("ketamine_iv")
    dose, bounds, rounding = table.row("dose"), table.row("bounds"), table.row("rounding")
    series = tuple(_template(row) for row in table.rows("series"))
    result = KetamineRules(
        mg_per_kg=dose.decimal("mg_per_kg"),
        minutes=dose.integer("minutes", minimum=1),
        dose_source=dose.text("source"),
        weight_range=bounds.range("weight_kg", "kg", "weight_kg_source"),
        mg_per_kg_range=bounds.range("mg_per_kg", "mg/kg", "mg_per_kg_source"),
        minutes_range=bounds.range("minutes", "min", "minutes_source"),
        concentration_range=bounds.range(
            "concentration_mg_per_ml", "mg/mL", "concentration_mg_per_ml_source"
        ),
        steps={key: rounding.decimal(key) for key in _STEP_UNITS},
        rounding_source=rounding.text("source"),
        series={template.name: template for template in series},
        maintenance_source=table.row("maintenance").text("source"),
    )
    try:
        result.mg_per_kg_range.check("mg_per_kg", result.mg_per_kg)
        result.minutes_range.check("minutes", result.minutes)
    except ProtocolInputError as error:
        raise RuleTableError(f"ketamine_iv.toml [dose] outside [bounds]: {error}") from None
    return result


_STEP_UNITS = {"dose_mg": "mg", "rate_mg_per_h": "mg/h", "volume_ml": "mL", "rate_ml_per_h": "mL/h"}


def _template(row: Row) -> SeriesTemplate:
    return SeriesTemplate(
        name=row.text("name"),
        description=row.text("description"),
        weeks=row.integer("weeks", minimum=1),
        cadence=row.cadence(),
        source=row.text("source"),
    )


def ketamine_dose(
    weight_kg: Decimal,
    *,
    mg_per_kg: Decimal | None = None,
    minutes: int | None = None,
    concentration_mg_per_ml: Decimal | None = None,
) -> KetamineDose:
    """Dose (mg), infusion rate (mg/h) and, given a concentration, volume (mL) and rate (mL/h).

    - ``dose_mg = weight_kg * mg_per_kg``, rounded half up to 0.1 mg (the prescribed dose);
    - ``rate_mg_per_h = dose_mg * 60 / minutes``, to 0.1 mg/h;
    - ``volume_ml = dose_mg / concentration``, to 0.01 mL;
    - ``rate_ml_per_h = dose_mg * 60 / (concentration * minutes)``, to 0.1 mL/h.

    Rate and volume come from the rounded dose, each in one division so that exact halves stay
    exact. Defaults: 0.5 mg/kg over 40 min. Raises :class:`ProtocolInputError` naming the field
    for a value outside its bounds.
    """
    table = rules()
    mg_per_kg = table.mg_per_kg if mg_per_kg is None else mg_per_kg
    minutes = table.minutes if minutes is None else minutes
    table.weight_range.check("weight_kg", weight_kg)
    table.mg_per_kg_range.check("mg_per_kg", mg_per_kg)
    table.minutes_range.check("minutes", minutes)
    dose = _round(weight_kg * mg_per_kg, "dose_mg")
    volume = rate_ml = None
    if concentration_mg_per_ml is not None:
        table.concentration_range.check("concentration_mg_per_ml", concentration_mg_per_ml)
        volume = _round(dose.value / concentration_mg_per_ml, "volume_ml")
        per_hour = dose.value * MINUTES_PER_HOUR / (concentration_mg_per_ml * minutes)
        rate_ml = _round(per_hour, "rate_ml_per_h")
    return KetamineDose(
        weight_kg=weight_kg,
        mg_per_kg=mg_per_kg,
        minutes=minutes,
        dose_mg=dose,
        rate_mg_per_h=_round(dose.value * MINUTES_PER_HOUR / minutes, "rate_mg_per_h"),
        concentration_mg_per_ml=concentration_mg_per_ml,
        volume_ml=volume,
        rate_ml_per_h=rate_ml,
        source=table.dose_source,
        rounding_source=table.rounding_source,
    )


def _round(unrounded: Decimal, quantity: str) -> Rounded:
    return round_half_up(unrounded, rules().steps[quantity], _STEP_UNITS[quantity])


def series_template(name: str) -> SeriesTemplate:
    """A published series by name (``twice-weekly-3w``, ``thrice-weekly-2w``)."""
    return choose("series", name, rules().series)


def custom_series(days: Sequence[int], weeks: int, description: str) -> SeriesTemplate:
    """A clinic's own series: ``weeks`` weeks of sessions on ``days`` (offsets 0-6)."""
    if weeks < 1:
        raise ProtocolInputError("weeks", f"must be at least 1, not {weeks}")
    try:
        cadence = Cadence(tuple(days))
    except ValueError:
        raise ProtocolInputError(
            "days", f"must be distinct offsets 0-6, not {list(days)}"
        ) from None
    return SeriesTemplate("custom", description, weeks, cadence, "clinic-defined series")


def ketamine_series(
    start: date, template: SeriesTemplate, maintenance: Sequence[Phase] = ()
) -> KetamineSeries:
    """Dated sessions: ``template`` from ``start`` (phase ``induction``), then ``maintenance``.

    There is no published maintenance schedule, so ``maintenance`` phases are the clinician's
    (for example weekly for 2 weeks, then every 2 weeks for 4 weeks); none is added by default.
    """
    induction = Phase("induction", template.weeks, template.cadence)
    sessions = lay_out(start, (induction, *maintenance))
    return KetamineSeries(template, sessions, rules().maintenance_source)
