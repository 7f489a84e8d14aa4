"""Proportions with their confidence intervals, for clinic outcome rates and benchmarks.

The Wilson score interval (Wilson 1927, J Am Stat Assoc 22:209) is the interval recommended for a
binomial proportion by Newcombe 1998 (Stat Med 17:857, method 3) and by Brown, Cai & DasGupta 2001
(Stat Sci 16:101): unlike the Wald interval it stays inside 0-1 and keeps its coverage for small
numbers and rates near 0 or 1, which is what a clinic's per-pathway figures look like.
"""

import math
from dataclasses import dataclass

Z_95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution


@dataclass(frozen=True, slots=True)
class Rate:
    """``events`` of ``total`` patients, with the Wilson 95% interval (None when total is 0)."""

    events: int
    total: int

    def __post_init__(self) -> None:
        if self.total < 0 or not 0 <= self.events <= self.total:
            raise ValueError(f"a rate needs 0 <= events <= total, not {self.events}/{self.total}")

    @property
    def proportion(self) -> float | None:
        return self.events / self.total if self.total else None

    @property
    def percent(self) -> float | None:
        return None if self.proportion is None else 100 * self.proportion

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson_interval(self.events, self.total) if self.total else None

    def as_dict(self) -> dict[str, object]:
        low_high = self.interval
        return {
            "events": self.events,
            "total": self.total,
            "percent": None if self.percent is None else round(self.percent, 1),
            "ci95": None if low_high is None else [round(100 * v, 1) for v in low_high],
        }


def wilson_interval(events: int, total: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for ``events`` successes in ``total`` trials (no continuity
    correction): centre (p + z²/2n) / (1 + z²/n), half-width z/(1 + z²/n) · √(p(1-p)/n + z²/4n²)."""
    if total <= 0:
        raise ValueError("a confidence interval needs at least one patient")
    if not 0 <= events <= total:
        raise ValueError(f"events must be between 0 and {total}, not {events}")
    p = events / total
    z2 = z * z
    denominator = 1 + z2 / total
    centre = (p + z2 / (2 * total)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total))
    return max(0.0, centre - half), min(1.0, centre + half)


def cumulative(step_rates: list[float]) -> float:
    """The share reaching an event over steps taken in sequence, assuming every non-event goes on
    to the next step (STAR*D's theoretical cumulative remission: 1 - Π(1 - rate of each step))."""
    remaining = 1.0
    for rate in step_rates:
        if not 0 <= rate <= 1:
            raise ValueError(f"a step rate must be between 0 and 1, not {rate}")
        remaining *= 1 - rate
    return 1 - remaining
