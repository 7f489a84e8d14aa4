"""The pseudo-resistance review: CANMAT 2023 Table 7.1 + McAllister-Williams 2020 (10.3)."""

import pytest

from remission.clinical.history import ReviewStatus, pseudo_resistance_checklist, review


def items() -> dict[str, str]:
    return {item.id: item.label for item in pseudo_resistance_checklist().items}


@pytest.mark.parametrize(
    ("item", "words"),
    [
        ("adherence", "Adherence"),
        ("dose", "adequate dose"),
        ("duration", "long enough"),
        ("diagnosis", "bipolar"),
        ("diagnosis", "psychotic features"),
        ("medical_contributors", "thyroid"),
        ("medical_contributors", "sleep apnoea"),
        ("interacting_medications", "Interacting medications"),
        ("substance_use", "Substance use"),
        ("side_effects", "Side effects"),
        ("pharmacokinetics", "pharmacogenetic"),
        ("psychiatric_comorbidity", "anxiety"),
        ("stressors", "stressors"),
    ],
)
def test_the_checklist_covers_each_factor_in_plain_words(item: str, words: str) -> None:
    """CANMAT 2023 Table 7.1 factors and the brief's pseudo-resistance list."""
    assert words in items()[item]


def test_every_item_names_its_sources_in_full() -> None:
    for item in pseudo_resistance_checklist().items:
        assert item.sources
        assert all(len(source) > 40 for source in item.sources)
    canmat = [i.id for i in pseudo_resistance_checklist().items if "Table 7.1" in i.sources[0]]
    assert "adherence" in canmat


def test_the_checklist_is_not_called_the_consensus_checklist() -> None:
    """clinical.md 10.3: the consensus paper's own checklist wording is UNVERIFIED."""
    info = pseudo_resistance_checklist().info
    assert "not the consensus paper's own checklist" in info.description
    assert info.version


def test_unmarked_items_are_open_and_all_marked_is_complete() -> None:
    first = review({"adherence": ReviewStatus.CHECKED})
    assert first.statuses["adherence"] is ReviewStatus.CHECKED
    assert first.statuses["diagnosis"] is ReviewStatus.OPEN
    assert not first.complete
    done = review(dict.fromkeys(items(), ReviewStatus.NOT_APPLICABLE))
    assert done.complete
    assert done.open_items == ()


def test_an_unknown_item_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown checklist items: compliance"):
        review({"compliance": ReviewStatus.CHECKED})
