"""Start-up check: a broken dose or checklist table stops the app loudly, before any staging."""

from typing import Any

from django.core.checks import CheckMessage, Error, register

from remission.clinical.history import TableError, load_tables


@register()
def check_history_tables(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    try:
        load_tables()
    except TableError as error:
        return [Error(f"Treatment-history tables are invalid: {error}", id="remission.E020")]
    return []
