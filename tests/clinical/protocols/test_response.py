"""Response over a series (docs/algorithms/ketamine-iv.md, "Response and relapse").

Response: at least 50% reduction from baseline (ELEKT-D, QIDS-SR; pooled TRANSFORM, MADRS;
clinical.md 7.2, 7.3). Remission cut-offs and relapse thresholds are clinic settings (clinical.md 8;
no booster schedule, 6.1).
"""

from datetime import date

import pytest

from remission.clinical.protocols.errors import ProtocolInputError
from remission.clinical.protocols.response import induction_response, relapse_signal

FIRST_DOSE = date(2026, 12, 7)
END = date(2026, 12, 24)
MAINTENANCE = date(2027, 1, 4)


def _response(
    baseline: int, endpoint: int, remission_at_or_below: int | None = None
) -> tuple[bool, bool | None]:
    scores = [(FIRST_DOSE, baseline), (END, endpoint)]
    result = induction_response(
        scores,
        first_dose=FIRST_DOSE,
        induction_end=END,
        remission_at_or_below=remission_at_or_below,
    )
    return result.responder, result.remitted


def test_a_reduction_of_exactly_50_percent_is_a_response() -> None:
    assert _response(20, 10) == (True, None)


def test_a_reduction_just_under_50_percent_is_not_a_response() -> None:
    assert _response(20, 11) == (False, None)
    assert _response(21, 11) == (False, None)


def test_remission_uses_the_clinics_cut_off_on_both_sides() -> None:
    assert _response(30, 10, remission_at_or_below=10) == (True, True)
    assert _response(30, 11, remission_at_or_below=10) == (True, False)


def test_baseline_is_the_last_score_before_the_first_dose_endpoint_the_last_in_induction() -> None:
    scores = [
        (date(2026, 11, 20), 35),
        (date(2026, 12, 5), 30),
        (date(2026, 12, 14), 20),
        (END, 14),
        (date(2026, 12, 28), 25),
    ]
    result = induction_response(scores, first_dose=FIRST_DOSE, induction_end=END)
    assert result.baseline == (date(2026, 12, 5), 30)
    assert result.endpoint == (END, 14)
    assert result.reduction * 30 == 16
    assert "ELEKT-D" in result.source


@pytest.mark.parametrize(
    "scores",
    [
        [(END, 10)],
        [(FIRST_DOSE, 20)],
        [(FIRST_DOSE, 0), (END, 0)],
        [(FIRST_DOSE, 20), (END, -1)],
    ],
)
def test_missing_or_impossible_scores_are_refused_naming_scores(
    scores: list[tuple[date, int]],
) -> None:
    with pytest.raises(ProtocolInputError) as error:
        induction_response(scores, first_dose=FIRST_DOSE, induction_end=END)
    assert error.value.field == "scores"


def test_a_rising_score_above_threshold_in_maintenance_suggests_options_not_a_booking() -> None:
    scores = [(END, 8), (MAINTENANCE, 9), (date(2027, 1, 18), 16)]
    suggestion = relapse_signal(scores, maintenance_start=MAINTENANCE, threshold=15)
    assert suggestion is not None
    assert suggestion.latest == (date(2027, 1, 18), 16)
    assert suggestion.previous == (MAINTENANCE, 9)
    assert "consider a booster session" in suggestion.options
    assert len(suggestion.options) > 1
    assert "Clinic-set threshold" in suggestion.source


def test_a_score_at_the_threshold_gives_no_signal() -> None:
    scores = [(MAINTENANCE, 9), (date(2027, 1, 18), 15)]
    assert relapse_signal(scores, maintenance_start=MAINTENANCE, threshold=15) is None


def test_a_high_but_falling_score_gives_no_signal() -> None:
    scores = [(MAINTENANCE, 20), (date(2027, 1, 18), 18)]
    assert relapse_signal(scores, maintenance_start=MAINTENANCE, threshold=15) is None


def test_a_rise_before_maintenance_started_gives_no_signal() -> None:
    scores = [(FIRST_DOSE, 9), (END, 18)]
    assert relapse_signal(scores, maintenance_start=MAINTENANCE, threshold=15) is None


def test_the_first_maintenance_score_compares_with_the_last_induction_score() -> None:
    scores = [(END, 8), (MAINTENANCE, 17)]
    assert relapse_signal(scores, maintenance_start=MAINTENANCE, threshold=15) is not None


def test_a_single_score_gives_no_signal() -> None:
    assert relapse_signal([(MAINTENANCE, 25)], maintenance_start=MAINTENANCE, threshold=15) is None
