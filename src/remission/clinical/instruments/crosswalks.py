"""Converting a total to another scale with a published crosswalk table (``data/crosswalks/``).

Every conversion is an approximation and says so: the result carries the table, its source, the
evidence tag of that source and the approximation note. Where the table gives a range, the result
gives ``low`` and ``high`` instead of one ``value``.
"""

from dataclasses import dataclass

from remission.clinical.instruments.answers import check_total
from remission.clinical.instruments.errors import NotApplicable
from remission.clinical.instruments.registry import catalogue, get_instrument
from remission.clinical.instruments.tables import Direction, Number


@dataclass(frozen=True, slots=True)
class Conversion:
    source_instrument: str
    target: str
    target_name: str
    input: int
    low: Number
    high: Number
    se: float | None
    table: str
    source: str
    evidence: str
    approximation: str

    @property
    def value(self) -> Number | None:
        """The equivalent score, or None where the table gives a range (see ``low``/``high``)."""
        return self.low if self.low == self.high else None

    def as_dict(self) -> dict[str, object]:
        """JSON-ready, as printed by ``remission convert --json``."""
        span: dict[str, object] = (
            {"low": self.low, "high": self.high} if self.value is None else {"value": self.value}
        )
        if self.se is not None:
            span["se"] = self.se
        return {
            "from": self.source_instrument,
            "to": self.target,
            "to_name": self.target_name,
            "input": self.input,
            **span,
            "table": self.table,
            "source": self.source,
            "evidence": self.evidence,
            "approximation": self.approximation,
        }


def convert(source: str, target: str, value: int) -> Conversion:
    """Convert a ``source`` total to ``target`` (an instrument id or a metric such as
    ``promis_depression_t``). Raises :class:`NotApplicable` when no table converts that way or
    the table has no (verified) row for the value."""
    direction = _direction(source, target)
    crosswalk = direction.crosswalk
    check_total(get_instrument(source), "value", value)
    if value in direction.gaps:
        raise NotApplicable(f"{crosswalk.id}: no row for {source} {value}: {direction.gaps[value]}")
    if value not in direction.rows:
        raise NotApplicable(f"{crosswalk.id}: the published table has no row for {source} {value}")
    span = direction.rows[value]
    return Conversion(
        source_instrument=source,
        target=target,
        target_name=direction.target_name,
        input=value,
        low=span.low,
        high=span.high,
        se=span.se,
        table=crosswalk.id,
        source=crosswalk.source,
        evidence=crosswalk.evidence,
        approximation=crosswalk.approximation,
    )


def _direction(source: str, target: str) -> Direction:
    for crosswalk in catalogue().crosswalks:
        direction = crosswalk.direction(source, target)
        if direction is not None:
            return direction
    pairs = ", ".join(
        f"{c.source_instrument}→{c.target}" + (" (both ways)" if c.reverse_rows else "")
        for c in catalogue().crosswalks
    )
    raise NotApplicable(f"no crosswalk from {source} to {target}; available: {pairs}")
