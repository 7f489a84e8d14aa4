"""The shipped dose tables match clinical.md 4.2 and 4.3, carry their sources, and find drugs."""

import pytest

from remission.clinical.history import (
    Antidepressant,
    UnknownDrug,
    antidepressants,
    augmentation_agents,
    find_antidepressant,
    find_augmentation_agent,
)
from remission.clinical.history.doses import normalise_name, plausible_dose_range, table_info
from tests.clinical.history.reference import (
    ATRQ_MINIMUM,
    AUGMENTATION_RANGE,
    CANMAT_RANGE,
    GROUPS,
)


def test_the_antidepressant_table_lists_exactly_the_drugs_of_clinical_md_4_2() -> None:
    assert set(antidepressants()) == set(ATRQ_MINIMUM)


def test_each_atrq_minimum_matches_clinical_md_4_2() -> None:
    """ATRQ minimum adequate dose, MGH ATRQ as transcribed for COMP006 (clinical.md 4.2)."""
    assert {name: drug.atrq_minimum for name, drug in antidepressants().items()} == ATRQ_MINIMUM


def test_each_canmat_usual_range_matches_clinical_md_4_2() -> None:
    """CANMAT 2023 Table 3.3 usual range (clinical.md 4.2); none where the source has a dash."""
    ranges = {
        name: drug.canmat.range_mg
        for name, drug in antidepressants().items()
        if drug.canmat and drug.canmat.range_mg
    }
    assert ranges == CANMAT_RANGE


def test_every_value_names_its_source() -> None:
    for drug in antidepressants().values():
        if drug.atrq_minimum is not None:
            assert "ATRQ" in (drug.atrq_source or "")
            assert "COMP006" in (drug.atrq_source or "")
        if drug.canmat:
            assert "CANMAT 2023" in drug.canmat.source
            assert "Table 3.3" in drug.canmat.source
    for agent in augmentation_agents().values():
        assert "Table 7.2" in agent.canmat.source


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_drugs_keep_the_groups_of_clinical_md_4_2(group: str) -> None:
    assert {d.name for d in antidepressants().values() if d.group == group} == GROUPS[group]
    assert all(antidepressants()[drug].drug_class == group for drug in GROUPS[group])


def test_each_other_new_generation_drug_is_its_own_class() -> None:
    others = [d for d in antidepressants().values() if d.group == "other new-generation"]
    assert len(others) == 12
    assert all(drug.drug_class == drug.name for drug in others)


def test_the_augmentation_table_matches_clinical_md_4_3_per_day() -> None:
    """CANMAT 2023 Table 7.2; bid doses doubled, T3 micrograms as mg."""
    ranges = {name: agent.canmat.range_mg for name, agent in augmentation_agents().items()}
    assert ranges == AUGMENTATION_RANGE


def test_the_tables_are_versioned() -> None:
    names = [(info.name, bool(info.version)) for info in table_info()]
    assert names == [("antidepressant-doses", True), ("augmentation-agents", True)]


@pytest.mark.parametrize(
    ("written", "drug"),
    [
        ("Sertraline", "sertraline"),
        ("  SERTRALINE ", "sertraline"),
        ("venlafaxine XR", "venlafaxine"),
        ("Dextromethorphan\N{EN DASH}Bupropion", "dextromethorphan-bupropion"),
        ("dextromethorphan - bupropion", "dextromethorphan-bupropion"),
        ("selegiline_transdermal", "selegiline transdermal"),
        ("Paroxetine cr", "paroxetine CR"),
    ],
)
def test_drug_names_are_found_whatever_the_case_dashes_and_spaces(written: str, drug: str) -> None:
    assert find_antidepressant(written).name == drug


def test_an_unknown_drug_comes_with_the_closest_known_names() -> None:
    with pytest.raises(UnknownDrug) as raised:
        find_antidepressant("sertralin")
    assert raised.value.suggestions == ("sertraline",)
    assert str(raised.value) == "unknown drug 'sertralin' (closest known: sertraline)"


def test_brand_names_are_not_known_because_the_reference_gives_none() -> None:
    with pytest.raises(UnknownDrug, match="Zoloft"):
        find_antidepressant("Zoloft")


def test_a_name_far_from_every_drug_has_no_suggestion() -> None:
    with pytest.raises(UnknownDrug, match="no close match"):
        find_antidepressant("qqqq")


@pytest.mark.parametrize(
    ("written", "agent"),
    [
        ("T3", "triiodothyronine"),
        ("liothyronine", "triiodothyronine"),
        ("Quetiapine-XR", "quetiapine"),
    ],
)
def test_augmentation_agents_are_found_by_the_names_the_reference_uses(
    written: str, agent: str
) -> None:
    assert find_augmentation_agent(written).name == agent


def test_an_antidepressant_used_in_combination_is_looked_up_as_an_antidepressant() -> None:
    """CANMAT 2023 Table 7.2 lists 'other antidepressants incl. TCAs' as combination agents."""
    assert isinstance(find_augmentation_agent("nortriptyline"), Antidepressant)
    assert isinstance(find_augmentation_agent("mirtazapine"), Antidepressant)


def test_an_unknown_augmentation_agent_is_matched_against_both_tables() -> None:
    with pytest.raises(UnknownDrug) as raised:
        find_augmentation_agent("aripiprazol")
    assert raised.value.suggestions[0] == "aripiprazole"


def test_names_are_normalised_for_lookup() -> None:
    assert (
        normalise_name(" Dextromethorphan \N{EN DASH}  Bupropion_XR ")
        == "dextromethorphan-bupropion xr"
    )


def test_the_unit_check_spans_a_hundredfold_beyond_every_published_dose() -> None:
    assert plausible_dose_range(find_antidepressant("venlafaxine")) == (0.75, 22500)
    assert plausible_dose_range(find_antidepressant("dextromethorphan-bupropion")) is None
