"""A fixed-window rate limit kept in the database, so every app server shares it."""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from remission.companion.models import Throttle


def allow(key: str, limit: int, window: timedelta) -> bool:
    """Count one hit on ``key``; False once more than ``limit`` hits fell in the current window."""
    now = timezone.now()
    key = key[:120]
    with transaction.atomic():
        row, created = Throttle.objects.select_for_update().get_or_create(
            key=key, defaults={"window_start": now, "count": 1}
        )
        if created:
            return True
        if now - row.window_start >= window:
            Throttle.objects.filter(pk=key).update(window_start=now, count=1)
            return True
        Throttle.objects.filter(pk=key).update(count=F("count") + 1)
        return row.count + 1 <= limit
