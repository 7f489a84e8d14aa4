"""The ``remission score`` contract: JSON fields, the answer conventions of each instrument,
refused input on one stderr line with exit status 2, and the installed command end to end."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from remission.cli import main


def run_json(capsys, *args: str) -> dict:
    assert main(["score", *args, "--json"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    return json.loads(out)


def test_phq9_json_has_total_band_and_alerts(capsys):
    data = run_json(capsys, "phq9", "--answers", "1,2,3,1,0,1,2,1,2")
    assert (data["instrument"], data["total"], data["band"]) == ("phq9", 13, "moderate")
    assert data["band_set"] == "kroenke2001"
    assert [(a["item"], a["answer"], a["priority"]) for a in data["alerts"]] == [
        ("q9", 2, "urgent")
    ]


def test_phq9_difficulty_item_may_follow_as_a_tenth_value(capsys):
    data = run_json(capsys, "phq9", "--answers", "0,0,0,0,0,0,0,0,0,3")
    assert (data["total"], data["band"], data["alerts"]) == (0, "none_minimal", [])


@pytest.mark.parametrize(
    ("instrument", "answers", "band"),
    [
        ("gad7", "3,3,3,3,3,0,0", "severe"),
        ("qids_sr16", "0,0,0,0,3,0,0,0,0,3,3,0,3,0,0,0", "moderate"),
        ("cssrs_screener", "yes,yes,no,no,no,no,", "low"),
    ],
)
def test_band_is_the_snake_case_label_of_the_band_set(capsys, instrument, answers, band):
    assert run_json(capsys, instrument, "--answers", answers)["band"] == band


def test_qids_json_has_its_nine_domains(capsys):
    data = run_json(capsys, "qids_sr16", "--answers", "1,3,0,2,2,0,1,3,0,1,2,0,1,2,1,2")
    assert data["total"] == 16
    assert data["domains"]["sleep"] == 3
    assert len(data["domains"]) == 9


def test_who5_json_has_the_raw_total_and_the_percentage(capsys):
    data = run_json(capsys, "who5", "--answers", "3,3,3,3,3")
    assert (data["total"], data["percent"], data["band"]) == (15, 60, "above_cutoff")


def test_pcl5_json_has_the_dsm5_provisional_diagnosis(capsys):
    data = run_json(capsys, "pcl5", "--answers", "2,0,0,0,0,2,0,2,2,0,0,0,0,0,2,2,0,0,0,0")
    assert (data["total"], data["dsm5_provisional"]) == (12, True)


def test_cssrs_screener_takes_yes_no_and_empty_for_not_asked(capsys):
    data = run_json(capsys, "cssrs_screener", "--answers", "no,no,,,,yes,yes")
    assert (data["total"], data["band"]) == (None, "high")
    assert [(a["item"], a["priority"]) for a in data["alerts"]] == [
        ("q6", "urgent"),
        ("q6_recent", "urgent"),
    ]


def test_wsas_empty_first_value_is_a_retired_patient(capsys):
    data = run_json(capsys, "wsas", "--answers", ",4,4,4,4")
    assert (data["total"], data["max_total"], data["excluded"]) == (16, 32, ["q1"])


def test_summary_without_json_names_band_and_alert(capsys):
    assert main(["score", "phq9", "--answers", "0,0,0,0,0,0,0,0,1"]) == 0
    out = capsys.readouterr().out
    assert "PHQ-9: total 1 of 27" in out
    assert "REVIEW alert: item q9 answered 1 (Several days)" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["phq9", "--answers", "1,2,3,1,0,1,2,1,4"],
            "phq9 item q9: 4 is not an allowed answer (allowed: 0-3)",
        ),
        (["phq9", "--answers", "1,2,3"], "phq9 item q4: missing answer (allowed: 0-3)"),
        (
            ["phq9", "--answers", "1,1,1,1,1,1,1,1,x"],
            "phq9 item q9: 'x' is not an allowed answer (allowed: 0-3)",
        ),
        (["phq2", "--answers", "1,1,1"], "phq2: 3 answers given, at most 2"),
        (
            ["cssrs_screener", "--answers", "maybe"],
            "cssrs_screener item q1: 'maybe' is not an allowed answer (allowed: no or yes)",
        ),
        (
            ["hamd17", "--answers", "0,0,0,3"],
            "hamd17 item q4: 3 is not an allowed answer (allowed: 0-2)",
        ),
        (["bdi", "--answers", "1"], "unknown instrument 'bdi'"),
    ],
)
def test_invalid_answers_exit_2_with_one_line_naming_item_and_allowed_values(capsys, args, message):
    assert main(["score", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("remission score: ")
    assert message in captured.err


def test_missing_answers_option_is_a_usage_error_with_status_2(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["score", "phq9"])
    assert exited.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_installed_command_scores_without_django():
    command = Path(sys.executable).with_name("remission")
    completed = subprocess.run(
        [command, "score", "phq9", "--answers", "3,3,3,3,3,3,3,3,3", "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    data = json.loads(completed.stdout)
    assert (data["total"], data["band"], data["alerts"][0]["priority"]) == (27, "severe", "urgent")


def test_score_command_does_not_import_django():
    code = (
        "import sys; from remission.cli import main; "
        "main(['score', 'gad7', '--answers', '0,0,0,0,0,0,0']); "
        "sys.exit('django' in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, timeout=60)
