"""Start-up check: a broken instrument table stops the app loudly, before any score is computed."""

from typing import Any

from django.core.checks import CheckMessage, Error, register

from remission.clinical.instruments import InstrumentDataError, validate_all


@register()
def check_instrument_data(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    try:
        validate_all()
    except InstrumentDataError as error:
        return [Error(f"Instrument data is invalid: {error}", id="remission.E010")]
    return []
