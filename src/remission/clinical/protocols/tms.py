"""rTMS and theta-burst courses: pulses, trains, session length, course length and dates.

Three protocols (clinical.md 6.4, sources per row in ``data/tms.toml``): NeuroStar 10 Hz (3,000
pulses, about 37.5 min, 36 sessions including a taper), THREE-D iTBS (600 pulses, about 3 min) and
SAINT/SNT accelerated iTBS (10 sessions a day for 5 days, 1,800 pulses each, 50 min apart).
Sessions fall on weekdays; the accelerated course runs on 5 consecutive weekdays, from a Monday.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache

from remission.clinical.protocols.errors import ProtocolInputError, RuleTableError
from remission.clinical.protocols.inputs import choose
from remission.clinical.protocols.schedule import Phase, lay_out
from remission.clinical.protocols.tables import Row, load


@dataclass(frozen=True)
class Trains:
    """Stimulation trains of one session; ``pulses`` and ``seconds`` follow from them."""

    count: int
    frequency_hz: int
    train_seconds: int
    inter_train_seconds: int

    @property
    def pulses(self) -> int:
        return self.count * self.frequency_hz * self.train_seconds

    @property
    def seconds(self) -> int:
        return self.count * (self.train_seconds + self.inter_train_seconds)


@dataclass(frozen=True)
class TmsProtocol:
    name: str
    description: str
    pulses_per_session: int
    session_minutes: Decimal
    sessions_per_day: int
    interval_minutes: int | None
    first_session_at: time | None
    consecutive_days: bool
    trains: Trains | None
    phases: tuple[Phase, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class TmsSession:
    """One session; ``day_session`` counts sessions within the day (1-10 when accelerated)."""

    number: int
    date: date
    week: int
    phase: str
    day_session: int
    starts_at: time | None


@dataclass(frozen=True)
class TmsCourse:
    protocol: TmsProtocol
    sessions: tuple[TmsSession, ...]

    @property
    def sessions_total(self) -> int:
        return len(self.sessions)

    @property
    def pulses_total(self) -> int:
        return self.sessions_total * self.protocol.pulses_per_session


@cache
def protocols() -> Mapping[str, TmsProtocol]:
    """The validated TMS protocols by name (read once)."""
    return {protocol.name: protocol for protocol in map(_protocol, load("tms").rows("protocol"))}


def _protocol(row: Row) -> TmsProtocol:
    phase_rows = row.rows("phases")
    protocol = TmsProtocol(
        name=row.text("name"),
        description=row.text("description"),
        pulses_per_session=row.integer("pulses_per_session", minimum=1),
        session_minutes=row.decimal("session_minutes"),
        sessions_per_day=row.integer("sessions_per_day", minimum=1),
        interval_minutes=row.integer("interval_minutes") if row.has("interval_minutes") else None,
        first_session_at=_time(row) if row.has("first_session_at") else None,
        consecutive_days=row.flag("consecutive_days", default=False),
        trains=_trains(row.row("trains")) if row.has("trains") else None,
        phases=tuple(row.phase() for row in phase_rows),
        sources=(row.text("source"), *(phase.text("source") for phase in phase_rows)),
    )
    _check(row.where, protocol)
    return protocol


def _time(row: Row) -> time:
    try:
        return time.fromisoformat(row.text("first_session_at"))
    except ValueError:
        raise RuleTableError(f"{row.where}: 'first_session_at' must be HH:MM") from None


def _trains(row: Row) -> Trains:
    return Trains(
        row.integer("count", minimum=1),
        row.integer("frequency_hz", minimum=1),
        row.integer("train_seconds", minimum=1),
        row.integer("inter_train_seconds"),
    )


def _check(where: str, protocol: TmsProtocol) -> None:
    """Cross-check the numbers of a row against each other, so that a typo cannot pass."""
    trains = protocol.trains
    if trains and trains.pulses != protocol.pulses_per_session:
        raise RuleTableError(f"{where}: trains give {trains.pulses} pulses, not the row's")
    if trains and trains.seconds != protocol.session_minutes * 60:
        raise RuleTableError(f"{where}: trains last {trains.seconds} s, not session_minutes")
    if protocol.sessions_per_day > 1:
        if protocol.interval_minutes is None or protocol.first_session_at is None:
            raise RuleTableError(f"{where}: several sessions a day need interval and first time")
        if _start_times(protocol)[-1].date() != date.min:
            raise RuleTableError(f"{where}: the day's sessions run past midnight")


def _start_times(protocol: TmsProtocol) -> tuple[datetime, ...]:
    """Start times within a day: the next session starts ``interval_minutes`` after one ends."""
    first = datetime.combine(date.min, protocol.first_session_at or time())
    minutes = protocol.session_minutes + (protocol.interval_minutes or 0)
    step = timedelta(seconds=int(minutes * 60))
    return tuple(first + step * n for n in range(protocol.sessions_per_day))


def tms_protocol(name: str) -> TmsProtocol:
    return choose("protocol", name, protocols())


def tms_course(start: date, protocol: TmsProtocol) -> TmsCourse:
    """Every session of ``protocol`` from ``start`` (which must be one of its session days).

    A course on consecutive days (accelerated iTBS) must not be split by a weekend, so it starts on
    a Monday.
    """
    days = lay_out(start, protocol.phases)
    if protocol.consecutive_days and (days[-1].date - days[0].date).days != len(days) - 1:
        raise ProtocolInputError(
            "start",
            f"{start.isoformat()} is a {days[0].weekday.label}; {protocol.name} sessions run on "
            f"{len(days)} consecutive weekdays, so the course starts on a Monday",
        )
    several = protocol.sessions_per_day > 1
    times = [at.time() if several else None for at in _start_times(protocol)]
    slots = [(day, n, at) for day in days for n, at in enumerate(times, 1)]
    return TmsCourse(
        protocol,
        tuple(
            TmsSession(number, day.date, day.week, day.phase, n, at)
            for number, (day, n, at) in enumerate(slots, 1)
        ),
    )
