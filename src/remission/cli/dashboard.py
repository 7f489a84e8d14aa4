"""``remission dashboard refresh [--clinic SLUG]``: bring the outcomes dashboard's per-patient
summaries up to date ahead of the first view (after an upgrade or a bulk import); views do the
same for whatever changed since (docs/insights.md, "How the figures are kept")."""

import argparse
import sys
import time
from typing import Any


def register(commands: Any) -> None:
    parser = commands.add_parser("dashboard", help="outcomes dashboard: rebuild its summaries")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    refresh = actions.add_parser("refresh", help="rebuild stale or missing patient summaries")
    refresh.add_argument("--clinic", metavar="SLUG", help="one clinic (default: every clinic)")
    refresh.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from remission.cli import setup_django

    setup_django()
    from remission.accounts.models import Clinic
    from remission.insights.summaries import refresh_clinic

    clinics = Clinic.objects.order_by("pk")
    if args.clinic:
        clinics = clinics.filter(slug=args.clinic)
        if not clinics.exists():
            print(f"dashboard: no clinic with the slug {args.clinic!r}", file=sys.stderr)
            return 2
    for clinic in clinics:
        started = time.perf_counter()
        rebuilt = refresh_clinic(clinic.pk)
        seconds = time.perf_counter() - started
        print(f"{clinic.slug}: {rebuilt} patient summaries rebuilt in {seconds:.1f} s")
    return 0
