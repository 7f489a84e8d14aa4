"""An instrument as data: frozen dataclasses built from ``data/instruments/*.toml``.

Nothing here computes a score; :mod:`.scoring` and :mod:`.outcomes` read these definitions.
Where sources disagree the definition lists every published choice (band sets, criteria) with
its source, and the first one listed is the default.
"""

from dataclasses import dataclass
from typing import Literal

Priority = Literal["urgent", "review"]
BandScale = Literal["total", "percent", "answers"]
ScoringMethod = Literal["sum", "domains", "none"]
SCORING_METHODS: tuple[ScoringMethod, ...] = ("sum", "domains", "none")
BAND_SCALES: tuple[BandScale, ...] = ("total", "percent", "answers")
CriterionKind = Literal["percent_reduction", "points_reduction", "at_most", "at_least", "points"]


@dataclass(frozen=True, slots=True)
class Option:
    """One answer option. ``code`` is an extra token accepted for it (C-SSRS ``yes``/``no``)."""

    value: int
    label: str
    code: str | None = None
    loinc: str | None = None


@dataclass(frozen=True, slots=True)
class Condition:
    """Branching: the item is asked only when ``item`` was answered ``equals``."""

    item: str
    equals: int


@dataclass(frozen=True, slots=True)
class Item:
    """One question. ``blank_means`` says what an allowed blank answer means (WSAS item 1)."""

    id: str
    label: str
    option_set: str
    options: tuple[Option, ...]
    loinc: str | None = None
    scored: bool = True
    required: bool = True
    blank_means: str | None = None
    ask_if: Condition | None = None

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(option.value for option in self.options)

    def option(self, value: int) -> Option:
        return next(option for option in self.options if option.value == value)

    def allowed(self) -> str:
        """The allowed answers in words, for error messages: ``0-3`` or ``no or yes``."""
        codes = [option.code for option in self.options if option.code]
        if codes:
            return " or ".join(codes)
        values = self.values
        if values == tuple(range(values[0], values[-1] + 1)):
            return f"{values[0]}-{values[-1]}"
        return ", ".join(map(str, values))


@dataclass(frozen=True, slots=True)
class Band:
    """A severity band: ``low`` to ``high`` inclusive, or, on an ``answers`` scale (C-SSRS risk),
    the band of the first listed band whose ``any_yes`` items include one answered yes."""

    id: str
    label: str
    low: int | None = None
    high: int | None = None
    any_yes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BandSet:
    id: str
    label: str
    source: str
    scale: BandScale
    bands: tuple[Band, ...]


@dataclass(frozen=True, slots=True)
class Domain:
    """QIDS-SR16: a symptom domain scores the highest of its items."""

    id: str
    label: str
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Cluster:
    """PCL-5: a DSM-5 symptom cluster and how many of its items must be endorsed."""

    id: str
    label: str
    items: tuple[str, ...]
    minimum: int


@dataclass(frozen=True, slots=True)
class ClusterRule:
    """PCL-5 provisional diagnosis: an item is endorsed at ``endorsed_at`` or more."""

    endorsed_at: int
    clusters: tuple[Cluster, ...]
    source: str


@dataclass(frozen=True, slots=True)
class Scoring:
    method: ScoringMethod
    source: str
    bounds: tuple[int, int] | None  # the total's range; None: no total (C-SSRS screener)
    percent_factor: int | None = None
    domains: tuple[Domain, ...] = ()
    dsm5: ClusterRule | None = None


@dataclass(frozen=True, slots=True)
class AlertRule:
    """A risk item: ``review_at`` or more raises a review alert, ``urgent_at`` or more an
    urgent one."""

    item: str
    review_at: int | None
    urgent_at: int | None
    rule: str
    source: str


@dataclass(frozen=True, slots=True)
class Criterion:
    """One published outcome rule, e.g. "≥50% reduction" or "PHQ-9 <5", with its source.

    ``at`` is the threshold: a percentage for ``percent_reduction``, points for
    ``points_reduction`` and ``points`` (reliable change), a score for ``at_most``/``at_least``.
    """

    id: str
    kind: CriterionKind
    at: int
    label: str
    source: str
    within_weeks: int | None = None


@dataclass(frozen=True, slots=True)
class Outcomes:
    """The outcome rules the sources give; empty tuples mean none was found (never guessed)."""

    lower_is_better: bool
    response: tuple[Criterion, ...] = ()
    remission: tuple[Criterion, ...] = ()
    reliable_change: tuple[Criterion, ...] = ()
    early_improvement: Criterion | None = None
    caseness: Criterion | None = None


@dataclass(frozen=True, slots=True)
class Instrument:
    id: str
    name: str
    short_name: str
    version: str
    rater: str
    recall: str
    source: str
    licence: str
    text_ships: bool
    items: tuple[Item, ...]
    scoring: Scoring
    band_sets: tuple[BandSet, ...]
    alert_rules: tuple[AlertRule, ...]
    outcomes: Outcomes | None
    attribution: str | None = None
    loinc_panel: str | None = None
    loinc_total: str | None = None

    def item(self, item_id: str) -> Item:
        return next(item for item in self.items if item.id == item_id)

    @property
    def score_range(self) -> str:
        """``0-27``, or ``no total``."""
        bounds = self.scoring.bounds
        return f"{bounds[0]}-{bounds[1]}" if bounds else "no total"
