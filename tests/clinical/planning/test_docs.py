"""docs/algorithms/planning.md shows the rule set and the vignettes as they are: its tables are
rebuilt here from the rule files and the vignette files and must match word for word."""

from remission.clinical.planning import rule_set
from remission.clinical.planning.criteria import Argument
from remission.clinical.planning.rules import When
from tests.clinical.history.doctables import DOCS, worked_table
from tests.clinical.planning.support import vignettes

PAGE = "planning.md"


def _argument(value: Argument) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return ", ".join(value) if isinstance(value, tuple) else str(value)


def when_text(when: When) -> str:
    return "; ".join(f"{word} = {_argument(value)}" for word, value in when)


def rules_rows() -> list[dict[str, str]]:
    return [
        {
            "option": f"`{spec.id}`",
            "source": rule.source.guideline,
            "section": rule.source.section,
            "line": rule.source.line.value if rule.source.line else "\N{EN DASH}",
            "evidence": rule.source.evidence,
            "applies when": when_text(rule.when),
        }
        for spec in rule_set().options
        for rule in spec.rules
    ]


def precaution_rows() -> list[dict[str, str]]:
    return [
        {
            "code": f"`{precaution.code}`",
            "applies to": precaution.applies_to,
            "status": precaution.status.value,
            "when": when_text(precaution.when),
            "source": precaution.source,
        }
        for precaution in rule_set().precautions
    ]


def vignette_rows() -> list[dict[str, str]]:
    return [
        {"vignette": f"`{v.name}`", "profile": v.title, "asserts": v.asserts} for v in vignettes()
    ]


def test_the_rules_table_of_the_page_is_the_rule_file() -> None:
    assert worked_table(PAGE, "rules") == rules_rows()


def test_the_precautions_table_of_the_page_is_the_precautions_file() -> None:
    assert worked_table(PAGE, "precautions") == precaution_rows()


def test_the_vignette_table_of_the_page_is_what_the_vignette_tests_assert() -> None:
    assert worked_table(PAGE, "vignettes") == vignette_rows()


def test_the_page_names_the_rule_set_version() -> None:
    assert f"`{rule_set().version}`" in (DOCS / PAGE).read_text(encoding="utf-8")
