"""Rates on pages: ``{{ rate|rate_text }}`` ("54.2% (41.0-66.9%), 26 of 48") and
``{% rate_cell rate %}`` (the percentage, its interval and the counts on a second line)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from remission.clinical.statistics import Rate

register = template.Library()


@register.filter
def rate_text(rate: Rate | None) -> str:
    if rate is None or not rate.total:
        return "-"
    low, high = rate.interval or (0.0, 0.0)
    return f"{rate.percent:.1f}% ({100 * low:.1f}-{100 * high:.1f}%), {rate.events} of {rate.total}"


@register.simple_tag
def rate_cell(rate: Rate | None) -> SafeString:
    if rate is None or not rate.total:
        return format_html('<span class="faint">{}</span>', "-")
    low, high = rate.interval or (0.0, 0.0)
    return format_html(
        '<strong>{}%</strong><span class="rate-detail">{}-{}% · {}/{}</span>',
        f"{rate.percent:.1f}",
        f"{100 * low:.1f}",
        f"{100 * high:.1f}",
        rate.events,
        rate.total,
    )
