"""Authentication events go to the audit trail (ASVS 16.3.1); no password is ever recorded."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from remission.accounts.models import User
from remission.audit import trail


@receiver(user_logged_in)
def on_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    now = timezone.now().timestamp()
    request.session["signed_in_at"] = now
    request.session["last_seen"] = now
    trail.record(request, "accounts.login.succeeded")


@receiver(user_logged_out)
def on_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        trail.record(
            user, "accounts.logout.done", detail={"ip": getattr(request, "client_ip", None)}
        )


@receiver(user_login_failed)
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    _denied_sign_in(request, "accounts.login.failed", credentials.get("username") or "")


@receiver(user_locked_out)
def on_locked_out(sender: Any, request: HttpRequest, username: str, **kwargs: Any) -> None:
    _denied_sign_in(request, "accounts.login.locked_out", username or "")


def _denied_sign_in(request: HttpRequest | None, action: str, username: str) -> None:
    clinic_id = User.objects.filter(username=username).values_list("clinic_id", flat=True).first()
    trail.record_denied(request, action, detail={"username": username[:150]}, clinic_id=clinic_id)
