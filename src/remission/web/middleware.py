"""Request id, client address and cache headers for every request."""

import uuid
import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address; behind ``PROXY_COUNT`` trusted proxies, taken from X-Forwarded-For."""
    proxies: int = settings.PROXY_COUNT
    if proxies:
        header: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [part.strip() for part in header.split(",")]
        if len(forwarded) >= proxies and forwarded[-proxies]:
            return forwarded[-proxies]
    address: str | None = request.META.get("REMOTE_ADDR")
    return address or None


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = uuid.uuid4().hex  # type: ignore[attr-defined]
        request.client_ip = client_ip(request)  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id  # type: ignore[attr-defined]
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            # Pages with patient data must not stay in shared or browser caches (ASVS 14.3.2).
            response["Cache-Control"] = "no-store"
        return response


class ClinicTimezoneMiddleware:
    """Dates and times are shown and entered in the clinic's time zone (cached in the session)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.clinic_id:
            name = request.session.get("clinic_tz")
            if not name:
                from remission.accounts.models import Clinic

                name = (
                    Clinic.objects.filter(pk=user.clinic_id)
                    .values_list("timezone", flat=True)
                    .first()
                ) or "UTC"
                request.session["clinic_tz"] = name
            try:
                timezone.activate(zoneinfo.ZoneInfo(name))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)
