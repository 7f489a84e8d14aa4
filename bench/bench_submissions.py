"""Questionnaire submissions under concurrent load on loopback (issue: measurement-based care).

Starts gunicorn on a scratch database, then 20 client threads post PHQ-9 answers to the JSON API
(each a scored, audited write with its alert check) for a fixed number of requests, next to the
same load on a trivial view (/healthz, one SELECT) as the floor of this server and machine.
Prints median and p95 latency, throughput and errors.

    python bench/bench_submissions.py [--clients 20] [--requests 2000] [--workers 4]
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import use_scratch_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    folder = use_scratch_database()

    from django.conf import settings
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client

    from remission.accounts.models import Clinic, Role, User
    from remission.patients.models import CareTeamMember, Patient

    clinic = Clinic.objects.create(name="Bench clinic", slug="bench")
    user = User.objects.create(username="bench", role=Role.PSYCHIATRIST, clinic=clinic)
    patients = []
    for n in range(args.clients):
        patient = Patient(clinic=clinic, mrn=f"B{n}", given_name="Bench", family_name=f"P{n}",
                          date_of_birth="1980-01-01", sex_at_birth="female")  # fmt: skip
        patient.refresh_search_keys()
        patient.save()
        CareTeamMember.objects.create(patient=patient, user=user, role="lead")
        patients.append(patient.pk)
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    csrf = _get_new_csrf_string()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}"

    port = _free_port()
    env = {
        **os.environ,
        "REMISSION_DATA_DIR": folder,
        "DJANGO_SETTINGS_MODULE": "remission.settings",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "remission.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--log-level", "warning"],
        env=env,
    )  # fmt: skip
    try:
        _wait(port)
        print(
            f"gunicorn, {args.workers} workers, SQLite (WAL, synchronous=FULL); {args.clients} clients"
        )
        floor = _load(port, args.clients, args.requests, lambda i: ("GET", "/healthz", None, {}))
        _report("trivial view (/healthz)", floor)
        headers = {"Cookie": cookie, "X-CSRFToken": csrf, "Content-Type": "application/json",
                   "Referer": f"http://127.0.0.1:{port}/"}  # fmt: skip
        answers = {f"q{n}": 1 for n in range(1, 10)}

        def submission(i: int) -> tuple[str, str, bytes, dict[str, str]]:
            body = {"instrument": "phq9", "answers": answers, "idempotency_key": uuid.uuid4().hex}
            path = f"/api/patients/{patients[i % len(patients)]}/assessments"
            return "POST", path, json.dumps(body).encode(), headers

        _report("PHQ-9 submission (API)", _load(port, args.clients, args.requests, submission))
    finally:
        server.terminate()
        server.wait()


def _load(port: int, clients: int, total: int, make) -> tuple[list[float], int, float]:  # type: ignore[no-untyped-def]
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(total))

    def worker() -> None:
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            method, path, body, headers = make(i)
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status in (200, 201)
            except (OSError, http.client.HTTPException):
                ok = False
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors += not ok

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - started


def _report(label: str, result: tuple[list[float], int, float]) -> None:
    latencies, errors, seconds = result
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"  {label:28} median {statistics.median(latencies):6.1f} ms   p95 {p95:6.1f} ms   "
          f"{len(latencies) / seconds:6.0f} req/s   errors {errors}/{len(latencies)}")  # fmt: skip


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


if __name__ == "__main__":
    main()
