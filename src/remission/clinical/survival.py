"""Kaplan-Meier product-limit estimate (Kaplan & Meier 1958, J Am Stat Assoc 53:457) with the
exponential Greenwood 95% interval (Kalbfleisch & Prentice 2002), the interval lifelines reports.

Pure Python so that a dashboard view needs no pandas/scipy stack (importing lifelines takes about
ten seconds per process here); the tests check every number against lifelines and a textbook table.
At each distinct time t with n at risk and d events, S(t) is the product of (1 - d/n) so far; the
interval is S ** exp(+-z * sqrt(V) / log S) with V the running sum of d / (n (n - d)) (the
log-log transform).
"""

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from remission.clinical.statistics import Z_95


@dataclass(frozen=True, slots=True)
class Step:
    time: float
    at_risk: int
    events: int
    survival: float
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class Estimate:
    steps: tuple[Step, ...]
    median: float | None  # the first time S(t) <= 0.5; None while it stays above
    subjects: int
    events: int

    def survival_at(self, time: float) -> float:
        value = 1.0
        for step in self.steps:
            if step.time > time:
                break
            value = step.survival
        return value


def kaplan_meier(
    durations: Sequence[float], observed: Sequence[bool], weights: Sequence[int] | None = None
) -> Estimate:
    """The estimate at every distinct time (events or censoring); ``observed`` False = censored.

    ``weights`` counts how many subjects share each (duration, observed) pair, so that grouped
    rows (``GROUP BY days, observed``) give the same estimate as one row per subject.
    """
    counts = [1] * len(durations) if weights is None else list(weights)
    if not len(durations) == len(observed) == len(counts):
        raise ValueError("durations, observed and weights must have the same length")
    if any(d < 0 for d in durations):
        raise ValueError("durations must not be negative")
    if any(n < 1 for n in counts):
        raise ValueError("weights must be whole numbers of at least 1")
    events: Counter[float] = Counter()
    leaving: Counter[float] = Counter()
    for duration, seen, n in zip(durations, observed, counts, strict=True):
        leaving[duration] += n
        if seen:
            events[duration] += n
    at_risk = sum(counts)
    survival, greenwood = 1.0, 0.0
    steps = []
    median = None
    for time in sorted(leaving):
        d = events.get(time, 0)
        if d:
            survival *= 1 - d / at_risk
            greenwood += d / (at_risk * (at_risk - d)) if at_risk > d else 0.0
        low, high = _interval(survival, greenwood)
        steps.append(Step(float(time), at_risk, d, survival, low, high))
        if median is None and survival <= 0.5:
            median = float(time)
        at_risk -= leaving[time]
    return Estimate(tuple(steps), median, sum(counts), sum(events.values()))


def _interval(survival: float, greenwood: float) -> tuple[float, float]:
    if survival >= 1.0:
        return 1.0, 1.0
    if survival <= 0.0:
        return 0.0, 0.0
    log_s = math.log(survival)
    spread = Z_95 * math.sqrt(greenwood) / log_s
    centre = math.log(-log_s)
    return math.exp(-math.exp(centre - spread)), math.exp(-math.exp(centre + spread))
