"""Vital signs, blood pressure before dosing, observation plans and discharge readiness.

Sources are in ``data/monitoring.toml`` (docs/algorithms/monitoring.md). The SPRAVATO label's
example, a baseline above 140/90 mmHg, asks for a benefit/risk judgement: the result is
``needs_note``, never a block and never an automatic action. The label gives no in-session stop
threshold, and the APA consensus and cohort thresholds are UNVERIFIED (clinical.md 9, item 8), so
none is encoded. The CADSS "dissociation present" cut-off (>4) is UNVERIFIED and not encoded either.
"""

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from functools import cache
from typing import Literal

from remission.clinical.protocols.errors import ProtocolInputError, RuleTableError
from remission.clinical.protocols.findings import Assessment, Finding, Level
from remission.clinical.protocols.inputs import Range
from remission.clinical.protocols.tables import Row, load
from remission.clinical.protocols.treatments import Treatment

type CheckTime = Literal["before_dosing", "discharge"] | int
"""When a check is due: before dosing, at discharge, or minutes after dosing ends."""

_UNITS = {
    "systolic_mmhg": "mmHg",
    "diastolic_mmhg": "mmHg",
    "heart_rate_bpm": "/min",
    "spo2_percent": "%",
    "respiratory_rate_per_min": "/min",
}


@dataclass(frozen=True)
class BloodPressureThreshold:
    """Readings *above* either number need a documented decision (140/90 itself does not)."""

    systolic_above: int
    diastolic_above: int
    source: str


@dataclass(frozen=True)
class ObservationCheck:
    at: CheckTime
    what: str
    source: str


@dataclass(frozen=True)
class ObservationRule:
    """How long to observe after dosing ends, and what to check when."""

    treatment: Treatment
    minimum_minutes: int
    every_minutes: int | None
    no_driving_until_next_day: bool
    checks: tuple[ObservationCheck, ...]
    source: str


@dataclass(frozen=True)
class Checkpoint:
    at: datetime
    what: str
    source: str


@dataclass(frozen=True)
class ObservationPlan:
    rule: ObservationRule
    checkpoints: tuple[Checkpoint, ...]
    earliest_discharge_at: datetime


@dataclass(frozen=True)
class MonitoringRules:
    threshold: BloodPressureThreshold
    pre_dose_treatments: frozenset[Treatment]
    plausibility: Mapping[str, Range]
    observation: Mapping[Treatment, ObservationRule]


@cache
def rules() -> MonitoringRules:
    """The validated monitoring table (read once)."""
    table = load("monitoring")
    bp, ranges = table.row("pre_dose_blood_pressure"), table.row("plausibility")
    if set(ranges.data) - {"source"} != set(_UNITS):
        raise RuleTableError(f"{ranges.where}: needs exactly the keys {sorted(_UNITS)}")
    observation = (_observation(row) for row in table.rows("observation"))
    return MonitoringRules(
        threshold=BloodPressureThreshold(
            bp.integer("systolic_above"), bp.integer("diastolic_above"), bp.text("source")
        ),
        pre_dose_treatments=frozenset(_treatment(bp, t) for t in bp.texts("treatments")),
        plausibility={key: ranges.range(key, unit, "source") for key, unit in _UNITS.items()},
        observation={rule.treatment: rule for rule in observation},
    )


def _treatment(row: Row, name: str) -> Treatment:
    try:
        return Treatment(name)
    except ValueError:
        raise RuleTableError(f"{row.where}: unknown treatment {name!r}") from None


def _observation(row: Row) -> ObservationRule:
    every = row.integer("every_minutes", minimum=1) if row.has("every_minutes") else None
    return ObservationRule(
        treatment=_treatment(row, row.text("treatment")),
        minimum_minutes=row.integer("minimum_minutes", minimum=1),
        every_minutes=every,
        no_driving_until_next_day=row.flag("no_driving_until_next_day"),
        checks=tuple(_check(check) for check in row.rows("checks")),
        source=row.text("source"),
    )


def _check(row: Row) -> ObservationCheck:
    at = row.data.get("at")
    if at == "before_dosing" or at == "discharge":
        return ObservationCheck(at, row.text("what"), row.text("source"))
    return ObservationCheck(row.integer("at"), row.text("what"), row.text("source"))


@dataclass(frozen=True)
class VitalSigns:
    """One set of vital signs; values outside the data-entry plausibility ranges are refused."""

    systolic_mmhg: int
    diastolic_mmhg: int
    heart_rate_bpm: int | None = None
    spo2_percent: int | None = None
    respiratory_rate_per_min: int | None = None

    def __post_init__(self) -> None:
        for field in fields(self):
            value: int | None = getattr(self, field.name)
            if value is not None:
                rules().plausibility[field.name].check(field.name, value)
        if self.diastolic_mmhg >= self.systolic_mmhg:
            raise ProtocolInputError(
                "diastolic_mmhg",
                f"must be below the systolic pressure ({self.systolic_mmhg} mmHg), "
                f"not {self.diastolic_mmhg}",
            )

    @property
    def blood_pressure(self) -> str:
        return f"{self.systolic_mmhg}/{self.diastolic_mmhg} mmHg"


def pre_dose_blood_pressure(
    treatment: Treatment, vitals: VitalSigns, threshold: BloodPressureThreshold | None = None
) -> Assessment:
    """``needs_note`` when systolic or diastolic is above the threshold (140/90), else ``ok``.

    Never ``block``: the label asks for a benefit/risk decision, which the clinician documents.
    A clinic may pass its own ``threshold`` (its ``source`` then says so).
    """
    table = rules()
    if treatment not in table.pre_dose_treatments:
        raise ProtocolInputError("treatment", f"no pre-dose blood-pressure rule for {treatment}")
    limit = threshold or table.threshold
    above = f"{limit.systolic_above}/{limit.diastolic_above} mmHg"
    if vitals.systolic_mmhg > limit.systolic_above or vitals.diastolic_mmhg > limit.diastolic_above:
        finding = Finding(
            Level.NEEDS_NOTE,
            "blood_pressure_above_threshold",
            f"Blood pressure {vitals.blood_pressure} is above {above}: document the benefit/risk "
            "decision before dosing (dosing is not blocked)",
            limit.source,
        )
    else:
        finding = Finding(
            Level.OK,
            "blood_pressure_within_threshold",
            f"Blood pressure {vitals.blood_pressure} is not above {above}",
            limit.source,
        )
    return Assessment((finding,))


def observation_rule(treatment: Treatment) -> ObservationRule:
    try:
        return rules().observation[treatment]
    except KeyError:
        raise ProtocolInputError("treatment", f"no observation rule for {treatment}") from None


def observation_plan(
    treatment: Treatment, dosing_started_at: datetime, dosing_ended_at: datetime
) -> ObservationPlan:
    """Every check of one session with its time; discharge no earlier than the minimum observation.

    Observation counts from the end of dosing (the last esketamine device, the end of the infusion).
    """
    if dosing_ended_at < dosing_started_at:
        raise ProtocolInputError("dosing_ended_at", "must not be before dosing started")
    rule = observation_rule(treatment)
    discharge = dosing_ended_at + timedelta(minutes=rule.minimum_minutes)
    named = {"before_dosing": dosing_started_at, "discharge": discharge}
    points = [
        Checkpoint(
            named[check.at] if isinstance(check.at, str) else dosing_ended_at + _minutes(check.at),
            check.what,
            check.source,
        )
        for check in rule.checks
    ]
    if rule.every_minutes:
        step = _minutes(rule.every_minutes)
        what = f"blood pressure and heart rate (every {rule.every_minutes} min)"
        at = dosing_started_at + step
        while at < discharge:
            points.append(Checkpoint(at, what, rule.source))
            at += step
    return ObservationPlan(rule, tuple(sorted(points, key=lambda p: p.at)), discharge)


def discharge_readiness(
    treatment: Treatment,
    *,
    dosing_ended_at: datetime,
    now: datetime,
    clinically_stable: bool,
    discharge_vitals: VitalSigns | None,
    transport_arranged: bool,
) -> Assessment:
    """Whether the observation rule allows discharge ``now``.

    ``block`` before the minimum observation time or while the clinician has not recorded the
    patient as clinically stable; ``needs_note`` without discharge vital signs, or (esketamine)
    without confirmed transport, since the patient must not drive until the next day.
    """
    rule = observation_rule(treatment)
    observed = now - dosing_ended_at
    minutes = int(observed.total_seconds() // 60)
    if observed < _minutes(rule.minimum_minutes):
        time = Finding(
            Level.BLOCK,
            "observation_too_short",
            f"Observed {minutes} min since dosing ended; at least {rule.minimum_minutes} min are "
            "required",
            rule.source,
        )
    else:
        time = Finding(
            Level.OK,
            "observation_time_met",
            f"Observed {minutes} min (at least {rule.minimum_minutes})",
            rule.source,
        )
    findings = [time]
    if not clinically_stable:
        findings.append(
            Finding(
                Level.BLOCK,
                "not_clinically_stable",
                "The patient has not been recorded as clinically stable and ready to leave",
                rule.source,
            )
        )
    if discharge_vitals is None:
        findings.append(
            Finding(
                Level.NEEDS_NOTE,
                "discharge_vitals_missing",
                "No blood pressure was recorded before discharge",
                rule.source,
            )
        )
    if rule.no_driving_until_next_day and not transport_arranged:
        findings.append(
            Finding(
                Level.NEEDS_NOTE,
                "transport_not_confirmed",
                "No driving until the next day after a restful sleep: confirm how the patient "
                "gets home",
                rule.source,
            )
        )
    return Assessment(tuple(findings))


def _minutes(count: int) -> timedelta:
    return timedelta(minutes=count)
