"""Vital signs, pre-dose blood pressure, observation and discharge (docs/algorithms/monitoring.md).

Sources: SPRAVATO label/REMS [P] (clinical.md 6.2): BP before dosing (example threshold >140/90,
benefit/risk judgement), about 40 min after, before discharge; observe at least 2 hours; no driving
until the next day. IV ketamine template: DESIGN NOTE after Riva-Posse 2018 (clinical.md 6.1).
"""

from datetime import datetime, timedelta

import pytest

from remission.clinical.protocols.errors import ProtocolInputError
from remission.clinical.protocols.findings import Level
from remission.clinical.protocols.monitoring import (
    BloodPressureThreshold,
    VitalSigns,
    discharge_readiness,
    observation_plan,
    pre_dose_blood_pressure,
)
from remission.clinical.protocols.treatments import Treatment

DOSED = datetime(2026, 12, 7, 9, 10)


@pytest.mark.parametrize(
    ("systolic", "diastolic", "level"),
    [
        (140, 90, Level.OK),
        (139, 89, Level.OK),
        (141, 90, Level.NEEDS_NOTE),
        (140, 91, Level.NEEDS_NOTE),
        (220, 125, Level.NEEDS_NOTE),
    ],
)
def test_blood_pressure_above_140_90_before_esketamine_needs_a_note_and_never_blocks(
    systolic: int, diastolic: int, level: Level
) -> None:
    result = pre_dose_blood_pressure(Treatment.ESKETAMINE, VitalSigns(systolic, diastolic))
    assert result.level is level
    assert "140/90" in result.findings[0].source


def test_the_note_asks_for_a_benefit_risk_decision_and_says_dosing_is_not_blocked() -> None:
    finding = pre_dose_blood_pressure(Treatment.ESKETAMINE, VitalSigns(150, 95)).findings[0]
    assert finding.code == "blood_pressure_above_threshold"
    assert "benefit/risk" in finding.reason
    assert "not blocked" in finding.reason


def test_iv_ketamine_uses_the_same_default_threshold_as_the_only_labelled_guide() -> None:
    assert pre_dose_blood_pressure(Treatment.KETAMINE_IV, VitalSigns(141, 80)).level is (
        Level.NEEDS_NOTE
    )


def test_a_clinic_threshold_replaces_the_default_and_its_source_is_reported() -> None:
    clinic = BloodPressureThreshold(160, 100, "clinic setting, 2026 protocol")
    result = pre_dose_blood_pressure(Treatment.ESKETAMINE, VitalSigns(150, 95), clinic)
    assert result.level is Level.OK
    assert result.findings[0].source == "clinic setting, 2026 protocol"


def test_tms_has_no_pre_dose_blood_pressure_rule() -> None:
    with pytest.raises(ProtocolInputError) as error:
        pre_dose_blood_pressure(Treatment.TMS, VitalSigns(120, 80))
    assert error.value.field == "treatment"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"systolic_mmhg": 301, "diastolic_mmhg": 80}, "systolic_mmhg"),
        ({"systolic_mmhg": 49, "diastolic_mmhg": 30}, "systolic_mmhg"),
        ({"systolic_mmhg": 120, "diastolic_mmhg": 19}, "diastolic_mmhg"),
        ({"systolic_mmhg": 80, "diastolic_mmhg": 80}, "diastolic_mmhg"),
        ({"systolic_mmhg": 120, "diastolic_mmhg": 80, "heart_rate_bpm": 251}, "heart_rate_bpm"),
        ({"systolic_mmhg": 120, "diastolic_mmhg": 80, "spo2_percent": 101}, "spo2_percent"),
        (
            {"systolic_mmhg": 120, "diastolic_mmhg": 80, "respiratory_rate_per_min": 3},
            "respiratory_rate_per_min",
        ),
    ],
)
def test_implausible_vital_signs_are_refused_naming_the_field(
    values: dict[str, int], field: str
) -> None:
    with pytest.raises(ProtocolInputError) as error:
        VitalSigns(**values)
    assert error.value.field == field


def test_the_edges_of_the_plausibility_ranges_are_accepted() -> None:
    VitalSigns(300, 200, heart_rate_bpm=20, spo2_percent=100, respiratory_rate_per_min=60)
    VitalSigns(50, 20, heart_rate_bpm=250, spo2_percent=50, respiratory_rate_per_min=4)


def test_the_iv_ketamine_plan_checks_every_15_minutes_until_an_hour_after_the_infusion() -> None:
    start = datetime(2026, 12, 7, 9, 0)
    plan = observation_plan(Treatment.KETAMINE_IV, start, start + timedelta(minutes=40))
    assert plan.earliest_discharge_at == datetime(2026, 12, 7, 10, 40)
    assert [p.at.strftime("%H:%M") for p in plan.checkpoints] == [
        "09:00",
        "09:15",
        "09:30",
        "09:40",
        "09:45",
        "10:00",
        "10:15",
        "10:30",
        "10:40",
    ]
    assert "clinic setting" in plan.rule.source


def test_dosing_cannot_end_before_it_starts() -> None:
    with pytest.raises(ProtocolInputError) as error:
        observation_plan(Treatment.ESKETAMINE, DOSED, DOSED - timedelta(minutes=1))
    assert error.value.field == "dosing_ended_at"


def _discharge(minutes: int, **changes: object) -> tuple[Level, tuple[str, ...]]:
    options: dict[str, object] = {
        "clinically_stable": True,
        "discharge_vitals": VitalSigns(130, 80),
        "transport_arranged": True,
    }
    options.update(changes)
    result = discharge_readiness(
        Treatment.ESKETAMINE,
        dosing_ended_at=DOSED,
        now=DOSED + timedelta(minutes=minutes),
        **options,  # type: ignore[arg-type]
    )
    return result.level, tuple(f.code for f in result.findings if f.level is not Level.OK)


def test_esketamine_discharge_is_blocked_one_minute_before_2_hours_and_allowed_at_2_hours() -> None:
    assert _discharge(119) == (Level.BLOCK, ("observation_too_short",))
    assert _discharge(120) == (Level.OK, ())


def test_discharge_is_blocked_until_the_patient_is_recorded_as_clinically_stable() -> None:
    assert _discharge(180, clinically_stable=False) == (Level.BLOCK, ("not_clinically_stable",))


def test_missing_discharge_blood_pressure_needs_a_note() -> None:
    assert _discharge(120, discharge_vitals=None) == (
        Level.NEEDS_NOTE,
        ("discharge_vitals_missing",),
    )


def test_no_transport_after_esketamine_needs_a_note_since_no_driving_until_next_day() -> None:
    assert _discharge(120, transport_arranged=False) == (
        Level.NEEDS_NOTE,
        ("transport_not_confirmed",),
    )


def test_iv_ketamine_discharge_needs_60_minutes_and_no_transport_rule() -> None:
    result = discharge_readiness(
        Treatment.KETAMINE_IV,
        dosing_ended_at=DOSED,
        now=DOSED + timedelta(minutes=60),
        clinically_stable=True,
        discharge_vitals=VitalSigns(130, 80),
        transport_arranged=False,
    )
    assert result.level is Level.OK
