"""Outcome figures: what one patient's course shows (``patient_facts``) and the dashboard's rates,
intervals and survival curves from many patients' facts counted together (docs/insights.md,
"Definitions"). Pure functions over plain data.

A patient counts at a time-point when a baseline exists (the latest total from 30 days before to
3 days after the index treatment started) and the time-point's window has closed or holds a
total: the total nearest the target day inside the window is compared with the baseline by the
clinical core's ``outcome`` (the instrument's default criteria). Patients due but unmeasured are
counted as missing, never as failures or successes. Whether a window has closed depends on the
day the dashboard is read, so a fact keeps the window's last day and the reader decides.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from remission.clinical.instruments import Outcome, get_instrument, outcome, talking_therapies
from remission.clinical.statistics import Rate
from remission.clinical.survival import Estimate, kaplan_meier
from remission.insights.pathways import Course, Pathway

OUTCOME_INSTRUMENTS = ("phq9", "qids_sr16", "madrs", "hamd17", "gad7")
PRIMARY_ORDER = ("phq9", "qids_sr16", "madrs", "hamd17")  # for time to response / remission
SEVERITY_INSTRUMENT = "phq9"  # baseline severity filter: the PHQ-9 band (Kroenke 2001)
BASELINE_BEFORE, BASELINE_AFTER = 30, 3  # days around the index start
EVER = "ever"  # the cumulative time-point: any total after the baseline
KINDS = ("response", "remission", "reliable_improvement", "reliable_deterioration")
EVENTS = ("response", "remission")


@dataclass(frozen=True, slots=True)
class Window:
    """A follow-up time-point: ``target`` days after the start (or after the end of the index
    course when ``from_end``), measured by a total from ``target - before`` to ``target + after``."""

    id: str
    label: str
    target: int
    before: int
    after: int
    from_end: bool = False


WINDOWS = (
    Window("end", "End of induction", 0, 7, 14, from_end=True),
    Window("3m", "3 months", 91, 30, 30),
    Window("6m", "6 months", 182, 30, 30),
    Window("12m", "12 months", 365, 45, 45),
)
WINDOW_ORDER = [w.id for w in WINDOWS] + [EVER]


@dataclass(frozen=True, slots=True)
class Score:
    instrument: str
    when: date
    total: int


# One patient's facts ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WindowOutcome:
    """One instrument at one time-point for one patient. ``closes_on`` is the window's last day
    (None for the cumulative time-point, which is due as soon as a later total exists)."""

    instrument: str
    window: str
    closes_on: date | None
    measured: bool
    response: bool | None = None
    remission: bool | None = None
    reliable_improvement: bool | None = None
    reliable_deterioration: bool | None = None


@dataclass(frozen=True, slots=True)
class Recovery:
    """NHS Talking Therapies recovery at a time-point, for a patient at caseness at the start."""

    window: str
    recovery: bool
    reliable_recovery: bool


@dataclass(frozen=True, slots=True)
class Followed:
    """Days from the index start to the event, or to the last total when censored."""

    event: str
    days: int
    observed: bool


@dataclass(frozen=True)
class PatientFacts:
    outcomes: list[WindowOutcome]
    recovery: list[Recovery]
    followed: list[Followed]
    baseline_band: str  # the band of the baseline PHQ-9, "" without one


def baseline(scores: Sequence[Score], start: date) -> Score | None:
    low, high = start - timedelta(BASELINE_BEFORE), start + timedelta(BASELINE_AFTER)
    found = [s for s in scores if low <= s.when <= high]
    return max(found, key=lambda s: s.when) if found else None


def _window_bounds(window: Window, course: Course) -> tuple[date, date, date] | None:
    anchor = course.end if window.from_end else course.start
    if anchor is None:
        return None
    target = anchor + timedelta(window.target)
    return target - timedelta(window.before), target, target + timedelta(window.after)


def _follow_up(
    scores: Sequence[Score], baseline: Score, bounds: tuple[date, date, date]
) -> Score | None:
    low, target, high = bounds
    found = [s for s in scores if low <= s.when <= high and s.when > baseline.when]
    return min(found, key=lambda s: (abs((s.when - target).days), s.when)) if found else None


@lru_cache(maxsize=65536)
def _outcome(instrument: str, baseline_total: int, current: int) -> Outcome:
    """The clinical core's verdict (default criteria); totals repeat, so it is remembered."""
    return outcome(instrument, baseline_total, current)


def patient_facts(course: Course, scores: Iterable[Score]) -> PatientFacts:
    """What the patient's totals show against the index ``course``, at every time-point."""
    by_instrument: dict[str, list[Score]] = defaultdict(list)
    for score in scores:
        by_instrument[score.instrument].append(score)
    baselines = {
        name: base
        for name, series in by_instrument.items()
        if (base := baseline(series, course.start)) is not None
    }
    outcomes = []
    for name, base in baselines.items():
        series = by_instrument[name]
        for window in WINDOWS:
            bounds = _window_bounds(window, course)
            if bounds is None:
                continue
            follow = _follow_up(series, base, bounds)
            if follow is None:
                outcomes.append(WindowOutcome(name, window.id, bounds[2], measured=False))
                continue
            result = _outcome(name, base.total, follow.total)
            verdicts = {kind: getattr(result, kind) for kind in KINDS}
            outcomes.append(WindowOutcome(name, window.id, bounds[2], True, **verdicts))
        later = [
            _outcome(name, base.total, s.total).remission for s in series if s.when > base.when
        ]
        if later and None not in later:  # instruments with a remission rule only
            outcomes.append(WindowOutcome(name, EVER, None, True, remission=any(later)))
    return PatientFacts(
        outcomes=outcomes,
        recovery=_recovery(course, by_instrument, baselines),
        followed=_followed(course, by_instrument, baselines),
        baseline_band=_band(baselines.get(SEVERITY_INSTRUMENT)),
    )


def _recovery(
    course: Course, by_instrument: dict[str, list[Score]], baselines: dict[str, Score]
) -> list[Recovery]:
    if "phq9" not in baselines or "gad7" not in baselines:
        return []
    found = []
    for window in WINDOWS:
        bounds = _window_bounds(window, course)
        if bounds is None:
            continue
        phq9 = _follow_up(by_instrument["phq9"], baselines["phq9"], bounds)
        gad7 = _follow_up(by_instrument["gad7"], baselines["gad7"], bounds)
        if phq9 is None or gad7 is None:
            continue
        result = talking_therapies(
            phq9_baseline=baselines["phq9"].total,
            phq9_current=phq9.total,
            gad7_baseline=baselines["gad7"].total,
            gad7_current=gad7.total,
        )
        if result.caseness_at_start:
            found.append(Recovery(window.id, bool(result.recovery), bool(result.reliable_recovery)))
    return found


def _followed(
    course: Course, by_instrument: dict[str, list[Score]], baselines: dict[str, Score]
) -> list[Followed]:
    name = next((n for n in PRIMARY_ORDER if n in baselines), None)
    if name is None:
        return []
    base = baselines[name]
    later = sorted((s for s in by_instrument[name] if s.when > base.when), key=lambda s: s.when)
    if not later:
        return []
    found = []
    for event in EVENTS:
        hit = next((s for s in later if getattr(_outcome(name, base.total, s.total), event)), None)
        last = hit or later[-1]
        found.append(Followed(event, (last.when - course.start).days, hit is not None))
    return found


def _band(base: Score | None) -> str:
    if base is None:
        return ""
    bands = get_instrument(SEVERITY_INSTRUMENT).band_sets[0].bands
    return next(b.id for b in bands if (b.low or 0) <= base.total <= (b.high or base.total))


# Many patients' facts, counted --------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeRow:
    pathway: Pathway
    instrument: str
    window: str
    due: int  # patients with a baseline whose window has closed or holds a total
    measured: int
    response: Rate | None
    remission: Rate | None
    reliable_improvement: Rate | None
    reliable_deterioration: Rate | None

    @property
    def missing(self) -> int:
        return self.due - self.measured


@dataclass(frozen=True)
class RecoveryRow:
    """NHS Talking Therapies recovery among patients at caseness at the start (clinical.md 7.6)."""

    pathway: Pathway
    window: str
    recovery: Rate
    reliable_recovery: Rate


@dataclass(frozen=True)
class TimeToEvent:
    pathway: Pathway
    event: str  # "response" | "remission"
    estimate: Estimate


@dataclass
class Figures:
    outcomes: list[OutcomeRow] = field(default_factory=list)
    recovery: list[RecoveryRow] = field(default_factory=list)
    time_to: list[TimeToEvent] = field(default_factory=list)
    cumulative_remission: list[OutcomeRow] = field(default_factory=list)


# Counted facts: (pathway, instrument, window, measured, response, remission, reliable
# improvement, reliable deterioration, patients) of the facts that are due; (pathway, window,
# recovery, reliable recovery, patients); (pathway, event, days, observed, patients).
OutcomeCount = tuple[str, str, str, bool, bool | None, bool | None, bool | None, bool | None, int]
RecoveryCount = tuple[str, str, bool, bool, int]
FollowedCount = tuple[str, str, int, bool, int]


class _Tally:
    def __init__(self) -> None:
        self.due = 0
        self.measured = 0
        self.counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def add(self, kind: str, value: bool | None, n: int) -> None:
        if value is not None:
            self.counts[kind][0] += n * int(value)
            self.counts[kind][1] += n

    def rate(self, kind: str) -> Rate | None:
        events, total = self.counts.get(kind, (0, 0))
        return Rate(events, total) if total else None


def figures(
    outcomes: Iterable[OutcomeCount],
    recovery: Iterable[RecoveryCount],
    followed: Iterable[FollowedCount],
) -> Figures:
    """The dashboard's figures from counted facts (only the outcome facts that are due)."""
    tallies: dict[tuple[Pathway, str, str], _Tally] = defaultdict(_Tally)
    for pathway, name, window, measured, *verdicts, n in outcomes:
        tally = tallies[(Pathway(pathway), name, window)]
        tally.due += n
        if measured:
            tally.measured += n
            for kind, value in zip(KINDS, verdicts, strict=True):
                tally.add(kind, value, n)
    recovered: dict[tuple[Pathway, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for pathway, window, recovery_, reliable, n in recovery:
        counts = recovered[(Pathway(pathway), window)]
        counts[0] += n * int(recovery_)
        counts[1] += n * int(reliable)
        counts[2] += n
    times: dict[tuple[Pathway, str], tuple[list[int], list[bool], list[int]]] = defaultdict(
        lambda: ([], [], [])
    )
    for pathway, event, days, observed, n in followed:
        durations, seen, weights = times[(Pathway(pathway), event)]
        durations.append(days)
        seen.append(observed)
        weights.append(n)
    rows = [_row(key, tally) for key, tally in sorted(tallies.items(), key=_order)]
    return Figures(
        outcomes=[r for r in rows if r.window != EVER],
        cumulative_remission=[r for r in rows if r.window == EVER],
        recovery=[
            RecoveryRow(pathway, window, Rate(rec, total), Rate(reliable, total))
            for (pathway, window), (rec, reliable, total) in sorted(
                recovered.items(),
                key=lambda item: (_pathway_index(item[0][0]), _window_index(item[0][1])),
            )
        ],
        time_to=[
            TimeToEvent(pathway, event, kaplan_meier(durations, seen, weights))
            for (pathway, event), (durations, seen, weights) in sorted(
                times.items(), key=lambda item: (_pathway_index(item[0][0]), item[0][1])
            )
        ],
    )


def _pathway_index(pathway: Pathway) -> int:
    return list(Pathway).index(pathway)


def _window_index(window: str) -> int:
    return WINDOW_ORDER.index(window) if window in WINDOW_ORDER else len(WINDOW_ORDER)


def _order(item: tuple[tuple[Pathway, str, str], _Tally]) -> tuple[int, int, int]:
    (pathway, name, window), _ = item
    return (_pathway_index(pathway), OUTCOME_INSTRUMENTS.index(name), _window_index(window))


def _row(key: tuple[Pathway, str, str], tally: _Tally) -> OutcomeRow:
    pathway, name, window = key
    return OutcomeRow(
        pathway, name, window, tally.due, tally.measured, *(tally.rate(k) for k in KINDS)
    )
