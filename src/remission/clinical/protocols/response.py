"""Response over a series: end-of-induction response/remission and a relapse signal in maintenance.

Pure functions over ``(date, score)`` pairs of one instrument (higher = worse). Response is a
reduction of at least 50% from baseline (ELEKT-D on QIDS-SR; pooled TRANSFORM on MADRS; clinical.md
7.2, 7.3). Remission cut-offs differ by instrument and source (clinical.md 8), and no published
relapse threshold or booster schedule exists for IV ketamine (clinical.md 6.1, UNVERIFIED), so
those thresholds are parameters set by the clinic. A relapse signal yields a
:class:`BoosterSuggestion` for the clinician, never a booking.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from remission.clinical.protocols.errors import ProtocolInputError

type Score = tuple[date, int]
"""One measurement: the date and the instrument's total score."""

RESPONSE_SOURCE = (
    "Response = reduction of at least 50% from baseline: ELEKT-D (Anand et al. 2023, QIDS-SR) "
    "[P abstract]; pooled TRANSFORM-1/2 (Turkoz et al. 2021, MADRS) [P abstract] "
    "(clinical.md 7.2, 7.3)"
)
BOOSTER_SOURCE = (
    "Clinic-set threshold. No standard booster schedule was found for IV ketamine (clinical.md "
    "6.1, UNVERIFIED); esketamine maintenance is individualised to the least frequent dosing that "
    "maintains response (SPRAVATO label, clinical.md 6.2)"
)
BOOSTER_OPTIONS = (
    "repeat the measurement to confirm the rise",
    "consider a booster session",
    "consider a shorter interval between maintenance sessions",
    "review the treatment plan",
)


@dataclass(frozen=True)
class InductionResponse:
    """Baseline and end-of-induction scores, the reduction (0.55 = 55%) and what it means."""

    baseline: Score
    endpoint: Score
    reduction: Decimal
    responder: bool
    remitted: bool | None
    remission_at_or_below: int | None
    source: str


@dataclass(frozen=True)
class BoosterSuggestion:
    """A prompt for the clinician to consider options; it books nothing."""

    latest: Score
    previous: Score
    threshold: int
    reason: str
    options: tuple[str, ...]
    source: str


def _sorted(scores: Sequence[Score]) -> list[Score]:
    for day, score in scores:
        if score < 0:
            raise ProtocolInputError("scores", f"a score cannot be negative ({score} on {day})")
    return sorted(scores, key=lambda item: item[0])


def induction_response(
    scores: Sequence[Score],
    *,
    first_dose: date,
    induction_end: date,
    remission_at_or_below: int | None = None,
    response_reduction: Decimal = Decimal("0.5"),
) -> InductionResponse:
    """Compare the baseline (last score on or before ``first_dose``) with the endpoint (last score
    after it, on or before ``induction_end``).

    Responder: ``baseline - endpoint >= response_reduction * baseline`` (exact, so 20 -> 10 is a
    response and 20 -> 11 is not). Remitted: ``endpoint <= remission_at_or_below`` when given.
    """
    ordered = _sorted(scores)
    before = [item for item in ordered if item[0] <= first_dose]
    after = [item for item in ordered if first_dose < item[0] <= induction_end]
    if not before:
        raise ProtocolInputError("scores", f"no baseline score on or before {first_dose}")
    if not after:
        raise ProtocolInputError(
            "scores", f"no score after {first_dose} and on or before {induction_end}"
        )
    baseline, endpoint = before[-1], after[-1]
    if baseline[1] == 0:
        raise ProtocolInputError(
            "scores", "the baseline score is 0, so no reduction can be computed"
        )
    drop = baseline[1] - endpoint[1]
    return InductionResponse(
        baseline=baseline,
        endpoint=endpoint,
        reduction=Decimal(drop) / baseline[1],
        responder=drop >= response_reduction * baseline[1],
        remitted=None if remission_at_or_below is None else endpoint[1] <= remission_at_or_below,
        remission_at_or_below=remission_at_or_below,
        source=RESPONSE_SOURCE,
    )


def relapse_signal(
    scores: Sequence[Score], *, maintenance_start: date, threshold: int
) -> BoosterSuggestion | None:
    """A booster suggestion when the latest score, dated in maintenance, is above ``threshold``
    and higher than the score before it; otherwise ``None``.
    """
    ordered = _sorted(scores)
    if len(ordered) < 2:
        return None
    previous, latest = ordered[-2], ordered[-1]
    if latest[0] < maintenance_start or latest[1] <= threshold or latest[1] <= previous[1]:
        return None
    return BoosterSuggestion(
        latest=latest,
        previous=previous,
        threshold=threshold,
        reason=(
            f"Score rose from {previous[1]} ({previous[0]}) to {latest[1]} ({latest[0]}), above "
            f"the clinic's threshold of {threshold}"
        ),
        options=BOOSTER_OPTIONS,
        source=BOOSTER_SOURCE,
    )
