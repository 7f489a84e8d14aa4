"""Outcome figures of a cohort: response, remission and reliable change per pathway at end of
induction and at 3, 6 and 12 months; NHS Talking Therapies recovery; time to response and to
remission; change in staging. Pure functions over plain data (docs/insights.md, "Definitions").

A patient counts at a time-point when a baseline exists (the latest total from 30 days before to
3 days after the index treatment started) and the time-point's window has closed or holds a
total: the total nearest the target day inside the window is compared with the baseline by the
clinical core's ``outcome`` (the instrument's default criteria). Patients due but unmeasured are
counted as missing, never as failures or successes.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from remission.clinical.instruments import Outcome, outcome, talking_therapies
from remission.clinical.statistics import Rate
from remission.clinical.survival import Estimate, kaplan_meier
from remission.insights.pathways import Course, Pathway

OUTCOME_INSTRUMENTS = ("phq9", "qids_sr16", "madrs", "hamd17", "gad7")
PRIMARY_ORDER = ("phq9", "qids_sr16", "madrs", "hamd17")  # for time to response / remission
BASELINE_BEFORE, BASELINE_AFTER = 30, 3  # days around the index start


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


@dataclass(frozen=True, slots=True)
class Score:
    instrument: str
    when: date
    total: int


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

    def rate(self, kind: str) -> Rate | None:
        value: Rate | None = getattr(self, kind)
        return value


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


@dataclass(frozen=True)
class StagingChange:
    patients: int
    higher: int
    same: int
    lower: int
    mean_first: float | None
    mean_latest: float | None


@dataclass
class Figures:
    outcomes: list[OutcomeRow] = field(default_factory=list)
    recovery: list[RecoveryRow] = field(default_factory=list)
    time_to: list[TimeToEvent] = field(default_factory=list)
    cumulative_remission: list[OutcomeRow] = field(default_factory=list)


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


class _Tally:
    def __init__(self) -> None:
        self.due = 0
        self.measured = 0
        self.counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def add(self, kind: str, value: bool | None) -> None:
        if value is not None:
            self.counts[kind][0] += int(value)
            self.counts[kind][1] += 1

    def rate(self, kind: str) -> Rate | None:
        events, total = self.counts.get(kind, (0, 0))
        return Rate(events, total) if total else None


KINDS = ("response", "remission", "reliable_improvement", "reliable_deterioration")


@lru_cache(maxsize=65536)
def _outcome(instrument: str, baseline_total: int, current: int) -> Outcome:
    """The clinical core's verdict (default criteria); totals repeat, so it is remembered."""
    return outcome(instrument, baseline_total, current)


def compute(
    courses: Iterable[Course],
    scores: Mapping[int, Sequence[Score]],
    today: date,
    windows: Sequence[Window] = WINDOWS,
) -> Figures:
    """Every figure of the dashboard for ``courses``; ``scores`` maps patient -> totals."""
    tallies: dict[tuple[Pathway, str, str], _Tally] = defaultdict(_Tally)
    recovery: dict[tuple[Pathway, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    ever: dict[tuple[Pathway, str], _Tally] = defaultdict(_Tally)
    times: dict[tuple[Pathway, str], tuple[list[float], list[bool]]] = defaultdict(lambda: ([], []))
    for course in courses:
        by_instrument: dict[str, list[Score]] = defaultdict(list)
        for score in scores.get(course.patient, ()):
            by_instrument[score.instrument].append(score)
        baselines = {
            name: base
            for name, series in by_instrument.items()
            if (base := baseline(series, course.start)) is not None
        }
        for name, base in baselines.items():
            series = by_instrument[name]
            for window in windows:
                bounds = _window_bounds(window, course)
                if bounds is None:
                    continue
                follow = _follow_up(series, base, bounds)
                if follow is None and bounds[2] >= today:
                    continue  # not yet due
                tally = tallies[(course.pathway, name, window.id)]
                tally.due += 1
                if follow is not None:
                    tally.measured += 1
                    result = _outcome(name, base.total, follow.total)
                    for kind in KINDS:
                        tally.add(kind, getattr(result, kind))
            verdicts = [
                _outcome(name, base.total, s.total).remission for s in series if s.when > base.when
            ]
            if verdicts and None not in verdicts:  # instruments with a remission rule only
                tally = ever[(course.pathway, name)]
                tally.due += 1
                tally.measured += 1
                tally.add("remission", any(verdicts))
        _add_recovery(recovery, course, by_instrument, baselines, windows, today)
        _add_times(times, course, by_instrument, baselines)
    return Figures(
        outcomes=[_row(key, tally) for key, tally in sorted(tallies.items(), key=_order)],
        recovery=[
            RecoveryRow(pathway, window, Rate(rec, total), Rate(reliable, total))
            for (pathway, window), (rec, reliable, total) in sorted(
                recovery.items(), key=lambda item: (item[0][0], _window_index(item[0][1]))
            )
            if total
        ],
        time_to=[
            TimeToEvent(pathway, event, kaplan_meier(durations, observed))
            for (pathway, event), (durations, observed) in sorted(times.items())
        ],
        cumulative_remission=[
            _row((pathway, name, "ever"), tally) for (pathway, name), tally in sorted(ever.items())
        ],
    )


def _window_index(window: str) -> int:
    ids = [w.id for w in WINDOWS]
    return ids.index(window) if window in ids else len(ids)


def _order(item: tuple[tuple[Pathway, str, str], _Tally]) -> tuple[int, int, int]:
    (pathway, name, window), _ = item
    return (list(Pathway).index(pathway), OUTCOME_INSTRUMENTS.index(name), _window_index(window))


def _row(key: tuple[Pathway, str, str], tally: _Tally) -> OutcomeRow:
    pathway, name, window = key
    return OutcomeRow(
        pathway, name, window, tally.due, tally.measured, *(tally.rate(k) for k in KINDS)
    )


def _add_recovery(recovery, course, by_instrument, baselines, windows, today) -> None:  # type: ignore[no-untyped-def]
    if "phq9" not in baselines or "gad7" not in baselines:
        return
    for window in windows:
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
            counts = recovery[(course.pathway, window.id)]
            counts[0] += int(bool(result.recovery))
            counts[1] += int(bool(result.reliable_recovery))
            counts[2] += 1


def _add_times(times, course, by_instrument, baselines) -> None:  # type: ignore[no-untyped-def]
    name = next((n for n in PRIMARY_ORDER if n in baselines), None)
    if name is None:
        return
    base = baselines[name]
    later = sorted((s for s in by_instrument[name] if s.when > base.when), key=lambda s: s.when)
    if not later:
        return
    for event in ("response", "remission"):
        hit = next((s for s in later if getattr(_outcome(name, base.total, s.total), event)), None)
        last = hit or later[-1]
        durations, observed = times[(course.pathway, event)]
        durations.append(float((last.when - course.start).days))
        observed.append(hit is not None)


def staging_change(stages: Iterable[tuple[int, int]]) -> StagingChange:
    """(first, latest) Thase-Rush stage per patient -> how many moved up, stayed, moved down."""
    pairs = list(stages)
    n = len(pairs)
    return StagingChange(
        patients=n,
        higher=sum(1 for first, latest in pairs if latest > first),
        same=sum(1 for first, latest in pairs if latest == first),
        lower=sum(1 for first, latest in pairs if latest < first),
        mean_first=sum(f for f, _ in pairs) / n if n else None,
        mean_latest=sum(latest for _, latest in pairs) / n if n else None,
    )
