"""Server-side idle and absolute session timeouts (NIST SP 800-63B AAL2; security-targets T13)."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from remission.audit import trail

# Writing the session on every request would cost a database write per click; a 30-second
# granularity keeps the idle limit honest to within half a minute.
TOUCH_EVERY_SECONDS = 30


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and (reason := self._expired(request)):
            user = request.user
            logout(request)
            trail.record(user, "accounts.session.expired", detail={"reason": reason})
            messages.info(request, _("You were signed out after a period without activity."))
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        """Count the request as activity, unless the view is a background poll."""
        if not request.user.is_authenticated or getattr(view, "passive", False):
            return
        now = timezone.now().timestamp()
        if now - request.session.get("last_seen", 0) >= TOUCH_EVERY_SECONDS:
            request.session["last_seen"] = now

    @staticmethod
    def _expired(request: HttpRequest) -> str:
        now = timezone.now().timestamp()
        started = request.session.get("signed_in_at", now)
        last_seen = request.session.get("last_seen", now)
        if now - started > settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds():
            return "absolute"
        if now - last_seen > settings.SESSION_IDLE_TIMEOUT.total_seconds():
            return "idle"
        return ""
