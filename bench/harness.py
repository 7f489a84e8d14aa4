"""Small helpers shared by the benchmarks: a throw-away database and latency statistics."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.test import Client


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
    return Timing(statistics.median(samples), percentile(samples, 0.95), runs)


# --- A real server on loopback -------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_gunicorn(folder: str, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    """gunicorn on a free loopback port, in its own process group (so a drill can kill it all)."""
    import sys

    port = free_port()
    os.makedirs(os.path.join(folder, "static"), exist_ok=True)  # whitenoise warns without it
    env = {
        **os.environ,
        "REMISSION_DATA_DIR": folder,
        "DJANGO_SETTINGS_MODULE": "remission.settings",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "remission.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning"],
        env=env,
        start_new_session=True,
    )  # fmt: skip
    import http.client

    for _ in range(600):  # the workers answer only once Django is loaded in each
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server, port
        except (OSError, http.client.HTTPException):
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def signed_in_client(user: object, *, second_factor: bool = True) -> Client:
    """A test client of a signed-in session of ``user``; staff also past the second factor when
    ``second_factor`` (patients sign in without one)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    session = client.session
    if second_factor:
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, confirmed=True, defaults={"name": "bench"}
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def staff_headers(user: object, port: int) -> dict[str, str]:
    """Request headers of a signed-in staff session (second factor passed) with its CSRF token."""
    return session_headers(user, port, second_factor=True)


def session_headers(user: object, port: int, *, second_factor: bool) -> dict[str, str]:
    """Request headers of a signed-in session of ``user`` with its CSRF token."""
    from django.conf import settings
    from django.middleware.csrf import _get_new_csrf_string

    session = signed_in_client(user, second_factor=second_factor).session
    csrf = _get_new_csrf_string()
    cookie = (
        f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"
    )
    return {
        "Cookie": cookie,
        "X-CSRFToken": csrf,
        "Content-Type": "application/json",
        "Referer": f"http://127.0.0.1:{port}/",
    }


@dataclass(frozen=True)
class Reply:
    index: int
    status: int  # 0 when the connection failed
    ms: float


def hammer(
    port: int,
    clients: int,
    total: int,
    request: Callable[[int], tuple[str, str, bytes | None, dict[str, str]]],
    stop: threading.Event | None = None,
    think: Callable[[], float] | None = None,
) -> tuple[list[Reply], float]:
    """``total`` requests from ``clients`` threads with keep-alive connections; returns every reply
    and the wall time. A set ``stop`` event ends the run early; ``think`` gives the seconds each
    client waits before each request, the first included (none by default): users arrive over the
    first pause, as they do, rather than all in the same millisecond, which would measure one
    start-up queue of ``clients`` requests instead of the steady state."""
    import http.client

    replies: list[Reply] = []
    lock = threading.Lock()
    counter = iter(range(total))

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while not (stop and stop.is_set()):
            if think is not None:
                (stop or threading.Event()).wait(think())  # a stop cuts the pause short
                if stop and stop.is_set():
                    return
            with lock:
                index = next(counter, None)
            if index is None:
                return
            method, path, body, headers = request(index)
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            with lock:
                replies.append(Reply(index, status, (time.perf_counter() - started) * 1000))

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return replies, time.perf_counter() - started


def percentile(ordered: list[float], fraction: float) -> float:
    """The value at ``fraction`` (0..1) of an ascending list (nearest rank below)."""
    return ordered[int(fraction * (len(ordered) - 1))] if ordered else float("nan")


def summary(
    label: str, replies: list[Reply], seconds: float, ok: tuple[int, ...] = (200, 201)
) -> str:
    latencies = sorted(reply.ms for reply in replies)
    errors = sum(reply.status not in ok for reply in replies)
    return (
        f"  {label:30} median {statistics.median(latencies):6.1f} ms   "
        f"p95 {percentile(latencies, 0.95):6.1f} ms   p99 {percentile(latencies, 0.99):6.1f} ms   "
        f"{len(replies) / seconds:6.0f} req/s   errors {errors}/{len(replies)}"
    )
