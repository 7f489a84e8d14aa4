from typing import Any

from django.http import HttpRequest

from remission.measures.alerts import open_alert_count


def alerts(request: HttpRequest) -> dict[str, Any]:
    """The open-alert count shown on every page for clinicians."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "is_clinician", False):
        return {}
    return {"open_alert_count": open_alert_count(user)}
