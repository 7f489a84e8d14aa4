"""Integration windows: when the psychotherapy session after a dose is due; doses without one.

A policy (``data/integration.toml``) is a **clinic setting**, never a published standard: the
"24-72 h window" has no primary clinical source (clinical.md 6.6 and 9, UNVERIFIED). The presets
are the dose day, the next calendar day (the design of Price et al. 2022) and 72 hours; a clinic
may define its own :class:`IntegrationPolicy`. Each result carries the policy's source.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from functools import cache

from remission.clinical.protocols.errors import ProtocolInputError, RuleTableError
from remission.clinical.protocols.findings import Finding, Level
from remission.clinical.protocols.inputs import choose
from remission.clinical.protocols.tables import Row, load


class WindowUnit(StrEnum):
    DAYS = "days"
    HOURS = "hours"


class IntegrationStatus(StrEnum):
    DONE = "done"
    DUE = "due"
    MISSED = "missed"


@dataclass(frozen=True)
class IntegrationPolicy:
    """``opens``..``closes`` calendar days after the dose day, or hours after the dose."""

    name: str
    description: str
    unit: WindowUnit
    opens: int
    closes: int
    source: str

    def __post_init__(self) -> None:
        hours = self.unit is WindowUnit.HOURS
        if self.opens < 0 or self.closes < self.opens or (hours and self.closes == self.opens):
            window = f"{self.opens}..{self.closes} {self.unit}"
            raise ProtocolInputError("policy", f"the window {window} is empty or negative")


@dataclass(frozen=True)
class IntegrationWindow:
    """Sessions at ``opens_at`` <= time < ``closes_at`` count for the dose."""

    dose_at: datetime
    opens_at: datetime
    closes_at: datetime
    policy: IntegrationPolicy

    def contains(self, moment: datetime) -> bool:
        return self.opens_at <= moment < self.closes_at


@dataclass(frozen=True)
class IntegrationCheck:
    """One dose: its window, the session that counts for it (if any), and the finding."""

    window: IntegrationWindow
    status: IntegrationStatus
    session_at: datetime | None
    finding: Finding


@cache
def policies() -> Mapping[str, IntegrationPolicy]:
    """The preset policies by name (read once)."""
    presets = (_policy(row) for row in load("integration").rows("policy"))
    return {policy.name: policy for policy in presets}


def _policy(row: Row) -> IntegrationPolicy:
    try:
        return IntegrationPolicy(
            name=row.text("name"),
            description=row.text("description"),
            unit=WindowUnit(row.text("unit")),
            opens=row.integer("opens"),
            closes=row.integer("closes"),
            source=row.text("source"),
        )
    except (ValueError, ProtocolInputError) as error:
        raise RuleTableError(f"{row.where}: {error}") from None


def integration_policy(name: str) -> IntegrationPolicy:
    return choose("policy", name, policies())


def integration_window(dose_at: datetime, policy: IntegrationPolicy) -> IntegrationWindow:
    """The window after the dose given at ``dose_at`` (clinic local time; never before the dose)."""
    if policy.unit is WindowUnit.HOURS:
        opens = dose_at + timedelta(hours=policy.opens)
        closes = dose_at + timedelta(hours=policy.closes)
    else:
        midnight = datetime.combine(dose_at.date(), time(), tzinfo=dose_at.tzinfo)
        opens = midnight + timedelta(days=policy.opens)
        closes = midnight + timedelta(days=policy.closes + 1)
    return IntegrationWindow(dose_at, max(opens, dose_at), closes, policy)


def check_integration(
    doses: Sequence[datetime],
    sessions: Sequence[datetime],
    policy: IntegrationPolicy,
    *,
    now: datetime,
) -> tuple[IntegrationCheck, ...]:
    """For each dose (in time order), the first unused psychotherapy session inside its window.

    A session counts for one dose only. No session: ``due`` (``ok``) while the window is open at
    ``now``, ``missed`` (``needs_note``) once it has closed.
    """
    unused = sorted(sessions)
    checks = []
    for dose_at in sorted(doses):
        window = integration_window(dose_at, policy)
        session = next((s for s in unused if window.contains(s)), None)
        if session is not None:
            unused.remove(session)
            status, level = IntegrationStatus.DONE, Level.OK
            reason = f"Integration session at {session:%Y-%m-%d %H:%M}"
        elif now < window.closes_at:
            status, level = IntegrationStatus.DUE, Level.OK
            reason = f"Integration session due before {window.closes_at:%Y-%m-%d %H:%M}"
        else:
            status, level = IntegrationStatus.MISSED, Level.NEEDS_NOTE
            reason = (
                f"No integration session between {window.opens_at:%Y-%m-%d %H:%M} and "
                f"{window.closes_at:%Y-%m-%d %H:%M} ({policy.description}, a clinic setting)"
            )
        finding = Finding(level, f"integration_{status}", reason, policy.source)
        checks.append(IntegrationCheck(window, status, session, finding))
    return tuple(checks)
