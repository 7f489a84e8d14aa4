"""Periodic work: which tasks run how often. ``remission worker`` enqueues each when it is due.

The tasks are idempotent, so two workers enqueueing the same task at once is harmless.
"""

import time
from collections.abc import Callable

from django.utils.module_loading import import_string

# (task path, every N seconds)
PERIODIC: tuple[tuple[str, int], ...] = (
    ("remission.outbox.tasks.deliver_outbox", 30),
    ("remission.measures.tasks.escalate_unacknowledged_alerts", 60),
    ("remission.measures.tasks.issue_due_questionnaires", 300),
    ("remission.measures.tasks.remind_and_mark_missed", 3600),
)


class Scheduler:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.last_run: dict[str, float] = {}

    def tick(self) -> list[str]:
        """Enqueue every periodic task whose interval has passed; returns their paths."""
        now = self.clock()
        started = []
        for path, every in PERIODIC:
            if now - self.last_run.get(path, -every) >= every:
                import_string(path).enqueue()
                self.last_run[path] = now
                started.append(path)
        return started
