"""ECT course schedules and review points (docs/algorithms/ect.md).

Source: CORE (Husain et al. 2004; Kellner et al. 2005) [S]; typical course 6-12 (clinical.md 6.5).
"""

from datetime import date

import pytest

from remission.clinical.protocols.ect import ect_course
from remission.clinical.protocols.errors import ProtocolInputError


def test_a_course_is_12_sessions_three_times_weekly_on_monday_wednesday_friday() -> None:
    course = ect_course(date(2026, 12, 7))
    assert len(course.sessions) == 12
    assert [s.weekday.label[:3] for s in course.sessions] == ["Mon", "Wed", "Fri"] * 4
    assert course.sessions[-1].date == date(2027, 1, 1)
    assert "three times a week" in course.source


def test_review_points_fall_on_sessions_3_6_10_and_12_with_their_core_figures() -> None:
    reviews = ect_course(date(2026, 12, 7)).reviews
    assert [(r.after_session, r.date.isoformat()) for r in reviews] == [
        (3, "2026-12-11"),
        (6, "2026-12-18"),
        (10, "2026-12-28"),
        (12, "2027-01-01"),
    ]
    assert "54%" in reviews[0].reason
    assert "65%" in reviews[2].reason


def test_a_wednesday_start_continues_friday_monday_wednesday() -> None:
    course = ect_course(date(2026, 12, 9), sessions=4)
    assert [s.weekday.label[:3] for s in course.sessions] == ["Wed", "Fri", "Mon", "Wed"]


def test_a_shorter_plan_leaves_out_the_later_review_points() -> None:
    course = ect_course(date(2026, 12, 7), sessions=8)
    assert len(course.sessions) == 8
    assert [r.after_session for r in course.reviews] == [3, 6]


def test_a_tuesday_start_is_refused_naming_the_start() -> None:
    with pytest.raises(ProtocolInputError) as error:
        ect_course(date(2026, 12, 8))
    assert error.value.field == "start"


@pytest.mark.parametrize("sessions", [0, 31])
def test_implausible_course_lengths_are_refused(sessions: int) -> None:
    with pytest.raises(ProtocolInputError) as error:
        ect_course(date(2026, 12, 7), sessions=sessions)
    assert error.value.field == "sessions"
