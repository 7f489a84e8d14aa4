"""``remission protocol``: the command-line contract, in process and once for real.

Numbers are checked against their sources: 0.5 mg/kg over 40 min (ELEKT-D), the SPRAVATO label
schedule, NeuroStar / THREE-D / SAINT (clinical.md 6.1, 6.2, 6.4).
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from remission.cli import main

START = "2026-12-07"  # a Monday


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        status = main(["protocol", *argv])
    except SystemExit as exit:
        status = int(exit.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    status, out, err = _run(capsys, *argv, "--json")
    assert (status, err) == (0, "")
    return json.loads(out)


def test_ketamine_for_70_kg_is_35_mg_at_52_5_mg_per_hour_twice_weekly_for_3_weeks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan = _json(capsys, "ketamine-iv", "--weight-kg", "70", "--start", START)
    assert (plan["dose_mg"], plan["rate_mg_per_h"]) == (35, 52.5)
    assert all(isinstance(plan[key], int | float) for key in ("dose_mg", "rate_mg_per_h"))
    assert [s["date"] for s in plan["sessions"]] == [
        "2026-12-07",
        "2026-12-10",
        "2026-12-14",
        "2026-12-17",
        "2026-12-21",
        "2026-12-24",
    ]
    assert plan["series"] == "twice-weekly-3w"


def test_ketamine_options_change_the_dose_rate_and_series(
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan = _json(
        capsys,
        "ketamine-iv",
        "--weight-kg",
        "72.3",
        "--start",
        START,
        "--mg-per-kg",
        "0.5",
        "--minutes",
        "40",
        "--series",
        "thrice-weekly-2w",
    )
    assert (plan["dose_mg"], plan["rate_mg_per_h"]) == (36.2, 54.3)
    assert plan["rounding"]["dose_mg"] == {
        "unrounded": 36.15,
        "step": 0.1,
        "unit": "mg",
        "changed": True,
    }
    assert [s["weekday"] for s in plan["sessions"]] == ["Monday", "Wednesday", "Friday"] * 2


def test_esketamine_defaults_to_12_weeks_of_the_us_label_with_every_2_weeks_from_week_9(
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan = _json(capsys, "esketamine", "--start", START)
    sessions = plan["sessions"]
    assert len(sessions) == 14
    assert [s["phase"] for s in sessions] == ["induction"] * 8 + ["maintenance"] * 6
    assert {s["week"] for s in sessions if s["phase"] == "induction"} == {1, 2, 3, 4}
    assert [s["week"] for s in sessions if s["phase"] == "maintenance"] == [5, 6, 7, 8, 9, 11]
    assert sessions[0]["dose_options_mg"] == [56]
    assert {tuple(s["dose_options_mg"]) for s in sessions[1:]} == {(56, 84)}
    assert (sessions[0]["date"], sessions[0]["rems_form_due"]) == ("2026-12-07", "2026-12-14")
    assert plan["observation_minutes"] == 120


def test_esketamine_in_the_eu_at_65_starts_at_28_mg_without_rems(
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan = _json(capsys, "esketamine", "--start", START, "--age", "65", "--region", "eu")
    first, second = plan["sessions"][:2]
    assert (first["dose_options_mg"], second["dose_options_mg"]) == ([28], [28, 56, 84])
    assert first["devices"] == [1]
    assert first["rems_form_due"] is None


def test_esketamine_weeks_sets_the_horizon(capsys: pytest.CaptureFixture[str]) -> None:
    plan = _json(capsys, "esketamine", "--start", START, "--age", "45", "--weeks", "8")
    assert len(plan["sessions"]) == 12


@pytest.mark.parametrize(
    ("protocol", "total", "pulses", "minutes", "days"),
    [("10hz", 36, 3000, 37.5, 36), ("itbs", 30, 600, 3, 30), ("accelerated", 50, 1800, 10, 5)],
)
def test_tms_courses_report_sessions_pulses_and_session_length(
    capsys: pytest.CaptureFixture[str],
    protocol: str,
    total: int,
    pulses: int,
    minutes: float,
    days: int,
) -> None:
    plan = _json(capsys, "tms", "--protocol", protocol, "--start", START)
    assert (plan["sessions_total"], plan["pulses_per_session"]) == (total, pulses)
    assert plan["session_minutes"] == minutes
    assert len(plan["sessions"]) == total
    assert len({s["date"] for s in plan["sessions"]}) == days
    assert plan["sessions"][0]["date"] == START


def test_accelerated_tms_gives_each_sessions_start_time(capsys: pytest.CaptureFixture[str]) -> None:
    plan = _json(capsys, "tms", "--protocol", "accelerated", "--start", START)
    assert [s["starts_at"] for s in plan["sessions"][:3]] == ["08:00", "09:00", "10:00"]
    assert plan["interval_minutes"] == 50


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["ketamine-iv", "--weight-kg", "70", "--start", START], "= 35 mg over 40 min at 52.5"),
        (["esketamine", "--start", START], "14 sessions"),
        (["tms", "--protocol", "10hz", "--start", START], "36 sessions"),
    ],
)
def test_without_json_a_short_summary_is_printed(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    status, out, _ = _run(capsys, *argv)
    assert status == 0
    assert expected in out
    assert not out.lstrip().startswith("{")


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["ketamine-iv", "--weight-kg", "500", "--start", START], "--weight-kg"),
        (["ketamine-iv", "--weight-kg", "seventy", "--start", START], "--weight-kg"),
        (["ketamine-iv", "--start", START], "--weight-kg"),
        (["ketamine-iv", "--weight-kg", "70", "--start", "07/12/2026"], "--start"),
        (["ketamine-iv", "--weight-kg", "70", "--start", "2026-02-30"], "--start"),
        (["ketamine-iv", "--weight-kg", "70", "--start", START, "--mg-per-kg", "2"], "--mg-per-kg"),
        (["ketamine-iv", "--weight-kg", "70", "--start", START, "--minutes", "20"], "--minutes"),
        (["ketamine-iv", "--weight-kg", "70", "--start", START, "--series", "daily"], "--series"),
        (["esketamine", "--start", START, "--region", "eu"], "--age"),
        (["esketamine", "--start", START, "--age", "16"], "--age"),
        (["esketamine", "--start", START, "--region", "uk"], "--region"),
        (["esketamine", "--start", START, "--weeks", "0"], "--weeks"),
        (["tms", "--protocol", "1hz", "--start", START], "--protocol"),
        (["tms", "--protocol", "itbs", "--start", "2026-12-12"], "--start"),
        (["tms", "--protocol", "accelerated", "--start", "2026-12-08"], "--start"),
    ],
)
def test_invalid_input_exits_2_with_one_line_naming_the_field(
    capsys: pytest.CaptureFixture[str], argv: list[str], field: str
) -> None:
    status, out, err = _run(capsys, *argv, "--json")
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert field in err


def test_the_installed_command_plans_a_series_without_importing_django() -> None:
    command = Path(sys.executable).parent / "remission"
    result = subprocess.run(
        [command, "protocol", "ketamine-iv", "--weight-kg", "70", "--start", START, "--json"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPROFILEIMPORTTIME": "1"},  # lists every import on stderr
        timeout=30,
    )
    assert result.returncode == 0
    assert json.loads(result.stdout)["dose_mg"] == 35
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
    assert "remission.clinical.protocols.ketamine_iv" in imported
    assert not {name for name in imported if name.split(".")[0] == "django"}
