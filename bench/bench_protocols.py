"""Protocol core: cold table load, and the cost of the calculations a clinic day repeats."""

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

from remission.clinical.protocols import (
    TABLES,
    contraindications,
    esketamine,
    integration,
    ketamine_iv,
    tms,
    validate_all,
)
from remission.clinical.protocols.treatments import Treatment

START = date(2026, 12, 7)


def _time(label: str, repeat: int, work: Callable[[], object]) -> None:
    started = time.perf_counter()
    for _ in range(repeat):
        work()
    each = (time.perf_counter() - started) / repeat
    print(f"{label:<58} {each * 1e6:>10.1f} µs  (x{repeat})")


def _cold_load() -> None:
    for read in TABLES:
        read.cache_clear()
    assert validate_all() == ()


def main() -> None:
    _time("load and validate every rule table (cold)", 50, _cold_load)
    _time("IV ketamine dose, rate and volume", 10_000, _dose)
    _time("IV ketamine twice-weekly series", 5_000, _series)
    _time("esketamine schedule, 104 weeks", 1_000, _esketamine)
    _time("TMS accelerated course (50 sessions with times)", 2_000, _accelerated)
    _time("contraindication screen, all 19 conditions", 5_000, _screen)
    _time("integration check, 100 doses and 100 sessions", 100, _integration)


def _dose() -> object:
    return ketamine_iv.ketamine_dose(Decimal("72.3"), concentration_mg_per_ml=Decimal(10))


def _series() -> object:
    return ketamine_iv.ketamine_series(START, ketamine_iv.series_template("twice-weekly-3w"))


def _esketamine() -> object:
    return esketamine.esketamine_schedule(START, weeks=104)


def _accelerated() -> object:
    return tms.tms_course(START, tms.tms_protocol("accelerated"))


def _screen() -> object:
    return contraindications.screen(Treatment.ESKETAMINE, list(contraindications.Condition))


DOSES = [datetime(2026, 12, 7, 10) + timedelta(days=3 * n) for n in range(100)]
SESSIONS = [dose + timedelta(hours=20) for dose in DOSES]


def _integration() -> object:
    policy = integration.integration_policy("within-72h")
    return integration.check_integration(DOSES, SESSIONS, policy, now=DOSES[-1])


if __name__ == "__main__":
    main()
