from datetime import date

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def age_in_years(born: date | None, on: date | None = None) -> int | str:
    """Completed years of age today (or ``on``)."""
    if born is None:
        return ""
    today = on or timezone.localdate()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
