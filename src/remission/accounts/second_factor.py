"""The second sign-in step for staff: a time-based one-time code from an authenticator app.

First time: the user scans a QR code (or types the secret) and confirms with a code. Afterwards:
the code at every sign-in. Codes are single-use and throttled (django-otp ``TOTPDevice``).
"""

from typing import Any

import django_otp
import segno
from django import forms
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from remission.accounts.models import User
from remission.audit import trail
from remission.web.http import AuthenticatedRequest


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Six-digit code"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
        help_text=_("From your authenticator app; it changes every 30 seconds."),
    )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError(_("Enter the six digits only."))
        return code


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def enrolment_device(user: User) -> TOTPDevice:
    """The unconfirmed device being set up (one per user until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def qr_code(device: TOTPDevice) -> str:
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2))


def readable_secret(device: TOTPDevice) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def wait_message(device: TOTPDevice) -> str | None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    until = (data or {}).get("locked_until")
    return str(_("Too many wrong codes. Try again in a moment.")) + (
        f" ({until:%H:%M:%S} UTC)" if until else ""
    )


def verify(request: AuthenticatedRequest, device: TOTPDevice, code: str) -> bool:
    """Check the code; on success mark the session verified under a new session key."""
    if not device.verify_token(code):
        trail.record_denied(request, "accounts.second_factor.failed")
        return False
    with transaction.atomic():
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            trail.record(request, "accounts.second_factor.enrolled")
        django_otp.login(request, device)
        request.session.cycle_key()  # a new session id once fully signed in (ASVS 7.2.4)
        trail.record(request, "accounts.second_factor.passed")
    return True


def reset(request: AuthenticatedRequest, user: User) -> None:
    """An administrator removes a lost authenticator: the user enrols again at next sign-in, and
    every session of theirs ends now."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
        trail.record(
            request, "accounts.second_factor.reset", obj=user, detail={"user": user.username}
        )


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator would show now (used for the demo accounts only)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def demo_codes(users: list[User]) -> dict[int, str]:
    devices: dict[int, Any] = {
        d.user_id: d for d in TOTPDevice.objects.filter(user__in=users, confirmed=True)
    }
    return {user_id: current_code(device) for user_id, device in devices.items()}
