"""Questionnaire submissions under concurrent load on loopback (issue: measurement-based care).

Starts gunicorn on a scratch SQLite database, then 20 client threads post PHQ-9 answers to the
JSON API (each a scored, audited write with its alert check), next to the same load on a trivial
view (/healthz, one SELECT) as the floor of this server and machine. Prints median and p95
latency, throughput and errors.

    python bench/bench_submissions.py [--clients 20] [--requests 2000] [--workers 4]
"""

import argparse
import json
import os
import signal
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import hammer, staff_headers, start_gunicorn, summary, use_scratch_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    folder = use_scratch_database()

    from tests.conftest import make_patient

    from remission.accounts.models import Clinic, Role, User

    clinic = Clinic.objects.create(name="Bench clinic", slug="bench")
    user = User.objects.create(username="bench", role=Role.PSYCHIATRIST, clinic=clinic)
    patients = [
        make_patient(clinic, "Bench", f"P{n}", f"B{n}", [user]).pk for n in range(args.clients)
    ]

    server, port = start_gunicorn(folder, args.workers)
    try:
        headers = staff_headers(user, port)
        print(f"gunicorn, {args.workers} workers, SQLite (WAL, synchronous=FULL), {args.clients} clients, "
              f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
        replies, seconds = hammer(
            port, args.clients, args.requests, lambda i: ("GET", "/healthz", None, {})
        )
        print(summary("trivial view (/healthz)", replies, seconds))
        answers = {f"q{n}": 1 for n in range(1, 10)}

        def submission(index: int) -> tuple[str, str, bytes, dict[str, str]]:
            body = {"instrument": "phq9", "answers": answers, "idempotency_key": uuid.uuid4().hex}
            path = f"/api/patients/{patients[index % len(patients)]}/assessments"
            return "POST", path, json.dumps(body).encode(), headers

        replies, seconds = hammer(port, args.clients, args.requests, submission)
        print(summary("PHQ-9 submission (JSON API)", replies, seconds))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()


if __name__ == "__main__":
    main()
