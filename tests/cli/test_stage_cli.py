"""``remission stage HISTORY.json [--min-weeks N] [--different-classes] [--json]``: the contract."""

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import time_machine

from remission.cli import main

EXAMPLE: dict[str, Any] = {
    "as_of": "2026-11-01",
    "episode": {"start": "2025-05-01", "severity": "moderate", "psychotic_features": False},
    "trials": [
        {
            "type": "antidepressant",
            "drug": "sertraline",
            "doses": [{"mg_per_day": 50, "weeks": 2}, {"mg_per_day": 150, "weeks": 8}],
            "adherent": True,
            "outcome": "no_response",
            "optimised": True,
        },
        {
            "type": "augmentation",
            "drug": "aripiprazole",
            "augments": 0,
            "doses": [{"mg_per_day": 5, "weeks": 6}],
            "adherent": True,
            "outcome": "partial_response",
        },
        {
            "type": "psychotherapy",
            "modality": "cbt",
            "sessions": 16,
            "weeks": 16,
            "outcome": "no_response",
        },
        {"type": "ect", "laterality": "bilateral", "sessions": 12, "outcome": "no_response"},
    ],
}
SECOND_FAILURE = {
    "type": "antidepressant",
    "drug": "citalopram",
    "doses": [{"mg_per_day": 20, "weeks": 7}],
    "adherent": True,
    "outcome": "no_response",
}


def write(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "history.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def stage_json(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: Any, *options: str) -> Any:
    assert main(["stage", write(tmp_path, data), "--json", *options]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_example_history_is_staged_with_every_contract_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Expected values derived from clinical.md 3.2-3.4 and 4.2 (see docs/algorithms)."""
    out = stage_json(tmp_path, capsys, EXAMPLE)
    assert [trial["adequate"] for trial in out["trials"]] == [True, False, False, False]
    assert all(trial["reasons"] for trial in out["trials"])
    assert out["adequate_failed_antidepressant_trials"] == 1
    assert out["trd"]["status"] is False
    assert out["trd"]["definition"]["min_weeks"] == 6
    assert out["trd"]["definition"]["different_classes"] is False
    assert out["thase_rush"]["stage"] == 1
    assert out["mgh_s"]["score"] == 5
    assert out["msm"] == out["msm"] | {
        "total": 8,
        "band": "moderate",
        "items": {
            "duration": 2,
            "severity": 3,
            "antidepressant_failures": 1,
            "augmentation": 1,
            "ect": 1,
        },
    }
    assert out["dm_trd"]["available"] is False
    assert out["episode"]["months"] == 18


def test_a_second_failure_makes_it_trd(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = copy.deepcopy(EXAMPLE)
    data["trials"].append(SECOND_FAILURE)
    out = stage_json(tmp_path, capsys, data)
    assert out["trd"]["status"] is True
    assert out["trd"]["counted_trials"] == [0, 4]


def test_min_weeks_changes_adequacy_and_is_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = copy.deepcopy(EXAMPLE)
    data["trials"].append(SECOND_FAILURE)  # 7 weeks at the minimum dose
    out = stage_json(tmp_path, capsys, data, "--min-weeks", "8")
    assert out["trd"]["status"] is False
    assert out["trials"][4]["adequate"] is False
    assert out["trd"]["definition"]["min_weeks"] == 8
    assert out["mgh_s"]["min_weeks"] == 8


def test_different_classes_is_applied_and_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = copy.deepcopy(EXAMPLE)
    data["trials"].append(SECOND_FAILURE)  # citalopram: an SSRI, like sertraline
    out = stage_json(tmp_path, capsys, data, "--different-classes")
    assert out["trd"]["status"] is False
    assert out["trd"]["definition"]["different_classes"] is True
    assert out["trd"]["classes"] == ["SSRI"]


def test_without_json_the_report_is_plain_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stage", write(tmp_path, EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "TRD: no" in out
    assert "Thase-Rush: stage I" in out
    assert "MGH-S: 5" in out
    assert "Maudsley (MSM): 8 (moderate)" in out


def test_the_command_never_reads_the_clock(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """as_of is "today": the same file gives the same result on any day."""
    with time_machine.travel("2031-01-01"):
        later = stage_json(tmp_path, capsys, EXAMPLE)
    with time_machine.travel("2026-11-01"):
        now = stage_json(tmp_path, capsys, EXAMPLE)
    assert later == now


def edited(path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(EXAMPLE)
    *parents, last = path.replace("[", ".").replace("]", "").split(".")
    target: Any = data
    for key in parents:
        target = target[int(key) if key.isdigit() else key]
    if value is ...:
        del target[last]
    else:
        target[last] = value
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            edited("trials[0].drug", "sertralin"),
            "trials[0].drug: unknown drug 'sertralin' (closest known: sertraline)",
        ),
        (
            edited("trials[0].doses[1].mg_per_day", 0.15),
            "trials[0].doses[1].mg_per_day: 0.15 mg per day is not a plausible dose of sertraline",
        ),
        (
            edited("trials[0].doses[1].mg_per_day", "150 mg"),
            "trials[0].doses[1].mg_per_day: must be a number of mg per day, not the text '150 mg'",
        ),
        (
            edited("trials[0].doses[1].weeks", -8),
            "trials[0].doses[1].weeks: must be more than 0 weeks, not -8",
        ),
        (
            edited(
                "trials[0].doses", [{"mg_per_day": 50, "start": "2026-06-01", "end": "2026-05-01"}]
            ),
            "trials[0].doses[0].end: must be after start (2026-06-01)",
        ),
        (edited("episode.start", "2027-01-01"), "episode.start: must not be after as_of"),
        (edited("trials[0].outcome", ...), "trials[0].outcome: is required"),
        (
            edited("trials[3].sessions", "twelve"),
            "trials[3].sessions: must be a whole number of sessions, not the text 'twelve'",
        ),
        ("{not json", "not valid JSON: Expecting property name enclosed in double quotes"),
    ],
    ids=[
        "unknown drug",
        "wrong units",
        "dose as text",
        "negative weeks",
        "dates in wrong order",
        "episode after as_of",
        "missing field",
        "wrong type",
        "invalid JSON",
    ],
)
def test_invalid_input_exits_2_with_one_line_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: Any, message: str
) -> None:
    path = write(tmp_path, data)
    assert main(["stage", path, "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"remission stage: {path}: ")
    assert message in captured.err
    assert captured.err.count("\n") == 1


def test_several_unknown_drugs_are_listed_on_the_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = edited("trials[0].drug", "sertralin")
    data["trials"].append({**SECOND_FAILURE, "drug": "citalopam"})
    assert main(["stage", write(tmp_path, data)]) == 2
    err = capsys.readouterr().err
    assert "trials[0].drug: unknown drug 'sertralin' (closest known: sertraline); " in err
    assert "trials[4].drug: unknown drug 'citalopam' (closest known: citalopram" in err
    assert err.count("\n") == 1


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "absent.json"
    assert main(["stage", str(missing)]) == 2
    assert (
        capsys.readouterr().err
        == f"remission stage: {missing}: cannot read: No such file or directory\n"
    )


@pytest.mark.parametrize("weeks", ["0", "six", "53"])
def test_a_bad_min_weeks_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], weeks: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["stage", write(tmp_path, EXAMPLE), "--min-weeks", weeks])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("remission stage: argument --min-weeks: ")
    assert err.count("\n") == 1


def test_the_installed_command_runs_as_a_subprocess(tmp_path: Path) -> None:
    command = Path(sys.executable).with_name("remission")
    done = subprocess.run(
        [command, "stage", write(tmp_path, EXAMPLE), "--json", "--min-weeks", "6"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["msm"]["total"] == 8
    bad = subprocess.run(
        [command, "stage", write(tmp_path, edited("trials[0].drug", "sertralin"))],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert bad.returncode == 2
    assert "trials[0].drug: unknown drug 'sertralin'" in bad.stderr
