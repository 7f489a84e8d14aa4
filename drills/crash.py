"""Crash drill (security-targets T30, T35): kill -9 the app during concurrent submissions.

Each trial starts gunicorn (2 workers) on a scratch database, sends questionnaire submissions from
20 clients, each with its own idempotency key and a positive suicide item in a third of them, and
at a random moment kills every server process with SIGKILL. Then, from the database alone:

- every submission the server acknowledged (201) exists exactly once;
- no submission is half-stored (every stored one has all nine answers and its score);
- every stored positive item 9 has exactly one alert (the alert invariant);
- SQLite's integrity check passes (on PostgreSQL the server itself recovers; amcheck is not run).

Exits 1 on any violation. ``python drills/crash.py [--trials 3] [--submissions 1000]``
"""

import argparse
import json
import os
import random
import signal
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import hammer, staff_headers, start_gunicorn, use_scratch_database


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    folder = use_scratch_database()
    from tests.conftest import make_patient

    from remission.accounts.models import Clinic, Role, User

    rng = random.Random(args.seed)
    clinic = Clinic.objects.create(name="Drill clinic", slug="drill")
    user = User.objects.create(username="drill", role=Role.PSYCHIATRIST, clinic=clinic)
    patients = [make_patient(clinic, "Drill", f"P{n}", f"D{n}", [user]).pk for n in range(20)]
    failures = 0
    for trial in range(1, args.trials + 1):
        problems = run_trial(trial, folder, user, patients, args.submissions, rng)
        failures += bool(problems)
    return 1 if failures else 0


def run_trial(
    trial: int, folder: str, user: object, patients: list[int], submissions: int, rng: random.Random
) -> list[str]:
    from django.db import connection

    server, port = start_gunicorn(folder, workers=2)
    headers = staff_headers(user, port)
    keys = [uuid.uuid4().hex for _ in range(submissions)]
    risky = {i for i in range(submissions) if i % 3 == 0}

    def submission(index: int) -> tuple[str, str, bytes, dict[str, str]]:
        answers = {f"q{n}": 1 for n in range(1, 9)} | {"q9": 2 if index in risky else 0}
        body = {"instrument": "phq9", "answers": answers, "idempotency_key": keys[index]}
        path = f"/api/patients/{patients[index % len(patients)]}/assessments"
        return "POST", path, json.dumps(body).encode(), headers

    stop = threading.Event()
    kill_after = rng.uniform(1.0, 4.0)

    def kill() -> None:
        time.sleep(kill_after)
        os.killpg(server.pid, signal.SIGKILL)
        stop.set()

    threading.Thread(target=kill).start()
    replies, _ = hammer(port, 20, submissions, submission, stop)
    server.wait()
    statuses = Counter(r.status for r in replies)
    acknowledged = {keys[r.index] for r in replies if r.status == 201}
    problems = check(acknowledged, set(keys), risky_keys={keys[i] for i in risky})
    if unexpected := {s: n for s, n in statuses.items() if s not in (0, 201)}:
        problems.append(f"unexpected answers {unexpected}")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            if (result := cursor.fetchone()[0]) != "ok":
                problems.append(f"integrity_check: {result}")
    connection.close()
    print(
        f"trial {trial}: killed after {kill_after:.1f} s; {len(acknowledged)} acknowledged, "
        f"{statuses.get(0, 0)} cut off: "
        + (
            "every acknowledged one kept, none half-stored, alert invariant holds"
            if not problems
            else "; ".join(problems)
        ),
        flush=True,
    )
    return problems


def check(acknowledged: set[str], sent: set[str], risky_keys: set[str]) -> list[str]:
    from django.db.models import Count

    from remission.measures.models import Assessment

    stored = {
        a.idempotency_key: a
        for a in Assessment.objects.filter(idempotency_key__in=sent).annotate(
            alert_count=Count("alerts")
        )
    }
    problems = []
    if lost := acknowledged - set(stored):
        problems.append(f"{len(lost)} acknowledged submissions lost")
    for key, assessment in stored.items():
        if len(assessment.answers) != 9 or assessment.total is None:
            problems.append(f"{key}: half-stored")
        expected_alerts = 1 if key in risky_keys else 0
        if assessment.alert_count != expected_alerts:  # type: ignore[attr-defined]
            problems.append(f"{key}: {assessment.alert_count} alerts, expected {expected_alerts}")  # type: ignore[attr-defined]
    return problems


if __name__ == "__main__":
    sys.exit(main())
