from datetime import date

from django import template
from django.utils import timezone

from remission.clinical.instruments import UnknownInstrument, get_instrument

register = template.Library()


@register.filter
def age_in_years(born: date | None, on: date | None = None) -> int | str:
    """Completed years of age today (or ``on``)."""
    if born is None:
        return ""
    today = on or timezone.localdate()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@register.filter
def instrument_name(instrument_id: str) -> str:
    """The instrument's published short name ("PHQ-9", "QIDS-SR16"); the id when it is unknown."""
    try:
        return get_instrument(instrument_id).short_name
    except UnknownInstrument:
        return instrument_id
