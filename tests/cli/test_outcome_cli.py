"""The ``remission outcome`` contract."""

import json

from remission.cli import main


def test_outcome_json_has_response_remission_reliable_change_and_percent_change(capsys):
    assert main(["outcome", "phq9", "--baseline", "20", "--current", "9", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["response"], data["remission"]) == (True, False)
    assert (data["reliable_improvement"], data["reliable_deterioration"]) == (True, False)
    assert data["percent_change"] == -55.0
    assert data["criteria"]["remission"]["label"] == "PHQ-9 <5"


def test_outcome_without_a_published_rule_is_null(capsys):
    assert main(["outcome", "gad7", "--baseline", "15", "--current", "5", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["response"], data["remission"], data["reliable_improvement"]) == (None, None, True)


def test_outcome_summary_names_each_rule(capsys):
    assert main(["outcome", "hamd17", "--baseline", "24", "--current", "7"]) == 0
    out = capsys.readouterr().out
    assert "HAM-D17 24 → 7: change -17, -70.8%" in out
    assert "remission: yes (HRSD17 ≤7;" in out


def test_outcome_out_of_range_exits_2_naming_the_field(capsys):
    assert main(["outcome", "phq9", "--baseline", "30", "--current", "9"]) == 2
    err = capsys.readouterr().err
    assert (
        err
        == "remission outcome: phq9 baseline: 30 is out of range (allowed: whole numbers 0-27)\n"
    )


def test_outcome_of_the_cssrs_screener_exits_2(capsys):
    assert main(["outcome", "cssrs_screener", "--baseline", "1", "--current", "0"]) == 2
    assert "has no total score" in capsys.readouterr().err
