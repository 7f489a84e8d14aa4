"""The ``remission convert`` contract."""

import json

from remission.cli import main


def test_convert_json_gives_a_single_value_and_its_source(capsys):
    assert main(["convert", "--from", "qids_sr16", "--to", "hamd17", "5", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["value"] == 7
    assert "Rush et al. 2003" in data["source"]
    assert "approximation" in data


def test_convert_json_gives_low_and_high_where_the_table_gives_a_range(capsys):
    assert main(["convert", "--from", "hamd17", "--to", "madrs", "7", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["low"], data["high"]) == (8, 9)
    assert "value" not in data


def test_convert_to_promis_t_says_the_table_is_unverified(capsys):
    assert main(["convert", "--from", "phq9", "--to", "promis_depression_t", "10", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["value"], data["evidence"]) == (59.9, "UNVERIFIED")


def test_convert_summary_shows_the_approximation(capsys):
    assert main(["convert", "--from", "hamd17", "--to", "madrs", "7"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("HAM-D17 7 ≈ MADRS 8-9\n")


def test_convert_without_a_table_exits_2(capsys):
    assert main(["convert", "--from", "qids_sr16", "--to", "madrs", "5"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("remission convert: no crosswalk from qids_sr16 to madrs")
    assert err.count("\n") == 1


def test_convert_value_off_the_scale_exits_2(capsys):
    assert main(["convert", "--from", "hamd17", "--to", "madrs", "60"]) == 2
    assert (
        "hamd17 value: 60 is out of range (allowed: whole numbers 0-52)" in capsys.readouterr().err
    )
