"""ECT course schedules with review points (clinical.md 6.5, sources in ``data/ect.toml``).

Three sessions a week on Monday, Wednesday and Friday (CORE: bilateral ECT three times a week); a
typical course is 6-12 treatments, planned open-ended with a criterion-based stop, so the plan
carries review points (after sessions 3, 6, 10 and 12, each with its CORE figure) rather than a
fixed end. ECT has no absolute contraindications; high-risk conditions are in the
contraindications table as ``needs_note``.
"""

from dataclasses import dataclass
from datetime import date
from functools import cache

from remission.clinical.protocols.inputs import Range
from remission.clinical.protocols.schedule import Cadence, Phase, ScheduledDay, lay_out
from remission.clinical.protocols.tables import load


@dataclass(frozen=True)
class ReviewPoint:
    """A planned clinical review after session ``after_session`` (on that session's date)."""

    after_session: int
    date: date
    reason: str
    source: str


@dataclass(frozen=True)
class EctRules:
    cadence: Cadence
    sessions: int
    sessions_range: Range
    source: str
    continuation_source: str
    reviews: tuple[tuple[int, str, str], ...]


@dataclass(frozen=True)
class EctCourse:
    sessions: tuple[ScheduledDay, ...]
    reviews: tuple[ReviewPoint, ...]
    source: str
    continuation_source: str


@cache
def rules() -> EctRules:
    """The validated ECT table (read once)."""
    table = load("ect")
    course = table.row("course")
    return EctRules(
        cadence=course.cadence(),
        sessions=course.integer("sessions", minimum=1),
        sessions_range=table.row("bounds").range("sessions", "sessions", "sessions_source"),
        source=course.text("source"),
        continuation_source=table.row("continuation").text("source"),
        reviews=tuple(
            (row.integer("after_session", minimum=1), row.text("reason"), row.text("source"))
            for row in table.rows("review")
        ),
    )


def ect_course(start: date, sessions: int | None = None) -> EctCourse:
    """``sessions`` treatments (12 by default) on Monday/Wednesday/Friday from ``start``.

    ``start`` must be a Monday, Wednesday or Friday; review points beyond the plan are left out.
    """
    table = rules()
    count = table.sessions if sessions is None else sessions
    table.sessions_range.check("sessions", count)
    per_week = len(table.cadence.days)
    weeks = -(-count // per_week)
    days = lay_out(start, (Phase("acute", weeks, table.cadence),))[:count]
    reviews = tuple(
        ReviewPoint(after, days[after - 1].date, reason, source)
        for after, reason, source in table.reviews
        if after <= count
    )
    return EctCourse(days, reviews, table.source, table.continuation_source)
