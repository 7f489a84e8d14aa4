"""The plan as a whole: basis shown every time, options not directives, inputs with dates, stale
and missing inputs flagged, a reproducible record (security-targets (c) 2-3, T37)."""

import copy
import json

from remission.clinical.history import AdequacyCriteria, TrdDefinition
from remission.clinical.planning import Status, parse_profile, plan, plan_as_dict, rule_set
from remission.clinical.planning.result import Line
from tests.clinical.planning.support import (
    RECENT,
    SERTRALINE,
    VENLAFAXINE,
    planned,
    profile_data,
)

TWO = profile_data(SERTRALINE, VENLAFAXINE, medications=["venlafaxine"])


def test_options_are_sorted_by_status_then_line() -> None:
    options = planned(TWO).options
    keys = [(o.status.rank, o.line.rank if o.line else len(Line)) for o in options]
    assert keys == sorted(keys)
    assert options[0].status is Status.SUGGESTED
    assert options[0].line is Line.FIRST


def test_every_option_has_its_basis_inputs_with_dates_and_a_status_matching_its_cautions() -> None:
    result = planned(TWO)
    ids = [option.id for option in result.options]
    assert len(ids) == len(set(ids))
    for option in result.options:
        assert option.reasons and option.sources and option.inputs_used
        expected = max(
            (c.status for c in option.cautions), key=lambda s: s.rank, default="suggested"
        )
        assert option.status == expected
        dated = [item for item in option.inputs_used if item.date is not None]
        assert dated, option.id
    esketamine = result.option("esketamine")
    assert esketamine is not None
    used = {item.name: item for item in esketamine.inputs_used}
    assert str(used["blood pressure"].date) == RECENT
    assert used["adequate failed antidepressant trials"].value == "2 (trials 0, 1)"
    assert used["conditions"].value == "none"


def test_a_stale_phq9_is_shown_with_its_date_and_reported_missing() -> None:
    data = profile_data(phq9=None, scores={"phq9": 12})
    data["latest"]["phq9"]["date"] = "2026-08-01"
    result = planned(data)
    assert "no PHQ-9 in the last 30 days (latest 12 on 2026-08-01)" in result.missing_inputs
    cbt = result.option("psychotherapy_cbt")
    assert cbt is not None
    [phq9] = [item for item in cbt.inputs_used if item.name == "PHQ-9"]
    assert (str(phq9.date), phq9.stale) == ("2026-08-01", True)


def test_every_plan_records_the_rule_set_version_the_staging_and_the_limitations() -> None:
    data = plan_as_dict(planned(TWO))
    assert data["rules_version"] == rule_set().version
    assert data["as_of"] == "2026-11-01"
    assert data["staging"]["trd"]["status"] is True
    assert set(data) == {
        "rules_version",
        "as_of",
        "staging",
        "options",
        "missing_inputs",
        "interactions",
        "considerations",
        "limitations",
    }
    assert any("Suicide risk is not assessed" in text for text in data["limitations"])
    assert json.loads(json.dumps(data)) == data


def test_the_option_contract_has_every_field_the_issue_names() -> None:
    option = plan_as_dict(planned(TWO))["options"][0]
    assert {
        "id",
        "category",
        "status",
        "line",
        "reasons",
        "cautions",
        "sources",
        "inputs_used",
    } <= set(option)
    fields = {"guideline", "version", "section", "year", "evidence", "line"}
    assert set(option["sources"][0]) >= fields
    assert set(option["inputs_used"][0]) == {"name", "value", "date", "stale"}


def test_the_same_profile_gives_the_same_plan_and_is_not_changed() -> None:
    data = copy.deepcopy(TWO)
    profile = parse_profile(data)
    first, second = plan(profile), plan(profile)
    assert plan_as_dict(first) == plan_as_dict(second)
    assert data == TWO


def test_the_trd_definition_changes_the_failures_the_rules_count() -> None:
    """Venlafaxine 150 mg for 8 weeks counts with 6 or 8 weeks, not with 10 (clinical.md 4.1)."""
    profile = parse_profile(TWO)
    strict = plan(profile, TrdDefinition(AdequacyCriteria(min_weeks=10)))
    assert strict.option("esketamine") is None
    assert strict.staging.definition.adequacy.min_weeks == 10
    assert plan(profile).option("esketamine") is not None


def test_options_that_rest_only_on_a_design_note_or_an_unverified_item_are_cautions() -> None:
    result = planned(profile_data(SERTRALINE, conditions=["personality_disorder", "ptsd"]))
    for option_id in ("psychotherapy_dbt", "psychotherapy_trauma_focused"):
        option = result.option(option_id)
        assert option is not None
        assert [c.code for c in option.cautions] == ["unverified_basis"]
        assert option.unverified
        assert all(source.basis != "source" for source in option.sources)
