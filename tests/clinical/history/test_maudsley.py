"""Maudsley Staging Method (Fekadu 2009, 2018 Table 3; Hägg 2020 Panel 1; clinical.md 3.4). The
worked tables of docs/algorithms/maudsley.md are asserted in test_docs.py; these cover the rest."""

import pytest

from remission.clinical.history import MsmBand, Severity, maudsley_stage
from remission.clinical.history.staging.maudsley import (
    band,
    duration_points,
    failure_points,
    severity_points,
)
from tests.clinical.history.notation import antidepressant, augmentation, ect, history


@pytest.mark.parametrize(("months", "points"), [(0, 1), (12, 1), (13, 2), (24, 2), (25, 3)])
def test_duration_boundaries(months: int, points: int) -> None:
    """Acute 12 months or less, subacute 13-24, chronic more than 24 (Fekadu 2018 Table 3)."""
    assert duration_points(months) == points


@pytest.mark.parametrize(
    ("failures", "points"),
    [(0, None), (1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (6, 3), (7, 4), (10, 4), (11, 5), (30, 5)],
)
def test_failure_levels_and_their_boundaries(failures: int, points: int | None) -> None:
    """1-2: 1, 3-4: 2, 5-6: 3, 7-10: 4, more than 10: 5 (Hägg 2020 Panel 1)."""
    assert failure_points(failures) == points


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (3, MsmBand.MILD),
        (6, MsmBand.MILD),
        (7, MsmBand.MODERATE),
        (10, MsmBand.MODERATE),
        (11, MsmBand.SEVERE),
        (15, MsmBand.SEVERE),
    ],
)
def test_band_boundaries(total: int, expected: MsmBand) -> None:
    """Mild 3-6, moderate 7-10, severe 11-15 (Fekadu 2018 Table 3)."""
    assert band(total) is expected


def test_psychosis_scores_5_only_with_severe_symptoms() -> None:
    assert severity_points(Severity.SEVERE, True) == 5
    assert severity_points(Severity.SEVERE, False) == 4
    assert severity_points(Severity.MILD, True) == 2


def test_psychotic_features_below_the_severe_level_are_explained() -> None:
    stage = maudsley_stage(history(antidepressant("sertraline", (50, 8)), psychotic=True))
    assert "psychotic features score only at the severe level in the MSM" in stage.explanation


def test_no_adequate_failed_trial_is_not_staged_but_keeps_the_other_items() -> None:
    """clinical.md 3.4 DESIGN NOTE: return 'not staged' with no failed adequate trial."""
    stage = maudsley_stage(history(ect(), severity="severe"))
    assert (stage.total, stage.band) == (None, None)
    assert stage.items.antidepressant_failures is None
    assert (stage.items.severity, stage.items.ect) == (4, 1)
    assert any(line.startswith("not staged") for line in stage.explanation)


def test_the_highest_total_is_15() -> None:
    failures = [antidepressant("sertraline", (50, 8)) for _ in range(11)]
    subject = history(
        *failures,
        augmentation("lithium", 0, 600, 6),
        ect(),
        start="2020-01-01",
        severity="severe",
        psychotic=True,
    )
    stage = maudsley_stage(subject)
    assert (stage.total, stage.band) == (15, MsmBand.SEVERE)


def test_the_lowest_total_is_3() -> None:
    stage = maudsley_stage(history(antidepressant("sertraline", (50, 8)), severity="subsyndromal"))
    assert (stage.total, stage.band) == (3, MsmBand.MILD)
