"""Integration windows (docs/algorithms/integration-window.md).

Every window is a clinic setting. Next day follows the design of Price et al. 2022 [S]; the
"24-72 h window" has no primary clinical source (clinical.md 6.6 and 9, item 9: UNVERIFIED).
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from remission.clinical.protocols.errors import ProtocolInputError
from remission.clinical.protocols.findings import Level
from remission.clinical.protocols.integration import (
    IntegrationPolicy,
    IntegrationStatus,
    WindowUnit,
    check_integration,
    integration_policy,
    integration_window,
    policies,
)

DOSE = datetime(2026, 12, 7, 10, 0)  # a Monday


def test_next_day_is_the_whole_calendar_day_after_the_dose() -> None:
    window = integration_window(DOSE, integration_policy("next-day"))
    assert (window.opens_at, window.closes_at) == (
        datetime(2026, 12, 8, 0, 0),
        datetime(2026, 12, 9, 0, 0),
    )
    assert not window.contains(datetime(2026, 12, 7, 20, 0))
    assert window.contains(datetime(2026, 12, 8, 23, 59))
    assert "Price et al. 2022" in window.policy.source


def test_within_72_hours_counts_71_59_and_not_72_00() -> None:
    window = integration_window(DOSE, integration_policy("within-72h"))
    assert window.contains(DOSE + timedelta(hours=71, minutes=59))
    assert not window.contains(DOSE + timedelta(hours=72))


def test_a_window_never_opens_before_the_dose() -> None:
    window = integration_window(DOSE, integration_policy("same-day"))
    assert window.opens_at == DOSE
    assert not window.contains(datetime(2026, 12, 7, 8, 0))
    assert window.closes_at == datetime(2026, 12, 8, 0, 0)


def test_calendar_day_windows_keep_the_clinics_time_zone() -> None:
    zone = ZoneInfo("Europe/Berlin")
    window = integration_window(DOSE.replace(tzinfo=zone), integration_policy("next-day"))
    assert window.opens_at == datetime(2026, 12, 8, tzinfo=zone)


def test_every_preset_says_it_is_a_clinic_setting_and_not_a_published_standard() -> None:
    for policy in policies().values():
        assert "clinic setting" in policy.source.lower()
        assert "not a published standard" in policy.source
    assert "UNVERIFIED" in integration_policy("within-72h").source


def test_a_dose_with_a_session_in_its_window_is_done() -> None:
    [check] = check_integration(
        [DOSE], [datetime(2026, 12, 8, 15, 0)], integration_policy("next-day"), now=DOSE
    )
    assert check.status is IntegrationStatus.DONE
    assert check.session_at == datetime(2026, 12, 8, 15, 0)
    assert check.finding.level is Level.OK


def test_a_dose_without_a_session_is_due_while_open_and_flagged_once_closed() -> None:
    policy = integration_policy("next-day")
    [due] = check_integration([DOSE], [], policy, now=datetime(2026, 12, 8, 23, 59))
    [missed] = check_integration([DOSE], [], policy, now=datetime(2026, 12, 9, 0, 0))
    assert (due.status, due.finding.level) == (IntegrationStatus.DUE, Level.OK)
    assert (missed.status, missed.finding.level) == (IntegrationStatus.MISSED, Level.NEEDS_NOTE)
    assert "a clinic setting" in missed.finding.reason


def test_one_session_counts_for_one_dose_only() -> None:
    doses = [DOSE, DOSE + timedelta(days=1)]
    session = [DOSE + timedelta(days=1, hours=4)]
    checks = check_integration(doses, session, integration_policy("within-72h"), now=DOSE)
    assert [c.status for c in checks] == [IntegrationStatus.DONE, IntegrationStatus.DUE]


def test_doses_are_checked_in_time_order_whatever_order_they_arrive_in() -> None:
    later = DOSE + timedelta(days=3)
    checks = check_integration([later, DOSE], [], integration_policy("next-day"), now=DOSE)
    assert [c.window.dose_at for c in checks] == [DOSE, later]


def test_a_clinic_may_define_its_own_24_to_72_hour_window() -> None:
    policy = IntegrationPolicy("24-72h", "24 to 72 h after", WindowUnit.HOURS, 24, 72, "clinic")
    window = integration_window(DOSE, policy)
    assert window.opens_at == DOSE + timedelta(hours=24)


@pytest.mark.parametrize(
    ("unit", "opens", "closes"),
    [(WindowUnit.HOURS, 24, 24), (WindowUnit.DAYS, 2, 1), (WindowUnit.HOURS, -1, 12)],
)
def test_an_empty_or_negative_window_is_refused(unit: WindowUnit, opens: int, closes: int) -> None:
    with pytest.raises(ProtocolInputError) as error:
        IntegrationPolicy("bad", "bad", unit, opens, closes, "clinic")
    assert error.value.field == "policy"


def test_an_unknown_preset_is_refused_with_the_known_names() -> None:
    with pytest.raises(ProtocolInputError, match="same-day, next-day, within-72h"):
        integration_policy("whenever")
