"""The ``remission instruments`` listing."""

import json

from remission.cli import main


def test_instruments_json_lists_all_twelve_with_their_answer_order(capsys):
    assert main(["instruments", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    by_id = {entry["id"]: entry for entry in data["instruments"]}
    assert len(by_id) == 12
    assert [a["item"] for a in by_id["cssrs_screener"]["answers"]] == [
        "q1", "q2", "q3", "q4", "q5", "q6", "q6_recent"
    ]  # fmt: skip
    assert by_id["phq9"]["languages"] == ["en", "de"]
    assert by_id["madrs"]["languages"] == []
    assert by_id["hamd17"]["band_sets"][0]["id"] == "zimmerman2013"


def test_instruments_summary_has_one_line_per_instrument(capsys):
    assert main(["instruments"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 12
    assert lines[0].startswith("cadss ")
