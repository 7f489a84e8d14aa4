"""Optimistic locking: an edit based on an outdated copy is refused, never silently applied.

Versioned models carry a ``version`` field. Forms send the version they were rendered with;
``save_versioned`` writes only if the row still has it (security-targets T32, ASVS 2.3.4).
"""

from collections.abc import Iterable

from django.db import models
from django.utils import timezone


class EditConflict(Exception):
    """Someone else saved this record after it was opened."""


def save_versioned(instance: models.Model, expected_version: int, fields: Iterable[str]) -> None:
    """Write ``fields`` of ``instance`` if its stored version is still ``expected_version``."""
    model = type(instance)
    values = {name: getattr(instance, name) for name in fields}
    if any(f.name == "updated_at" for f in model._meta.fields):
        values["updated_at"] = timezone.now()
    written = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        **values, version=expected_version + 1
    )
    if not written:
        raise EditConflict
    instance.version = expected_version + 1  # type: ignore[attr-defined]
