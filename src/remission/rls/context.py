"""The clinic context of a database connection: which clinic's rows the application role sees.

Each request names the signed-in user's clinic (nothing for anyone else) before any view runs, and
the context is emptied again when the request has finished, so a persistent connection never
carries one request's clinic into the next. Pages open to anyone (one-time links, where the token
is the key) get the token-holder context. Only connections that are subject to row-level security
(not a superuser, not a ``BYPASSRLS`` role, not the tables' owner) pay the extra statement.
"""

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse

from remission.rls.policies import SETTING, TOKEN_HOLDER, app_role


def set_clinic(value: str) -> None:
    """Set the context for this connection until changed: a clinic id, "" (no rows) or
    ``TOKEN_HOLDER``."""
    if _subject_to_rls():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, false)", [SETTING, value])


def _subject_to_rls() -> bool:
    if connection.vendor != "postgresql":
        return False
    subject = getattr(connection, "rls_subject", None)
    if subject is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user "
                "AND rolname = %s AND NOT rolsuper AND NOT rolbypassrls)",
                [app_role()],
            )
            subject = bool(cursor.fetchone()[0])
        connection.rls_subject = subject  # type: ignore[attr-defined]
    return subject


def forget_role(sender: Any = None, **kwargs: Any) -> None:
    """A new connection (or, in tests, ``SET ROLE``) may be another role: look again."""
    target = kwargs.get("connection", connection)
    target.rls_subject = None


def reset_after_request(**kwargs: Any) -> None:
    if getattr(connection, "rls_subject", None) and connection.connection is not None:
        set_clinic("")


class ClinicContextMiddleware:
    """Sets the connection's clinic context from the signed-in user, before any view runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        clinic_id = getattr(user, "clinic_id", None) if user.is_authenticated else None
        set_clinic("" if clinic_id is None else str(clinic_id))
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        policy = getattr(view, "access_policy", None)
        if policy is not None and not policy.login_required:
            set_clinic(TOKEN_HOLDER)
