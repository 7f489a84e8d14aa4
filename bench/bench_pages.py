"""Patient list and chart latency on a synthetic clinic of 100,000 patients (issue: foundation).

Requests go through the whole Django stack in-process (middleware, session, access checks, audit
write, template), without a network hop. Prints median and p95 latency and the number of SQL
queries per page, at two clinic sizes to show that the query count does not grow.

    python bench/bench_pages.py [--patients 100000]
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import measure, signed_in_client, use_scratch_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    use_scratch_database()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from remission.accounts.models import Role, User
    from remission.demo.synth import synthesize
    from remission.patients.models import CareTeamMember, Patient

    print(f"database: {connection.vendor}")
    for size in sorted({1_000, args.patients}):
        started = time.perf_counter()
        clinic = synthesize(patients=size, seed=size)
        print(
            f"\nsynthetic clinic of {size:,} patients built in {time.perf_counter() - started:.1f} s"
        )
        admin = User.objects.get(clinic=clinic, role=Role.CLINIC_ADMIN)
        psychiatrist = User.objects.filter(clinic=clinic, role=Role.PSYCHIATRIST).first()
        patient = CareTeamMember.objects.filter(user=psychiatrist).first().patient
        middle = Patient.objects.filter(clinic=clinic).order_by("name_key")[size // 2]
        pages = {
            "patient list (admin, whole clinic)": (admin, reverse("patients:list")),
            "patient list, page 40": (admin, reverse("patients:list") + "?page=40"),
            "patient search by name prefix": (
                admin, reverse("patients:list") + f"?q={middle.family_name[:4]}",
            ),
            "patient list (psychiatrist's own)": (psychiatrist, reverse("patients:list")),
            "patient chart (psychiatrist)": (
                psychiatrist, reverse("patients:chart", args=[patient.pk]),
            ),
        }  # fmt: skip
        for label, (user, url) in pages.items():
            client = signed_in_client(user)

            def get(client: Client = client, url: str = url) -> None:
                assert client.get(url).status_code == 200

            get()
            with CaptureQueriesContext(connection) as queries:
                get()
            count = len(queries)
            print(f"  {label:38} {measure(get, args.runs)}   {count:2d} queries")


if __name__ == "__main__":
    main()
