"""Laying session dates out in treatment weeks: the one date rule every protocol shares.

The rule (docs/algorithms/ketamine-iv.md, "How dates are laid out"):

- Treatment week 1 begins on the start date; week *n* begins ``7 * (n - 1)`` days later.
- A schedule is a list of phases, one after another, each a whole number of weeks long.
- A phase's :class:`Cadence` names the session days of each of its weeks, either as offsets from the
  start date's weekday (``days=(0, 3)``: a Monday start gives Monday and Thursday) or as fixed
  weekdays (Monday to Friday for TMS). ``every_weeks=2`` puts sessions in the phase's 1st, 3rd, ...
  week only.
- The start date must itself be a session day, so a schedule never begins later than asked.
- Dates are never moved (no weekend or holiday shifting); the clinic chooses a start day that suits.
"""

from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass
from datetime import date, timedelta
from enum import IntEnum

from remission.clinical.protocols.errors import ProtocolInputError


class Weekday(IntEnum):
    """ISO weekdays, numbered like :meth:`datetime.date.weekday` (Monday is 0)."""

    MONDAY = 0
    TUESDAY = 1
    WEDNESDAY = 2
    THURSDAY = 3
    FRIDAY = 4
    SATURDAY = 5
    SUNDAY = 6

    @classmethod
    def parse(cls, text: str) -> "Weekday":
        """``"mon"`` or ``"monday"`` (any case)."""
        for day in cls:
            if text.lower() in (day.name.lower(), day.name.lower()[:3]):
                return day
        raise ValueError(f"not a weekday: {text!r}")

    @property
    def label(self) -> str:
        return self.name.capitalize()


@dataclass(frozen=True)
class Cadence:
    """The session days of each week of a phase.

    ``days`` are offsets 0-6 from the start date's weekday, unless ``weekdays`` is true, when they
    are fixed :class:`Weekday` numbers.
    """

    days: tuple[int, ...]
    _: KW_ONLY
    weekdays: bool = False
    every_weeks: int = 1

    def __post_init__(self) -> None:
        if not self.days or len(set(self.days)) != len(self.days):
            raise ValueError(f"cadence days must be distinct and non-empty, not {self.days}")
        if not all(0 <= day <= 6 for day in self.days) or self.every_weeks < 1:
            raise ValueError(f"cadence out of range: {self}")

    @classmethod
    def on(cls, *days: Weekday, every_weeks: int = 1) -> "Cadence":
        return cls(tuple(days), weekdays=True, every_weeks=every_weeks)

    def offsets(self, first_weekday: int) -> tuple[int, ...]:
        """Day offsets within a week that begins on ``first_weekday``."""
        if self.weekdays:
            return tuple(sorted((day - first_weekday) % 7 for day in self.days))
        return tuple(sorted(self.days))

    def describe(self, first_weekday: int) -> str:
        names = [Weekday((first_weekday + o) % 7).label for o in self.offsets(first_weekday)]
        every = "every week" if self.every_weeks == 1 else f"every {self.every_weeks} weeks"
        return f"{', '.join(names)}, {every}"


@dataclass(frozen=True)
class Phase:
    """``weeks`` consecutive treatment weeks with sessions on ``cadence``."""

    name: str
    weeks: int
    cadence: Cadence

    def __post_init__(self) -> None:
        if self.weeks < 1:
            raise ValueError(f"a phase lasts at least one week, not {self.weeks}")


@dataclass(frozen=True)
class ScheduledDay:
    """One session day: its number in the whole schedule, date, treatment week and phase."""

    number: int
    date: date
    week: int
    phase: str

    @property
    def weekday(self) -> Weekday:
        return Weekday(self.date.weekday())


def lay_out(start: date, phases: Sequence[Phase]) -> tuple[ScheduledDay, ...]:
    """All session days of ``phases``, one phase after another, from ``start``.

    Raises :class:`ProtocolInputError` (field ``start``) when ``start`` is not a session day of the
    first phase, for example a Saturday for a Monday-to-Friday protocol.
    """
    if not phases:
        raise ValueError("a schedule needs at least one phase")
    dates: list[tuple[date, int, str]] = []
    first_week = 0
    for phase in phases:
        offsets = phase.cadence.offsets(start.weekday())
        for week in range(first_week, first_week + phase.weeks, phase.cadence.every_weeks):
            week_start = start + timedelta(weeks=week)
            dates += [(week_start + timedelta(days=o), week + 1, phase.name) for o in offsets]
        first_week += phase.weeks
    if dates[0][0] != start:
        first = phases[0]
        raise ProtocolInputError(
            "start",
            f"{start.isoformat()} is a {Weekday(start.weekday()).label}; {first.name} sessions "
            f"fall on {first.cadence.describe(start.weekday())}",
        )
    return tuple(ScheduledDay(n, day, week, phase) for n, (day, week, phase) in enumerate(dates, 1))
