"""``remission plan PROFILE.json [--json]``: the contract, in process and once as a subprocess."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import time_machine

from remission.cli import main
from tests.clinical.history.notation import antidepressant
from tests.clinical.planning.support import SERTRALINE, VENLAFAXINE, profile_data

EXAMPLE = profile_data(
    SERTRALINE,
    VENLAFAXINE,
    medications=["venlafaxine"],
    conditions=["intracranial_aneurysm"],
    bp={"systolic": 150, "diastolic": 95, "date": "2026-10-28"},
)


def write(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "profile.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def plan_json(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: Any) -> Any:
    assert main(["plan", write(tmp_path, data), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_output_has_staging_options_missing_inputs_version_and_limitations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = plan_json(tmp_path, capsys, EXAMPLE)
    assert {"staging", "options", "missing_inputs", "rules_version", "limitations"} <= set(out)
    assert out["staging"]["trd"]["status"] is True
    options = {option["id"]: option for option in out["options"]}
    assert options["esketamine"]["status"] == "contraindicated"
    assert options["augment_aripiprazole"]["status"] == "suggested"
    assert options["augment_aripiprazole"]["line"] == "first"
    source = options["augment_aripiprazole"]["sources"][0]
    assert (source["guideline"], source["section"], source["year"], source["evidence"]) == (
        "CANMAT 2023",
        "Table 7.2",
        2023,
        "Level 1",
    )
    codes = [caution["code"] for caution in options["esketamine"]["cautions"]]
    assert codes == ["intracranial_aneurysm", "blood_pressure_above_threshold"]


def test_without_json_the_summary_is_grouped_by_status_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", write(tmp_path, EXAMPLE)]) == 0
    out = capsys.readouterr().out
    headings = [
        line for line in out.splitlines() if line in ("Suggested", "Caution", "Contraindicated")
    ]
    assert headings == ["Suggested", "Caution", "Contraindicated"]
    suggested = out[out.index("Suggested") : out.index("Caution")]
    assert suggested.index("  First line") < suggested.index("  Second line")
    assert "    augment_aripiprazole: Add aripiprazole (augmentation)" in suggested
    assert "nothing here orders, books or messages anyone" in out
    assert "Missing inputs" in out and "Limitations" in out
    contraindicated = out[out.index("Contraindicated") :]
    assert "esketamine" in contraindicated and "! Aneurysmal vascular disease" in contraindicated


def test_recency_is_judged_against_as_of_and_never_the_clock(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with time_machine.travel("2031-01-01"):
        later = plan_json(tmp_path, capsys, EXAMPLE)
    with time_machine.travel("2026-11-01"):
        now = plan_json(tmp_path, capsys, EXAMPLE)
    assert later == now
    assert not any(text.startswith("no blood pressure") for text in now["missing_inputs"])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            EXAMPLE | {"conditions": ["aneurysm"]},
            "conditions[0]: must be one of intracranial_aneurysm, ",
        ),
        (EXAMPLE | {"age": None}, "age: is required"),
        (
            EXAMPLE | {"latest": {"bp": {"systolic": 150, "diastolic": 95, "date": "2026-12-01"}}},
            "latest.bp.date: must not be after history.as_of (2026-11-01)",
        ),
        (
            profile_data(antidepressant("sertralin", (50, 8))),
            "history.trials[0].drug: unknown drug 'sertralin' (closest known: sertraline)",
        ),
        ("{not json", "not valid JSON: Expecting property name enclosed in double quotes"),
    ],
    ids=[
        "unknown condition",
        "missing age",
        "reading after as_of",
        "history problem",
        "invalid JSON",
    ],
)
def test_invalid_input_exits_2_with_one_line_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: Any, message: str
) -> None:
    path = write(tmp_path, data)
    assert main(["plan", path, "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"remission plan: {path}: ")
    assert message in captured.err
    assert captured.err.count("\n") == 1


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "absent.json"
    assert main(["plan", str(missing)]) == 2
    assert (
        capsys.readouterr().err
        == f"remission plan: {missing}: cannot read: No such file or directory\n"
    )


def test_the_installed_command_runs_as_a_subprocess(tmp_path: Path) -> None:
    command = Path(sys.executable).with_name("remission")
    done = subprocess.run(
        [command, "plan", write(tmp_path, EXAMPLE), "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    options = {option["id"]: option["status"] for option in json.loads(done.stdout)["options"]}
    assert options["ketamine_iv"] == "contraindicated"
