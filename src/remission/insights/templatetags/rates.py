"""``{{ rate|rate_text }}``: "54.2% (41.0–66.9%), 26 of 48" for a :class:`Rate`."""

from django import template

from remission.clinical.statistics import Rate

register = template.Library()


@register.filter
def rate_text(rate: Rate | None) -> str:
    if rate is None or not rate.total:
        return "–"
    low, high = rate.interval or (0.0, 0.0)
    return f"{rate.percent:.1f}% ({100 * low:.1f}–{100 * high:.1f}%), {rate.events} of {rate.total}"
