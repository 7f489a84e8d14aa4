"""IV ketamine dose, rate, volume and series (docs/algorithms/ketamine-iv.md).

Sources: 0.5 mg/kg over 40 min (ELEKT-D, Anand 2023; Murrough 2013; Wilkinson 2017/2021),
0.5-1.0 mg/kg (CANMAT 2023), 6 infusions twice weekly over 3 weeks (ELEKT-D), 6 infusions three
times weekly over 12 days (Murrough 2013). clinical.md 6.1.
"""

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from remission.clinical.protocols.errors import ProtocolInputError
from remission.clinical.protocols.ketamine_iv import (
    custom_series,
    ketamine_dose,
    ketamine_series,
    series_template,
)
from remission.clinical.protocols.schedule import Cadence, Phase

MONDAY = date(2026, 12, 7)


def test_70_kg_at_the_elekt_d_dose_is_35_mg_over_40_minutes_at_52_5_mg_per_hour() -> None:
    dose = ketamine_dose(Decimal(70))
    assert (dose.mg_per_kg, dose.minutes) == (Decimal("0.5"), 40)
    assert dose.dose_mg.value == Decimal("35.0")
    assert dose.rate_mg_per_h.value == Decimal("52.5")
    assert "ELEKT-D" in dose.source


def test_an_exact_dose_is_not_marked_as_rounded() -> None:
    dose = ketamine_dose(Decimal(70))
    assert not dose.dose_mg.changed
    assert dose.dose_mg.unit == "mg"


def test_a_dose_on_a_half_step_rounds_up_and_keeps_its_unrounded_value_beside_it() -> None:
    dose = ketamine_dose(Decimal("72.3"))
    assert dose.dose_mg.unrounded == Decimal("36.15")
    assert dose.dose_mg.value == Decimal("36.2")
    assert dose.dose_mg.changed
    assert dose.rate_mg_per_h.value == Decimal("54.3")


def test_the_rate_follows_a_longer_infusion_and_a_higher_canmat_dose() -> None:
    dose = ketamine_dose(Decimal(80), mg_per_kg=Decimal("0.75"), minutes=60)
    assert dose.dose_mg.value == Decimal("60.0")
    assert dose.rate_mg_per_h.value == Decimal("60.0")


def test_volume_and_pump_rate_come_from_the_rounded_dose_and_the_concentration() -> None:
    dose = ketamine_dose(Decimal(70), concentration_mg_per_ml=Decimal(10))
    assert dose.volume_ml is not None
    assert dose.rate_ml_per_h is not None
    assert dose.volume_ml.value == Decimal("3.50")
    assert dose.rate_ml_per_h.unrounded == Decimal("5.25")
    assert dose.rate_ml_per_h.value == Decimal("5.3")


def test_volume_is_absent_when_no_concentration_is_given() -> None:
    dose = ketamine_dose(Decimal(70))
    assert dose.volume_ml is None
    assert dose.rate_ml_per_h is None


@pytest.mark.parametrize("mg_per_kg", ["0.5", "1.0"])
def test_the_ends_of_the_canmat_range_are_accepted(mg_per_kg: str) -> None:
    assert ketamine_dose(Decimal(70), mg_per_kg=Decimal(mg_per_kg)).mg_per_kg == Decimal(mg_per_kg)


@pytest.mark.parametrize("mg_per_kg", ["0.49", "1.01", "5"])
def test_doses_outside_the_canmat_range_are_refused_naming_mg_per_kg(mg_per_kg: str) -> None:
    with pytest.raises(ProtocolInputError) as error:
        ketamine_dose(Decimal(70), mg_per_kg=Decimal(mg_per_kg))
    assert error.value.field == "mg_per_kg"
    assert "between 0.5 and 1.0 mg/kg" in error.value.message


@pytest.mark.parametrize("weight", ["30", "250"])
def test_the_ends_of_the_weight_range_are_accepted(weight: str) -> None:
    assert ketamine_dose(Decimal(weight)).weight_kg == Decimal(weight)


@pytest.mark.parametrize("weight", ["29.9", "250.1", "0", "-70", "NaN", "Infinity"])
def test_implausible_weights_are_refused_naming_weight_kg(weight: str) -> None:
    with pytest.raises(ProtocolInputError) as error:
        ketamine_dose(Decimal(weight))
    assert error.value.field == "weight_kg"


@pytest.mark.parametrize("minutes", [39, 121])
def test_infusions_faster_than_40_minutes_or_implausibly_long_are_refused(minutes: int) -> None:
    with pytest.raises(ProtocolInputError) as error:
        ketamine_dose(Decimal(70), minutes=minutes)
    assert error.value.field == "minutes"


def test_a_zero_concentration_is_refused_naming_the_concentration() -> None:
    with pytest.raises(ProtocolInputError) as error:
        ketamine_dose(Decimal(70), concentration_mg_per_ml=Decimal(0))
    assert error.value.field == "concentration_mg_per_ml"


def test_elekt_d_series_is_six_infusions_twice_weekly_over_three_weeks() -> None:
    series = ketamine_series(MONDAY, series_template("twice-weekly-3w"))
    assert [s.date.isoformat() for s in series.sessions] == [
        "2026-12-07",
        "2026-12-10",
        "2026-12-14",
        "2026-12-17",
        "2026-12-21",
        "2026-12-24",
    ]
    assert {s.phase for s in series.sessions} == {"induction"}
    assert series.template.infusions == 6
    assert "ELEKT-D" in series.template.source


def test_murrough_series_is_six_infusions_three_times_weekly_within_12_days() -> None:
    sessions = ketamine_series(MONDAY, series_template("thrice-weekly-2w")).sessions
    assert [s.weekday.label[:3] for s in sessions] == ["Mon", "Wed", "Fri"] * 2
    assert sessions[-1].date - sessions[0].date == timedelta(days=11)


def test_maintenance_phases_chosen_by_the_clinician_follow_the_induction_weeks() -> None:
    taper = (
        Phase("maintenance", 2, Cadence((0,))),
        Phase("maintenance", 4, Cadence((0,), every_weeks=2)),
    )
    series = ketamine_series(MONDAY, series_template("twice-weekly-3w"), taper)
    maintenance = [(s.date.isoformat(), s.week) for s in series.sessions if s.phase != "induction"]
    assert maintenance == [
        ("2026-12-28", 4),
        ("2027-01-04", 5),
        ("2027-01-11", 6),
        ("2027-01-25", 8),
    ]
    assert "No standard booster" in series.maintenance_source


def test_no_maintenance_is_added_unless_the_clinician_asks() -> None:
    assert len(ketamine_series(MONDAY, series_template("twice-weekly-3w")).sessions) == 6


def test_a_custom_series_uses_the_clinics_days_and_weeks() -> None:
    template = custom_series([0, 2], 2, "4 infusions over 2 weeks (Wilkinson 2017)")
    assert template.infusions == 4
    assert len(ketamine_series(MONDAY, template).sessions) == 4


@pytest.mark.parametrize(("days", "weeks", "field"), [([0, 0], 2, "days"), ([0], 0, "weeks")])
def test_a_malformed_custom_series_is_refused_naming_the_field(
    days: list[int], weeks: int, field: str
) -> None:
    with pytest.raises(ProtocolInputError) as error:
        custom_series(days, weeks, "bad")
    assert error.value.field == field


def test_an_unknown_series_is_refused_with_the_known_names() -> None:
    with pytest.raises(ProtocolInputError, match="twice-weekly-3w, thrice-weekly-2w"):
        series_template("daily")


weights = st.decimals(min_value=30, max_value=250, places=1)
mg_per_kg = st.decimals(min_value="0.5", max_value="1.0", places=2)
minutes = st.integers(min_value=40, max_value=120)
concentrations = st.sampled_from([Decimal(c) for c in ("0.35", "1", "10", "50", "100")])


@given(weights, mg_per_kg)
def test_the_dose_is_within_half_a_step_of_weight_times_dose_and_on_the_step(
    weight: Decimal, per_kg: Decimal
) -> None:
    dose = ketamine_dose(weight, mg_per_kg=per_kg).dose_mg
    assert dose.unrounded == weight * per_kg
    assert abs(dose.value - dose.unrounded) <= dose.step / 2
    assert dose.value % dose.step == 0


@given(weights, mg_per_kg)
def test_dividing_the_dose_by_the_weight_gives_back_the_mg_per_kg(
    weight: Decimal, per_kg: Decimal
) -> None:
    dose = ketamine_dose(weight, mg_per_kg=per_kg).dose_mg
    back = Fraction(dose.value) / Fraction(weight)  # exact, so that half-steps compare exactly
    assert abs(back - Fraction(per_kg)) <= Fraction(dose.step) / 2 / Fraction(weight)


@given(weights, mg_per_kg, minutes)
def test_the_rate_delivers_the_dose_over_the_infusion(
    weight: Decimal, per_kg: Decimal, length: int
) -> None:
    dose = ketamine_dose(weight, mg_per_kg=per_kg, minutes=length)
    hours = Fraction(length, 60)
    delivered = Fraction(dose.rate_mg_per_h.value) * hours
    assert (
        abs(delivered - Fraction(dose.dose_mg.value))
        <= Fraction(dose.rate_mg_per_h.step) / 2 * hours
    )


@given(weights, concentrations)
def test_the_volume_holds_the_dose_at_the_concentration(weight: Decimal, mg_ml: Decimal) -> None:
    dose = ketamine_dose(weight, concentration_mg_per_ml=mg_ml)
    assert dose.volume_ml is not None
    assert abs(dose.volume_ml.value * mg_ml - dose.dose_mg.value) <= dose.volume_ml.step / 2 * mg_ml


@given(weights, weights)
def test_a_heavier_patient_never_gets_a_smaller_dose(first: Decimal, second: Decimal) -> None:
    light, heavy = sorted((first, second))
    assert ketamine_dose(light).dose_mg.value <= ketamine_dose(heavy).dose_mg.value
