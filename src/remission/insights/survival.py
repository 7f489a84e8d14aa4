"""Kaplan–Meier estimates through lifelines (Davidson-Pilon 2019, J Open Source Softw 4:1317).

``kaplan_meier`` returns the estimate as plain numbers so that pages, caches and tests need no
pandas: at each distinct time, the number at risk, the events, and S(t) with its 95% interval
(lifelines' exponential Greenwood interval).
"""

from collections.abc import Sequence
from dataclasses import dataclass


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
    median: float | None  # None while S(t) stays above 0.5
    subjects: int
    events: int

    def survival_at(self, time: float) -> float:
        value = 1.0
        for step in self.steps:
            if step.time > time:
                break
            value = step.survival
        return value


def kaplan_meier(durations: Sequence[float], observed: Sequence[bool]) -> Estimate:
    """The product-limit estimate; ``observed`` False means censored at that duration."""
    if len(durations) != len(observed):
        raise ValueError("durations and observed must have the same length")
    if not durations:
        return Estimate((), None, 0, 0)
    import math

    from lifelines import KaplanMeierFitter

    fitter = KaplanMeierFitter().fit(list(durations), event_observed=list(observed))
    table = fitter.event_table
    survival = fitter.survival_function_.iloc[:, 0]
    bounds = fitter.confidence_interval_survival_function_
    steps = tuple(
        Step(
            time=float(time),
            at_risk=int(table.at[time, "at_risk"]),
            events=int(table.at[time, "observed"]),
            survival=float(survival.at[time]),
            low=float(bounds.iloc[:, 0].at[time]),
            high=float(bounds.iloc[:, 1].at[time]),
        )
        for time in table.index
        if time > 0 or table.at[time, "observed"]
    )
    median = float(fitter.median_survival_time_)
    return Estimate(
        steps, None if math.isinf(median) else median, len(durations), sum(map(bool, observed))
    )
