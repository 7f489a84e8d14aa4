"""Clinical vignettes: readable profiles (``vignettes/NN_name.json``) with the options and statuses
they must get (``NN_name.expected.toml``), derived by hand from clinical.md sections 5 and 6.

They cover 0, 1, 2 and 3 or more failed trials, every contraindication and precaution of 6.3-6.5,
and every psychotherapy-matching rule of 5.6. docs/algorithms/planning.md lists the same table.
"""

import pytest

from remission.clinical.planning import plan_as_dict
from tests.clinical.planning.support import Vignette, outcome, planned, vignettes

ALL = vignettes()


def test_there_are_at_least_15_vignettes_each_with_expectations() -> None:
    assert len(ALL) >= 15
    assert all(vignette.options for vignette in ALL)


@pytest.mark.parametrize("vignette", ALL, ids=[v.name for v in ALL])
def test_each_vignette_gets_the_expected_options_and_statuses(vignette: Vignette) -> None:
    result = planned(vignette.profile)
    got = {option: outcome(result.option(option)) for option in vignette.options}
    assert got == vignette.options
    considerations = [note.code for note in result.considerations]
    assert set(vignette.considerations) <= set(considerations), considerations
    interactions = [concern.code for concern in result.interactions]
    assert set(vignette.interactions) <= set(interactions), interactions
    for text in vignette.missing:
        assert text in result.missing_inputs, result.missing_inputs


@pytest.mark.parametrize("vignette", ALL, ids=[v.name for v in ALL])
def test_every_offered_option_shows_its_basis_and_never_a_single_directive(
    vignette: Vignette,
) -> None:
    data = plan_as_dict(planned(vignette.profile))
    assert len(data["options"]) > 1
    assert data["rules_version"]
    for option in data["options"]:
        assert option["reasons"] and option["sources"] and option["inputs_used"]
        assert all(source["guideline"] and source["section"] for source in option["sources"])
        assert (option["status"] == "suggested") == (not option["cautions"])
