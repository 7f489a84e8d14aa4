"""The shared date rule (docs/algorithms/ketamine-iv.md, "How dates are laid out")."""

from datetime import date

import pytest

from remission.clinical.protocols.errors import ProtocolInputError
from remission.clinical.protocols.schedule import Cadence, Phase, Weekday, lay_out

MONDAY = date(2026, 12, 7)
TUESDAY = date(2026, 12, 8)
WEDNESDAY = date(2026, 12, 9)
SATURDAY = date(2026, 12, 12)
WEEKDAYS = Cadence.on(
    Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY
)


def _dates(start: date, *phases: Phase) -> list[str]:
    return [day.date.isoformat() for day in lay_out(start, phases)]


def test_the_2026_12_07_start_used_in_the_examples_is_a_monday() -> None:
    assert Weekday(MONDAY.weekday()) is Weekday.MONDAY


def test_offsets_count_from_the_start_weekday_so_a_tuesday_start_gives_tuesday_and_friday() -> None:
    assert _dates(TUESDAY, Phase("induction", 2, Cadence((0, 3)))) == [
        "2026-12-08",
        "2026-12-11",
        "2026-12-15",
        "2026-12-18",
    ]


def test_fixed_weekdays_stay_on_weekdays_when_the_course_starts_on_a_wednesday() -> None:
    days = lay_out(WEDNESDAY, [Phase("acute", 2, WEEKDAYS)])
    assert [day.weekday.label[:3] for day in days] == ["Wed", "Thu", "Fri", "Mon", "Tue"] * 2
    assert [day.week for day in days] == [1] * 5 + [2] * 5


def test_every_second_week_leaves_the_weeks_between_empty() -> None:
    days = lay_out(MONDAY, [Phase("maintenance", 5, Cadence((0,), every_weeks=2))])
    assert [day.week for day in days] == [1, 3, 5]


def test_phases_follow_one_another_in_whole_weeks_and_numbers_run_across_them() -> None:
    days = lay_out(
        MONDAY, [Phase("induction", 1, Cadence((0, 3))), Phase("taper", 2, Cadence((0,)))]
    )
    assert [(d.number, d.date.isoformat(), d.week, d.phase) for d in days] == [
        (1, "2026-12-07", 1, "induction"),
        (2, "2026-12-10", 1, "induction"),
        (3, "2026-12-14", 2, "taper"),
        (4, "2026-12-21", 3, "taper"),
    ]


def test_a_start_that_is_not_a_session_day_is_refused_naming_the_start() -> None:
    with pytest.raises(ProtocolInputError) as error:
        lay_out(SATURDAY, [Phase("acute", 1, WEEKDAYS)])
    assert error.value.field == "start"
    assert "2026-12-12 is a Saturday" in error.value.message


def test_weekdays_parse_from_short_or_long_english_names() -> None:
    assert Weekday.parse("mon") is Weekday.MONDAY
    assert Weekday.parse("Friday") is Weekday.FRIDAY
    with pytest.raises(ValueError, match="not a weekday"):
        Weekday.parse("funday")


def test_a_cadence_refuses_repeated_or_out_of_week_days() -> None:
    with pytest.raises(ValueError, match="distinct"):
        Cadence((0, 0))
    with pytest.raises(ValueError, match="out of range"):
        Cadence((7,))
