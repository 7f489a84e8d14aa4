"""Small helpers shared by the benchmarks: a throw-away database and latency statistics."""

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass


def use_scratch_database() -> str:
    """Point Django at a fresh SQLite file (or at DATABASE_URL when set) before it starts."""
    folder = tempfile.mkdtemp(prefix="remission-bench-")
    os.environ.setdefault("REMISSION_DATA_DIR", folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "remission.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return folder


@dataclass(frozen=True)
class Timing:
    median_ms: float
    p95_ms: float
    runs: int

    def __str__(self) -> str:
        return f"median {self.median_ms:7.2f} ms   p95 {self.p95_ms:7.2f} ms   ({self.runs} runs)"


def measure(action: Callable[[], object], runs: int, warmup: int = 3) -> Timing:
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return Timing(statistics.median(samples), samples[int(0.95 * (len(samples) - 1))], runs)
