"""Scoring: answers → total, severity band, alerts, and each instrument's own fields.

One scorer is driven by the instrument's data; the special rules are small functions below:
QIDS-SR16 domain maxima, WHO-5 percentage, PCL-5 DSM-5 provisional diagnosis, C-SSRS risk
category from the answers, WSAS item 1 excluded for a retired patient. A total is never computed
from missing answers: it is None, and so is everything derived from it.
"""

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from remission.clinical.instruments.alerts import Alert, AlertRules
from remission.clinical.instruments.answers import Answer, AnswerRules
from remission.clinical.instruments.errors import UnknownChoice
from remission.clinical.instruments.model import (
    Band,
    BandSet,
    ClusterRule,
    Domain,
    Instrument,
    Scoring,
)
from remission.clinical.instruments.registry import get_instrument


@dataclass(frozen=True)  # no slots: a frozen slotted dataclass is slower to build (the hot path)
class ScoreResult:
    """``band_set`` names the band set used; ``excluded`` lists items left out by rule (WSAS
    item 1, retired), ``missing`` the unanswered items of an incomplete result."""

    instrument: str
    total: int | None
    band: Band | None
    band_set: BandSet | None
    alerts: tuple[Alert, ...]
    domains: Mapping[str, int | None] | None = None
    dsm5_provisional: bool | None = None
    excluded: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    @property
    def max_total(self) -> int | None:
        """The highest total possible: the scale's top less the excluded items' maxima."""
        instrument = get_instrument(self.instrument)
        bounds = instrument.scoring.bounds
        if bounds is None:
            return None
        return bounds[1] - sum(max(instrument.item(i).values) for i in self.excluded)

    @property
    def percent(self) -> int | None:
        """WHO-5: the percentage score (raw x 4, Topp 2015); None for other instruments."""
        return _percent(get_instrument(self.instrument).scoring, self.total)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready, as printed by ``remission score --json``."""
        scoring = get_instrument(self.instrument).scoring
        data: dict[str, object] = {
            "instrument": self.instrument,
            "total": self.total,
            "max_total": self.max_total,
            "band": self.band.id if self.band else None,
            "band_label": self.band.label if self.band else None,
            "band_set": self.band_set.id if self.band_set else None,
            "band_source": self.band_set.source if self.band_set else None,
            "alerts": [alert.as_dict() for alert in self.alerts],
            "excluded": list(self.excluded),
            "missing": list(self.missing),
        }
        if scoring.method == "domains":
            data["domains"] = dict(self.domains or {})
        if scoring.percent_factor is not None:
            data["percent"] = self.percent
        if scoring.dsm5 is not None:
            data["dsm5_provisional"] = self.dsm5_provisional
        return data


def score(
    instrument_id: str,
    answers: Mapping[str, Answer],
    *,
    band_set: str | None = None,
    allow_incomplete: bool = False,
) -> ScoreResult:
    """Score one administration. ``answers`` maps item ids (``q1``...) to option values.

    ``band_set`` picks one of the instrument's published band sets (default: the first listed).
    With ``allow_incomplete`` a missing answer gives a result without a total instead of an
    :class:`InvalidAnswer`; alerts are still raised from the answers given.
    """
    return _scorer(instrument_id).score(answers, band_set, allow_incomplete)


def parse_answers(instrument_id: str, tokens: Sequence[str]) -> dict[str, Answer]:
    """Answers typed in the instrument's item order (``"1", "0", "", "yes"``...) → answers by item
    id, for :func:`score`. An empty token is a blank; raises :class:`InvalidAnswer`."""
    return _scorer(instrument_id).rules.parse(tokens)


@functools.cache
def _scorer(instrument_id: str) -> "_Scorer":
    return _Scorer(get_instrument(instrument_id))


class _Scorer:
    """One instrument's scoring, prepared once: answer rules, alert rules, band lookups."""

    __slots__ = ("alerts", "band_sets", "default_band_set", "instrument", "rules", "unscored")

    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument
        self.rules = AnswerRules(instrument)
        self.alerts = AlertRules(instrument)
        self.unscored = tuple(item.id for item in instrument.items if not item.scored)
        self.band_sets = {s.id: (s, _band_lookup(s)) for s in instrument.band_sets}
        self.default_band_set = instrument.band_sets[0].id if instrument.band_sets else None

    def score(
        self, answers: Mapping[str, Answer], band_set: str | None, allow_incomplete: bool
    ) -> ScoreResult:
        scoring = self.instrument.scoring
        values, missing, excluded = self.rules.check(answers, allow_incomplete=allow_incomplete)
        domains = _domain_scores(scoring.domains, values) if scoring.domains else None
        total = self._total(values, missing, domains)
        chosen, band = self._band(band_set, values, missing, total)
        return ScoreResult(
            self.instrument.id,
            total,
            band,
            chosen,
            self.alerts.raise_alerts(values),
            MappingProxyType(domains) if domains is not None else None,
            _dsm5_provisional(scoring.dsm5, values) if scoring.dsm5 else None,
            excluded,
            missing,
        )

    def _total(
        self,
        values: dict[str, int],
        missing: tuple[str, ...],
        domains: dict[str, int | None] | None,
    ) -> int | None:
        method = self.instrument.scoring.method
        if method == "sum" and not missing:
            total = sum(values.values())
            for item_id in self.unscored:
                total -= values.get(item_id, 0)
            return total
        if method == "domains" and domains is not None:
            scores = [value for value in domains.values() if value is not None]
            return sum(scores) if len(scores) == len(domains) else None
        return None

    def _band(
        self,
        band_set: str | None,
        values: dict[str, int],
        missing: tuple[str, ...],
        total: int | None,
    ) -> tuple[BandSet | None, Band | None]:
        chosen_id = band_set or self.default_band_set
        if chosen_id is None:
            return None, None
        if chosen_id not in self.band_sets:
            known = tuple(self.band_sets)
            raise UnknownChoice(self.instrument.id, "band set", chosen_id, known)
        chosen, lookup = self.band_sets[chosen_id]
        if chosen.scale == "answers":
            return chosen, None if missing else _answer_band(chosen, values)
        if chosen.scale == "percent":
            total = _percent(self.instrument.scoring, total)
        return chosen, None if total is None else lookup[total]


def _percent(scoring: Scoring, total: int | None) -> int | None:
    factor = scoring.percent_factor
    return None if factor is None or total is None else total * factor


def _band_lookup(band_set: BandSet) -> dict[int, Band]:
    """Score → band, precomputed for every score the scale can take (the bands tile it)."""
    return {
        value: band
        for band in band_set.bands
        if band.low is not None and band.high is not None
        for value in range(band.low, band.high + 1)
    }


def _domain_scores(domains: tuple[Domain, ...], values: Mapping[str, int]) -> dict[str, int | None]:
    """QIDS-SR16: each domain scores its highest item (None while one of its items is missing)."""
    return {
        domain.id: max(values[i] for i in domain.items)
        if all(i in values for i in domain.items)
        else None
        for domain in domains
    }


def _answer_band(band_set: BandSet, values: Mapping[str, int]) -> Band:
    """C-SSRS: the first band with a yes among its items; the last band has none."""
    return next(
        band
        for band in band_set.bands
        if not band.any_yes or any(values.get(i) == 1 for i in band.any_yes)
    )


def _dsm5_provisional(rule: ClusterRule, values: Mapping[str, int]) -> bool | None:
    """PCL-5: enough endorsed items (≥ ``endorsed_at``) in every cluster; None if any is missing."""
    if any(i not in values for cluster in rule.clusters for i in cluster.items):
        return None
    return all(
        sum(values[i] >= rule.endorsed_at for i in cluster.items) >= cluster.minimum
        for cluster in rule.clusters
    )
