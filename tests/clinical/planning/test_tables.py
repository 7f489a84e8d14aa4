"""The rule files load once, with one version, and a broken file fails loudly at start-up naming
the file, the row and the key (architecture: rules live in data, validated once)."""

import copy
import tomllib
from collections.abc import Callable, Iterator
from decimal import Decimal
from importlib import resources
from typing import Any

import pytest

from remission.clinical.planning import rule_set
from remission.clinical.planning import rules as rules_module
from remission.clinical.protocols.errors import RuleTableError
from remission.clinical.protocols.tables import Row

ISSUE_VOCABULARY = [
    "optimise_dose",
    "switch_same_class",
    "switch_other_class",
    "switch_tca",
    "switch_maoi",
    "combine_mirtazapine",
    "augment_aripiprazole",
    "augment_brexpiprazole",
    "augment_quetiapine_xr",
    "augment_lithium",
    "augment_t3",
    "augment_bupropion",
    "esketamine",
    "ketamine_iv",
    "rtms",
    "itbs",
    "ect",
    "psychotherapy_cbt",
    "psychotherapy_ba",
    "psychotherapy_ipt",
    "psychotherapy_cbasp",
    "psychotherapy_psychodynamic_long_term",
    "psychotherapy_dbt",
    "psychotherapy_act",
    "psychotherapy_mbct",
    "psychotherapy_trauma_focused",
    "psychotherapy_systemic",
    "intensive_outpatient",
    "ketamine_with_psychotherapy",
]


def _shipped(name: str) -> dict[str, Any]:
    path = resources.files("remission.clinical.planning").joinpath("data", f"{name}.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


@pytest.fixture
def broken(
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Callable[[str, Callable[[dict[str, Any]], None]], None]]:
    """Load the rule set with one file edited; the cache is cleared before and after."""

    def edit(name: str, change: Callable[[dict[str, Any]], None]) -> None:
        data = {"rules": _shipped("rules"), "precautions": _shipped("precautions")}
        change(data[name])
        monkeypatch.setattr(
            rules_module,
            "load",
            lambda file, package: Row(f"{file}.toml", copy.deepcopy(data[file])),
        )
        rule_set.cache_clear()

    yield edit
    rule_set.cache_clear()


def test_the_shipped_rule_set_loads_with_one_version_and_the_issues_option_ids() -> None:
    rules = rule_set()
    ids = [spec.id for spec in rules.options]
    assert len(ids) == len(set(ids))
    assert set(ISSUE_VOCABULARY) <= set(ids)
    assert rules.version == _shipped("precautions")["version"] == _shipped("rules")["version"]
    assert rules.recency_days == 30


def _first_rule(data: dict[str, Any]) -> dict[str, Any]:
    rule: dict[str, Any] = data["option"][0]["rule"][0]
    return rule


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        (
            "rules",
            lambda d: _first_rule(d)["when"].update(failures=2),
            "rules.toml [option] row 1 [rule] row 1 [when]: failures: unknown criterion",
        ),
        (
            "rules",
            lambda d: _first_rule(d)["when"].update(min_failures="two"),
            "min_failures: must be a whole number of at least 0",
        ),
        (
            "rules",
            lambda d: _first_rule(d)["when"].update(conditions=["aneurysm"]),
            "conditions: unknown values ['aneurysm']",
        ),
        ("rules", lambda d: _first_rule(d).update(guideline="apa"), "unknown guideline 'apa'"),
        ("rules", lambda d: _first_rule(d).update(line="fourth"), "unknown line 'fourth'"),
        (
            "rules",
            lambda d: _first_rule(d).update(basis="design_note"),
            "a rule not based on a source needs a caveat",
        ),
        (
            "rules",
            lambda d: d["option"][1].update(id=d["option"][0]["id"]),
            "option ids must be unique",
        ),
        (
            "rules",
            lambda d: d["option"][9].update(drugs=["aripiprazol"]),
            "drugs or drug_class not in the drug tables",
        ),
        (
            "precautions",
            lambda d: d.update(version="1999-01-01.1"),
            "'version' must equal the version of rules.toml",
        ),
        (
            "precautions",
            lambda d: d["precaution"][0].update(level="suggested"),
            "level must be caution or contraindicated",
        ),
        (
            "precautions",
            lambda d: d["precaution"][4].update(options=["esketamin"]),
            "unknown or no options ['esketamin']",
        ),
    ],
    ids=[
        "unknown criterion",
        "wrong value type",
        "unknown condition",
        "unknown guideline",
        "unknown line",
        "design note without caveat",
        "duplicate option id",
        "unknown drug",
        "version mismatch",
        "precaution that suggests",
        "precaution for an unknown option",
    ],
)
def test_a_broken_rule_file_fails_loudly_naming_the_place(
    broken: Callable[[str, Callable[[dict[str, Any]], None]], None],
    name: str,
    change: Callable[[dict[str, Any]], None],
    message: str,
) -> None:
    broken(name, change)
    with pytest.raises(RuleTableError) as raised:
        rule_set()
    assert message in str(raised.value)
