"""Inclusive input ranges from the rule tables; a value outside is refused naming its field."""

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
