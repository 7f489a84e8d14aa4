"""Rounding that is never silent: every rounded quantity keeps its unrounded value and its step."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Rounded:
    """``value`` is ``unrounded`` rounded half up to a multiple of ``step``, in ``unit``."""

    value: Decimal
    unrounded: Decimal
    step: Decimal
    unit: str

    @property
    def changed(self) -> bool:
        """Whether rounding moved the number (shown beside it, never hidden)."""
        return self.value != self.unrounded


def round_half_up(unrounded: Decimal, step: Decimal, unit: str) -> Rounded:
    """Round to the nearest multiple of ``step``; exact halves go up (36.15 mg -> 36.2 mg)."""
    steps = (unrounded / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return Rounded((steps * step).quantize(step), unrounded, step, unit)
