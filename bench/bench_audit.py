"""The audit log at a million entries (security-targets T18, T19).

Seeds one clinic's hash chain with 1,000,000 audit events (bulk inserts; each event's hash computed
by ``remission.audit.trail.event_hash`` from the previous one, exactly as ``record`` does), then:

- times ``remission audit verify`` over the whole log (T18 target: exit 0 in under 2 min on 2 cores);
- times the audit-log report as its page runs it (``audit.queries.clinic_events``: the row count
  and the first page) filtered by patient, user, action and time range, and sorted by each allowed
  column, plus a patient's full CSV export query (T19 target: under 2 s each).

SQLite by default (a scratch file). For PostgreSQL, give a dedicated database:

    createdb -h 127.0.0.1 -U postgres bench_audit
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_audit python bench/bench_audit.py

    python bench/bench_audit.py [--rows 1000000]
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import measure, use_scratch_database

VERIFY_TARGET_S = 120
QUERY_TARGET_S = 2.0
BATCH = 10_000
# A clinic day's mix: mostly chart reads, then recorded answers, sign-ins and the rest.
ACTIONS = (
    ("patients.chart.viewed", 50),
    ("measures.overview.viewed", 15),
    ("api.scores.viewed", 5),
    ("measures.assessment.recorded", 12),
    ("patients.patient.updated", 3),
    ("accounts.login.succeeded", 8),
    ("accounts.login.failed", 2),
    ("access.denied", 1),
    ("measures.alert.acknowledged", 2),
    ("audit.log.exported", 1),
    ("companion.checkin.recorded", 1),
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--patients", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    folder = use_scratch_database()

    from django.db import connection

    from remission.demo.synth import synthesize

    clinic = synthesize(patients=args.patients, seed=args.seed)
    print(f"database: {connection.vendor}; load average {os.getloadavg()[0]:.1f}")
    started = time.perf_counter()
    seed_events(clinic.pk, args.rows, random.Random(args.seed))
    print(f"seeded {args.rows:,} audit events in {time.perf_counter() - started:.0f} s", flush=True)

    started = time.perf_counter()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    verify = subprocess.run(
        [sys.executable, "-m", "remission.cli", "audit", "verify"],
        env={**os.environ, "REMISSION_DATA_DIR": folder},
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = cpu_after.ru_utime + cpu_after.ru_stime - cpu_before.ru_utime - cpu_before.ru_stime
    print(f"remission audit verify: exit {verify.returncode} in {seconds:.1f} s "
          f"({cpu:.1f} s of CPU in the command) "
          f"(target exit 0 in < {VERIFY_TARGET_S} s: "
          f"{'PASS' if verify.returncode == 0 and seconds < VERIFY_TARGET_S else 'MISS'}); "
          f"{(verify.stdout or verify.stderr).strip()}", flush=True)  # fmt: skip
    time_queries(clinic.pk)


COLUMNS = (
    "at", "clinic_id", "actor_id", "actor_label", "actor_role", "action", "outcome", "patient_id",
    "object_type", "object_id", "detail", "ip", "request_id", "chain", "prev_hash", "hash",
)  # fmt: skip


def seed_events(clinic_id: int, rows: int, rng: random.Random) -> None:
    """Append ``rows`` events to the clinic's chain, over the past year, oldest first.

    Each event is hashed by ``trail.event_hash`` on the previous one, as ``trail.record`` does;
    rows go in with ``executemany`` (inserts only: the append-only triggers allow them)."""
    from django.db import connection, transaction

    from remission.accounts.models import User
    from remission.audit.models import AuditChainHead, AuditEvent
    from remission.audit.trail import event_hash
    from remission.dbstats import refresh_planner_statistics
    from remission.patients.models import Patient

    staff = list(User.objects.filter(clinic_id=clinic_id).values_list("pk", "username", "role"))
    patients = list(Patient.objects.filter(clinic_id=clinic_id).values_list("pk", flat=True))
    actions = [name for name, _ in ACTIONS]
    weights = [weight for _, weight in ACTIONS]
    chain = f"clinic:{clinic_id}"
    head = AuditChainHead.objects.get(chain=chain)
    previous, length = head.last_hash, head.length
    start = datetime.now(UTC) - timedelta(days=365)
    step = timedelta(days=365) / rows
    insert = (
        f"INSERT INTO {AuditEvent._meta.db_table} ({', '.join(COLUMNS)}) "  # noqa: S608 (constants)
        f"VALUES ({', '.join(['%s'] * len(COLUMNS))})"
    )
    for first in range(0, rows, BATCH):
        batch = []
        for n in range(first, min(first + BATCH, rows)):
            actor_id, username, role = rng.choice(staff)
            action = rng.choices(actions, weights)[0]
            about_patient = not action.startswith(("accounts.", "audit."))
            event = SimpleNamespace(
                at=start + step * n,
                clinic_id=clinic_id,
                actor_id=actor_id,
                actor_label=username,
                actor_role=role,
                action=action,
                outcome="denied" if action == "access.denied" else "ok",
                patient_id=rng.choice(patients) if about_patient else None,
                object_type="",
                object_id="",
                detail={"instrument": "phq9"} if action.startswith("measures.") else {},
                ip=f"10.0.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                request_id=uuid.UUID(int=rng.getrandbits(128)).hex,
                chain=chain,
                prev_hash=previous,
            )
            event.hash = previous = event_hash(event)  # type: ignore[arg-type]
            values = [getattr(event, column) for column in COLUMNS]
            values[0] = connection.ops.adapt_datetimefield_value(event.at)
            values[10] = json.dumps(event.detail)
            batch.append(values)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(insert, batch)
        length += len(batch)
    AuditChainHead.objects.filter(chain=chain).update(last_hash=previous, length=length)
    refresh_planner_statistics()


def time_queries(clinic_id: int) -> None:
    from django.conf import settings
    from django.core.paginator import Paginator

    from remission.audit.forms import SORTS
    from remission.audit.models import AuditEvent
    from remission.audit.queries import clinic_events
    from remission.patients.models import Patient

    patient = Patient.objects.filter(clinic_id=clinic_id).order_by("?").first()
    actor = AuditEvent.objects.filter(clinic_id=clinic_id).exclude(actor=None).first().actor  # type: ignore[union-attr]
    today = date.today()
    month = {"since": today - timedelta(days=200), "until": today - timedelta(days=170)}
    reports: dict[str, dict[str, Any]] = {
        "newest first, no filter": {},
        "by patient": {"patient": patient.mrn},  # type: ignore[union-attr]
        "by user": {"actor": actor},
        "by action (patients.chart)": {"action": "patients.chart"},
        "by action (rare: audit.log)": {"action": "audit.log"},
        "by outcome (denied)": {"outcome": "denied"},
        "by time range (one month)": month,
        "by time range (one day)": {"since": today - timedelta(days=100),
                                    "until": today - timedelta(days=100)},
        "patient + user + month": {"patient": patient.mrn, "actor": actor, **month},  # type: ignore[union-attr]
        "user + action + month": {"actor": actor, "action": "measures", **month},
    }  # fmt: skip
    reports |= {f"sorted by {key}": {"sort": key} for key in SORTS}
    reports |= {f"by user, sorted by {key}": {"actor": actor, "sort": key} for key in SORTS}
    size = settings.PAGE_SIZE * 2
    print(f"\naudit log report (row count + first page of {size}), target < {QUERY_TARGET_S} s:")
    for label, filters in reports.items():

        def first_page(filters: dict[str, Any] = filters) -> int:
            page = Paginator(clinic_events(clinic_id, filters), size).get_page(1)
            return len([event.patient for event in page.object_list]) + page.paginator.count

        cpu = time.process_time()
        timing = measure(first_page, runs=3, warmup=1)
        cpu_ms = (time.process_time() - cpu) / 4 * 1000
        rows = clinic_events(clinic_id, filters).count()
        verdict = "PASS" if timing.p95_ms < QUERY_TARGET_S * 1000 else "MISS"
        print(f"  {label:34} {rows:>9,} rows  {timing}  cpu here {cpu_ms:7.1f} ms  {verdict}",
              flush=True)  # fmt: skip

    def last_page() -> int:
        page = Paginator(clinic_events(clinic_id, {}), size).get_page("last")
        return len(list(page.object_list))

    print(f"  {'last page, no filter':34} {'':>14}  {measure(last_page, runs=3, warmup=1)}")

    def export() -> int:
        return len(list(clinic_events(clinic_id, {"patient": patient.mrn}).iterator(2000)))  # type: ignore[union-attr]

    timing = measure(export, runs=3, warmup=1)
    verdict = "PASS" if timing.p95_ms < QUERY_TARGET_S * 1000 else "MISS"
    print(f"  {'CSV export query, one patient':34} {export():>9,} rows  {timing}  {verdict}")


if __name__ == "__main__":
    main()
