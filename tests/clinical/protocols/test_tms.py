"""rTMS, iTBS and accelerated iTBS courses (docs/algorithms/tms.md).

Sources (clinical.md 6.4): NeuroStar (FDA clearance 2008) [S]; THREE-D, Blumberger et al. 2018 [S];
SAINT/SNT, Cole et al. 2020 and 2022 [P abstract/S].
"""

from datetime import date
from decimal import Decimal

import pytest

from remission.clinical.protocols.errors import ProtocolInputError
from remission.clinical.protocols.tms import tms_course, tms_protocol

MONDAY = date(2026, 12, 7)


def test_neurostar_trains_make_3000_pulses_in_37_5_minutes() -> None:
    protocol = tms_protocol("10hz")
    assert protocol.trains is not None
    assert (protocol.trains.count, protocol.trains.frequency_hz) == (75, 10)
    assert protocol.trains.pulses == protocol.pulses_per_session == 3000
    assert protocol.trains.seconds == 75 * (4 + 26) == 2250
    assert protocol.session_minutes == Decimal("37.5")


def test_the_10_hz_course_is_36_sessions_30_daily_then_a_3_2_1_taper() -> None:
    course = tms_course(MONDAY, tms_protocol("10hz"))
    assert course.sessions_total == 36
    assert [s.phase for s in course.sessions].count("acute") == 30
    taper = [(s.date.isoformat(), s.week) for s in course.sessions if s.phase == "taper"]
    assert taper == [
        ("2027-01-18", 7),
        ("2027-01-20", 7),
        ("2027-01-22", 7),
        ("2027-01-25", 8),
        ("2027-01-28", 8),
        ("2027-02-01", 9),
    ]
    assert any("Clinic setting" in source for source in course.protocol.sources)


def test_sessions_fall_on_weekdays_only() -> None:
    for name in ("10hz", "itbs", "accelerated"):
        course = tms_course(MONDAY, tms_protocol(name))
        assert all(s.date.weekday() < 5 for s in course.sessions)


def test_a_wednesday_start_keeps_every_session_on_a_weekday() -> None:
    course = tms_course(date(2026, 12, 9), tms_protocol("10hz"))
    assert course.sessions_total == 36
    assert all(s.date.weekday() < 5 for s in course.sessions)


def test_a_weekend_start_is_refused_for_a_weekday_course() -> None:
    with pytest.raises(ProtocolInputError) as error:
        tms_course(date(2026, 12, 12), tms_protocol("itbs"))
    assert error.value.field == "start"


def test_an_itbs_session_is_600_pulses_in_about_3_minutes_over_6_weeks_of_weekdays() -> None:
    course = tms_course(MONDAY, tms_protocol("itbs"))
    assert (course.protocol.pulses_per_session, course.protocol.session_minutes) == (
        600,
        Decimal(3),
    )
    assert course.sessions_total == 30
    assert course.sessions[-1].date == date(2027, 1, 15)


def test_accelerated_itbs_is_10_sessions_a_day_for_5_consecutive_days_of_1800_pulses() -> None:
    course = tms_course(MONDAY, tms_protocol("accelerated"))
    assert course.sessions_total == 50
    assert course.protocol.pulses_per_session == 1800
    assert course.pulses_total == 90_000
    assert sorted({s.date.isoformat() for s in course.sessions}) == [
        "2026-12-07",
        "2026-12-08",
        "2026-12-09",
        "2026-12-10",
        "2026-12-11",
    ]


def test_accelerated_sessions_of_10_minutes_start_50_minutes_after_the_last_one_ends() -> None:
    course = tms_course(MONDAY, tms_protocol("accelerated"))
    first_day = [s for s in course.sessions if s.date == MONDAY]
    assert [s.day_session for s in first_day] == list(range(1, 11))
    assert [s.starts_at.strftime("%H:%M") for s in first_day if s.starts_at] == [
        f"{hour:02d}:00" for hour in range(8, 18)
    ]
    assert (course.protocol.session_minutes, course.protocol.interval_minutes) == (Decimal(10), 50)


def test_accelerated_itbs_refuses_a_start_that_would_split_its_5_days_over_a_weekend() -> None:
    with pytest.raises(ProtocolInputError) as error:
        tms_course(date(2026, 12, 9), tms_protocol("accelerated"))
    assert error.value.field == "start"
    assert "5 consecutive weekdays, so the course starts on a Monday" in error.value.message


def test_single_session_days_carry_no_start_time() -> None:
    assert {s.starts_at for s in tms_course(MONDAY, tms_protocol("itbs")).sessions} == {None}


def test_an_unknown_protocol_is_refused_naming_the_protocol() -> None:
    with pytest.raises(ProtocolInputError) as error:
        tms_protocol("1hz")
    assert error.value.field == "protocol"
