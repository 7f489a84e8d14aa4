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


def set_unlocked(unlocked: bool) -> None:
    """Allow (or forbid again) UPDATE, DELETE and TRUNCATE of audit events on this connection.

    Nothing in the application calls it: it exists so that a test database can be emptied.
    """
    global _unlocked
    _unlocked = unlocked
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            if unlocked:
                cursor.execute("SET remission.audit_unlocked = 'on'")
            else:
                cursor.execute("RESET remission.audit_unlocked")


@contextmanager
def unlocked() -> Iterator[None]:
    set_unlocked(True)
    try:
        yield
    finally:
        set_unlocked(False)
