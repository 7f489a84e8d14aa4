"""Checking inputs against the tables: inclusive ranges and named choices.

A value that does not fit raises :class:`ProtocolInputError` naming its field and what is allowed.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from remission.clinical.protocols.errors import ProtocolInputError


@dataclass(frozen=True)
class Range:
    """``low``..``high`` inclusive, in ``unit``; ``source`` says where the bounds come from."""

    low: Decimal
    high: Decimal
    unit: str
    source: str

    def check(self, field: str, value: Decimal | int) -> None:
        """Raise :class:`ProtocolInputError` for ``field`` unless ``low <= value <= high``."""
        finite = not isinstance(value, Decimal) or value.is_finite()
        if not finite or not self.low <= value <= self.high:
            raise ProtocolInputError(
                field, f"must be between {self.low} and {self.high} {self.unit}, not {value}"
            )


def choose[T](field: str, name: str, options: Mapping[str, T]) -> T:
    """``options[name]``, or :class:`ProtocolInputError` for ``field`` listing the names."""
    if name not in options:
        raise ProtocolInputError(field, f"must be one of {', '.join(options)}, not {name!r}")
    return options[name]
