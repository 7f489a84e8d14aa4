"""Reading and checking one instrument definition (``data/instruments/<id>.toml``).

The checks catch what a typo in a clinical table would otherwise turn into a wrong number: bands
that leave a gap or overlap, a declared range that the items cannot produce, a risk rule on an item
that does not exist, a threshold outside the scale, a rule without its source.
"""

import re
from collections.abc import Mapping

from remission.clinical.instruments.model import (
    BAND_SCALES,
    SCORING_METHODS,
    AlertRule,
    Band,
    BandSet,
    Cluster,
    ClusterRule,
    Condition,
    Criterion,
    CriterionKind,
    Domain,
    Instrument,
    Item,
    Option,
    Outcomes,
    Scoring,
)
from remission.clinical.instruments.reading import Reader

SNAKE_CASE = re.compile(r"^[a-z][a-z0-9_]*$")


def parse_instrument(data: Mapping[str, object], name: str) -> Instrument:
    """Build an :class:`Instrument` from a parsed TOML table; raise ``InstrumentDataError``."""
    r = Reader(data, name)
    instrument_id = _snake(r, "id")
    option_sets = _option_sets(r.table("option_sets"))
    items = _items(r, option_sets)
    scoring = _scoring(r.table("scoring"), items)
    band_sets = tuple(_band_set(b, items, scoring) for b in r.optional_tables("band_sets"))
    _unique(r, "band_sets", [band_set.id for band_set in band_sets])
    alert_rules = tuple(_alert_rule(a, items) for a in r.optional_tables("alerts"))
    outcomes = _outcomes(r.table("outcomes"), scoring) if r.has("outcomes") else None
    instrument = Instrument(
        id=instrument_id,
        name=r.string("name"),
        short_name=r.string("short_name"),
        version=r.string("version"),
        rater=r.choice("rater", ("self", "clinician")),
        recall=r.string("recall"),
        source=r.string("source"),
        licence=r.string("licence"),
        text_ships=r.flag("text_ships", default=False),
        attribution=r.optional_string("attribution"),
        loinc_panel=r.optional_string("loinc_panel"),
        loinc_total=r.optional_string("loinc_total"),
        items=items,
        scoring=scoring,
        band_sets=band_sets,
        alert_rules=alert_rules,
        outcomes=outcomes,
    )
    r.done()
    return instrument


def _snake(r: Reader, key: str) -> str:
    value = r.string(key)
    if not SNAKE_CASE.match(value):
        r.fail(key, f"ids are snake_case, got {value!r}")
    return value


def _unique(r: Reader, key: str, ids: list[str]) -> None:
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        r.fail(key, f"duplicate id(s) {', '.join(duplicates)}")


def _option_sets(r: Reader) -> dict[str, tuple[Option, ...]]:
    sets: dict[str, tuple[Option, ...]] = {}
    for name in list(r.data):
        entry = r.table(name)
        if entry.has("range"):
            low, high = entry.pair("range")
            options = tuple(Option(value, str(value)) for value in range(low, high + 1))
        else:
            options = tuple(_option(o) for o in entry.tables("options"))
        values = [option.value for option in options]
        if values != sorted(set(values)):
            entry.fail("options", "values must be distinct and ascending")
        entry.done()
        sets[name] = options
    r.done()
    return sets


def _option(r: Reader) -> Option:
    option = Option(
        value=r.integer("value"),
        label=r.string("label"),
        code=r.optional_string("code"),
        loinc=r.optional_string("loinc"),
    )
    r.done()
    return option


def _items(r: Reader, option_sets: dict[str, tuple[Option, ...]]) -> tuple[Item, ...]:
    items: list[Item] = []
    for entry in r.tables("items"):
        item_id = _snake(entry, "id")
        set_name = entry.string("options")
        if set_name not in option_sets:
            entry.fail("options", f"no option set {set_name!r}")
        ask_if = None
        if entry.has("ask_if"):
            condition = entry.table("ask_if")
            ask_if = Condition(condition.string("item"), condition.integer("equals"))
            condition.done()
            earlier = {item.id: item for item in items}
            if ask_if.item not in earlier or ask_if.equals not in earlier[ask_if.item].values:
                entry.fail("ask_if", f"must name an earlier item and one of its values: {ask_if}")
        items.append(
            Item(
                id=item_id,
                label=entry.string("label"),
                option_set=set_name,
                options=option_sets[set_name],
                loinc=entry.optional_string("loinc"),
                scored=entry.flag("scored", default=True),
                required=entry.flag("required", default=True),
                blank_means=entry.optional_string("blank_means"),
                ask_if=ask_if,
            )
        )
        entry.done()
    _unique(r, "items", [item.id for item in items])
    return tuple(items)


def _scoring(r: Reader, items: tuple[Item, ...]) -> Scoring:
    method = r.choice("method", SCORING_METHODS)
    scored = [item for item in items if item.scored]
    by_id = {item.id: item for item in items}
    domains = tuple(_domain(d, by_id) for d in r.optional_tables("domains"))
    if method == "domains":
        covered = [item_id for domain in domains for item_id in domain.items]
        if sorted(covered) != sorted(item.id for item in scored):
            r.fail("domains", "must cover every scored item exactly once")
        low = sum(max(min(by_id[i].values) for i in d.items) for d in domains)
        high = sum(max(max(by_id[i].values) for i in d.items) for d in domains)
    elif domains:
        r.fail("domains", "only the 'domains' method has domains")
    else:
        low = sum(min(item.values) for item in scored)
        high = sum(max(item.values) for item in scored)
    bounds = None
    if method != "none":
        bounds = r.pair("range")
        if bounds != (low, high):
            r.fail("range", f"declared {list(bounds)} but the items give [{low}, {high}]")
    dsm5 = _cluster_rule(r.table("dsm5_provisional"), by_id) if r.has("dsm5_provisional") else None
    scoring = Scoring(
        method=method,
        source=r.string("source"),
        bounds=bounds,
        percent_factor=r.optional_integer("percent_factor"),
        domains=domains,
        dsm5=dsm5,
    )
    r.done()
    return scoring


def _known_items(r: Reader, key: str, by_id: Mapping[str, Item]) -> tuple[str, ...]:
    names = r.strings(key)
    unknown = [name for name in names if name not in by_id]
    if unknown:
        r.fail(key, f"unknown item(s) {', '.join(unknown)}")
    return names


def _domain(r: Reader, by_id: Mapping[str, Item]) -> Domain:
    domain = Domain(_snake(r, "id"), r.string("label"), _known_items(r, "items", by_id))
    r.done()
    return domain


def _cluster_rule(r: Reader, by_id: Mapping[str, Item]) -> ClusterRule:
    clusters = []
    for entry in r.tables("clusters"):
        cluster = Cluster(
            id=entry.string("id"),
            label=entry.string("label"),
            items=_known_items(entry, "items", by_id),
            minimum=entry.integer("minimum"),
        )
        if not 1 <= cluster.minimum <= len(cluster.items):
            entry.fail("minimum", f"must be between 1 and {len(cluster.items)}")
        entry.done()
        clusters.append(cluster)
    rule = ClusterRule(r.integer("endorsed_at"), tuple(clusters), r.string("source"))
    r.done()
    return rule


def _band_set(r: Reader, items: tuple[Item, ...], scoring: Scoring) -> BandSet:
    scale = r.choice("scale", BAND_SCALES)
    bands = []
    for entry in r.tables("bands"):
        bands.append(
            Band(
                id=_snake(entry, "id"),
                label=entry.string("label"),
                low=entry.optional_integer("low"),
                high=entry.optional_integer("high"),
                any_yes=entry.strings("any_yes") if entry.has("any_yes") else (),
            )
        )
        entry.done()
    band_set = BandSet(_snake(r, "id"), r.string("label"), r.string("source"), scale, tuple(bands))
    _unique(r, "bands", [band.id for band in bands])
    if scale == "answers":
        _check_answer_bands(r, band_set, {item.id: item for item in items})
    else:
        _check_tiling(r, band_set, scoring)
    r.done()
    return band_set


def _check_tiling(r: Reader, band_set: BandSet, scoring: Scoring) -> None:
    """Score bands must cover the whole scale, in order, without a gap or an overlap."""
    if scoring.bounds is None:
        r.fail("scale", "this instrument has no total to band")
    low, high = scoring.bounds
    factor = 1
    if band_set.scale == "percent":
        if scoring.percent_factor is None:
            r.fail("scale", "a percent scale needs scoring.percent_factor")
        factor = scoring.percent_factor
    expected = low * factor
    for band in band_set.bands:
        if band.low is None or band.high is None or band.any_yes:
            r.fail("bands", f"{band.id}: score bands need low and high, and no any_yes")
        if band.low != expected or band.high < band.low:
            r.fail("bands", f"{band.id}: starts at {band.low}, expected {expected} (gap/overlap)")
        expected = band.high + 1
    if expected != high * factor + 1:
        r.fail("bands", f"bands end at {expected - 1}, the scale at {high * factor}")


def _check_answer_bands(r: Reader, band_set: BandSet, by_id: Mapping[str, Item]) -> None:
    """Answer bands are checked in order; only the last (the "none" band) has no trigger items."""
    for position, band in enumerate(band_set.bands):
        last = position == len(band_set.bands) - 1
        if band.low is not None or band.high is not None or bool(band.any_yes) == last:
            r.fail("bands", f"{band.id}: answer bands list any_yes items, except the last band")
        for item_id in band.any_yes:
            if item_id not in by_id or 1 not in by_id[item_id].values:
                r.fail("bands", f"{band.id}: {item_id!r} is not a yes/no item")


def _alert_rule(r: Reader, items: tuple[Item, ...]) -> AlertRule:
    by_id = {item.id: item for item in items}
    rule = AlertRule(
        item=r.string("item"),
        review_at=r.optional_integer("review_at"),
        urgent_at=r.optional_integer("urgent_at"),
        rule=r.string("rule"),
        source=r.string("source"),
    )
    if rule.item not in by_id:
        r.fail("item", f"unknown item {rule.item!r}")
    thresholds = [t for t in (rule.review_at, rule.urgent_at) if t is not None]
    if not thresholds or not all(t in by_id[rule.item].values for t in thresholds):
        r.fail("item", "needs review_at and/or urgent_at, each one of the item's values")
    if len(thresholds) == 2 and thresholds[0] >= thresholds[1]:
        r.fail("review_at", "must be below urgent_at")
    r.done()
    return rule


OUTCOME_KINDS: dict[str, tuple[CriterionKind, ...]] = {
    "response": ("percent_reduction", "points_reduction"),
    "remission": ("at_most",),
    "reliable_change": ("points",),
    "early_improvement": ("percent_reduction",),
    "caseness": ("at_least",),
}


def _outcomes(r: Reader, scoring: Scoring) -> Outcomes:
    if scoring.bounds is None:
        r.fail("better", "outcomes need a total score")
    bounds = scoring.bounds

    def criteria(key: str) -> tuple[Criterion, ...]:
        found = tuple(_criterion(c, key, bounds) for c in r.optional_tables(key))
        _unique(r, key, [criterion.id for criterion in found])
        return found

    def single(key: str) -> Criterion | None:
        return _criterion(r.table(key), key, bounds) if r.has(key) else None

    lower_is_better = r.choice("better", ("lower", "higher")) == "lower"
    outcomes = Outcomes(
        lower_is_better=lower_is_better,
        response=criteria("response"),
        remission=criteria("remission"),
        reliable_change=criteria("reliable_change"),
        early_improvement=single("early_improvement"),
        caseness=single("caseness"),
    )
    percent_rules = [c for c in (*outcomes.response, outcomes.early_improvement) if c]
    if not lower_is_better and any(c.kind == "percent_reduction" for c in percent_rules):
        r.fail("better", "a percent reduction needs a scale where lower is better")
    r.done()
    return outcomes


def _criterion(r: Reader, key: str, bounds: tuple[int, int]) -> Criterion:
    criterion = Criterion(
        id=_snake(r, "id"),
        kind=r.choice("kind", OUTCOME_KINDS[key]),
        at=r.integer("at"),
        label=r.string("label"),
        source=r.string("source"),
        within_weeks=r.integer("within_weeks") if key == "early_improvement" else None,
    )
    low, high = (0, 100) if criterion.kind == "percent_reduction" else bounds
    if not low <= criterion.at <= high:
        r.fail("at", f"{criterion.at} is outside {low}-{high}")
    r.done()
    return criterion
