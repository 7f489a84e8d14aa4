"""Calendar arithmetic for episode duration."""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """``day`` plus whole calendar months, clamped to a shorter month's end (31 Jan + 1: 28 Feb)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def calendar_months(start: date, end: date) -> int:
    """Calendar months from ``start`` to ``end``, a part month counting as a month.

    1 May to 1 Nov is 6 months; 1 May to 2 Nov is 7. ``end`` must not be before ``start``.
    """
    if end < start:
        raise ValueError(f"{end} is before {start}")
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return months + (add_months(start, months) < end)
