"""Changes to staff accounts; every privilege change is audited with the old and new value."""

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from remission.accounts.models import User
from remission.audit import trail
from remission.web.http import AuthenticatedRequest


def create_staff_user(request: AuthenticatedRequest, user: User) -> User:
    """Create an account in the admin's clinic and e-mail its owner a link to choose a password."""
    admin = request.user
    user.clinic_id = admin.clinic_id
    user.set_unusable_password()
    with transaction.atomic():
        user.save()
        trail.record(
            request,
            "accounts.user.created",
            obj=user,
            detail={"user": user.username, "role": user.role},
        )
    send_invitation(request, user)
    return user


def send_invitation(request: AuthenticatedRequest, user: User) -> None:
    link = request.build_absolute_uri(
        reverse(
            "accounts:set_password",
            args=[
                urlsafe_base64_encode(force_bytes(user.pk)),
                default_token_generator.make_token(user),
            ],
        )
    )
    body = render_to_string("accounts/email/invitation.txt", {"user": user, "link": link})
    send_mail("Your Remission account", body, None, [user.email])


def update_staff_user(
    request: AuthenticatedRequest, user: User, old_role: str, changed: list[str]
) -> None:
    with transaction.atomic():
        user.save(update_fields=changed)
        detail: dict[str, object] = {"user": user.username, "fields": changed}
        if "role" in changed:
            detail["role"] = {"old": old_role, "new": user.role}
        trail.record(request, "accounts.user.updated", obj=user, detail=detail)


def set_active(request: AuthenticatedRequest, user: User, active: bool) -> None:
    """Deactivating ends every session of the user at once."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(
            is_active=active, session_generation=F("session_generation") + 1
        )
        trail.record(
            request,
            "accounts.user.activated" if active else "accounts.user.deactivated",
            obj=user,
            detail={"user": user.username},
        )


def sign_out_everywhere(request: AuthenticatedRequest) -> None:
    """End all of the user's sessions in every browser, including this one."""
    user = request.user
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
        trail.record(request, "accounts.sessions.ended_everywhere")


def update_clinic_settings(request: AuthenticatedRequest, form: Any, lines: Any) -> None:
    """Save the clinic's details and crisis lines together, audited with what changed."""
    with transaction.atomic():
        form.save()
        lines.save()
        trail.record(
            request,
            "accounts.clinic.updated",
            detail={"fields": form.changed_data, "crisis_lines_changed": lines.has_changed()},
        )
