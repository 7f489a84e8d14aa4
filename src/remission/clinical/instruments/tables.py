"""Crosswalk tables (``data/crosswalks/*.toml``): published score equivalences kept as data.

A row maps one score of the source instrument to one target score or a range of them. A table
must cover every source score, listing any score it cannot convert as a ``gap`` with the reason
(for example a typo in the published table). A reversible table is read backwards by collecting
the source scores whose target range contains the value.
"""

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from remission.clinical.instruments.model import Instrument
from remission.clinical.instruments.reading import Reader

Number = int | float


@dataclass(frozen=True, slots=True)
class Span:
    """The equivalent score(s), ``low == high`` for a single value; ``se`` where given."""

    low: Number
    high: Number
    se: float | None = None


@dataclass(frozen=True, slots=True)
class Crosswalk:
    id: str
    source_instrument: str
    source_name: str
    target: str
    target_name: str
    title: str
    source: str
    evidence: str
    approximation: str
    rows: Mapping[int, Span]
    gaps: Mapping[int, str]
    reverse_rows: Mapping[int, Span] | None

    def direction(self, source: str, target: str) -> "Direction | None":
        """How this table converts ``source`` to ``target``, or None if it doesn't."""
        if (source, target) == (self.source_instrument, self.target):
            return Direction(self, self.rows, self.gaps, self.target_name)
        if (source, target) == (self.target, self.source_instrument) and self.reverse_rows:
            return Direction(self, self.reverse_rows, {}, self.source_name)
        return None


@dataclass(frozen=True, slots=True)
class Direction:
    """A table read one way: its rows, the source scores it states it cannot convert, and the
    name of the scale it converts to."""

    crosswalk: Crosswalk
    rows: Mapping[int, Span]
    gaps: Mapping[int, str]
    target_name: str


EVIDENCE = ("P", "S", "S-code", "UNVERIFIED")


def parse_crosswalk(
    data: Mapping[str, object], name: str, instruments: Mapping[str, Instrument]
) -> Crosswalk:
    r = Reader(data, name)
    source_id = r.string("from")
    if source_id not in instruments:
        r.fail("from", f"unknown instrument {source_id!r}")
    source = instruments[source_id]
    if source.scoring.bounds is None:
        r.fail("from", f"{source.short_name} has no total to convert")
    target_id = r.string("to")
    target = instruments.get(target_id)
    if target is not None and target.scoring.bounds is None:
        r.fail("to", f"{target.short_name} has no total to convert to")
    target_name = target.short_name if target else r.string("to_name")
    row_tables, gap_tables = r.tables("rows"), r.optional_tables("gaps")
    rows = {row.integer("from"): _span(row, target) for row in row_tables}
    gaps = {gap.integer("from"): gap.string("reason") for gap in gap_tables}
    for table in (*row_tables, *gap_tables):
        table.done()
    _check_rows(r, source.scoring.bounds, rows, gaps)
    reversible = r.flag("reversible", default=False)
    if reversible and target is None:
        r.fail("reversible", "only a table between two instruments can be read backwards")
    crosswalk = Crosswalk(
        id=r.string("id"),
        source_instrument=source_id,
        source_name=source.short_name,
        target=target_id,
        target_name=target_name,
        title=r.string("title"),
        source=r.string("source"),
        evidence=r.choice("evidence", EVIDENCE),
        approximation=r.string("approximation"),
        rows=MappingProxyType(rows),
        gaps=MappingProxyType(gaps),
        reverse_rows=MappingProxyType(_reverse(rows, target.scoring.bounds))
        if target and target.scoring.bounds and reversible
        else None,
    )
    r.done()
    return crosswalk


def _span(row: Reader, target: Instrument | None) -> Span:
    value = row.data.get("to")
    low: Number
    high: Number
    if isinstance(value, list) and len(value) == 2:
        low, high = row.pair("to")
    elif target is not None:
        low = high = row.integer("to")
    else:
        low = high = row.number("to")
    bounds = target.scoring.bounds if target else None
    if target and bounds and not bounds[0] <= low <= high <= bounds[1]:
        row.fail("to", f"{value!r} is outside {target.short_name} {target.score_range}")
    se = row.number("se") if row.has("se") else None
    return Span(low, high, se)


def _check_rows(
    r: Reader, bounds: tuple[int, int], rows: Mapping[int, Span], gaps: Mapping[int, str]
) -> None:
    """Every source score has a row or a stated gap, and the rows never go down."""
    expected = list(range(bounds[0], bounds[1] + 1))
    if set(rows) & set(gaps) or sorted([*rows, *gaps]) != expected:
        r.fail("rows", f"rows and gaps must cover {bounds[0]}-{bounds[1]}, each score once")
    spans = [rows[value] for value in sorted(rows)]
    for before, after in itertools.pairwise(spans):
        if after.low < before.low or after.high < before.high:
            r.fail("rows", f"the table goes down at {after.low}: check for a typo")


def _reverse(rows: Mapping[int, Span], bounds: tuple[int, int]) -> dict[int, Span]:
    """Target score → the source scores whose row contains it (a range where several do)."""
    reverse = {}
    for value in range(bounds[0], bounds[1] + 1):
        found = [source for source, span in rows.items() if span.low <= value <= span.high]
        if found:
            reverse[value] = Span(min(found), max(found))
    return reverse
