"""The switch behind the audit table's append-only triggers (migration 0002)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.backends.signals import connection_created
from django.dispatch import receiver

_unlocked = False


@receiver(connection_created)
def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "remission_audit_unlocked", 0, lambda: int(_unlocked), deterministic=False
        )


@contextmanager
def unlocked() -> Iterator[None]:
    """Allow UPDATE, DELETE and TRUNCATE on audit events on this connection, e.g. to empty a test
    database. Nothing in the application uses it."""
    global _unlocked
    _unlocked = True
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET remission.audit_unlocked = 'on'")
    try:
        yield
    finally:
        _unlocked = False
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("RESET remission.audit_unlocked")
